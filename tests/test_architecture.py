"""The floor plan holds: the package's import graph has no circle, stages never import each
other's callers, and imports of the package's own modules sit at the top of a module (where a
reader sees the real dependencies), except in the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> list[str]:
    """The package modules an `from ... import ...` names (relative imports made absolute)."""
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - node.level + 1]
        prefix = ".".join([*base, node.module] if node.module else base)
    else:
        prefix = node.module or ""
    if not prefix.startswith("pipeline"):
        return []
    return [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]


def _imports() -> dict[str, list[tuple[str, bool, int]]]:
    """module → (imported package module, at function level?, line)."""
    found: dict[str, list[tuple[str, bool, int]]] = {}
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    for path in PACKAGE.rglob("*.py"):
        module = _module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        items = found.setdefault(module, [])
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                for name in _resolve(module, node, path.name == "__init__.py"):
                    if name in modules and name != module:
                        items.append((name, id(node) not in top, node.lineno))
    return found


def test_the_import_graph_has_no_circle() -> None:
    graph = nx.DiGraph()
    for module, imported in _imports().items():
        graph.add_node(module)
        for name, _, _ in imported:
            if not module.startswith(name + "."):  # a package's __init__ importing its parts
                graph.add_edge(module, name)
    assert list(nx.simple_cycles(graph)) == []


def test_own_modules_are_imported_at_the_top_outside_the_cli() -> None:
    late = [f"{module}:{line} imports {name}" for module, imported in _imports().items()
            for name, nested, line in imported if nested and module != "pipeline.cli"]
    assert late == []


def test_stages_import_no_orchestrator_store_or_interface() -> None:
    """A stage is run by the orchestrator; it never reaches up to it, the store or the CLI."""
    upward = ("pipeline.extract", "pipeline.batch", "pipeline.store", "pipeline.cli",
              "pipeline.query", "pipeline.export", "pipeline.graph", "pipeline.resources")
    wrong = [f"{module} imports {name}" for module, imported in _imports().items()
             if module.startswith("pipeline.stages") for name, _, _ in imported
             if name.startswith(upward)]
    assert wrong == []
