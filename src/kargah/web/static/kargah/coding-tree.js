// The code tree (coding/tree.html): collapse and expand, a search box that filters as you type
// (Persian-normalised as kargah.text.normalise does it on the server), arrow keys between rows,
// and, for the analyst, drag a code onto a theme or a code to move it (Alt, or the "merge" zone:
// merge it) — or "Move…" and the form, without a mouse. Moves and merges are the form's POST.
(function () {
  "use strict";
  const tree = document.getElementById("code-tree");
  if (!tree) return;

  // the server's normalise(): Persian letters for Arabic ones, no diacritics, ZWNJ as a space,
  // ASCII digits, lower case, single spaces
  const LETTERS = { "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و" };
  function normalise(text) {
    return text.normalize("NFC")
      .replace(/[يىكةۀأإٱؤ]/g, (c) => LETTERS[c])
      .replace(/[\u064b-\u065f\u0670\u0640]/g, "")
      .replace(/[\u200c\u200d\u200e\u200f\u00ad]/g, " ")
      .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
      .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  const items = Array.from(tree.querySelectorAll(".tree-item"));
  // a code's search key is its name as the server would normalise it (a theme's comes from the
  // server: its Persian and English names)
  for (const item of items) {
    if (!item.dataset.key) item.dataset.key = normalise(item.querySelector(".tree-name").textContent);
  }
  const search = document.getElementById("tree-search");
  const none = document.getElementById("tree-none");
  search.addEventListener("input", () => {
    const wanted = normalise(search.value);
    let shown = 0;
    // sub-codes before their codes (the reverse of the page's order): a code shows when its own
    // name matches or when one of its sub-codes shows
    for (const item of items.slice().reverse()) {
      const inside = item.querySelector(":scope > ul > .tree-item:not([hidden])");
      const hit = !wanted || item.dataset.key.includes(wanted) || inside !== null;
      item.hidden = !hit;
      if (hit) shown += 1;
      if (wanted && inside && item.hasAttribute("aria-expanded")) item.setAttribute("aria-expanded", "true");
    }
    none.hidden = shown > 0;
  });

  function toggle(item, open) {
    if (!item.hasAttribute("aria-expanded")) return;
    const now = item.getAttribute("aria-expanded") === "true";
    item.setAttribute("aria-expanded", String(open === undefined ? !now : open));
  }
  tree.addEventListener("click", (event) => {
    const button = event.target.closest(".tree-toggle");
    if (button) toggle(button.closest(".tree-item"));
  });

  // arrow keys: up and down between the visible rows, left and right close and open (mirrored
  // in a right-to-left page)
  const rtl = document.documentElement.dir === "rtl";
  tree.addEventListener("keydown", (event) => {
    const row = event.target.closest(".tree-row");
    if (!row || event.target.tagName === "INPUT" || event.target.tagName === "SELECT") return;
    const item = row.closest(".tree-item");
    const rows = Array.from(tree.querySelectorAll(".tree-row")).filter((r) => r.offsetParent !== null);
    const at = rows.indexOf(row);
    const focus = (r) => r && (r.querySelector("button, a") || r).focus();
    const open = rtl ? "ArrowLeft" : "ArrowRight", close = rtl ? "ArrowRight" : "ArrowLeft";
    if (event.key === "ArrowDown") focus(rows[at + 1]);
    else if (event.key === "ArrowUp") focus(rows[at - 1]);
    else if (event.key === open) toggle(item, true);
    else if (event.key === close) toggle(item, false);
    else return;
    event.preventDefault();
  });

  const form = document.getElementById("tree-form");
  if (!form) return;
  // each code's row can be dragged, and has a "merge" zone to drop on (shown while dragging)
  tree.querySelectorAll(".tree-code > .tree-row").forEach((row) => {
    row.draggable = true;
    const zone = document.createElement("span");
    zone.className = "tree-merge-zone";
    zone.textContent = form.dataset.merge;
    row.appendChild(zone);
  });
  const code = document.getElementById("tree-code"), target = document.getElementById("tree-target");

  // without a mouse: "Move…" chooses the code, then the place is chosen in the form
  tree.addEventListener("click", (event) => {
    const pick = event.target.closest(".tree-pick");
    if (!pick) return;
    code.value = pick.closest(".tree-code").dataset.code;
    target.focus();
  });

  function send(codeId, place, merge) {
    code.value = codeId;
    target.value = place;
    const action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = merge ? "merge" : "move";
    form.appendChild(action);
    form.submit();
  }

  let dragged = null;
  tree.addEventListener("dragstart", (event) => {
    const item = event.target.closest(".tree-code");
    if (!item) return;
    dragged = item.dataset.code;
    event.dataTransfer.setData("text/plain", dragged);
    event.dataTransfer.effectAllowed = "move";
    tree.classList.add("dragging");
  });
  tree.addEventListener("dragend", () => {
    dragged = null;
    tree.classList.remove("dragging");
    tree.querySelectorAll(".drop").forEach((el) => el.classList.remove("drop"));
  });
  function dropTarget(event) {
    return event.target.closest(".tree-merge-zone") || event.target.closest(".tree-row");
  }
  tree.addEventListener("dragover", (event) => {
    const over = dropTarget(event);
    if (!dragged || !over) return;
    event.preventDefault();
    tree.querySelectorAll(".drop").forEach((el) => el.classList.remove("drop"));
    over.classList.add("drop");
  });
  tree.addEventListener("drop", (event) => {
    const over = dropTarget(event);
    if (!dragged || !over) return;
    event.preventDefault();
    const zone = over.classList.contains("tree-merge-zone");
    const item = over.closest(".tree-item");
    const place = item.dataset.code ? "code-" + item.dataset.code : item.dataset.target;
    if (zone && !item.dataset.code) return;
    if (place === "code-" + dragged) return;
    send(dragged, place, zone || (event.altKey && place.startsWith("code-")));
  });
})();
