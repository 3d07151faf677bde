"""Imports point down: rules at the bottom, then models, services, views (README, Layout).

The graph is read from the source with `ast`, every import counted: at the top of
a module, inside a function, under `if TYPE_CHECKING:` alike, so a cycle cannot
hide in a late import. A node is a package of tracker/ (`cases`, `quotas` …) or a
top-level module (`extensions`, `tenancy` …); `__init__` is the app factory.

`python -m tests.test_layers` prints the graph.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
# What the rules must not touch: they are plain Python over data, callable anywhere.
FRAMEWORKS = ("flask", "flask_login", "flask_wtf", "flask_sqlalchemy", "flask_migrate",
              "flask_mailman", "flask_limiter", "sqlalchemy", "werkzeug", "wtforms", "celery")

Edge = tuple[str, str, str]  # (importing file:line, imported module, node it belongs to)


def module_name(path: Path) -> str:
    """tracker/cases/models.py -> tracker.cases.models; a package's __init__ is the package."""
    parts = path.relative_to(TRACKER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def node_of(module: str) -> str | None:
    """The package or top-level module of tracker that *module* belongs to (None: outside)."""
    parts = module.split(".")
    if parts[0] != "tracker":
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in the file; `from x import y` also yields x.y,
    since y may be a module (`from tracker.cases import queries`)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x / from ..y import z
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def edges() -> dict[str, dict[str, list[Edge]]]:
    """{node: {imported node: [why, …]}} over every module of tracker/."""
    graph: dict[str, dict[str, list[Edge]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(TRACKER.rglob("*.py")):
        source = node_of(module_name(path))
        assert source is not None
        for line, module in imported(path):
            target = node_of(module)
            if target is not None and target != source:
                where = f"{path.relative_to(TRACKER.parent)}:{line}"
                graph[source][target].append((where, module, target))
    return graph


def cycles(graph: dict[str, dict[str, list[Edge]]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while (member := stack.pop()) != node:
                component.append(member)
            if component:
                found.append(sorted([node, *component]))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_no_package_imports_another_that_imports_it_back() -> None:
    graph = edges()
    found = cycles(graph)
    why = [f"{a} -> {b}: {', '.join(list(dict.fromkeys(w for w, _, _ in graph[a][b]))[:3])}"
           for component in found for a in component for b in graph[a] if b in component]
    assert not found, "packages import each other in a circle:\n" + "\n".join(why)


def test_rules_import_only_rules_and_no_framework() -> None:
    wrong = []
    for path in sorted((TRACKER / "rules").rglob("*.py")):
        for line, module in imported(path):
            top = module.split(".")[0]
            if (top == "tracker" and not module.startswith("tracker.rules")) \
                    or top in FRAMEWORKS:
                wrong.append(f"{path.relative_to(TRACKER.parent)}:{line} imports {module}")
    assert not wrong, "tracker/rules must stay plain Python:\n" + "\n".join(wrong)


def allowed_in_models(module: str) -> bool:
    """Whether a models module may import *module*: other models, the rules, the top-level
    helpers (extensions, clock …)."""
    parts = module.split(".")
    if parts[0] != "tracker" or len(parts) == 1:
        return True  # outside tracker, or `from tracker import x` (x is checked on its own)
    if (TRACKER / f"{parts[1]}.py").is_file():
        return parts[1] != "models"  # a helper module, not the aggregator of every model
    if parts[1] == "rules":
        return True
    # tracker.<package> alone is the `from` of `from tracker.<package> import x` (x checked).
    return len(parts) == 2 or parts[2] == "models"


def test_models_import_only_models_rules_and_top_level_helpers() -> None:
    """A models module never reaches up into services, queries, forms or views."""
    wrong = [f"{path.relative_to(TRACKER.parent)}:{line} imports {module}"
             for path in sorted(TRACKER.rglob("models.py"))
             for line, module in imported(path) if not allowed_in_models(module)]
    assert not wrong, "models must not import services or views:\n" + "\n".join(wrong)


if __name__ == "__main__":
    graph = edges()
    for source in sorted(graph):
        print(f"{source:12} -> {', '.join(sorted(graph[source]))}")
    print("cycles:", cycles(graph) or "none")
