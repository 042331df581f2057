"""A stored demo account for TUI tests: real report files, really imported.

Writing and importing the demo reports takes seconds, so each kind of account is built once
per test run and its files are copied into each test's own (empty) home.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from datetime import date
from pathlib import Path

from ipitui.store.paths import Home

REPORT_DATE = date(2026, 6, 15)
TODAY = date(2026, 6, 18)  # what the app is told today is: dates and ages never move

_BUILT: dict[tuple[str, int, int], tuple[Home, str]] = {}


def _build(name: str, skus: int, seed: int) -> tuple[Home, str]:
    from ipitui.demo import write_demo
    from ipitui.store.accounts import add_account
    from ipitui.store.snapshots import import_files

    root = Path(tempfile.mkdtemp(prefix="ipitui-demo-account-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    home = Home(config_dir=root / "config", data_dir=root / "data")
    files = write_demo(root / "reports", skus=skus, seed=seed, today=REPORT_DATE)
    account = add_account(home, name)
    import_files(home, account.slug, list(files.paths))
    return home, account.slug


def make_demo_account(
    home: Home,
    reports: Path | None = None,
    *,
    name: str = "Demo Seller",
    skus: int = 120,
    seed: int = 3,
) -> str:
    """A demo account with its reports imported, in ``home``; returns its slug. With
    ``reports``, the report files it was imported from are copied there too."""
    key = (name, skus, seed)
    if key not in _BUILT:
        _BUILT[key] = _build(name, skus, seed)
    built, slug = _BUILT[key]
    shutil.copy2(built.account_settings(slug), _parent(home.account_settings(slug)))
    shutil.copytree(built.account_data(slug), home.account_data(slug))
    if reports is not None:
        shutil.copytree(built.config_dir.parent / "reports", reports, dirs_exist_ok=True)
    return slug


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
