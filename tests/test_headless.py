"""``ipitui.core`` and ``ipitui.reports`` never import Textual (they run in scripts and workers)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("package", "also_import", "expected"),
    [
        ("ipitui.core", "from ipitui.core import *", ("prepared", "measure", "whatif", "effects")),
        ("ipitui.reports", "import ipitui.store.snapshots", ("reader", "decode")),
    ],
)
def test_importing_the_package_leaves_textual_out(
    package: str, also_import: str, expected: tuple[str, ...]
) -> None:
    path = importlib.import_module(package).__path__
    modules = [f"{package}.{m.name}" for m in pkgutil.iter_modules(path)]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"{also_import}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert all(f"{package}.{name}" in modules for name in expected)
