// The need form's lists: processes, materials and certifications of the nomenclature searched by
// name in the page's language or by code, and the delivery county searched by name. A static
// file, not an inline script, for the Content-Security-Policy; without JavaScript the fields are
// the plain lists they enhance.
for (const select of document.querySelectorAll("select.exchange-terms, select.exchange-place")) {
  new TomSelect(select, {
    plugins: select.multiple ? ["remove_button"] : [],
    maxOptions: 200,
    create: false,
  });
}
