"""Compiling the Persian catalog: the ``.po`` file is the source (in the package), the ``.mo``
Django reads is made from it with polib into the data folder, so no gettext tools are needed
and an installed package is never written to."""

from __future__ import annotations

from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "locale"


def in_language(fa: str, en: str) -> str:
    """The English text on English pages where there is one, else the Persian."""
    from django.utils.translation import get_language

    return en if get_language() == "en" and en else fa


def compile_messages(target: Path) -> list[Path]:
    """Write ``target/<lang>/LC_MESSAGES/django.mo`` for every ``.po`` that is newer."""
    import polib

    written = []
    for po in SOURCE.glob("*/LC_MESSAGES/django.po"):
        mo = target / po.relative_to(SOURCE).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        polib.pofile(str(po)).save_as_mofile(str(mo))
        written.append(mo)
    return written
