"""The rules of docs/architecture.md that code can break silently: the cores' imports run one way
(no cycle between ``src/kargah/<core>/`` packages) and no core imports Django, the site or the CLI.

Imports are read with ``ast`` from every module of every core, those inside functions and under
``TYPE_CHECKING`` included: a lazy import is still a dependency."""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kargah"
#: Not cores: the site and the command line sit on top; data holds no code.
OUTER = {"web", "cli", "data"}
CORES = sorted(
    p.name for p in SRC.iterdir() if (p / "__init__.py").exists() and p.name not in OUTER
)


def imported_modules(package: Path) -> set[str]:
    names: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
    return names


def core_graph() -> dict[str, set[str]]:
    """core → the other cores it imports."""
    graph = {}
    for core in CORES:
        names = imported_modules(SRC / core)
        graph[core] = {n.split(".")[1] for n in names if n.startswith("kargah.")} & set(CORES)
        graph[core].discard(core)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as a path that returns to its start, or None (depth-first, three colours)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cores_are_found() -> None:
    assert {"tables", "branches", "sizeclass", "stats", "coding"} <= set(CORES)


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_core_imports_run_one_way() -> None:
    cycle = find_cycle(core_graph())
    assert cycle is None, "cores import each other in a cycle: " + " → ".join(cycle or [])


@pytest.mark.parametrize("core", CORES)
def test_cores_never_import_django_the_site_or_the_cli(core: str) -> None:
    outer = {"django", "kargah.web", "kargah.cli"}
    found = sorted(
        name
        for name in imported_modules(SRC / core)
        if any(name == o or name.startswith(o + ".") for o in outer)
    )
    assert not found, f"kargah.{core} imports {found}"


def test_no_two_cores_export_one_name() -> None:
    """One word, one meaning: a name two cores export is either one thing defined twice or two
    things under one word (``normalise`` of text and of branch codes, ``UNCLASSIFIED``)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for core in CORES:
        for name in importlib.import_module(f"kargah.{core}").__all__:
            owners[name].append(core)
    shared = {name: cores for name, cores in owners.items() if len(cores) > 1}
    assert not shared, f"exported by more than one core: {shared}"
