"""Benchmarks run at their quick size in the suite: the paths must agree, whatever the timings.

The full size (30 million rows for the statistics) is a heavy run (`pytest -m heavy`); its
figures go to docs/benchmarks.md, and no test asserts a time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run(*args: str, script: str = "stats_panel.py") -> dict:
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--json", *args],
        capture_output=True,
        text=True,
        timeout=3000,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_stats_panel_quick_paths_agree() -> None:
    """Every path, the command with one -d and with three among them, gives SQL's numbers."""
    figures = run("--quick")
    assert figures["agree"] and figures["rows"] == 20_000, figures["problems"]
    assert set(figures["paths"]) == {"sql1", "command", "command3", "sql", "kargah", "pandas"}
    assert {name: v["over"] for name, v in figures["targets"].items()} == {
        "command": "sql1",
        "command3": "sql1",
        "kargah": "sql",
    }


@pytest.mark.heavy
def test_stats_panel_full_size() -> None:
    figures = run()
    print(json.dumps(figures, indent=2))
    assert figures["agree"] and figures["rows"] == 30_000_000


def test_registry_load_quick_serves_without_errors() -> None:
    figures = run("--quick", script="registry_load.py")
    assert figures["errors"] == 0 and figures["list"]["n"] > 0 and figures["static"]["n"] > 0
    assert {"workshops", "users", "requests", "p50_ms", "p95_ms", "database"} <= set(figures)


@pytest.mark.heavy
def test_registry_load_full_size() -> None:
    figures = run(script="registry_load.py")
    print(json.dumps(figures, indent=2))
    assert figures["errors"] == 0 and figures["workshops"] == 2_000_000
    assert figures["p95_ms"] <= 200, figures


def test_codebook_page_quick_is_correct() -> None:
    figures = run("--quick", script="codebook_page.py")
    assert figures["correct"] and figures["codes"] > 0
    assert figures["page_bytes"] < figures["eager_bytes"]


def test_coding_suggest_quick_measures_both_models() -> None:
    figures = run("--quick", script="coding_suggest.py")
    if "skipped" in figures:
        pytest.skip(figures["skipped"])
    assert figures["quick"] and figures["train"] == 300 and figures["test"] == 150
    ours, base = figures["kargah"], figures["baseline"]
    assert 0.05 <= ours["threshold"] <= 0.95 and 0 < ours["f1"] <= 1 and 0 < base["f1"] <= 1
    assert set(figures["targets"]) == {
        "f1_above_baseline_best",
        "precision_090_recall_080",
        "10000_answers_10s",
    }
    assert figures["rejections"]["rejected"] > 0


def test_exchange_match_quick_gives_the_full_scan_s_top() -> None:
    figures = run("--quick", script="exchange_match.py")
    assert figures["same_top20"] and figures["profiles"] == 20_000, figures["differ"]
    assert {"needs", "p50_ms", "p95_ms", "naive_p95_ms"} <= set(figures)
    assert figures["naive"]["needs"] == figures["needs"]  # at the quick size: every need


@pytest.mark.heavy
def test_exchange_match_full_size() -> None:
    figures = run(script="exchange_match.py")
    print(json.dumps(figures, indent=2))
    assert figures["same_top20"] and figures["profiles"] == 2_000_000
