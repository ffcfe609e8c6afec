// The activity field of the workshop forms: a search over ISIC titles in either language (the
// option's text is in the page's language, data-other holds the other one) and over the codes.
// A static file, not an inline script, for the Content-Security-Policy. Without JavaScript the
// field is the plain list it enhances.
for (const select of document.querySelectorAll("select.activity-search")) {
  new TomSelect(select, {
    searchField: ["text", "other", "value"],
    maxOptions: 60,
    create: false,
    placeholder: select.dataset.placeholder || "",
  });
}
