"""No import circles among tidings' modules, counting imports inside functions as well as at the top.

Every module under src/tidings is parsed with `ast` (nothing is imported); each `import tidings.x`,
`from tidings.x import y` and relative `from .x import y` / `from . import x` becomes an edge to
the module it names (`from package import submodule` to the submodule). Imports under
`if TYPE_CHECKING:` never run, so they are left out. A strongly connected component of more than
one module is a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path


SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "tidings"


def module_names(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package (a package's name is its __init__)."""
    modules = {}
    for path in (root / PACKAGE).rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of `tree` except what lies under `if TYPE_CHECKING:`."""
    nodes, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        nodes.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that module `name` imports anywhere in its code."""
    is_package = path.name == "__init__.py"

    def known(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(known(alias.name) for alias in node.names if alias.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in modules else known(source))
    found.discard(None)
    found.discard(name)
    return found  # type: ignore[return-value]


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of `graph` (iterative, so deep graphs cannot overflow)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = module_names(root)
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def circles(root: Path) -> list[list[str]]:
    return [c for c in strongly_connected(import_graph(root)) if len(c) > 1]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_function_level_import_closes_a_circle(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "def f():\n    from .a import thing\n",
        "c.py": "import tidings.a\n",
    })
    assert circles(root) == [["tidings.a", "tidings.b"]]


def test_from_a_package_import_a_submodule_points_at_the_submodule(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "__init__.py": "",
        "stage/__init__.py": "from .match import run\n",
        "stage/match.py": "from ..shared import helper\n",
        "stage/load.py": "",
        "shared.py": "from .stage import load\n",  # the submodule, not the package's __init__
    })
    assert import_graph(root)["tidings.shared"] == {"tidings.stage.load"}
    assert circles(root) == []


def test_an_import_only_for_type_checking_is_no_circle(tmp_path: Path) -> None:
    root = _write(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b\n",
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n",
    })
    assert circles(root) == []


def test_no_import_circles_in_tidings() -> None:
    assert circles(SOURCE) == []
