// Machine suggestions on the coding screen: one key accepts or rejects (coding/suggestions.html).
// Keys are read by their place on the keyboard (e.code), so a Persian layout works the same.
// Inside a text field only Alt+key counts: typing a code's name is never taken for a command.
document.addEventListener("keydown", (e) => {
  const items = document.querySelectorAll("#suggestions .suggestion");
  if (!items.length || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  const typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  if (typing && !e.altKey) {
    if (e.key === "Escape" && t.id === "code-input") t.blur(); // to the keys of the suggestions
    return;
  }
  let n = 0, action = "accept";
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(e.code);
  if (digit) n = Number(digit[1]);
  else if (e.code === "KeyA") n = 1;
  else if (e.code === "KeyR" || e.code === "KeyX") { n = 1; action = "reject"; }
  const item = items[n - 1];
  if (!item) return;
  e.preventDefault();
  item.querySelector(`form.${action}`).submit();
});
