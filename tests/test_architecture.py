"""The shape of the code: a Qt-free core, and imports that cost nothing."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader.core


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_core_never_imports_qt():
    modules = [m.name for m in pkgutil.walk_packages(reader.core.__path__, "reader.core.")]
    assert "reader.core.formats.pdf" in modules  # the walk really found the core
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken'))))"
    )
    assert _run(code) == "[]"


def test_importing_reader_does_not_import_torch_or_transformers():
    code = (
        "import sys, reader, reader.app, reader.cli, reader.core.translate, reader.core.cache, "
        "reader.core.models, reader.core.engines.choice\n"
        "print(sorted(m for m in ('torch', 'transformers', 'PySide6') if m in sys.modules))"
    )
    assert _run(code) == "[]"


def test_resource_paths_stay_inside_resources():
    import pytest

    from reader.core.resources import resource_path, sample_article

    assert sample_article().is_file()
    for bad in ("/etc/passwd", "../pyproject.toml", "samples/../../README.md"):
        with pytest.raises(ValueError):
            resource_path(bad)
    assert resource_path("no/such/file.png", required=False) is None




def _module_graph(top_level_only: bool):
    import ast
    from pathlib import Path

    root = Path(reader.core.__path__[0]).parent
    modules = {}
    for path in root.rglob("*.py"):
        name = ".".join(path.relative_to(root.parent).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if top_level_only else list(ast.walk(tree))
        targets = set()
        for node in nodes:
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{a.name}" for a in node.names)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_no_import_cycles_inside_reader():
    """A module imported at the top of another must not import it back (functions' lazy imports aside)."""
    graph = _module_graph(top_level_only=True)
    state: dict[str, int] = {}
    cycles = []

    def visit(node, path):
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target] if target in path else [node, target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, f"import cycles: {cycles}"


def test_the_window_never_imports_the_command_line():
    graph = _module_graph(top_level_only=False)
    offenders = [m for m, targets in graph.items() if m.startswith("reader.gui") and "reader.cli" in targets]
    assert not offenders


def test_window_modules_stay_small():
    from pathlib import Path

    import reader.gui

    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in Path(reader.gui.__path__[0]).glob("*.py")}
    assert sizes and max(sizes.values()) <= 450, {name: n for name, n in sizes.items() if n > 450}
