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
