"""The TUI's screens load without polars: the first frame is painted while the load worker
imports it (about 0.1 s), not after."""

from __future__ import annotations

import subprocess
import sys


def test_the_app_and_its_screens_load_without_polars() -> None:
    code = (
        "import sys, ipitui.tui.app, ipitui.tui.main_screen, ipitui.tui.widgets.header\n"
        "print('polars' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
