"""The HTML writer: one standalone file (styles inline, charts inline as SVG, fonts embedded),
which is also what the PDF writer prints."""

from __future__ import annotations

import base64
import copy
from html import escape
from pathlib import Path
from typing import Any

from kargah.reports._fonts import FAMILY, chart_fonts, font_faces
from kargah.reports._model import Figure, Report, Table

CHART_WIDTH = 520  # px: a chart the site sizes to its container gets this width on paper
MAX_HEIGHT = 680  # px (18 cm): the tallest a chart is drawn on paper

# .chart is left to right even in a Persian document: Vega places every label itself, for a
# left-to-right box (in a right-to-left one the anchors flipped and labels ran off the chart).
# On a phone a wide table scrolls in its own box (the ranks table pushed the page sideways).
STYLE = """
body{font-family:%(family)s,sans-serif;line-height:1.6;max-width:60rem;margin:2rem auto;
 padding:0 1rem;color:#1d273b}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{border-bottom:2px solid #206bc4;padding-bottom:.2rem;
 margin-top:2rem}
.cover .subtitle{font-size:1.2rem;color:#49566c}.notes{background:#fff8e1;padding:.6rem 1.6rem;
 border-radius:4px}
table{border-collapse:collapse;margin:1rem 0;width:100%%;font-size:.9rem}
caption{caption-side:top;font-weight:bold;text-align:start;padding:.3rem 0}
th,td{border:1px solid #d0d7e1;padding:.2rem .5rem;text-align:start;vertical-align:top}
th{background:#f1f5f9}td.num{text-align:end;white-space:nowrap}
figure{margin:1rem 0;break-inside:avoid}figure svg,figure img{max-width:100%%;height:auto}
.chart{direction:ltr}html[dir=rtl] .chart{text-align:right}
figcaption,.source{font-size:.85rem;color:#49566c}figcaption b{color:#1d273b}
nav.contents ol{list-style:none;padding:0}nav.contents a{color:inherit;text-decoration:none}
@media screen and (max-width:40rem){table{display:block;overflow-x:auto}}
"""
PRINT = """
@page{size:A4;margin:2cm 1.8cm;
 @bottom-center{content:counter(page, %(counter)s);font-family:%(family)s;font-size:9pt}}
@page :first{@bottom-center{content:none}}
@counter-style persian-digits{system:numeric;symbols:'۰' '۱' '۲' '۳' '۴' '۵' '۶' '۷' '۸' '۹'}
body{margin:0;max-width:none;padding:0;font-size:10.5pt}
.cover{page-break-after:always}nav.contents{page-break-after:always}
section.part{page-break-before:always}
nav.contents a::after{content:leader('.') target-counter(attr(href), page, %(counter)s)}
table{page-break-inside:auto}tr{page-break-inside:avoid}thead{display:table-header-group}
h2,h3,caption{break-after:avoid}.source{break-before:avoid}
"""


def write_html(report: Report, path: str | Path) -> Path:
    """The report as one HTML file that opens offline."""
    path = Path(path)
    path.write_text(render(report), encoding="utf-8")
    return path


def render(report: Report, *, paper: bool = False) -> str:
    """The document's HTML; ``paper`` adds the print rules (pages, numbers, contents' pages)."""
    fa = report.lang == "fa"
    style = STYLE % {"family": FAMILY}
    if paper:
        style += PRINT % {"family": FAMILY, "counter": "persian-digits" if fa else "decimal"}
    body = [_cover(report), _contents(report)]
    tables = {id(t): n for n, t in report.tables()}
    figure = 0
    for s, section in enumerate(report.sections, 1):
        body.append(f'<section class="part" id="s{s}"><h2>{report.digits(s)}. '
                    f"{escape(section.title)}</h2>")  # fmt: skip
        for block in section.blocks:
            if isinstance(block, Figure):
                figure += 1
                body.append(_figure(report, block, figure, paper))
                if block.table is not None:
                    body.append(_table(report, block.table, tables[id(block.table)]))
            elif isinstance(block, Table):
                body.append(_table(report, block, tables[id(block)]))
            else:
                body.append(f"<p>{escape(block)}</p>")
        body.append("</section>")
    return (
        f'<!DOCTYPE html><html lang="{report.lang}" dir="{"rtl" if fa else "ltr"}"><head>'
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{escape(report.title)}</title><style>{font_faces()}{style}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def _cover(report: Report) -> str:
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    return (
        f'<section class="cover"><h1>{escape(report.title)}</h1>'
        + (f'<p class="subtitle">{escape(report.subtitle)}</p>' if report.subtitle else "")
        + f'<p class="date">{escape(report.date_line())}</p>'
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</section>"
    )


def _contents(report: Report) -> str:
    items = "".join(
        f'<li><a href="#s{s}">{report.digits(s)}. {escape(section.title)}</a></li>'
        for s, section in enumerate(report.sections, 1)
    )
    return f'<nav class="contents"><h2>{report.word("contents")}</h2><ol>{items}</ol></nav>'


def _source(report: Report, source: str) -> str:
    return f"{report.word('source')}: {escape(source)}" if source else ""


def _table(report: Report, table: Table, number: int) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in table.columns)
    rows = "".join("<tr>" + "".join(_cell(report, v) for v in row) + "</tr>" for row in table.rows)
    source = _source(report, table.source)
    return (
        f'<table id="t{number}"><caption>{report.word("table")} {report.digits(number)}. '
        f"{escape(table.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>"
        "</table>" + (f'<p class="source">{source}</p>' if source else "")
    )


def _cell(report: Report, value: Any) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, int | float):
        return f'<td class="num">{report.number(value)}</td>'
    text = str(value)
    # a cell of digits, separators and % alone reads as a number: aligned to the end
    numeric = text and all(c.isdigit() or c in ",.٬٫%٪−-+ " for c in text)
    return f'<td class="num">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>"


def _figure(report: Report, figure: Figure, number: int, paper: bool) -> str:
    source = _source(report, figure.source)
    return (
        f'<figure id="f{number}"><div class="chart">{_chart(figure.spec, report, paper)}</div>'
        f"<figcaption><b>{report.word('figure')} {report.digits(number)}.</b> "
        f"{escape(figure.caption)}{' — ' + source if source else ''}</figcaption></figure>"
    )


def _chart(spec: dict[str, Any], report: Report, paper: bool) -> str:
    """A Vega-Lite spec drawn offline in Vazirmatn and the reader's number locale: inline SVG
    for the screen; for paper a PNG at twice the size (WeasyPrint draws SVG text glyph by glyph,
    which broke Persian labels apart and reversed them; vl-convert's own renderer shapes them)."""
    import vl_convert

    chart_fonts()
    spec = copy.deepcopy(spec)
    if spec.get("width") == "container":
        spec["width"] = CHART_WIDTH
    spec.pop("$schema", None)
    options: dict[str, Any] = {
        "config": {"font": FAMILY},
        "format_locale": report.number_locale or None,
    }
    if not paper:
        return str(vl_convert.vegalite_to_svg(spec, **options))
    png = vl_convert.vegalite_to_png(spec, scale=2, **options)
    # the IHDR's size, drawn at half (sharp); a tall chart is shrunk to stand on the page of
    # its section's heading
    width, height = int.from_bytes(png[16:20], "big") / 2, int.from_bytes(png[20:24], "big") / 2
    width = round(width * min(1.0, MAX_HEIGHT / height))
    data = base64.b64encode(png).decode()
    return f'<img alt="" style="width:{width}px" src="data:image/png;base64,{data}">'
