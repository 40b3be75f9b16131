"""The picture of the code: which top-level folder imports which. No cycle between them, and
the layers below the capabilities import none of them (a capability joins the system through
its `capability.register`, called by `xborder.platform` alone).

Each capability owns its tables in `<capability>/tables.py`. A tables module is a node of its
own (`notices.tables`): the schema is what other capabilities may read in their queries (the
commission's decisions in a notice check, the notices in a public statistic), while the code
around it stays free of cycles. A tables module imports the foundation only."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import xborder

ROOT = Path(xborder.__file__).parent
# Below every capability: they may be imported by all and import none.
FOUNDATION = {"kernel", "config", "names", "store", "identity", "api", "web", "plugins"}
TOP = {"platform", "cli", "migrations"}  # the composition roots


def _unit(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    if parts[:2] == ("store", "migrations"):
        return "migrations"  # a migration may import what it migrates: it runs from the top
    if len(parts) == 2 and parts[1] == "tables.py" and parts[0] != "store":
        return f"{parts[0]}.tables"
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _name_unit(dotted: str) -> str | None:
    """`xborder.notices.tables.X` -> `notices.tables`; `xborder.notices.rules` -> `notices`."""
    parts = dotted.split(".")
    if parts[0] != "xborder" or len(parts) < 2:
        return None
    if len(parts) > 2 and parts[2] == "tables" and parts[1] != "store":
        return f"{parts[1]}.tables"
    return parts[1]


def _imports(tree: ast.AST) -> set[str]:
    """Every `xborder.<unit>` a module imports, lazily (inside functions) or not."""
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.count(".") <= 1:  # `from xborder(.x) import y`: y may be a module
                names = [f"{node.module}.{a.name}" for a in node.names]
            else:
                names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found |= {u for u in map(_name_unit, names) if u}
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        unit = _unit(path)
        edges[unit] |= _imports(ast.parse(path.read_text("utf-8"))) - {unit}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return found


def test_the_folders_import_each_other_without_a_cycle() -> None:
    assert cycles(graph()) == []


def test_the_layers_below_the_capabilities_import_none_of_them() -> None:
    edges = graph()
    capabilities = set(edges) - FOUNDATION - TOP
    leaks = {unit: sorted(edges[unit] & capabilities) for unit in FOUNDATION}
    assert {u: c for u, c in leaks.items() if c} == {}


def test_every_capability_registers_and_only_the_composition_roots_know_them_all() -> None:
    from xborder.platform import capabilities

    registered = {m.__name__.split(".")[1] for m in capabilities.CAPABILITIES}
    with_register = {p.parent.name for p in ROOT.glob("*/capability.py")}
    assert registered == with_register
    edges = graph()
    for unit, imported in edges.items():
        if unit not in TOP | {"twin"}:  # the twin builds a world from every capability
            assert not registered - {unit} <= imported, unit


def test_each_capability_owns_its_tables_and_they_import_only_the_foundation() -> None:
    edges = graph()
    tables = {unit for unit in edges if unit.endswith(".tables")}
    assert {"notices.tables", "screening.tables", "commission.tables"} <= tables
    assert {u: sorted(edges[u] - FOUNDATION) for u in tables if edges[u] - FOUNDATION} == {}
    from xborder.store import tables as shared

    rows = {name for name in vars(shared) if name.endswith("Row")}
    assert rows == {
        "CountryRow",
        "OrgRow",
        "UserRow",
        "ApiTokenRow",
        "WebSessionRow",
        "LoginThrottleRow",
        "JobRow",
    }


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
