"""The shape of the code: no import cycles, between modules or between apps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import grimp
import pytest

import dashboard

# Every package directly under dashboard/ is an app (the service layer counts as one).
APPS = tuple(sorted(p.parent.name for p in Path(dashboard.__file__).parent.glob("*/__init__.py")))


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("dashboard", exclude_type_checking_imports=True)


def cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every group of nodes that import one another in a circle (Tarjan's strongly connected
    components of more than one node, or a node that imports itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in edges.get(node, ()):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_every_app_is_looked_at() -> None:
    assert {"accounts", "approvals", "core", "members", "projects", "webwork"} <= set(APPS)


def test_the_cycle_finder_finds_a_circle_and_nothing_else() -> None:
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert cycles({"a": ["b"], "b": []}) == []


def test_no_module_imports_itself_in_a_circle(graph: grimp.ImportGraph) -> None:
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    assert cycles(edges) == []


def test_no_two_apps_import_each_other(graph: grimp.ImportGraph) -> None:
    def app(module: str) -> str | None:
        parts = module.split(".")
        return parts[1] if len(parts) > 1 and parts[1] in APPS else None

    edges: dict[str, set[str]] = {name: set() for name in APPS}
    for module in graph.modules:
        source = app(module)
        if source is None:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = app(imported)
            if target is not None and target != source:
                edges[source].add(target)
    assert cycles(edges) == []
