// The coding workbench (coding/code.html, coding/respondent.html): select any stretch of an
// answer with the mouse or Shift+arrows, type a code, Enter saves; Ctrl+Z / Ctrl+Shift+Z undo
// and redo the coder's own last action. Offsets are counted in code points, as Python's str and
// .qdpx count them — never in the browser's UTF-16 units (an emoji is one character, not two).
(() => {
  const texts = Array.from(document.querySelectorAll(".span-text"));
  const form = document.getElementById("code-form");
  const input = document.getElementById("code-input");
  const status = document.getElementById("span-status");
  const points = (s) => Array.from(s).length;
  const carets = new Map(); // each answer's caret: {anchor, focus} in code points
  let chosen = null; // the passage to code: {el, start, end}
  let at = null; // the answer of the last caret or selection
  const home = form ? form.getAttribute("action") || "" : "";

  // code points from the start of the answer to a DOM position (the text holds nothing else)
  function offsetIn(el, node, offset) {
    const range = document.createRange();
    range.setStart(el, 0);
    range.setEnd(node, offset);
    return points(range.toString());
  }

  // the DOM position of a code-point offset
  function position(el, at) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let left = at, node, last = null;
    while ((node = walker.nextNode())) {
      const chars = Array.from(node.data);
      if (left <= chars.length) return [node, chars.slice(0, left).join("").length];
      left -= chars.length;
      last = node;
    }
    return last ? [last, last.data.length] : [el, 0];
  }

  function mark() {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    if (!chosen) { CSS.highlights.delete("kargah-span"); return; }
    const range = document.createRange();
    range.setStart(...position(chosen.el, chosen.start));
    range.setEnd(...position(chosen.el, chosen.end));
    CSS.highlights.set("kargah-span", new Highlight(range));
  }

  function remember(el, anchor, focus) {
    carets.set(el, { anchor, focus });
    at = el;
    const start = Math.min(anchor, focus), end = Math.max(anchor, focus);
    chosen = start < end ? { el, start, end } : null;
    if (input && chosen && input.value === input.defaultValue) input.value = ""; // a new code
    else if (input && !chosen && !input.value) input.value = input.defaultValue;
    if (!form) return;
    const fields = ["answer", "start", "end", "next"].map((n) => form.elements[n]).filter(Boolean);
    fields.forEach((f) => { f.disabled = !chosen; });
    status.classList.remove("text-danger");
    if (chosen) {
      form.elements.answer.value = el.dataset.answer;
      form.elements.start.value = start;
      form.elements.end.value = end;
      form.action = form.dataset.spanAction;
      const text = Array.from(el.textContent).slice(start, end).join("");
      status.textContent = `${status.dataset.some} «${text}»`;
    } else {
      if (home) form.action = home; else form.removeAttribute("action");
      status.textContent = status.dataset.none;
    }
    mark();
  }

  function select(el, anchor, focus) {
    const sel = window.getSelection();
    sel.setBaseAndExtent(...position(el, anchor), ...position(el, focus));
    remember(el, anchor, focus);
  }

  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    if (!sel.rangeCount || !sel.anchorNode) return;
    const el = texts.find((t) => t.contains(sel.anchorNode));
    if (!el || !el.contains(sel.focusNode)) return; // the code field's own caret: keep the passage
    remember(el, offsetIn(el, sel.anchorNode, sel.anchorOffset),
      offsetIn(el, sel.focusNode, sel.focusOffset));
  });

  texts.forEach((el) => el.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const size = points(el.textContent);
    const caret = carets.get(el) || { anchor: 0, focus: 0 };
    const rtl = getComputedStyle(el).direction === "rtl";
    let to = null;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      to = caret.focus + ((e.key === "ArrowRight") !== rtl ? 1 : -1); // logical order
    } else if (e.key === "Home" || e.key === "ArrowUp") to = 0;
    else if (e.key === "End" || e.key === "ArrowDown") to = size;
    if (to !== null) {
      e.preventDefault();
      to = Math.max(0, Math.min(size, to));
      select(el, e.shiftKey ? caret.anchor : to, to);
    } else if (e.key === "Escape") {
      select(el, caret.focus, caret.focus);
    } else if (input && (e.key === "Enter" || e.key.length === 1)) {
      if (e.key === "Enter" || e.key === " ") e.preventDefault();
      input.focus(); // the typed letter goes into the code field
    }
  }));

  // Escape: back to the answer one was selecting in (the document view has several)
  if (input) input.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && texts.length) { e.preventDefault(); (at || texts[0]).focus(); }
  });

  if (form) form.addEventListener("submit", (e) => {
    if (!chosen && form.dataset.needsSpan) {
      e.preventDefault();
      status.textContent = status.dataset.none;
      status.classList.add("text-danger");
    }
  });

  let typed = false; // Ctrl+Z in a field one has typed in undoes the typing, as usual
  document.addEventListener("input", (e) => { if (e.target.matches("input, textarea")) typed = true; });
  document.addEventListener("keydown", (e) => {
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (key === "z" || key === "y" || e.code === "KeyZ")) {
      if (e.target.matches && e.target.matches("input, textarea") && typed) return;
      const button = document.getElementById(e.shiftKey || key === "y" ? "redo-button" : "undo-button");
      if (button) { e.preventDefault(); button.click(); }
      return;
    }
    if (!e.altKey) return;
    if (key === "n" || e.code === "KeyN") {
      const next = document.getElementById("next");
      if (next) { e.preventDefault(); next.click(); }
    } else if (key === "s" || e.code === "KeyS") {
      const el = document.getElementById("answer"), split = document.getElementById("split-form");
      const caret = el && carets.get(el);
      if (!caret || !split) return;
      e.preventDefault();
      document.getElementById("split-offset").value = caret.focus - Number(el.dataset.segmentStart);
      split.submit();
    }
  });
})();
