"""``ipitui.reports`` never imports Textual (it runs in scripts and worker threads)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import ipitui.reports


def test_importing_the_reader_leaves_textual_out() -> None:
    modules = [f"ipitui.reports.{m.name}" for m in pkgutil.iter_modules(ipitui.reports.__path__)]
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "import ipitui.store.snapshots\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert "ipitui.reports.reader" in modules and "ipitui.reports.decode" in modules
