"""The one place that decides where ipitui keeps its files.

With ``--home DIR`` or ``IPITUI_HOME=DIR`` everything lives under DIR (``DIR/config`` and
``DIR/data``); otherwise platformdirs chooses the user's config and data directories.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ipitui"
HOME_ENV = "IPITUI_HOME"


@dataclass(frozen=True)
class Home:
    """The two roots every stored file hangs from."""

    config_dir: Path
    data_dir: Path

    @property
    def global_settings(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def accounts_config_dir(self) -> Path:
        return self.config_dir / "accounts"

    @property
    def accounts_data_dir(self) -> Path:
        return self.data_dir / "accounts"

    @property
    def user_themes_dir(self) -> Path:
        return self.config_dir / "themes"

    def account_settings(self, slug: str) -> Path:
        return self.accounts_config_dir / f"{slug}.toml"

    def account_data(self, slug: str) -> Path:
        return self.accounts_data_dir / slug

    def snapshots_dir(self, slug: str) -> Path:
        return self.account_data(slug) / "snapshots"

    def journal(self, slug: str) -> Path:
        return self.account_data(slug) / "decisions.sqlite"

    def readings(self, slug: str) -> Path:
        return self.account_data(slug) / "ipi_readings.sqlite"

    def exports_dir(self, slug: str) -> Path:
        return self.account_data(slug) / "exports"


def resolve_home(home: str | os.PathLike[str] | None = None) -> Home:
    """``home`` (from ``--home``) wins, then ``IPITUI_HOME``, then platformdirs."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return Home(config_dir=root / "config", data_dir=root / "data")
    return Home(
        config_dir=platformdirs.user_config_path(APP_NAME, appauthor=False),
        data_dir=platformdirs.user_data_path(APP_NAME, appauthor=False),
    )
