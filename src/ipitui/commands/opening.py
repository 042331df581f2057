"""Opening an account for a command: ``account.open_account``, with the settings file's
problems said on stderr (the command goes on with the defaults it names)."""

from __future__ import annotations

import sys

from ipitui.account import NO_DATA, OpenAccount, open_account
from ipitui.store.paths import Home


def open_for_command(home: Home, slug: str, no_data: str = NO_DATA) -> OpenAccount:
    opened = open_account(home, slug, no_data)
    for problem in opened.problems:
        print(f"ipitui: {problem}", file=sys.stderr)
    return opened
