"""Settings as TOML files: one per account, one global (``config.toml``).

Read with ``tomllib``, written with ``tomli_w`` atomically. Reading never changes a file. A
value that cannot be read is reported as ``path:line: key: what is wrong`` and its default is
used; a line with a TOML syntax error is reported the same way and skipped, so the rest of
the file still counts. Before ipitui rewrites a file that it did not write itself (hand
edits, errors, an older schema), the file is copied to ``<name>.toml.bak-<timestamp>``.

Every file carries ``schema_version``; older files are migrated forward on reading by the
steps in ``MIGRATIONS`` (the file itself is rewritten only when the settings are next saved).
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import tomli_w

from ipitui.core.marketplaces import MARKETPLACE_CURRENCY
from ipitui.core.settings import AccountSettings, GlobalSettings
from ipitui.store.atomic import write_atomic
from ipitui.store.paths import Home

SCHEMA_VERSION = 1
if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


class Migrator(typing.Protocol):
    def report(self, key: str, message: str) -> None: ...
    def moved(self, old: str, new: str) -> None: ...


Step = Callable[[dict[str, Any], Migrator], dict[str, Any]]

ACCOUNT = "account"
GLOBAL = "global"


def _rename(data: dict[str, Any], renames: dict[str, str], log: Migrator) -> None:
    """Move dotted keys ``old -> new`` in place; the new name wins when both are present."""
    for old, new in renames.items():
        *parents, old_leaf = old.split(".")
        table = data
        for part in parents:
            inner = table.get(part)
            if not isinstance(inner, dict):
                break
            table = inner
        else:
            if old_leaf in table:
                value = table.pop(old_leaf)
                new_leaf = new.rsplit(".", 1)[-1]
                if new_leaf in table:
                    log.report(old, f"replaced by {new}, which is also set; ignored")
                else:
                    table[new_leaf] = value
                    log.moved(old, new)


def _account_v0_to_v1(data: dict[str, Any], log: Migrator) -> dict[str, Any]:
    # Version 0 is a file without ``schema_version``: written by hand, often with the short
    # names the definitions use. Version 1 spells every duration with its unit.
    _rename(
        data,
        {
            "name": "display_name",
            "stock.lead_time": "stock.lead_time_days",
            "stock.safety": "stock.safety_days",
            "stock.target_cover": "stock.target_cover_days",
        },
        log,
    )
    return data


def _global_v0_to_v1(data: dict[str, Any], log: Migrator) -> dict[str, Any]:
    _rename(data, {"keys": "keymap", "account": "default_account"}, log)
    return data


# kind -> {version: step that turns a file of that version into the next version}
MIGRATIONS: dict[str, dict[int, Step]] = {
    ACCOUNT: {0: _account_v0_to_v1},
    GLOBAL: {0: _global_v0_to_v1},
}


def migrate(kind: str, data: dict[str, Any], version: int, log: Migrator) -> dict[str, Any]:
    """Apply every step from ``version`` up to ``SCHEMA_VERSION``."""
    for v in range(version, SCHEMA_VERSION):
        data = MIGRATIONS[kind][v](data, log)
    return data


# ---------------------------------------------------------------------------------------------
# Reading: tolerant parse, key lines, typed values


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?")
_KEY = re.compile(
    r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*="
)


def _dotted(raw: str) -> str:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", raw)
    return ".".join(next(p for p in groups if p) if any(groups) else "" for groups in parts)


def key_lines(text: str) -> dict[str, int]:
    """Where each dotted key (and each table) is written: ``{"stock.lead_time_days": 7}``."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            full = f"{table}.{_dotted(key.group(1))}" if table else _dotted(key.group(1))
            lines.setdefault(full, number)
    return lines


def _line_of(key: str, lines: dict[str, int]) -> int | None:
    """The line of ``key``, or of the nearest table that holds it (inline tables)."""
    parts = key.split(".")
    while parts:
        found = lines.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


def _parse(path: Path, text: str, problems: list[str]) -> dict[str, Any]:
    """Parse ``text``; each line with a syntax error is reported and skipped, then retried."""
    lines = text.split("\n")
    for _ in range(100):
        try:
            return tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError as exc:
            found = _POSITION.search(str(exc))
            if found:
                number = int(found.group(1))
            else:  # "at end of document": the last line that still has content
                filled = [i for i, line in enumerate(lines, start=1) if line.strip()]
                number = filled[-1] if filled else 0
            reason = _POSITION.sub("", str(exc)).replace("(at end of document)", "").strip()
            if not 1 <= number <= len(lines) or not lines[number - 1].strip():
                problems.append(f"{path}: {reason}; the whole file is ignored")
                return {}
            column = f", column {found.group(2)}" if found else ""
            skipped = _skip(lines, number)
            what = "line skipped" if skipped == 1 else f"{skipped} lines skipped (a whole table)"
            problems.append(f"{path}:{number}{column}: syntax error: {reason}; {what}")
    problems.append(f"{path}: too many syntax errors; the whole file is ignored")
    return {}


def _skip(lines: list[str], number: int) -> int:
    """Blank line ``number``; a broken table header takes its whole table with it."""
    end = number
    if lines[number - 1].lstrip().startswith("["):
        while end < len(lines) and not lines[end].lstrip().startswith("["):
            end += 1
    for i in range(number - 1, end):
        lines[i] = ""
    return end - number + 1


_TYPE_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}


def _scalar_ok(value: Any, kind: type) -> bool:
    if isinstance(value, bool):
        return kind is bool
    if kind is float:
        return isinstance(value, int | float)
    return isinstance(value, kind)


def _check_number(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            return "must be a finite number"
        if value < 0:
            return "must be 0 or more"
    return None


def _check_marketplace(value: str) -> tuple[str, str | None]:
    """The marketplace code in capitals, or what is wrong with it."""
    code = value.strip().upper()
    if code in MARKETPLACE_CURRENCY:
        return code, None
    return value, f"unknown marketplace {value!r} (one of: {', '.join(MARKETPLACE_CURRENCY)})"


MAX_PLAN_HORIZON_MONTHS = 36


def _check_horizon(value: int) -> tuple[int, str | None]:
    if value > MAX_PLAN_HORIZON_MONTHS:
        return value, f"must be at most {MAX_PLAN_HORIZON_MONTHS} months, got {value}"
    return value, None


# dotted key -> value read -> (the value to use, what is wrong or None)
_TEXT_CHECKS: dict[str, Callable[[Any], tuple[Any, str | None]]] = {
    "marketplace": _check_marketplace,
    "plan.horizon_months": _check_horizon,
}


class _Reader:
    """Turns parsed TOML into a settings dataclass, reporting every key it could not use."""

    def __init__(self, path: Path, lines: dict[str, int], problems: list[str]) -> None:
        self.path, self.lines, self.problems = path, lines, problems
        self.old_names: dict[str, str] = {}

    def moved(self, old: str, new: str) -> None:
        """A migration renamed ``old`` to ``new``: report it under the name in the file."""
        self.old_names[new] = old

    def report(self, key: str, message: str) -> None:
        renamed = next((n for n in self.old_names if key == n or key.startswith(n + ".")), None)
        if renamed is not None:
            old = self.old_names[renamed] + key[len(renamed) :]
            line = _line_of(old, self.lines)
            key = f"{old} (now {key})"
        else:
            line = _line_of(key, self.lines)
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        self.problems.append(f"{where}: {key}: {message}")

    def build(self, defaults: T, data: dict[str, Any], prefix: str = "") -> T:
        """``defaults`` with every readable value of ``data`` put in its place."""
        hints = typing.get_type_hints(type(defaults))
        names = {f.name for f in dataclasses.fields(defaults)}
        for extra in sorted(set(data) - names):
            self.report(prefix + extra, "unknown key, ignored")
        kwargs: dict[str, Any] = {}
        for name in sorted(names & set(data)):
            key, value, hint = prefix + name, data[name], hints[name]
            default = getattr(defaults, name)
            if dataclasses.is_dataclass(hint):
                if isinstance(value, dict):
                    kwargs[name] = self.build(default, value, key + ".")
                else:
                    self.report(key, "expected a table; using the defaults")
                continue
            if typing.get_origin(hint) is dict:
                kwargs[name] = self.mapping(key, value, typing.get_args(hint)[1])
                continue
            if typing.get_origin(hint) is list:
                kwargs[name] = self.texts(key, value)
                continue
            if not _scalar_ok(value, hint):
                self.report(key, f"expected {_TYPE_NAMES[hint]}, got {value!r}; using {default!r}")
            elif bad := _check_number(value):
                self.report(key, f"{bad}, got {value!r}; using {default!r}")
            elif key in _TEXT_CHECKS:
                value, bad = _TEXT_CHECKS[key](value)
                if bad:
                    self.report(key, f"{bad}; using {default!r}")
                else:
                    kwargs[name] = value
            else:
                kwargs[name] = float(value) if hint is float else value
        return dataclasses.replace(defaults, **kwargs)

    def texts(self, key: str, value: Any) -> list[str]:
        """A list of strings (blank ones and repeats dropped); anything else is reported."""
        if not isinstance(value, list):
            self.report(key, f"expected a list of strings, got {value!r}; using none")
            return []
        kept: list[str] = []
        for item in value:
            if not isinstance(item, str):
                self.report(key, f"expected strings, got {item!r}; ignored")
            elif item.strip() and item.strip() not in kept:
                kept.append(item.strip())
        return kept

    def mapping(self, key: str, value: Any, kind: type) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.report(key, "expected a table; using none")
            return {}
        kept: dict[str, Any] = {}
        for k, v in value.items():
            if isinstance(v, dict):  # ``storage.standard = 0.8`` unquoted: a dotted key
                nested = self.mapping(f"{key}.{k}", v, kind)
                kept.update({f"{k}.{inner}": number for inner, number in nested.items()})
                continue
            if not _scalar_ok(v, kind):
                self.report(f"{key}.{k}", f"expected {_TYPE_NAMES[kind]}, got {v!r}; ignored")
            elif bad := _check_number(v):
                self.report(f"{key}.{k}", f"{bad}, got {v!r}; ignored")
            else:
                kept[k] = float(v) if kind is float else v
        return kept


def read_settings(path: Path, cls: type[T], kind: str) -> tuple[T, list[str]]:
    """``cls`` from the file at ``path`` (defaults when it is missing) and the problems found."""
    problems: list[str] = []
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return cls(), problems
    except OSError as exc:
        problems.append(f"{path}: cannot be read ({exc.strerror}); using the defaults")
        return cls(), problems
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(f"{path}:{line}: not UTF-8 text; unreadable characters replaced")
        text = raw.decode("utf-8", errors="replace")
    data = _parse(path, text, problems)
    lines = key_lines(text)
    reader = _Reader(path, lines, problems)
    version = data.pop("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        reader.report("schema_version", f"expected a whole number, got {version!r}; read as 1")
        version = SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        reader.report(
            "schema_version",
            f"{version} is newer than this ipitui understands ({SCHEMA_VERSION}); "
            "reading what it can",
        )
        version = SCHEMA_VERSION
    data = migrate(kind, data, version, reader)
    return reader.build(cls(), data), problems


# ---------------------------------------------------------------------------------------------
# Writing


def to_dict(obj: Any) -> dict[str, Any]:
    """A settings dataclass as a TOML-ready dict."""
    return dataclasses.asdict(obj)


def render(obj: Any) -> str:
    """The exact text ipitui writes for ``obj``."""
    return tomli_w.dumps({"schema_version": SCHEMA_VERSION, **to_dict(obj)})


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to ``<name>.bak-<UTC timestamp>`` (never over an earlier backup)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    data = path.read_bytes()
    n = 1
    while True:
        target = path.with_name(f"{path.name}.bak-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            write_atomic(target, data, overwrite=False)
            return target
        except FileExistsError:
            n += 1


def write_settings(path: Path, obj: Any, kind: str) -> Path | None:
    """Write ``obj`` to ``path`` atomically. If the file there is not exactly what ipitui
    would have written for what it reads (hand edits, errors, an old schema), it is backed up
    first; the backup's path is returned."""
    saved = None
    if path.exists():
        current, _ = read_settings(path, type(obj), kind)
        try:
            unchanged = path.read_text(encoding="utf-8") == render(current)
        except (UnicodeDecodeError, OSError):
            unchanged = False
        if not unchanged:
            saved = backup(path)
    write_atomic(path, render(obj).encode("utf-8"))
    return saved


def create_settings_file(path: Path, obj: Any) -> None:
    """Write a new settings file; ``FileExistsError`` if one is already there."""
    write_atomic(path, render(obj).encode("utf-8"), overwrite=False)


def load_account_settings(home: Home, slug: str) -> tuple[AccountSettings, list[str]]:
    return read_settings(home.account_settings(slug), AccountSettings, ACCOUNT)


def save_account_settings(home: Home, slug: str, settings: AccountSettings) -> Path | None:
    return write_settings(home.account_settings(slug), settings, ACCOUNT)


def load_global_settings(home: Home) -> tuple[GlobalSettings, list[str]]:
    return read_settings(home.global_settings, GlobalSettings, GLOBAL)


def save_global_settings(home: Home, settings: GlobalSettings) -> Path | None:
    return write_settings(home.global_settings, settings, GLOBAL)
