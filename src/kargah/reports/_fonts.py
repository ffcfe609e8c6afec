"""Vazirmatn, the site's font (npm, copied into the site's static files by ``make assets``): as
base64 ``@font-face`` rules for a standalone document, and as TrueType files for vl-convert,
which measures and draws chart labels with fonts it is given (it reads no WOFF2)."""

from __future__ import annotations

import base64
import tempfile
from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor" / "fonts"
FAMILY = "Vazirmatn"
WEIGHTS = {"Regular": 400, "Bold": 700}


@cache  # two fonts read and encoded once a process, not once a document
def font_faces() -> str:
    """``@font-face`` rules with the fonts inside (none if ``make assets`` has not run: the
    document then falls back to the reader's sans-serif)."""
    rules = []
    for name, weight in WEIGHTS.items():
        path = FONTS / f"{FAMILY}-{name}.woff2"
        if path.exists():
            data = base64.b64encode(path.read_bytes()).decode()
            rules.append(
                f"@font-face{{font-family:{FAMILY};font-weight:{weight};"
                f"src:url(data:font/woff2;base64,{data}) format('woff2')}}"
            )
    return "\n".join(rules)


@cache
def chart_fonts() -> bool:
    """Register Vazirmatn with vl-convert once per process (WOFF2 unpacked to TrueType in a
    temporary folder). False when the fonts are not there."""
    import vl_convert
    from fontTools.ttLib import TTFont

    folder = Path(tempfile.mkdtemp(prefix="kargah-fonts-"))
    found = False
    for name in WEIGHTS:
        path = FONTS / f"{FAMILY}-{name}.woff2"
        if path.exists():
            font = TTFont(str(path))
            font.flavor = None
            font.save(str(folder / f"{FAMILY}-{name}.ttf"))
            found = True
    if found:
        vl_convert.register_font_directory(str(folder))
    return found
