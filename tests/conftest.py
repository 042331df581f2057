"""Shared fixtures: every test gets its own empty IPITUI_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipitui.store.paths import HOME_ENV, Home, resolve_home


@pytest.fixture(autouse=True)
def ipitui_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    root = tmp_path / "ipitui-home"
    monkeypatch.setenv(HOME_ENV, str(root))
    return resolve_home()
