"""The scored account, kept beside the snapshots: scored once when the data changes, read at open.

Scoring a million SKUs (``core.prepare``) takes about two seconds; reading what it computed
back from disk takes a fifth of that. So the prepared account (the per-SKU numbers the
what-if reads, the four lists in their order, the account's sums, factors, estimate, fees
and capacity) is stored in the account's data directory when it is first computed for
these snapshots and settings (after an import, or on the first open after a change), and
every later open reads it.

Layout: ``scored/<build>/`` holds one parquet file per table and ``rest.pickle`` (the
account-level numbers: a few kilobytes of ipitui's own dataclasses); ``scored/current.json``
names the build and its key. A build is written completely before ``current.json`` is
replaced (atomically) to point at it, so a reader sees a whole old build or a whole new
one; the builds it no longer names are removed by the same write. A write holds the
account's work lock (``store.leftovers``), so a write killed halfway leaves a build nobody
names, which the next ipitui command removes (``leftover_builds``).

The key is what the numbers are computed from (``key_of``): the name, size and modification
time of every stored snapshot, the settings that change a number (all but the display name
and the return address), and ipitui's version with a digest of the code that computes the
numbers (``core``, with its rate tables, ``reports`` and ``store``). A stored build whose key
differs is *stale*: ``read`` still returns it, marked so (the TUI shows it as "updating"
while it scores again); one that cannot be read at all (a torn or foreign file, a table
missing) is ignored and computed again. Failing to write never stops an open.

The pickle is ipitui's own file in the user's own data directory, read only when its key
(code version included) matches or the TUI shows it as stale; whoever can write there can
change the settings and the installed code as well.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import pickle
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipitui
from ipitui.core.settings import AccountSettings
from ipitui.store import leftovers
from ipitui.store.atomic import write_atomic
from ipitui.store.paths import Home

if TYPE_CHECKING:
    import polars as pl

    from ipitui.core import Prepared
    from ipitui.core.inputs import AccountData

DIRECTORY = leftovers.SCORED
CURRENT = "current.json"
REST = "rest.pickle"
# the settings that change no number (a stored build stays current when they change)
NOT_SCORED = ("display_name", "return_address", "plan")
# the packages whose code computes the stored numbers
CODE = ("core", "reports", "store")
# Prepared's tables (stored as parquet), and what is not stored: ``data`` and ``settings``
# are the account's own, ``sku_hashes`` is worked out again from the SKUs
TABLES = ("whatif_base", "tiers", "stranded_rows")
NOT_STORED = ("data", "settings", "sku_hashes", "lists", *TABLES)


def scored_dir(home: Home, slug: str) -> Path:
    return home.account_data(slug) / DIRECTORY


_code_digest: str | None = None


def code_version() -> str:
    """This ipitui's version and a digest of the code that computes the stored numbers."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.sha256()
        root = Path(ipitui.__file__).parent
        for package in CODE:
            for path in sorted((root / package).rglob("*")):
                if path.suffix in (".py", ".toml") and path.is_file():
                    digest.update(path.relative_to(root).as_posix().encode())
                    digest.update(path.read_bytes())
        _code_digest = digest.hexdigest()
    return f"{ipitui.__version__}:{_code_digest}"


def settings_key(settings: AccountSettings) -> str:
    """The settings that change a number, as stable text."""
    fields = dataclasses.asdict(settings)
    for name in NOT_SCORED:
        fields.pop(name, None)
    return json.dumps(fields, sort_keys=True, default=str)


def key_of(home: Home, slug: str, settings: AccountSettings) -> str:
    """What the account's numbers are computed from (see the module docstring)."""
    parts = [code_version(), settings_key(settings)]
    snapshots = home.snapshots_dir(slug)
    if snapshots.is_dir():
        for path in sorted(snapshots.rglob("*.parquet")):
            stat = path.stat()
            parts.append(
                f"{path.relative_to(snapshots).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}"
            )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@dataclass
class Stored:
    """A stored build: the prepared account, and whether its key is the current one."""

    prepared: Prepared
    fresh: bool


def _table_file(name: str) -> str:
    return f"{name}.parquet"


def _list_file(name: str) -> str:
    return f"list-{name}.parquet"


def read(
    home: Home,
    slug: str,
    key: str,
    data: AccountData,
    settings: AccountSettings,
    *,
    stale: bool = False,
) -> Stored | None:
    """The stored build of ``slug``, fresh when it is of ``key`` (``key_of``): None when
    there is none, it cannot be read, or it is stale and ``stale`` is not asked for. ``data`` and ``settings`` become the prepared
    account's own (the stored numbers are of the settings in the key)."""
    import polars as pl

    from ipitui.core import Prepared

    directory = scored_dir(home, slug)
    try:
        current = json.loads((directory / CURRENT).read_text(encoding="utf-8"))
        fresh = current["key"] == key
        if not (fresh or stale):
            return None
        build = directory / str(current["build"])
        with open(build / REST, "rb") as fh:
            rest: dict[str, Any] = pickle.load(fh)
        for name in TABLES:
            rest[name] = (
                pl.read_parquet(build / _table_file(name)) if rest.pop(f"has_{name}") else None
            )
        lists = {name: pl.read_parquet(build / _list_file(name)) for name in rest.pop("list_names")}
        prepared = Prepared(
            data=data,
            settings=settings,
            lists=lists,
            sku_hashes=rest["whatif_base"].get_column("sku").hash(),
            **rest,
        )
    except Exception:  # missing, torn, foreign or of another shape: scored again
        return None
    return Stored(prepared, fresh)


def write(home: Home, slug: str, prepared: Prepared, key: str) -> None:
    """Store ``prepared`` as the current build of ``key`` (``key_of`` taken before the data
    it was computed from was read), then remove the builds no longer named. Raises OSError
    (or polars' error) when it cannot be written; the account is then scored at each open."""
    with leftovers.working(home.account_data(slug)):
        _write(scored_dir(home, slug), prepared, key)


def _write(directory: Path, prepared: Prepared, key: str) -> None:
    build_id = uuid.uuid4().hex
    build = directory / build_id
    build.mkdir(parents=True)
    try:
        rest = {
            f.name: getattr(prepared, f.name)
            for f in dataclasses.fields(prepared)
            if f.name not in NOT_STORED
        }
        for name in TABLES:
            table = getattr(prepared, name)
            rest[f"has_{name}"] = table is not None
            if table is not None:
                _write_table(table, build / _table_file(name))
        for name, frame in prepared.lists.items():
            _write_table(frame, build / _list_file(name))
        rest["list_names"] = list(prepared.lists)
        write_atomic(build / REST, pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL))
        current = json.dumps({"key": key, "build": build_id})
        write_atomic(directory / CURRENT, current.encode("utf-8"))
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _remove_others(directory, build_id)


def _write_table(frame: pl.DataFrame, path: Path) -> None:
    # snappy: at a million SKUs it writes 3x and reads 2.5x as fast as zstd, for files half
    # again as large (about 60 MB for the per-SKU table); no statistics, nothing filters on them
    frame.write_parquet(path, compression="snappy", statistics=False)


def _named(directory: Path) -> str | None:
    """The build ``current.json`` names; None when there is none or it cannot be read."""
    try:
        return str(json.loads((directory / CURRENT).read_text(encoding="utf-8"))["build"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def leftover_builds(directory: Path) -> list[Path]:
    """The builds in ``directory`` that ``current.json`` does not name: left by a write
    killed halfway (the caller holds the work lock, so no write is under way). With no
    readable pointer, every build is a leftover: nothing can read them."""
    named = _named(directory)
    try:
        return [p for p in directory.iterdir() if p.is_dir() and p.name != named]
    except OSError:
        return []


def _remove_others(directory: Path, keep: str) -> None:
    """Remove the builds other than ``keep`` (a reader of an old one meanwhile reads it
    whole or fails and scores again)."""
    for path in directory.iterdir():
        if path.is_dir() and path.name != keep:
            with contextlib.suppress(OSError):
                shutil.rmtree(path)


__all__ = ["Stored", "code_version", "key_of", "leftover_builds", "read", "scored_dir", "write"]
