"""``kargah priorities``: AHP weights from pairwise matrices, and the ranking of alternatives by
TOPSIS, VIKOR, PROMETHEE II and the weighted sum (the site calls the same core)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kargah.cli._common import out, print_json, user_errors

if TYPE_CHECKING:
    from kargah.priorities import Criterion

app = typer.Typer(
    help="Priority production centers: AHP weights and multi-criteria ranking.",
    no_args_is_help=True,
)


class Method(StrEnum):
    topsis = "topsis"
    vikor = "vikor"
    promethee2 = "promethee2"
    wsm = "wsm"
    all = "all"


class Normalization(StrEnum):
    vector = "vector"
    minmax = "minmax"
    max = "max"
    sum = "sum"
    none = "none"


JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the result as JSON and nothing else.")
]
DecisionArgument = Annotated[
    Path,
    typer.Argument(
        help="CSV or XLSX: a header alternative,<criterion>,… and one row per alternative.",
        exists=True,
        dir_okay=False,
    ),
]
CriteriaOption = Annotated[
    Path,
    typer.Option(
        "--criteria",
        help="CSV or XLSX with columns criterion, weight, direction (benefit|cost) and, for "
        "PROMETHEE II, optionally preference (usual, u-shape, v-shape, level, linear, gaussian), "
        "q, p, s.",
        exists=True,
        dir_okay=False,
    ),
]
NormalizationOption = Annotated[
    Normalization | None,
    typer.Option(
        "--normalization",
        help="For TOPSIS and the weighted sum (default: vector for TOPSIS, max for WSM).",
        show_default=False,
    ),
]
VOption = Annotated[
    float, typer.Option("--v", help="VIKOR's weight of the strategy of the majority (0–1).")
]


@app.command()
def ahp(
    matrices: Annotated[
        list[Path],
        typer.Argument(
            help="Pairwise matrices (CSV or XLSX; one per expert): a header row of criterion "
            "names, then one row per criterion starting with its name; cells 1/9–9, fractions "
            "like 1/3 allowed.",
            exists=True,
            dir_okay=False,
        ),
    ],
    random_index: Annotated[
        str,
        typer.Option("--random-index", help="Random index table: saaty or alonso-lamata."),
    ] = "saaty",
    json: JsonOption = False,
) -> None:
    """Criteria weights by AHP (principal eigenvector) with λmax, CI and CR; with several files
    the group's weights from the geometric mean of the experts' judgements."""
    from kargah.priorities import AHP, read_pairwise

    with user_errors():
        result = AHP(random_index=random_index).weigh([read_pairwise(m) for m in matrices])
        if json:
            print_json(result.as_dict())
            return
        _show_ahp(result.as_dict())


def _show_ahp(result: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table(title="AHP weights", title_justify="left")
    table.add_column("criterion")
    table.add_column("weight", justify="right")
    experts = result["experts"] if len(result["experts"]) > 1 else []
    for number, _ in enumerate(experts, start=1):
        table.add_column(f"expert {number}", justify="right")
    for name, weight in result["weights"].items():
        table.add_row(name, f"{weight:.4f}", *(f"{e['weights'][name]:.4f}" for e in experts))
    out.print(table)
    out.print(
        f"λmax {result['lambda_max']:.4f}  CI {result['ci']:.4f}  CR {result['cr']:.4f}  "
        f"(RI {result['random_index']}: {result['random_index_table']})",
        highlight=False,
    )
    for number, expert in enumerate(result["experts"], start=1):
        flag = "[red]over 0.10[/]" if expert["cr"] > 0.10 else "[green]consistent[/]"
        out.print(f"  {number}. {expert['file']}: CR {expert['cr']:.4f} {flag}", highlight=False)
        if expert["revise"]:
            r = expert["revise"]
            out.print(
                f"     revise {r['row']} vs {r['column']}: {_fraction(r['current'])} → "
                f"{_fraction(r['value'])} (CR {r['cr_after']:.4f})",
                highlight=False,
            )


def _fraction(value: float) -> str:
    """1/7 rather than 0.142857; a group's non-integer judgement to 3 digits."""
    if value < 1 and abs(1 / value - round(1 / value)) < 1e-9:
        return f"1/{round(1 / value)}"
    return f"{value:.3g}"


def _inputs(decision: Path, criteria: Path) -> tuple[dict[str, dict[str, float]], list[Criterion]]:
    from kargah.priorities import read_criteria, read_decision
    from kargah.priorities._read import matched

    values = read_decision(decision)
    return values, matched(values, read_criteria(criteria), decision)


@app.command()
def rank(
    decision: DecisionArgument,
    criteria: CriteriaOption,
    method: Annotated[
        Method, typer.Option("--method", help="One method, or all of them side by side.")
    ] = Method.topsis,
    normalization: NormalizationOption = None,
    v: VOption = 0.5,
    json: JsonOption = False,
) -> None:
    """Rank the alternatives (1 = best); with --method all, every method and the Spearman and
    Kendall correlations between their ranks."""
    from kargah.priorities import MethodComparison, Ranking

    norm = normalization.value if normalization else None
    with user_errors():
        values, crits = _inputs(decision, criteria)
        if method == Method.all:
            comparison = MethodComparison(normalization=norm, v=v).rank(values, crits)
            if json:
                print_json(comparison.as_dict())
                return
            for ranking in comparison.rankings_.values():
                _show_ranking(ranking.as_dict())
            _show_correlations("Spearman", comparison.spearman_)
            _show_correlations("Kendall", comparison.kendall_)
            return
        ranking = Ranking(method.value, normalization=norm, v=v).rank(values, crits)
        if json:
            print_json(ranking.as_dict())
            return
        _show_ranking(ranking.as_dict())


@app.command()
def stability(
    decision: DecisionArgument,
    criteria: CriteriaOption,
    method: Annotated[
        Method, typer.Option("--method", help="topsis, vikor, promethee2 or wsm.")
    ] = Method.topsis,
    normalization: NormalizationOption = None,
    v: VOption = 0.5,
    steps: Annotated[int, typer.Option("--steps", help="Points of each weight sweep.")] = 21,
    json: JsonOption = False,
) -> None:
    """How far each weight can move (the others rescaled in proportion) before the first-ranked
    alternative changes; with --json also the one-at-a-time sweeps and leave-one-out ranks."""
    from kargah.errors import OptionError
    from kargah.priorities import Stability

    with user_errors():
        if method == Method.all:
            raise OptionError("stability is for one method: topsis, vikor, promethee2 or wsm")
        values, crits = _inputs(decision, criteria)
        norm = normalization.value if normalization else None
        result = Stability(method.value, normalization=norm, v=v, steps=steps).rank(values, crits)
        if json:
            print_json(result.as_dict())
            return
        from rich.table import Table

        table = Table(title=f"Weight stability ({method.value})", title_justify="left")
        for column in ("criterion", "weight", "first stays first", "no rank changes"):
            table.add_column(column, justify="left" if column == "criterion" else "right")
        for name, (low, high) in result.weight_ranges_.items():
            all_low, all_high = result.rank_ranges_[name]
            table.add_row(
                name,
                f"{result.weights_[name]:.4f}",
                f"{low:.4f} – {high:.4f}",
                f"{all_low:.4f} – {all_high:.4f}",
            )
        out.print(table)


def _show_ranking(result: dict[str, Any]) -> None:
    from rich.table import Table

    title = result["method"] + (
        f" ({result['normalization']})" if "normalization" in result else ""
    )
    table = Table(title=title, title_justify="left")
    extra = [k for k in result["alternatives"][0] if k not in ("alternative", "score", "rank")]
    for column in ("rank", "alternative", "score", *extra):
        table.add_column(column, justify="left" if column == "alternative" else "right")
    for row in result["alternatives"]:
        table.add_row(
            str(row["rank"]),
            row["alternative"],
            f"{row['score']:.4f}",
            *(f"{row[k]:.4f}" for k in extra),
        )
    out.print(table)
    if result["method"] == "vikor":
        out.print(
            f"compromise: {', '.join(result['compromise'])} "
            f"(acceptable advantage: {result['acceptable_advantage']}, "
            f"acceptable stability: {result['acceptable_stability']})",
            highlight=False,
        )


def _show_correlations(name: str, matrix: dict[str, dict[str, float | None]]) -> None:
    from rich.table import Table

    table = Table(title=f"{name} correlation of ranks", title_justify="left")
    table.add_column("")
    for method in matrix:
        table.add_column(method, justify="right")
    for method, row in matrix.items():
        table.add_row(method, *("—" if v is None else f"{v:.3f}" for v in row.values()))
    out.print(table)
