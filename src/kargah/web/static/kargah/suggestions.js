// Machine suggestions (coding/assist_list.html) on the coding screen and in the document view:
// key 1–9 accepts that suggestion, Shift with it rejects it; A accepts, R or X rejects the
// suggestion that has the focus (Tab), else the first. Keys are read by their place on the
// keyboard (e.code), so a Persian layout works the same. Inside a text field only Alt+key counts:
// typing a code's name is never taken for a command; in an answer's text the letters start a
// code's name (A is ش on a Persian keyboard), the digits still act.
(() => {
  const groups = Array.from(document.querySelectorAll(".suggestions"))
    .filter((g) => g.querySelector(".suggestion"));
  if (!groups.length) return;
  let last = null; // the answer last worked in: the document view has one group per answer

  function current() {
    // the coding screen has one answer; in the document view, the answer one is in (not the
    // only one with suggestions: keys pressed in another answer must not decide its offers)
    if (!document.querySelector(".document-answer")) return groups[0];
    return last && last.querySelector(".suggestions");
  }

  function show() { groups.forEach((g) => g.classList.toggle("current", g === current())); }

  document.addEventListener("focusin", (e) => {
    const answer = e.target.closest && e.target.closest(".document-answer");
    if (answer) { last = answer; show(); }
  });

  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey) return;
    const t = e.target;
    const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (typing && !e.altKey) {
      if (e.key === "Escape" && t.id === "code-input") t.blur(); // to the keys of the suggestions
      return;
    }
    const group = current();
    if (!group) return;
    const items = group.querySelectorAll(".suggestion");
    let item = null, action = "accept";
    const digit = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
    if (digit) {
      item = items[Number(digit[1]) - 1];
      if (e.shiftKey) action = "reject";
    } else if (/^Key[ARX]$/.test(e.code) && !e.shiftKey && !(t.closest && t.closest(".span-text"))) {
      item = (t.closest && t.closest(".suggestion")) || items[0];
      if (e.code !== "KeyA") action = "reject";
    }
    if (!item) return;
    e.preventDefault();
    item.querySelector(`button.${action}`).click();
  });
})();
