"""The scored account, kept beside the snapshots: scored once when the data changes, read at open.

Scoring a million SKUs (``core.prepare``) takes about two seconds; reading what it computed
back from disk takes a fifth of that. So the prepared account (the per-SKU numbers the
what-if reads, the four lists in their order, the account's sums, factors, estimate, fees
and capacity) is stored in the account's data directory when it is first computed for
these snapshots and settings (after an import, or on the first open after a change), and
every later open reads it.

Layout: ``scored/<build>/`` holds one parquet file per table, ``names.bin`` (the product
names, read a few at a time: ``StoredNames``) and ``rest.pickle`` (the
account-level numbers: a few kilobytes of ipitui's own dataclasses); ``scored/current.json``
names the build and its key. A build is written completely before ``current.json`` is
replaced (atomically) to point at it, so a reader sees a whole old build or a whole new
one; the builds it no longer names are removed by the same write. A write holds the
account's work lock (``store.leftovers``), so a write killed halfway leaves a build nobody
names, which the next ipitui command removes (``store.leftovers``).

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
import functools
import hashlib
import json
import os
import pickle
import shutil
import struct
import sys
import threading
import uuid
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

import polars as pl

import ipitui
from ipitui.core.settings import AccountSettings
from ipitui.store import leftovers
from ipitui.store.atomic import write_atomic
from ipitui.store.paths import Home

if TYPE_CHECKING:
    from ipitui.core import Prepared
    from ipitui.core.inputs import AccountData

DIRECTORY = leftovers.SCORED
CURRENT = leftovers.SCORED_POINTER
REST = "rest.pickle"
# the settings that change no number (a stored build stays current when they change)
NOT_SCORED = ("display_name", "return_address", "plan")
# the packages whose code computes the stored numbers
CODE = ("core", "reports", "store")
# Prepared's tables (stored as parquet), and what is not stored: ``data`` and ``settings``
# are the account's own, ``sku_hashes`` is worked out again from the SKUs
TABLES = ("whatif_base", "tiers", "stranded_rows")
NOT_STORED = ("data", "settings", "sku_hashes", "lists", "product_names", *TABLES)
NAMES = "names.bin"
# the opportunities' pool (``Prepared``'s cached properties): stored so that the what-if at
# open reads none of the lists
POOL = ("candidates", "candidate_fixes")


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


def _pool_file(name: str) -> str:
    return f"pool-{name}.parquet"


class StoredLists(Mapping[str, pl.DataFrame]):
    """The lists of a stored build, each read from disk when first asked for (from any
    thread; the first reader of a list reads it, another waits for it).

    Each list's file is opened when the build is read and kept open until the list is read,
    so a later write that removes the build (``write``: the builds no longer named are
    removed) takes nothing from a reader that holds it: the file's content stays readable
    until it is closed. Each file's footer is read at once (a torn or missing file fails
    ``read``, and the account is scored again); a list that cannot be read later raises ``OSError`` (or polars' error)
    to whoever asked for it, and is asked for again the next time."""

    def __init__(
        self, build: Path, names: list[str], file_of: Callable[[str], str] | None = None
    ) -> None:
        self._names = list(names)
        self._files: dict[str, IO[bytes]] = {}
        file_of = file_of or _list_file
        try:
            for name in self._names:
                fh = self._files[name] = open(build / file_of(name), "rb")  # noqa: SIM115
                pl.read_parquet_schema(fh)  # its footer: a torn file fails now, not when shown
        except BaseException:
            self.close()
            raise
        self._frames: dict[str, pl.DataFrame] = {}
        self._locks = {name: threading.Lock() for name in self._names}

    def __getitem__(self, name: str) -> pl.DataFrame:
        frame = self._frames.get(name)
        if frame is not None:
            return frame
        with self._locks[name]:  # KeyError: no such list
            frame = self._frames.get(name)
            if frame is None:
                fh = self._files[name]
                fh.seek(0)
                frame = pl.read_parquet(fh)
                self._frames[name] = frame
                del self._files[name]
                fh.close()
            return frame

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._locks

    def is_read(self, name: str) -> bool:
        """The list ``name`` is in memory (asking for it takes no time)."""
        return name in self._frames

    def close(self) -> None:
        """Let go of the files of the lists not read (asking for one then fails)."""
        for fh in self._files.values():
            fh.close()


# ``names.bin``: the header (this magic, then the count ``n`` as 8 bytes), ``n + 1`` records
# of 8 bytes (record ``i + 1``: where name ``i`` ends in the text, times two, plus one when it
# is null; record 0 is 0), then the names' UTF-8 text one after the other. Little-endian.
_NAMES_MAGIC = b"ipitui-names-v1\n"
_HEADER = len(_NAMES_MAGIC) + 8
_RECORD = struct.Struct("<QQ")  # the records around one name: where it starts, where it ends


_CHUNK = 1 << 16  # names written at a time (the whole column at once doubled the peak)


def _write_names(names: pl.Series, path: Path) -> None:
    ends = names.str.len_bytes().fill_null(0).cast(pl.UInt64).cum_sum()
    records = ends * 2 + names.is_null().cast(pl.UInt64)
    with open(path, "wb") as fh:
        fh.write(_NAMES_MAGIC + struct.pack("<Q", names.len()) + struct.pack("<Q", 0))
        for start in range(0, names.len(), _CHUNK):
            chunk = array("Q", records.slice(start, _CHUNK).to_list())
            if sys.byteorder != "little":
                chunk.byteswap()
            fh.write(chunk.tobytes())
        for start in range(0, names.len(), _CHUNK):
            text = names.slice(start, _CHUNK).fill_null("").str.join("").item()
            fh.write(text.encode("utf-8"))


class StoredNames:
    """The product names of a stored build (``Prepared.product_names``), read a few at a time
    by position (``names_at``): two small reads a name, from any thread.

    The file is opened when the build is read and kept open as long as the prepared account
    is, so a later write that removes the build (``write``) takes nothing from a reader that
    holds it. Its header and size are checked at once (a torn or foreign file fails ``read``,
    and the account is scored again); a name that cannot be read later raises ``OSError`` or
    ``ValueError`` (``Prepared.names`` then gives none)."""

    def __init__(self, path: Path) -> None:
        self._fh = open(path, "rb")  # noqa: SIM115 (kept open: see above)
        try:
            header = self._fh.read(_HEADER)
            if len(header) != _HEADER or not header.startswith(_NAMES_MAGIC):
                raise ValueError(f"{path} is not a names file")
            (self._count,) = struct.unpack("<Q", header[len(_NAMES_MAGIC) :])
            self._text = _HEADER + 8 * (self._count + 1)
            _, end = self._record(self._count - 1) if self._count else (0, 0)
            if os.fstat(self._fh.fileno()).st_size != self._text + (end >> 1):
                raise ValueError(f"{path} is torn")
        except BaseException:
            self._fh.close()
            raise
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return int(self._count)

    def _record(self, i: int) -> tuple[int, int]:
        self._fh.seek(_HEADER + 8 * i)
        start, end = _RECORD.unpack(self._fh.read(_RECORD.size))
        return start >> 1, end

    def names_at(self, at: Sequence[int | None]) -> list[str | None]:
        """The names at positions ``at`` (None for a None position or a null name)."""
        out: list[str | None] = []
        with self._lock:
            for i in at:
                if i is None:
                    out.append(None)
                    continue
                if not 0 <= i < self._count:
                    raise ValueError(f"no name at {i} (of {self._count})")
                start, end = self._record(i)
                if end & 1:
                    out.append(None)
                    continue
                self._fh.seek(self._text + start)
                size = (end >> 1) - start
                text = self._fh.read(size)
                if len(text) != size:
                    raise ValueError(f"the name at {i} is cut short")
                out.append(text.decode("utf-8"))
        return out


def is_read(lists: Mapping[str, pl.DataFrame], name: str) -> bool:
    """Whether asking ``lists`` (``Prepared.lists``) for ``name`` takes no time: a list
    computed in memory is, a stored one once it was read."""
    return lists.is_read(name) if isinstance(lists, StoredLists) else True


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
    from ipitui.core import Prepared
    from ipitui.core.prepared import NAME, Later

    directory = scored_dir(home, slug)
    try:
        current = json.loads((directory / CURRENT).read_text(encoding="utf-8"))
        fresh = current["key"] == key
        if not (fresh or stale):
            return None
        build = directory / str(current["build"])
        with open(build / REST, "rb") as fh:
            rest: dict[str, Any] = pickle.load(fh)
        # the per-SKU tables are read when first asked for (a decision scored): an open
        # shows the header, the Overview and the open list without them
        kept = [name for name in TABLES if rest.pop(f"has_{name}")]
        tables = StoredLists(build, kept, file_of=_table_file)
        for name in TABLES:
            rest[name] = (
                Later(functools.partial(tables.__getitem__, name)) if name in kept else None
            )
        pool = {name: pl.read_parquet(build / _pool_file(name)) for name in rest.pop("pool")}
        base_file = build / _table_file("whatif_base")
        names: pl.Series | StoredNames
        if NAME in pl.read_parquet_schema(base_file):  # stored before the names had a file
            base = pl.read_parquet(base_file)
            names, rest["whatif_base"] = base.get_column(NAME), base.drop(NAME)
            del base
        else:
            names = StoredNames(build / NAMES)
            skus = pl.scan_parquet(base_file).select(pl.len()).collect().item()
            if len(names) != skus:
                raise ValueError(f"{build / NAMES} has {len(names)} names for {skus} SKUs")
        lists = StoredLists(build, rest.pop("list_names"))
        prepared = Prepared(
            data=data,
            settings=settings,
            lists=lists,
            # a ``Later`` is what ``Prepared``'s deferred fields resolve on first access
            sku_hashes=cast(pl.Series, Later(lambda: prepared.whatif_base["sku"].hash())),
            product_names=names,
            **rest,
        )
        prepared.__dict__.update(pool)  # the cached properties, as computed when stored
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
        _write_names(_all_names(prepared), build / NAMES)
        for name in POOL:
            _write_table(getattr(prepared, name), build / _pool_file(name))
        rest["pool"] = list(POOL)
        write_atomic(build / REST, pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL))
        current = json.dumps({"key": key, "build": build_id})
        write_atomic(directory / CURRENT, current.encode("utf-8"))
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    _remove_others(directory, build_id)


def _all_names(prepared: Prepared) -> pl.Series:
    """Every product name of ``prepared``, in ``whatif_base``'s order."""
    names = prepared.product_names
    if isinstance(names, pl.Series):
        return names
    everyone = range(prepared.whatif_base.height)  # a stored build stored again
    return pl.Series(names.names_at(everyone), dtype=pl.String)


def _write_table(frame: pl.DataFrame, path: Path) -> None:
    # snappy: at a million SKUs it writes 3x and reads 2.5x as fast as zstd, for files half
    # again as large (about 60 MB for the per-SKU table); no statistics, nothing filters on them
    frame.write_parquet(path, compression="snappy", statistics=False)


def _remove_others(directory: Path, keep: str) -> None:
    """Remove the builds other than ``keep`` (a reader of an old one meanwhile reads it
    whole or fails and scores again)."""
    for path in directory.iterdir():
        if path.is_dir() and path.name != keep:
            with contextlib.suppress(OSError):
                shutil.rmtree(path)


__all__ = [
    "Stored",
    "StoredLists",
    "StoredNames",
    "code_version",
    "is_read",
    "key_of",
    "read",
    "scored_dir",
    "write",
]
