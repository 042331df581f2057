"""The command-line tests: each drives `ipitui` commands (through `ipitui.cli.main` or a
subprocess) against its own empty IPITUI_HOME (the `ipitui_home` fixture of tests/conftest.py).

They write their Seller Central files with the core tests' builders (tests/core/core_build.py,
tests/core/core_worked.py), made importable here by their directory.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

CORE_TESTS = Path(__file__).resolve().parent.parent / "core"
if str(CORE_TESTS) not in sys.path:
    sys.path.insert(0, str(CORE_TESTS))

# The demo's date in `ipitui demo --date` (test_demo_command.py).
TODAY = date(2026, 11, 22)
