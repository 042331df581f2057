"""The core's light modules load without polars, and its public names are what the others use."""

from __future__ import annotations

import subprocess
import sys

import ipitui.core


def test_the_settings_and_decisions_load_without_polars() -> None:
    code = "import sys, ipitui.core.settings, ipitui.core.decisions; print('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_public_name_resolves() -> None:
    for name in ipitui.core.__all__:
        assert getattr(ipitui.core, name) is not None, name
    assert sorted(ipitui.core.__all__) == sorted(ipitui.core._EXPORTS)
