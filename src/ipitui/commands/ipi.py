"""`ipitui` subcommands: ipi."""

from __future__ import annotations

import argparse
import sys

from ipitui.store.paths import Home


def run(args: argparse.Namespace, home: Home) -> int:
    print(f"ipitui: '{args.command or 'tui'}' is not implemented yet", file=sys.stderr)
    return 3
