"""Money in the account's currency: the table of writings, the two forms of the formatter
agreeing, and no currency symbol written anywhere else in the source."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ipitui
from ipitui.core.settings import AccountSettings
from ipitui.format import (
    CURRENCY_FORMATS,
    MARKETPLACE_FORMATS,
    NBSP,
    MoneyFormat,
    account_format,
    json_text,
    money,
    money_expr,
    money_format,
    plain_money,
    terminal_text,
)

S = NBSP  # the space inside an amount

WRITTEN = [
    ("US", "USD", "$1,234.50"),
    ("CA", "CAD", "CA$1,234.50"),
    ("MX", "MXN", "MX$1,234.50"),
    ("UK", "GBP", "£1,234.50"),
    ("GB", "GBP", "£1,234.50"),
    ("DE", "EUR", f"1.234,50{S}€"),
    ("IT", "EUR", f"1.234,50{S}€"),
    ("ES", "EUR", f"1.234,50{S}€"),
    ("NL", "EUR", f"1.234,50{S}€"),
    ("BE", "EUR", f"1.234,50{S}€"),
    ("FR", "EUR", f"1{S}234,50{S}€"),
    ("IE", "EUR", "€1,234.50"),
    ("JP", "JPY", "¥1,235"),  # no decimals; 1234.5 rounds half away from zero
    ("SE", "SEK", f"1{S}234,50{S}kr"),
    ("PL", "PLN", f"1{S}234,50{S}zł"),
    ("BR", "BRL", f"R${S}1.234,50"),
    ("AU", "AUD", "A$1,234.50"),
    ("SG", "SGD", "S$1,234.50"),
    ("IN", "INR", "₹1,234.50"),
    ("AE", "AED", f"1,234.50{S}AED"),
    ("SA", "SAR", f"1,234.50{S}SAR"),
    ("EG", "EGP", f"1,234.50{S}EGP"),
    ("TR", "TRY", f"1.234,50{S}TL"),
    ("US", "XYZ", f"1,234.50{S}XYZ"),  # a currency not in the table: its code after
]


@pytest.mark.parametrize(("marketplace", "currency", "text"), WRITTEN)
def test_how_each_marketplace_writes_money(marketplace: str, currency: str, text: str) -> None:
    fmt = money_format(marketplace, currency)
    assert money(1234.5, fmt) == text
    assert money(-1234.5, fmt) == f"-{text}"
    assert pl.select(money_expr(pl.lit(-1234.5), fmt)).item() == f"-{text}"


def test_another_currency_than_the_marketplaces_is_written_its_own_way() -> None:
    assert money(1234.5, money_format("UK", "EUR")) == f"1.234,50{S}€"
    assert money(1234.5, money_format("DE", "GBP")) == "£1,234.50"
    assert money(1234.5, money_format("FR", "USD")) == "$1,234.50"
    assert money(2.5, money_format("US", "sek")) == f"2,50{S}kr"  # codes in any case


def test_account_format_reads_the_settings() -> None:
    uk = AccountSettings(marketplace="UK", currency="GBP")
    assert money(600, account_format(uk)) == "£600.00"
    assert account_format(AccountSettings(marketplace="FR", currency="EUR")).group == S
    assert account_format(AccountSettings()) == money_format("US", "USD")


def test_groups_rounding_signs_and_unknowns() -> None:
    usd, yen, inr = money_format("US", "USD"), money_format("JP", "JPY"), money_format("IN", "INR")
    assert money(1234567.891, usd) == "$1,234,567.89"
    assert money(999.995, usd) == "$1,000.00"  # the carry reaches the thousands
    assert money(0.125, usd) == "$0.13" and money(-0.125, usd) == "-$0.13"  # away from zero
    assert money(2.5, yen) == "¥3" and money(-2.5, yen) == "-¥3"
    assert money(-0.004, usd) == "$0.00"  # rounds to zero: no sign
    assert money(0.05, usd) == "$0.05"  # leading zeros of the cents kept
    assert money(12345678.9, inr) == "₹1,23,45,678.90"  # lakh and crore groups
    for unknown in (None, float("nan"), float("inf"), float("-inf")):
        assert money(unknown, usd) == "-"
    assert money(7, usd) == "$7.00"  # ints too


def test_plain_money_for_files() -> None:
    usd, yen, eur = money_format("US", "USD"), money_format("JP", "JPY"), money_format("DE", "EUR")
    assert plain_money(1234.5, usd) == "1234.50" and plain_money(-1234.5, eur) == "-1234.50"
    assert plain_money(1234.5, yen) == "1235" and plain_money(-0.001, usd) == "0.00"
    assert plain_money(None, usd) == "" and plain_money(float("nan"), usd) == ""


def test_the_expression_writes_unknowns_and_types_like_the_function() -> None:
    usd = money_format("US", "USD")
    values = pl.Series([1.0, None, float("nan"), float("inf"), -3.0])
    written = pl.select(money_expr(pl.lit(values), usd)).to_series().to_list()
    assert written == ["$1.00", "-", "-", "-", "-$3.00"]
    ints = pl.select(money_expr(pl.lit(pl.Series([1234, -5], dtype=pl.Int64)), usd))
    assert ints.to_series().to_list() == ["$1,234.00", "-$5.00"]


FORMATS = [
    *CURRENCY_FORMATS.values(),
    *MARKETPLACE_FORMATS.values(),
    money_format("US", "XYZ"),
]
AMOUNTS = st.one_of(
    st.floats(min_value=-1e13, max_value=1e13, allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**9), max_value=10**9).map(lambda c: c / 100),  # exact cents
    st.integers(min_value=-(10**9), max_value=10**9).map(lambda c: c / 1000 + 0.0005),  # halves
    st.sampled_from([None, float("nan"), float("inf"), float("-inf"), 0.5, -0.5, 0.0, -0.0]),
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(AMOUNTS, min_size=1, max_size=40), fmt=st.sampled_from(FORMATS))
def test_the_two_forms_write_the_same_text(values: list[float | None], fmt: MoneyFormat) -> None:
    expected = [money(v, fmt) for v in values]
    series = pl.Series(values, dtype=pl.Float64)
    assert pl.select(money_expr(pl.lit(series), fmt)).to_series().to_list() == expected


@settings(max_examples=200, deadline=None)
@given(value=AMOUNTS, fmt=st.sampled_from(FORMATS))
def test_the_written_amount_is_the_plain_amount(value: float | None, fmt: MoneyFormat) -> None:
    """Take the symbol and the group separators away and the plain number is left."""
    text, plain = money(value, fmt), plain_money(value, fmt)
    if plain == "":
        assert text == "-"
        return
    bare = text.replace(fmt.prefix, "", 1).removesuffix(fmt.suffix).replace(fmt.group, "")
    if fmt.prefix and text.startswith("-"):
        bare = "-" + text[1:].replace(fmt.prefix, "", 1).removesuffix(fmt.suffix)
        bare = bare.replace(fmt.group, "")
    assert bare.replace(fmt.decimal, ".") == plain
    assert abs(float(plain) - value) <= 0.5 * 10**-fmt.decimals + abs(value) * 1e-15


# ------------------------------------------------------------------ one place for symbols

SOURCE = Path(ipitui.__file__).parent
FORMAT_MODULE = SOURCE / "format.py"
SYMBOLS = "£€¥₹"
# "$" as money: a string that is only a dollar sign ("$", "CA$", "R$ "), "$" right before a
# digit ("$1.00"), or, in an f-string, "$" right before a field (f"${x:,.2f}"). "${NAME}" in
# plain strings, "$variable" in Textual CSS and "$" ending a regular expression are not money.
DOLLAR = re.compile(r"^[A-Z]{0,3}\$\s?$|\$(?=\d)|\$\{$")


def _strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each string literal in ``path``. An f-string gives each piece of its
    literal text, with "{" after a piece that a field follows (``f"${x}"`` gives ``"${"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    in_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for piece, after in zip(node.values, [*node.values[1:], None], strict=True):
                if isinstance(piece, ast.Constant) and isinstance(piece.value, str):
                    in_fstrings.add(id(piece))
                    field = isinstance(after, ast.FormattedValue)
                    out.append((piece.lineno, piece.value + ("{" if field else "")))
    for node in ast.walk(tree):
        text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if text and id(node) not in in_fstrings:
            out.append((node.lineno, node.value))
    return sorted(out, key=lambda item: item[0])


def money_literals(path: Path, root: Path = SOURCE) -> list[str]:
    """Each string literal of ``path`` that writes money (a symbol or a "$" amount)."""
    return [
        f"{path.relative_to(root)}:{line}: {text!r}"
        for line, text in _strings(path)
        if text == "$" or DOLLAR.search(text) or any(s in text for s in SYMBOLS)
    ]


def test_the_scan_finds_money_literals(tmp_path: Path) -> None:
    """The scan below is worth something: it catches each way money was written before."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        'a = "$" if x else "EUR "\n'
        "s = {'CAD': 'CA$', 'BRL': 'R$ '}\n"
        'b = f"cost ${fee:,.2f}"\n'
        'c = "$1234.50"\n'
        "d = {'GBP': '£', 'EUR': '€', 'JPY': '¥'}\n"
        'e = f"{sign}{cur}{abs(v):,.2f}"\n'  # no symbol: not found
        'CSS = "Pane { background: $panel; }"\n'  # Textual CSS: not found
        'h = f"under DIR (also ${HOME_ENV})"\n'  # written "${" + field: found (rename below)
        'r = r"^(\\d+)$"\n',  # a regular expression: not found
        encoding="utf-8",
    )
    found = [f.split(": ", 1)[1] for f in money_literals(probe, tmp_path)]
    assert found[:3] == ["'$'", "'CA$'", "'R$ '"]
    assert found[3:] == ["'cost ${'", "'$1234.50'", "'£'", "'€'", "'¥'", "'under DIR (also ${'"]


def test_no_currency_symbol_outside_the_format_module() -> None:
    allowed = {
        # "$NAME" for an environment variable in the --home help, not money
        "cli.py": {"keep all settings and data under DIR (also ${"},
    }
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == FORMAT_MODULE:
            continue
        own = allowed.get(str(path.relative_to(SOURCE)), set())
        found += [f for f in money_literals(path) if f.split(": ", 1)[1].strip("'") not in own]
    assert found == [], "write money with ipitui.format.money / money_expr:\n" + "\n".join(found)


def test_the_format_module_is_light() -> None:
    """The core, the commands and the TUI import it: it loads no other ipitui module (no layer
    above it, no Textual) and no polars until an expression is built."""
    code = (
        "import sys, ipitui.format as f\n"
        "f.money(1.5, f.money_format('UK', 'GBP'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('ipitui', 'polars', 'textual')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['ipitui', 'ipitui.format']"


# -- text from reports, for a terminal and for JSON ----------------------------------------

UNSAFE_SAMPLES = "\x00\x07\x1b\x7f\x85\x9b\u200e\u200f\u202a\u202e\u2066\u2069\u2028\u2029\ufeff"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[bold red]x[/] \x1b[31m", "[bold red]x[/] [31m"),
        ("tab\there\nnext\r\nline", "tab here next  line"),
        ("bell\x07 del\x7f c1\x9b31m", "bell del c131m"),
        ("rtl\u202eevil\u2066 \u200fmark", "rtlevil mark"),
        ("para\u2029graph\u2028line", "para graph line"),
        ("\ufeffbom", "bom"),
        (
            "caf\u00e9 \u00a0nbsp \U0001f469\u200d\U0001f4bb",
            "caf\u00e9 \u00a0nbsp \U0001f469\u200d\U0001f4bb",
        ),
        (None, ""),
        (12.5, "12.5"),
    ],
)
def test_terminal_text_drops_what_a_terminal_would_obey(raw: object, shown: str) -> None:
    assert terminal_text(raw) == shown


def test_terminal_text_escapes_for_messages_and_cuts() -> None:
    assert terminal_text("a\x1b[31mb\x9b\u202ec\n", escape=True) == "a\\x1b[31mb\\x9b\\u202ec\\x0a"
    assert (
        terminal_text("x" * 10, limit=5) == "xxxx…" and terminal_text("xxxxx", limit=5) == "xxxxx"
    )
    assert terminal_text("\x1b" * 10, escape=True, limit=9) == "\\x1b\\x1b…"


@given(st.text())
@settings(max_examples=300)
def test_no_unsafe_character_survives(text: str) -> None:
    assert not set(UNSAFE_SAMPLES) & set(terminal_text(text))
    assert not set(UNSAFE_SAMPLES) & set(terminal_text(text, escape=True))


@given(
    st.recursive(
        st.text() | st.integers() | st.none(),
        lambda kids: st.lists(kids) | st.dictionaries(st.text(), kids),
        max_leaves=8,
    )
)
@settings(max_examples=300)
def test_json_text_reads_back_exactly_and_prints_safely(value: object) -> None:
    for ascii_only in (False, True):
        text = json_text(value, ensure_ascii=ascii_only)
        assert json.loads(text) == value
        body = text.replace("\n", "")  # the indentation's line breaks
        assert not set(UNSAFE_SAMPLES) & set(body)


def test_json_text_escapes_bidi_and_c1_and_keeps_the_rest() -> None:
    text = json_text({"sku": "A\u202eB\x9b\u00e9\x1b"}, indent=None)
    assert text == '{"sku": "A\\u202eB\\u009b\u00e9\\u001b"}'


def test_plural_is_singular_for_exactly_one() -> None:
    from ipitui.format import plural

    assert plural(1, "decision") == "1 decision"
    assert plural(0, "decision") == "0 decisions"
    assert plural(2, "SKU") == "2 SKUs"
    assert plural(1_200, "row") == "1,200 rows"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"
