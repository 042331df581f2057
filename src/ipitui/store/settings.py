"""Settings as TOML files: one per account, one global (``config.toml``).

Read with ``tomllib``, written with ``tomli_w`` atomically. A value that cannot be read is
reported (path, line, key) and its default used; the file is left as it is.
"""

from __future__ import annotations

import dataclasses
import tomllib
import typing
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from ipitui.core.settings import AccountSettings, GlobalSettings
from ipitui.store.atomic import write_atomic
from ipitui.store.paths import Home

SCHEMA_VERSION = 1
T = TypeVar("T")


def to_dict(obj: Any) -> dict[str, Any]:
    """A settings dataclass as a TOML-ready dict (no None values)."""
    return dataclasses.asdict(obj)


def from_dict(cls: type[T], data: dict[str, Any], problems: list[str], where: str) -> T:
    """Build ``cls`` from ``data``; wrong or unknown keys are reported and defaulted."""
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            continue
        value, hint = data[f.name], hints[f.name]
        key = f"{where}{f.name}"
        if dataclasses.is_dataclass(hint):
            if isinstance(value, dict):
                kwargs[f.name] = from_dict(hint, value, problems, key + ".")
            else:
                problems.append(f"{key}: expected a table")
            continue
        origin = typing.get_origin(hint) or hint
        ok = (
            (origin is float and isinstance(value, int | float) and not isinstance(value, bool))
            or (origin is int and isinstance(value, int) and not isinstance(value, bool))
            or (origin is bool and isinstance(value, bool))
            or (origin is str and isinstance(value, str))
            or (origin is dict and isinstance(value, dict))
        )
        if ok:
            kwargs[f.name] = float(value) if origin is float else value
        else:
            problems.append(f"{key}: expected {getattr(origin, '__name__', origin)}, got {value!r}")
    return cls(**kwargs)


def _read(path: Path, problems: list[str]) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        problems.append(f"{path}: {exc}; using defaults, the file was not changed")
        return {}


def _write(path: Path, data: dict[str, Any]) -> None:
    write_atomic(path, tomli_w.dumps({"schema_version": SCHEMA_VERSION, **data}).encode())


def load_account_settings(home: Home, slug: str) -> tuple[AccountSettings, list[str]]:
    problems: list[str] = []
    path = home.account_settings(slug)
    data = _read(path, problems)
    data.pop("schema_version", None)
    return from_dict(AccountSettings, data, problems, f"{path}: "), problems


def save_account_settings(home: Home, slug: str, settings: AccountSettings) -> None:
    _write(home.account_settings(slug), to_dict(settings))


def load_global_settings(home: Home) -> tuple[GlobalSettings, list[str]]:
    problems: list[str] = []
    data = _read(home.global_settings, problems)
    data.pop("schema_version", None)
    return from_dict(GlobalSettings, data, problems, f"{home.global_settings}: "), problems


def save_global_settings(home: Home, settings: GlobalSettings) -> None:
    _write(home.global_settings, to_dict(settings))
