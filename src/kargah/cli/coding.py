"""``kargah coding``: batch checks on coded data — agreement between coders, theme
frequencies — and the synthetic study's files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kargah.cli._common import (
    InputArgument,
    console,
    out,
    print_json,
    show,
    step,
    user_errors,
)

app = typer.Typer(help="Thematic analysis: agreement, frequencies, REFI-QDA.", no_args_is_help=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON only (for scripts).")]


@app.command()
def agreement(
    path: InputArgument,
    as_json: JsonOption = False,
    without_assisted: Annotated[
        bool,
        typer.Option(
            "--without-assisted",
            help="Leave out codings marked in the optional column 'assisted' (accepted "
            "machine suggestions).",
        ),
    ] = False,
) -> None:
    """Agreement between coders from a file with columns unit, coder, code (an empty code means
    the coder did not code that unit) and optionally assisted: Krippendorff's alpha (nominal)
    and, for two coders, Cohen's kappa on the units both coded. Assisted codings count unless
    --without-assisted is given."""
    from kargah.coding import Agreement, read_codings

    def read() -> list[tuple[str, str, str | None]]:
        return read_codings(path, without_assisted=without_assisted)

    with user_errors():
        result = Agreement.compute(step(f"Reading {path.name}…", read))
    if as_json:
        print_json(result.as_dict())
        return
    alpha, kappa = result.krippendorff_alpha_nominal, result.cohen_kappa
    out.print(f"units {result.units:,}, coders {result.coders}")
    out.print("Krippendorff's alpha (nominal): " + ("—" if alpha is None else f"{alpha:.3f}"))
    out.print(
        "Cohen's kappa: "
        + ("— (needs exactly two coders)" if kappa is None else f"{kappa:.3f}")
        + (f" on {result.paired_units:,} units both coded" if kappa is not None else "")
    )


@app.command()
def frequencies(
    path: InputArgument,
    as_json: JsonOption = False,
    by_sector: Annotated[bool, typer.Option("--by-sector", help="One row per sector too.")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write CSV/XLSX.")] = None,
) -> None:
    """Each theme's count of coded segments, share of its area and kind, and respondents who
    named it, from a file with columns respondent, sector, area, kind, segment, theme."""
    from kargah.coding import frequency_records, read_segments, theme_frequencies

    with user_errors():
        segments = step(f"Reading {path.name}…", lambda: read_segments(path))
        if as_json:
            print_json(frequency_records(segments))
            return
        table = theme_frequencies(segments, by_sector=by_sector)
        show(table, f"Themes in {path.name}", limit=200)
        if output:
            from kargah.tables import write_table

            write_table(table, output)
            out.print(f"[green]Wrote[/] {output}")


@app.command()
def synthetic(
    folder: Annotated[Path, typer.Option("-o", "--output", help="Folder to write.")] = Path(
        "kargah-synthetic-study"
    ),
) -> None:
    """Write the synthetic study (the one the demo site loads: built to the Guilan paper's
    published counts, its respondents, answers and other themes made up) as files the other
    commands read: segments.csv, codings.csv, answers.xlsx, study.qdpx."""
    from kargah.coding import synthetic_study

    study = step("Building the synthetic study…", synthetic_study)
    folder.mkdir(parents=True, exist_ok=True)
    from kargah.coding import study_records, to_project, write_qdpx
    from kargah.tables import write_table, write_workbook

    write_table(study.coded_segments(), folder / "segments.csv")
    codings = study.codings.rename(columns={"segment": "unit"})[["unit", "coder", "code"]]
    write_table(codings, folder / "codings.csv")

    write_workbook(
        {"respondents": study.respondents, "answers": study.answers}, folder / "answers.xlsx"
    )
    write_qdpx(to_project(study_records(study)), folder / "study.qdpx")
    out.print(
        f"[green]Wrote[/] {folder}/segments.csv, codings.csv, answers.xlsx, study.qdpx (synthetic)"
    )


QdpxArgument = Annotated[
    Path,
    typer.Argument(
        help="REFI-QDA project (.qdpx) from Kargah, NVivo, ATLAS.ti, MAXQDA or QualCoder.",
        exists=True,
        dir_okay=False,
    ),
]


@app.command("qdpx")
def qdpx_summary(path: QdpxArgument, as_json: JsonOption = False) -> None:
    """What a REFI-QDA project holds: users, themes, codes, sources, cases, selections, codings,
    notes."""
    from kargah.coding import read_qdpx

    with user_errors():
        project = step(f"Reading {path.name}…", lambda: read_qdpx(path))
    summary = project.summary()
    if as_json:
        print_json(summary)
        return
    for name, count in summary.items():
        out.print(f"{name:>11}: {count:,}")


@app.command()
def suggest(
    train: Annotated[
        Path,
        typer.Option(
            "--train", exists=True, dir_okay=False, help="Coded segments: segment, text, theme."
        ),
    ],
    answers: Annotated[
        Path,
        typer.Option(
            "--answers", exists=True, dir_okay=False, help="Answers to suggest for: segment, text."
        ),
    ],
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            min=0.0,
            max=1.0,
            help="List themes at or above this confidence (default: the one the site uses, "
            "chosen by cross-validation on --train for 0.90 precision).",
        ),
    ] = None,
    rejected: Annotated[
        Path | None,
        typer.Option(
            "--rejected",
            exists=True,
            dir_okay=False,
            help="Rejected suggestions: segment, text, theme.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Themes suggested for uncoded answers, each with a confidence, learnt from coded segments
    (one row per segment and theme; an empty theme for a segment with none). Runs on this
    machine: no text leaves it."""
    from kargah.coding import ThemeSuggester, read_coded_texts, read_texts

    with user_errors():
        coded = step(f"Reading {train.name}…", lambda: read_coded_texts(train))
        new = step(f"Reading {answers.name}…", lambda: read_texts(answers))
        refused = read_coded_texts(rejected) if rejected is not None else None
        model = step(
            "Learning the themes…", lambda: ThemeSuggester().fit(coded, refused, source=train)
        )
        result = model.suggest(new, threshold)
    if as_json:
        print_json(result)
        return
    console.print(
        f"[dim]{model.segments_:,} coded segments, {len(model.themes_)} themes; threshold "
        f"{model.threshold_ if threshold is None else threshold:.2f} (cross-validated at "
        f"{model.threshold_:.2f}: precision {model.cv_precision_:.2f}, "
        f"recall {model.cv_recall_:.2f})[/]"
    )
    for item in result:
        themes = ", ".join(f"{s['theme']} ({s['confidence']:.2f})" for s in item["suggestions"])
        out.print(f"{item['segment']}: {themes or '—'}", highlight=False)


@app.command()
def clusters(
    path: InputArgument,
    codes: Annotated[
        int | None, typer.Option("--codes", min=2, help="How many groups (default: the best).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Before anything is coded: an area's answers (columns segment, text) grouped into
    candidate codes, each with the words that characterise it."""
    from kargah.coding import cluster_answers, read_texts

    with user_errors():
        frame = step(f"Reading {path.name}…", lambda: read_texts(path))
        found = step(
            "Grouping…",
            lambda: cluster_answers(list(frame["text"]), codes, segments=list(frame["segment"])),
        )
    if as_json:
        print_json([c.as_dict() for c in found])
        return
    for code in found:
        out.print(f"[bold]{code.name}[/] ({len(code.answers)}): {', '.join(code.words)}")
