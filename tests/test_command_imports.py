"""The command line does not depend on the TUI: only the command that opens the app
(`commands/tui.py`, which `ipitui demo` calls to open it) imports `ipitui.tui` or Textual."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import ipitui.commands

APP_OPENING = {"tui"}  # commands/tui.py: `ipitui` with no command, and demo's opening
COMMANDS = sorted(
    m.name for m in pkgutil.iter_modules(ipitui.commands.__path__) if m.name not in APP_OPENING
)


def test_every_command_imports_without_textual_or_the_tui() -> None:
    assert {"accounts", "demo", "export", "imports", "ipi", "marks", "score"} <= set(COMMANDS)
    code = (
        "import importlib, sys\n"
        f"for name in {COMMANDS!r}:\n"
        "    importlib.import_module('ipitui.commands.' + name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('ipitui.tui')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_command_names_the_tui_even_inside_a_function() -> None:
    """Imports inside functions too (a command's ``run`` loads what it needs late)."""
    found = []
    for name in COMMANDS:
        path = Path(ipitui.commands.__path__[0]) / f"{name}.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            found += [
                f"{name}.py:{node.lineno}: {m}"
                for m in modules
                if m.split(".")[0] == "textual" or m == "ipitui.tui" or m.startswith("ipitui.tui.")
            ]
    assert found == []
