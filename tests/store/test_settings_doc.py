"""The settings examples in docs/settings.md stay complete and readable as the settings grow."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

from ipitui.core.settings import AccountSettings, GlobalSettings, ReturnAddress
from ipitui.store.settings import ACCOUNT, GLOBAL, read_settings, render

SETTINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"
FREE_TABLES = {"fee_overrides", "keymap"}  # tables whose keys are the seller's own


def _examples() -> list[str]:
    text = SETTINGS_DOC.read_text(encoding="utf-8")
    section = text.split("<!-- section: storage -->", 1)[1].split("<!-- section:", 1)[0]
    return re.findall(r"```toml\n(.*?)```", section, re.S)


def _keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in data.items():
        keys.add(prefix + key)
        if isinstance(value, dict) and key not in FREE_TABLES:
            keys |= _keys(value, f"{prefix}{key}.")
    return keys


def _check(example: str, cls: type, kind: str, tmp_path: Path) -> Any:
    path = tmp_path / "example.toml"
    path.write_text(example, encoding="utf-8")
    settings, problems = read_settings(path, cls, kind)
    assert problems == []
    assert _keys(tomllib.loads(example)) == _keys(tomllib.loads(render(cls())))
    return settings


def test_the_account_example_has_every_key_and_the_defaults(tmp_path: Path) -> None:
    account, _ = _examples()
    settings = _check(account, AccountSettings, ACCOUNT, tmp_path)
    assert settings.return_address.name and settings.fee_overrides
    expected = dataclasses.replace(
        AccountSettings(),
        display_name=settings.display_name,
        return_address=settings.return_address,
        fee_overrides=settings.fee_overrides,
    )
    assert settings == expected
    assert settings.return_address != ReturnAddress()


def test_the_global_example_has_every_key(tmp_path: Path) -> None:
    _, global_ = _examples()
    settings = _check(global_, GlobalSettings, GLOBAL, tmp_path)
    assert settings.keymap == {"mark.remove": "R", "table.down": "j,down,ctrl+n"}
