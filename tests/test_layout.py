"""Issue 16: the house stays clean — no import cycle, stages import only earlier stages, small wiring and classes."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).parents[1] / "src" / "newsflow"
# The stages in the order the nightly run applies them: a stage may import an earlier one, never a later one.
STAGES = ["fetch", "sources", "extract", "language", "translate", "tagging", "archive", "pipeline"]


def imports() -> dict[str, set[str]]:
    """newsflow module -> the newsflow modules it imports (anywhere in the file, lazy imports included)."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__") or "newsflow"
        package = parts[:-1] if path.name != "__init__.py" else parts
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = list(package[: len(package) - (node.level - 1)] if node.level > 1 else package)
                target = ".".join(base + ([node.module] if node.module else []))
                found.add(target)
                if not node.module:
                    found |= {".".join([*base, a.name]) for a in node.names}
        graph[name] = found
    return {m: {d for d in deps if d in graph and d != m} for m, deps in graph.items()}


def test_no_import_cycle():
    graph = imports()
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        assert module not in path, f"import cycle: {' -> '.join([*path, module])}"
        if module in done:
            return
        for dep in sorted(graph[module]):
            visit(dep, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_no_stage_imports_a_later_stage():
    graph = imports()
    for i, stage in enumerate(STAGES):
        later = set(STAGES[i + 1 :])
        assert not graph[stage] & later, f"{stage} imports a later stage: {sorted(graph[stage] & later)}"


def test_the_pipeline_only_wires_and_no_class_is_huge():
    assert len((SRC / "pipeline.py").read_text(encoding="utf-8").splitlines()) < 250
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                assert size <= 300, f"{path.name}: class {node.name} has {size} lines"
