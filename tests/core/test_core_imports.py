"""``ipitui.core`` never imports Textual, and its public names are what the others use."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ipitui.core


def test_importing_the_core_leaves_textual_out() -> None:
    modules = [f"ipitui.core.{m.name}" for m in pkgutil.iter_modules(ipitui.core.__path__)]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from ipitui.core import *\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert "ipitui.core.prepared" in modules and "ipitui.core.whatif" in modules


def test_the_settings_and_decisions_load_without_polars() -> None:
    code = "import sys, ipitui.core.settings, ipitui.core.decisions; print('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_public_name_resolves() -> None:
    for name in ipitui.core.__all__:
        assert getattr(ipitui.core, name) is not None, name
    assert sorted(ipitui.core.__all__) == sorted(ipitui.core._EXPORTS)
