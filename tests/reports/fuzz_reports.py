"""Fuzzed report files, and the rule every one of them must keep.

Seeds are real report files: the demo seller's reports at a small size and every report kind
and layout that ``report_files`` builds. A fuzzed file is a seed with a few mutations, cell
by cell (junk, huge and negative numbers, odd dates, columns shuffled, doubled or dropped,
very long lines, header only, empty), in an encoding and line ending (latin-1, cp1252,
UTF-16 LE/BE with or without a BOM, UTF-8 with a BOM; CRLF, CR), then byte by byte (flips,
truncation, NULs).

The rule (:func:`check`): importing the file into a fresh account either succeeds or raises
the project's own error (``UserError``, exit 2). After an accepted import, ``score`` in every
form, the TUI's load, ``mark`` and ``export --kind decisions`` all succeed, or refuse with a
``UserError`` (such as "no data" for an account with only a stranded report). Anything else
is a failure, returned with its traceback.

Used by ``tests/reports/test_fuzz.py`` (a small budget) and ``bench/fuzz.py`` (10,000 files).
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import shutil
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from report_files import rows_for

from ipitui.reports.detect import LAYOUTS

SEED_DATE = date(2026, 5, 14)  # the demo seeds' date (report_files' too): the same files any day


@dataclass(frozen=True)
class Seed:
    """A real report: its name, header and rows (cells as text)."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def layout_seeds(rows: int = 6) -> list[Seed]:
    """Every report kind and layout, built from the header lists."""
    return [
        Seed(f"{lay.kind}:{lay.name}", lay.headers, tuple(map(tuple, rows_for(lay, rows))))
        for lay in LAYOUTS
    ]


def demo_seeds(directory: Path, skus: int = 12, rows: int = 12) -> list[Seed]:
    """The demo seller's reports (today's planning, stranded, restock and Manage FBA
    Inventory, and one older planning report) at a small size."""
    from ipitui.demo import write_demo

    files = write_demo(directory, skus=skus, seed=7, today=SEED_DATE, history_weeks=1)
    seeds = []
    for path in files.paths:
        text = path.read_bytes().decode("utf-8-sig")
        lines = text.splitlines()
        seeds.append(
            Seed(
                f"demo:{path.name}",
                tuple(lines[0].split("\t")),
                tuple(tuple(line.split("\t")) for line in lines[1 : rows + 1]),
            )
        )
    return seeds


def all_seeds(directory: Path) -> list[Seed]:
    return [*layout_seeds(), *demo_seeds(directory)]


# -- mutations of the cells ---------------------------------------------------------------

JUNK = [
    "", " ", "N/A", "--", "nan", "NaN", "inf", "-inf", "1e300", "-1e300", "1e309", "0x1F",
    "1,234", "1.234,56", "12%", "$9.99", "€5", "(3)", "+7", "-0", "007", "3.", ".5", "1e-320",
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
    "99999999999999999999999999999", "-1", "-999999", "0.000001", "true", "NULL", "None",
    '"quoted"', '"', '""', "a\"b", "\\t", "=SUM(A1)", "\x1b[31mred", "\u202eevil", "\u009b2J",
    "ｓｋｕ", "١٢٣", "²", "½", "🙂", "\ufeff", "\u200b", "0000-00-00", "2026-13-01",
    "2026-05-14T25:61:00", "05/14/2026", "14/05/2026", "2026/05/14", "May 14, 2026",
]  # fmt: skip
ODD_DATES = [
    "0000-01-01", "0001-01-01", "9999-12-31", "-0001-01-01", "-1", "2015-02-30", "2014-12-31",
    "2100-01-01", "1970-01-01", "2026-02-29", "2024-02-29", "99999-01-01", "2026-5-4",
    "02/30/2015", "12/31/9999", "01/01/0000", "00/00/0000", "2026-05-14 00:00:00",
    "2026-05-14T00:00:00+00:00", "2026-05-14PDT", "20260514",
]  # fmt: skip
NUMBERS = [
    "1e300", "-1e300", "1e308", "1.7976931348623157e308", "4.9e-324", "9223372036854775807",
    "9223372036854775806", "-9223372036854775808", "4294967296", "2147483648", "-2147483649",
    "-1", "-0.01", "-100000", "1000000000", "123456789012345678901234567890", "0", "0.0",
    "1e20", "-1e20", "65535", "3.4028235e38",
]  # fmt: skip

Rows = list[list[str]]
Table = tuple[list[str], Rows]


def _cells(rows: Rows, rng: random.Random, count: int) -> list[tuple[int, int]]:
    spots = [(r, c) for r, row in enumerate(rows) for c in range(len(row))]
    return rng.sample(spots, min(count, len(spots)))


def _set(values: Sequence[str]) -> Callable[[Table, random.Random], Table]:
    def mutate(table: Table, rng: random.Random) -> Table:
        headers, rows = table
        for r, c in _cells(rows, rng, rng.randint(1, 4)):
            rows[r][c] = rng.choice(values)
        return headers, rows

    return mutate


def _date_columns(table: Table, rng: random.Random) -> Table:
    """Odd dates in the columns that hold dates (their header says so)."""
    headers, rows = table
    columns = [i for i, h in enumerate(headers) if "date" in h.lower() or "day" in h.lower()]
    columns = columns or list(range(len(headers)))
    for row in rng.sample(rows, min(len(rows), rng.randint(1, 3))):
        c = rng.choice(columns)
        if c < len(row):
            row[c] = rng.choice(ODD_DATES)
    return headers, rows


def _shuffle_columns(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    order = list(range(len(headers)))
    rng.shuffle(order)
    return [headers[i] for i in order], [
        [row[i] if i < len(row) else "" for i in order] for row in rows
    ]


def _duplicate_column(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    i = rng.randrange(len(headers))
    at = rng.randrange(len(headers) + 1)
    headers = [*headers[:at], headers[i], *headers[at:]]
    rows = [[*row[:at], row[i] if i < len(row) else "x", *row[at:]] for row in rows]
    return headers, rows


def _drop_column(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    if len(headers) < 2:
        return table
    i = rng.randrange(len(headers))
    return headers[:i] + headers[i + 1 :], [row[:i] + row[i + 1 :] for row in rows]


def _rename_header(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    i = rng.randrange(len(headers))
    headers = list(headers)
    headers[i] = rng.choice(["", " ", headers[i].upper(), f" {headers[i]} ", headers[i] + "x", "?"])
    return headers, rows


def _ragged_rows(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    for row in rng.sample(rows, min(len(rows), rng.randint(1, 3))):
        if rng.random() < 0.5 and row:
            del row[rng.randrange(len(row)) :]
        else:
            row.extend(["extra"] * rng.randint(1, 3))
    return headers, rows


def _long_line(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    if rows:
        r, c = _cells(rows, rng, 1)[0]
        rows[r][c] = rng.choice("x9 \t") * rng.choice([5_000, 70_000, 1_100_000])
    return headers, rows


def _header_only(table: Table, rng: random.Random) -> Table:
    return table[0], []


def _many_rows(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    return headers, [list(rng.choice(rows)) for _ in range(rng.randint(50, 400))] if rows else rows


def _duplicate_rows(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    if rows:
        rows.insert(rng.randrange(len(rows) + 1), list(rng.choice(rows)))
    return headers, rows


def _blank_lines(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    for _ in range(rng.randint(1, 3)):
        rows.insert(rng.randrange(len(rows) + 1), [rng.choice(["", " ", "\t"])])
    return headers, rows


def _quotes(table: Table, rng: random.Random) -> Table:
    headers, rows = table
    for r, c in _cells(rows, rng, rng.randint(1, 3)):
        rows[r][c] = rng.choice(['"', f'"{rows[r][c]}', f'"{rows[r][c]}"', f'{rows[r][c]}\n"x'])
    return headers, rows


CELL_MUTATIONS: dict[str, Callable[[Table, random.Random], Table]] = {
    "junk": _set(JUNK),
    "numbers": _set(NUMBERS),
    "dates": _date_columns,
    "shuffle": _shuffle_columns,
    "duplicate_column": _duplicate_column,
    "drop_column": _drop_column,
    "rename_header": _rename_header,
    "ragged": _ragged_rows,
    "long_line": _long_line,
    "header_only": _header_only,
    "many_rows": _many_rows,
    "duplicate_rows": _duplicate_rows,
    "blank_lines": _blank_lines,
    "quotes": _quotes,
}

# -- text to bytes ------------------------------------------------------------------------

ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("latin-1", b""),
    ("cp1252", b""),
    ("utf-16-le", b""),
    ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b""),
    ("utf-16-be", b"\xfe\xff"),
]
NEWLINES = ["\n", "\r\n", "\r"]


def _encode(table: Table, rng: random.Random, plain: bool) -> tuple[bytes, str]:
    headers, rows = table
    encoding, bom = ENCODINGS[0] if plain else rng.choice(ENCODINGS)
    newline = "\n" if plain else rng.choice(NEWLINES)
    lines = ["\t".join(headers), *("\t".join(row) for row in rows)]
    text = newline.join(lines) + (newline if plain or rng.random() < 0.8 else "")
    data = bom + text.encode(encoding, errors="replace")
    label = f"{encoding}{'+BOM' if bom else ''} {newline!r}"
    return data, label


# -- mutations of the bytes ---------------------------------------------------------------


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] = out[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.7 else rng.randrange(256)
    return bytes(out)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)] if data else data


def _nuls(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        out.insert(rng.randrange(len(out) + 1), 0)
    return bytes(out)


def _splice(data: bytes, rng: random.Random) -> bytes:
    if len(data) < 2:
        return data
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    return data[:a] + data[a:b] * rng.randint(2, 4) + data[b:]


def _empty(data: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\xff\xfe", b" \t \n"])


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip,
    "truncate": _truncate,
    "nuls": _nuls,
    "splice": _splice,
    "empty": _empty,
}
TEXT_FORMS = ("encoding",)  # not a mutation of its own: a file in another encoding/newline
MUTATIONS = (*CELL_MUTATIONS, *TEXT_FORMS, *BYTE_MUTATIONS)


@dataclass
class Fuzzed:
    seed: str
    mutations: list[str]
    data: bytes
    form: str = ""

    @property
    def label(self) -> str:
        return f"{self.seed} [{', '.join(self.mutations) or 'none'}] {self.form}"


def fuzz(seed: Seed, mutations: Sequence[str], rng: random.Random) -> Fuzzed:
    """``seed`` with ``mutations`` applied in order (cells first, then the encoding, then
    the bytes), their choices drawn from ``rng``."""
    table: Table = (list(seed.headers), [list(row) for row in seed.rows])
    for name in mutations:
        if name in CELL_MUTATIONS:
            table = CELL_MUTATIONS[name](table, rng)
    data, form = _encode(table, rng, plain="encoding" not in mutations)
    for name in mutations:
        if name in BYTE_MUTATIONS:
            data = BYTE_MUTATIONS[name](data, rng)
    return Fuzzed(seed.name, list(mutations), data, form)


def random_mutations(rng: random.Random) -> list[str]:
    return rng.sample(MUTATIONS, rng.choice([1, 1, 2, 2, 3]))


@dataclass(frozen=True)
class Case:
    """File ``number`` of run ``seed``: which seed file, which mutations, into which account."""

    fuzzed: Fuzzed
    on_base: bool  # imported into an account holding clean reports already
    skip_bad_rows: bool


def case(seeds: Sequence[Seed], run_seed: int, number: int) -> Case:
    """The same file for the same run seed and number, on any machine."""
    rng = random.Random(f"{run_seed}:{number}")
    seed = rng.choice(seeds)
    mutations = random_mutations(rng)
    on_base, skip = rng.random() < 0.5, rng.random() < 0.5
    return Case(fuzz(seed, mutations, rng), on_base, skip)


# -- the rule -----------------------------------------------------------------------------

ACCOUNT = "fuzz"
SCORE_FORMS = [
    ["score"],
    ["score", "--json"],
    *(
        ["score", "--list", name, "--json"]
        for name in ("excess", "stranded", "aging", "stock_risk")
    ),
]


# The refusals a later command may give after an accepted import: an account with no
# planning report yet (a stranded report alone), or nothing to mark or to price. Any other
# refusal means the accepted file broke the account (a damaged snapshot, say): a failure.
EXPECTED = re.compile(
    r"has no imported FBA Inventory report yet|No reports imported yet"
    r"|has no decisions to export|has no imported report to price the decisions"
)


@dataclass
class Outcome:
    accepted: bool = False
    failure: str | None = None  # the step and its traceback
    refusals: list[str] = field(default_factory=list)  # the project's own errors, by step


def _cli(home: Path, argv: Sequence[str]) -> tuple[int, str]:
    from ipitui.cli import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main(["--home", str(home), *argv])
    return code, err.getvalue()


def check(path: Path, home: Path, base: Path | None = None, skip_bad_rows: bool = False) -> Outcome:
    """Import ``path`` into a fresh account in ``home`` (a copy of the home ``base``, if
    given, whose account ``fuzz`` holds clean reports already), then run every later command.
    """
    from ipitui.account import load_account
    from ipitui.errors import UserError
    from ipitui.store.paths import resolve_home
    from ipitui.store.snapshots import known_skus

    if base is not None:
        shutil.copytree(base, home)
    out = Outcome()
    step = "import"
    try:
        skip = ["--skip-bad-rows"] if skip_bad_rows else []
        code, said = _cli(home, ["import", "--account", ACCOUNT, *skip, str(path)])
        if code != 0:
            out.refusals.append(f"import: {said.strip()[:300]}")
            return out
        out.accepted = True
        for argv in SCORE_FORMS:
            step = " ".join(argv)
            code, said = _cli(home, ["--account", ACCOUNT, *argv])
            if code != 0:
                out.refusals.append(f"{step}: {said.strip()[:300]}")
        step = "load_account"
        h = resolve_home(home)
        slug = _slug(home)
        try:
            load_account(h, slug)
        except UserError as exc:
            out.refusals.append(f"{step}: {str(exc)[:300]}")
        step = "mark"
        skus = known_skus(h, slug).to_list()
        if skus:
            code, said = _cli(home, ["--account", ACCOUNT, "mark", "--remove", "--", skus[0]])
            if code != 0:
                out.refusals.append(f"{step}: {said.strip()[:300]}")
        step = "export --kind decisions"
        target = home / "decisions.csv"
        code, said = _cli(
            home, ["--account", ACCOUNT, "export", "--kind", "decisions", "-o", str(target)]
        )
        if code != 0:
            out.refusals.append(f"{step}: {said.strip()[:300]}")
        unexpected = [r for r in out.refusals if not EXPECTED.search(r)]
        if unexpected:
            out.failure = "refused after an accepted import:\n" + "\n".join(unexpected)
    except SystemExit as exc:  # argparse refused what the fuzzer passed: its own bug
        out.failure = f"{step}: SystemExit({exc.code})\n{traceback.format_exc()}"
    except Exception:
        out.failure = f"{step}:\n{traceback.format_exc()}"
    return out


def _slug(home: Path) -> str:
    from ipitui.store.accounts import resolve_account
    from ipitui.store.paths import resolve_home

    return resolve_account(resolve_home(home), ACCOUNT).slug


# before the seeds' snapshot dates (report_files: 2026-05-14; the demo's: today)
BASE_DATE = date(2026, 4, 1)


def make_base(directory: Path, home: Path) -> Path:
    """A home whose account ``fuzz`` holds the demo's clean reports of ``BASE_DATE``, so
    that a fuzzed report of any kind is scored with the others (and is the newest of its
    kind)."""
    from ipitui.demo import write_demo

    files = write_demo(directory, skus=12, seed=3, today=BASE_DATE, history_weeks=1)
    code, said = _cli(home, ["import", "--account", ACCOUNT, *map(str, files.paths)])
    if code != 0:
        raise RuntimeError(f"the clean demo reports were refused: {said}")
    return home
