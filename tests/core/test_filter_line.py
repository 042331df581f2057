"""The TUI's filter line: free text and FIELD OP VALUE conditions, as polars expressions."""

from __future__ import annotations

import polars as pl
import pytest

from ipitui.core import parse_filter
from ipitui.core.filters import SEARCH_COLUMN, search_text

ROWS = pl.DataFrame(
    {
        "sku": ["RED-MUG", "blue-cup", "GREEN-10"],
        "asin": ["B01", "B02", "B03"],
        "product_name": ['Mug 10" Deluxe', "Cup, blue (Kōbō Édition)", None],
        "available": [500, 20, 0],
        "excess_units": [400, 0, 0],
        "days_of_supply": [400.0, 20.0, float("inf")],
        "suggested_action": ["promote", "remove", "remove"],
    }
)


def skus(text: str, rows: pl.DataFrame = ROWS) -> list[str]:
    return rows.filter(parse_filter(text, rows.columns))["sku"].to_list()


def with_search_text(rows: pl.DataFrame) -> pl.DataFrame:
    expr = search_text(rows.columns)
    assert expr is not None
    return rows.with_columns(expr)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["RED-MUG", "blue-cup", "GREEN-10"]),
        ("mug", ["RED-MUG"]),  # any case, SKU or name
        ("BLUE", ["blue-cup"]),
        ("b03", ["GREEN-10"]),  # ASIN
        ('10"', ["RED-MUG"]),  # literal text, not a pattern; an unclosed quote is text
        ('"cup, blue"', ["blue-cup"]),  # a quoted phrase
        ("excess>100", ["RED-MUG"]),
        ("dos>365", ["RED-MUG", "GREEN-10"]),  # no sales: infinite days of supply
        ("units>=20", ["RED-MUG", "blue-cup"]),
        ("units<20", ["GREEN-10"]),
        ("action=remove", ["blue-cup", "GREEN-10"]),
        ("action!=remove", ["RED-MUG"]),
        ("action=REMOVE units>0", ["blue-cup"]),  # words are combined with AND
        ("name~deluxe", ["RED-MUG"]),
        ("KŌBŌ", ["blue-cup"]),  # any case beyond ASCII too
        ("édition)", ["blue-cup"]),  # literal: a bracket is not a pattern
        ("é.dition", []),  # nor is a dot
        ("name~ÉDITION", ["blue-cup"]),
        ('""', ["RED-MUG", "blue-cup", "GREEN-10"]),  # an empty phrase keeps every row
        ("mugb01", []),  # a word is in one column, never across the end of one
        ("deluxe b01", ["RED-MUG"]),
    ],
)
def test_filters(text: str, expected: list[str]) -> None:
    assert skus(text) == expected
    # the same rows when the list comes with its search text (one match per row)
    assert skus(text, with_search_text(ROWS)) == expected


def test_free_text_reads_the_search_text_when_there_is_one() -> None:
    rows = with_search_text(ROWS).with_columns(pl.lit("x").alias("sku"))  # SKUs changed after
    assert skus("red-mug", rows) == ["x"]  # the search text was matched, not the SKU
    assert skus("red-mug", rows.drop(SEARCH_COLUMN)) == []


def test_the_search_text_leaves_the_names_where_they_are() -> None:
    assert with_search_text(ROWS)[SEARCH_COLUMN].to_list() == [
        "RED-MUG\x00B01",
        "blue-cup\x00B02",
        "GREEN-10\x00B03",
    ]
    rows = with_search_text(ROWS).with_columns(pl.lit("x").alias("product_name"))
    assert skus("deluxe", rows) == []  # the name itself is matched, not a copy of it
    assert skus("X", rows) == ["RED-MUG", "blue-cup", "GREEN-10"]


def test_no_search_text_without_text_columns() -> None:
    assert search_text(["available", "excess_units"]) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour=red", "unknown field 'colour'"),
        ("excess>lots", "'lots' is not a number"),
        ("excess~4", "is a number"),
        ("action>3", "is text"),
        ("units>", "has no value"),
        ("value>3", "not a column of this list"),
    ],
)
def test_bad_conditions_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_filter(text, ROWS.columns)


def test_without_columns_the_first_column_of_a_field_is_used() -> None:
    assert ROWS.filter(parse_filter("units>100"))["sku"].to_list() == ["RED-MUG"]


SEASONAL = ROWS.with_columns(
    season=pl.Series(["Halloween", None, "Christmas"], dtype=pl.Categorical),
    season_held=pl.Series([True, False, None], dtype=pl.Boolean),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("season=halloween", ["RED-MUG"]),  # any case
        ("season~christ", ["GREEN-10"]),
        ("season!=halloween", ["blue-cup", "GREEN-10"]),  # no season is not Halloween
        ("held=yes", ["RED-MUG"]),
        ("held=no", ["blue-cup", "GREEN-10"]),  # unknown is not held
        ("held!=yes action=remove", ["blue-cup", "GREEN-10"]),
        ("held=Y season~hallo", ["RED-MUG"]),
    ],
)
def test_season_and_held_fields(text: str, expected: list[str]) -> None:
    assert skus(text, SEASONAL) == expected


@pytest.mark.parametrize("text", ["held=maybe", "held~y", "held>0"])
def test_held_is_yes_or_no(text: str) -> None:
    with pytest.raises(ValueError, match="'held' is yes or no"):
        parse_filter(text, SEASONAL.columns)
