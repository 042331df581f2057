"""Fixtures of the TUI tests that run ipitui as a separate program."""

from __future__ import annotations

from pathlib import Path

import pytest
from demo_account import make_demo_account

from ipitui.store.accounts import set_default_account
from ipitui.store.paths import Home


@pytest.fixture
def demo_home(ipitui_home: Home) -> Path:
    """The ``IPITUI_HOME`` of a home whose default account is the demo seller's."""
    set_default_account(ipitui_home, make_demo_account(ipitui_home))
    return ipitui_home.config_dir.parent
