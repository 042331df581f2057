"""The list table's state alone (no Textual): order, cursor, selection, generations, window,
matches, with the view computed as the table's worker computes it; and the row helpers."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

from ipitui.core.filters import SEARCH_COLUMN
from ipitui.tui.widgets.table_rows import (
    compute_view,
    keys_like,
    position_of,
    position_of_row,
    row_order,
    shown_keys,
    text_ranks,
    text_to_search,
)
from ipitui.tui.widgets.table_state import TableState


def catalog(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [f"SKU-{i:02d}" for i in range(n)],
            "product_name": [f"{'Blue' if i % 3 == 0 else 'Red'} widget {i}" for i in range(n)],
            "available": [(i * 7) % 11 for i in range(n)],
        }
    )


def parse(text: str, columns: object) -> pl.Expr:
    name, value = text.split(">")
    return pl.col(name) > int(value)


def shown(state: TableState, frame: pl.DataFrame, busy: str = "") -> TableState:
    """Computes what ``state`` asks, as the table's worker does, and shows it."""
    request = state.request()
    assert request is not None
    result = compute_view(request)
    if state.view_ready(result):
        state.set_view(result.source, result.order, result.columns)
        if result.cursor is not None:
            state.cursor_row = result.cursor
    return state


def test_the_state_module_loads_without_textual() -> None:
    code = (
        "import sys; import ipitui.tui.widgets.table_state; "
        "assert not any(m.split('.')[0] == 'textual' for m in sys.modules), 'textual loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_load_sort_and_filter_keep_the_cursor_key() -> None:
    frame = catalog(12)
    state = TableState(parse=parse)
    assert not state.ready and state.total == 0 and state.cursor_key is None
    assert state.load(frame, "", None)
    assert not state.ready and state.latest is frame  # coming, not shown yet
    shown(state, frame)
    assert state.ready and (state.shown, state.total) == (12, 12)
    assert [c.name for c in state.columns][0] == "sku"  # the key column first
    state.cursor_row = 5
    assert state.cursor_key == "SKU-05" and state.cursor_values()["available"] == 2
    state.sort_state = ("available", True)
    shown(state, frame)
    expected = frame.sort("available", descending=True, maintain_order=True)["sku"].to_list()
    assert state.shown_keys(0, 12) == expected
    assert state.cursor_key == "SKU-05"  # kept across the sort
    state.set_filter("available>5", parse("available>5", None))
    assert state.filter_applied("available>5") and not state.filter_applied("available>6")
    shown(state, frame)
    wanted = [k for k in expected if frame.filter(pl.col("sku") == k)["available"][0] > 5]
    assert state.shown_keys(0, state.shown) == wanted and (state.shown, state.total) == (5, 12)
    assert state.cursor_key == wanted[0]  # SKU-05 is no longer shown: the first row
    assert state.clear_filter() and not state.clear_filter()
    shown(state, frame)
    assert state.shown == 12 and state.match_text == "available>5"  # kept for n / N


def test_a_result_of_an_older_generation_is_dropped() -> None:
    frame = catalog(6)
    state = TableState()
    state.load(frame, "", None)
    old = state.request()
    assert old is not None
    state.sort_state = ("available", False)
    new = state.request()
    assert new is not None and new.generation > old.generation
    assert not state.is_current(old.generation) and state.is_current(new.generation)
    assert not state.view_ready(compute_view(old))  # dropped
    assert state.view_ready(compute_view(new))


def test_selection_ranges_and_targets() -> None:
    frame = catalog(10)
    state = TableState()
    state.load(frame, "", None)
    shown(state, frame)
    assert state.targets() == ["SKU-00"]  # nothing selected: the cursor row
    assert state.toggle_selected() and state.selection == {"SKU-00"}
    state.cursor_row = 3
    assert state.extend_range() == (0, 4)
    state.select(state.shown_keys(0, 4))
    assert state.targets() == ["SKU-00", "SKU-01", "SKU-02", "SKU-03"]
    state.cursor_row = 1
    assert state.extend_range() == (1, 4)  # from the last row extended to
    state.clear_selection()
    assert state.selection == set() and state.targets() == ["SKU-01"]
    assert state.clamp(99) == 9 and state.clamp(-3) == 0


def test_matches_walk_round_the_ends() -> None:
    state = TableState()
    assert not state.can_match()
    state.load(catalog(10), "", None)
    shown(state, catalog(10))
    state.set_filter("blue", pl.col("product_name").str.contains("Blue"))
    assert state.can_match()
    state.matches = pl.Series([0, 3, 6, 9], dtype=pl.UInt32)
    state.cursor_row = 3
    assert state.match_target(forward=True) == 6
    assert state.match_target(forward=False) == 0
    state.cursor_row = 9
    assert state.match_target(forward=True) == 0
    state.cursor_row = 0
    assert state.match_target(forward=False) == 9
    state.matches = pl.Series([], dtype=pl.UInt32)
    assert state.match_target(forward=True) is None


def test_the_window_is_rows_around_the_screen_in_the_order_shown() -> None:
    frame = catalog(200)
    state = TableState()
    state.load(frame, "", None)
    state.sort_state = ("sku", True)
    shown(state, frame)
    window = state.window_for(100, height=10)
    assert window.top == 90 and window.size == 30
    assert window.keys[10] == frame.sort("sku", descending=True)["sku"][100]
    assert state.window_for(110, height=10) is window  # inside: kept
    assert state.window_for(150, height=10) is not window


def test_ranks_and_search_text_are_kept_for_the_rows_shown_only() -> None:
    frame = catalog(5)
    state = TableState()
    state.load(frame, "", None)
    assert state.texts_to_rank() == []  # the rows are coming, not shown
    shown(state, frame)
    # the titles are ranked when sorted by, not ahead (``RANKED_WHEN_SORTED``)
    assert state.texts_to_rank() == [SEARCH_COLUMN, "sku"]
    assert state.texts_to_rank() == []  # being ranked
    search = text_to_search(frame)
    assert search is not None
    state.ranks_ready(frame.clone(), {SEARCH_COLUMN: search})  # another frame: dropped
    assert state.ranked == frozenset() and state.search_text is None
    state.ranks_ready(frame, {SEARCH_COLUMN: search})
    assert state.ranked == {SEARCH_COLUMN} and state.search_text is search
    state.load(catalog(5), "", None)
    shown(state, state.latest)
    assert state.ranked == frozenset()  # new rows: the old ranks go


def test_a_kept_filter_new_rows_cannot_take_is_dropped() -> None:
    state = TableState(parse=parse)
    state.load(catalog(8), "", None)
    shown(state, catalog(8))
    state.set_filter("available>5", parse("available>5", None))
    shown(state, catalog(8))
    assert state.shown < 8
    state.load(catalog(8).drop("available"), "", None)
    request = state.request()
    assert request is not None
    result = compute_view(request)
    assert result.filter_dropped and state.view_ready(result)
    assert state.filter_text == "" and state.filter_expr is None


def test_order_helpers() -> None:
    frame = pl.DataFrame({"k": ["a", "b", "c", "d"], "v": [3, None, 1, 1]})
    order = row_order(frame, None, ("v", False))
    assert order.to_list() == [2, 3, 0, 1]
    assert row_order(frame, pl.col("v") > 1, ("v", True)).to_list() == [0]
    assert row_order(frame, pl.col("v") >= 1, None).to_list() == [0, 2, 3]
    keys = frame["k"]
    assert position_of(keys, order, "a") == 2
    assert position_of(keys, None, "c") == 2
    assert position_of(keys, order, "zz") is None
    assert position_of_row(order, 0) == 2
    assert position_of_row(None, 3) == 3
    assert position_of_row(row_order(frame, pl.col("v") > 1, None), 2) is None
    assert shown_keys(keys, order, 1, 3) == ["d", "a"]
    assert shown_keys(keys, None, 1, 3) == ["b", "c"]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("mask", [None, pl.col("v") > 0])
def test_a_text_column_sorts_the_same_by_its_ranks(descending: bool, mask: pl.Expr | None) -> None:
    frame = pl.DataFrame(
        {
            "t": ["b", None, "Ā", "a", "b", "B", "", None, "ab", "a"],  # ties, nulls, bytes
            "v": [1, 2, 0, 3, 4, 5, 6, 0, 7, 8],
        }
    )
    ranks = {"t": text_ranks(frame, "t")}
    by_ranks = row_order(frame, mask, ("t", descending), ranks)
    assert by_ranks is not None
    assert by_ranks.to_list() == row_order(frame, mask, ("t", descending)).to_list()
    assert text_ranks(frame, "v") is None  # numbers sort as they are


def test_keys_like_ignores_case_and_puts_the_exact_key_first() -> None:
    keys = pl.Series("sku", ["red-MUG-2", "RED-MUG", "Ōsaka-mug", None])
    assert keys_like(keys, "RED-MUG", 5) == ["RED-MUG", "red-MUG-2"]
    assert keys_like(keys, "mug", 2) == ["red-MUG-2", "RED-MUG"]
    assert keys_like(keys, "ōSAKA", 5) == ["Ōsaka-mug"]
