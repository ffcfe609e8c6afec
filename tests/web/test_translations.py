"""Persian everywhere: every message the site can show has a Persian translation, and a Persian
form page holds no English label (issue 9).

The messages are found as Django's ``makemessages`` finds them, without the gettext tools: the
templates through Django's own ``templatize`` (which turns ``{% translate %}`` and
``{% blocktranslate %}`` into ``gettext(...)`` calls), the Python modules through their syntax
tree (calls of ``_``, ``gettext``, ``gettext_lazy``, ``pgettext`` …)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
from django.utils.translation.template import templatize

import kargah.web
from kargah.web.i18n import SOURCE

WEB = Path(kargah.web.__file__).parent
PO = SOURCE / "fa" / "LC_MESSAGES" / "django.po"
#: The names the project imports gettext under, and which argument is the message.
SINGULAR = {"_": 0, "gettext": 0, "gettext_lazy": 0, "gettext_noop": 0, "pgettext": 1,
            "pgettext_lazy": 1}  # fmt: skip
#: Plural forms are checked by their singular msgid (the catalogue entry holds both).
PLURAL = {"ngettext": (0,), "ngettext_lazy": (0,), "npgettext": (1,)}
_CALL = re.compile(
    r"(?<![\w.])(n?p?gettext|_)\(((?:\s*[ru]?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)"
)
_STRING = re.compile(r"[ru]?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")


def _from_python(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        places = (SINGULAR[name],) if name in SINGULAR else PLURAL.get(name or "", ())
        for place in places:
            if place < len(node.args) and isinstance(node.args[place], ast.Constant):
                value = node.args[place].value
                if isinstance(value, str) and value:
                    found.add(value)
    return found


def _from_template(source: str) -> set[str]:
    found: set[str] = set()
    for call in _CALL.finditer(templatize(source)):
        strings = [ast.literal_eval(s) for s in _STRING.findall(call.group(2))]
        found.add(strings[1] if call.group(1) in {"pgettext", "npgettext"} else strings[0])
    return {s for s in found if s}


def messages() -> dict[str, str]:
    """Every msgid the web site uses → where it was found first."""
    found: dict[str, str] = {}
    for path in sorted(WEB.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for msgid in _from_python(path.read_text(encoding="utf-8")):
            found.setdefault(msgid, str(path.relative_to(WEB)))
    for path in sorted(WEB.rglob("templates/**/*.html")):
        for msgid in _from_template(path.read_text(encoding="utf-8")):
            found.setdefault(msgid, str(path.relative_to(WEB)))
    return found


def test_the_extractor_finds_messages_of_each_kind() -> None:
    """The test below could pass by finding nothing: it must find known messages of each kind."""
    found = messages()
    assert "Kargah" in found  # {% translate %} in base.html
    assert "Saved." in found  # gettext as _ in a view
    assert "Countries" in found  # _("…") as an argument of a template tag
    assert len(found) > 200


def test_every_message_has_a_persian_translation() -> None:
    catalogue = {e.msgid: e for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in sorted(messages().items(), key=lambda item: item[1])
        if msgid not in catalogue
        or (
            not catalogue[msgid].msgstr.strip()
            and not all(v.strip() for v in catalogue[msgid].msgstr_plural.values() or [""])
        )
        or "fuzzy" in catalogue[msgid].flags
    ]
    assert not missing, f"{len(missing)} messages without Persian:\n" + "\n".join(missing)
