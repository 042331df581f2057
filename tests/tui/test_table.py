"""The virtual polars table: drawing, cursor keys, sort, filter, matches and selection."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pytest
from snapshots import settle
from textual.app import App, ComposeResult

from ipitui.core import parse_filter
from ipitui.core.decisions import Action, Decision
from ipitui.core.filters import SEARCH_COLUMN
from ipitui.tui.widgets.frame_table import Explain, FilterParser, FrameTable


def text_filter(text: str, columns: Sequence[str] | None) -> pl.Expr:
    """A small filter language of its own (the table takes any): 'col>n' or a title substring."""
    assert columns is not None and "sku" in columns
    if ">" in text:
        name, value = text.split(">")
        if not value.strip().isdigit():
            raise ValueError(f"{value!r} is not a number")
        return pl.col(name.strip()) > int(value)
    return pl.col("product_name").str.to_lowercase().str.contains(text.lower(), literal=True)


def catalog(n: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "sku": [f"SKU-{i:05d}" for i in range(n)],
            "product_name": [f"{'Blue' if i % 3 == 0 else 'Red'} widget {i}" for i in range(n)],
            "available": [(i * 37) % 101 for i in range(n)],
            "days_of_supply": [float("inf") if i % 10 == 0 else float(i) for i in range(n)],
            "excess_cost_month": [i * 1234.5 for i in range(n)],
        }
    )


class TableApp(App):
    def __init__(
        self,
        frame: pl.DataFrame | None,
        parser: FilterParser | None = text_filter,
        explain: Explain | None = None,
    ) -> None:
        super().__init__()
        self.frame = frame
        self.parser = parser
        self.explain = explain
        self.failures: list[str] = []

    def compose(self) -> ComposeResult:
        yield FrameTable(filter_parser=self.parser)

    def on_mount(self) -> None:
        table = self.query_one(FrameTable)
        table.focus()
        table.load(self.frame, message="Loading...", explain=self.explain)

    def on_frame_table_filter_failed(self, message: FrameTable.FilterFailed) -> None:
        self.failures.append(message.error)


def lines(table: FrameTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def test_draws_header_rows_and_formats_numbers() -> None:
    app = TableApp(catalog(50))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        shown = lines(table)
        assert shown[0].split()[:3] == ["SKU", "Title", "Avail"]
        assert "SKU-00000" in shown[1] and "no sales" in shown[1]
        assert "SKU-00003" in shown[4] and "3,703.50" in shown[4]
        assert table.shown == table.total == 50
        assert table.cursor_key == "SKU-00000"


async def test_loading_message_then_empty_message() -> None:
    app = TableApp(None)
    async with app.run_test(size=(60, 8)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        assert "Loading..." in lines(table)[2]
        table.load(catalog(0))
        await settle(app, pilot)
        assert "No rows." in "".join(lines(table))
        assert table.cursor_key is None and table.targets() == []


async def test_cursor_keys() -> None:
    app = TableApp(catalog(1000))
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        await pilot.press("j", "j", "down")
        assert table.cursor_row == 3
        await pilot.press("k", "up")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_key == "SKU-00999"
        assert "SKU-00999" in lines(table)[-1]
        await pilot.press("g")
        assert table.cursor_row == 0
        page = table.scrollable_content_region.height - 1
        await pilot.press("ctrl+d")
        assert table.cursor_row == page // 2
        await pilot.press("ctrl+u")
        assert table.cursor_row == 0
        await pilot.press("pagedown", "pagedown")
        assert table.cursor_row == 2 * page
        await pilot.press("pageup")
        assert table.cursor_row == page
        await pilot.press("end", "j")
        assert table.cursor_row == 999
        await pilot.press("home", "k")
        assert table.cursor_row == 0


async def test_columns_scroll_and_the_key_column_stays() -> None:
    app = TableApp(catalog(20))
    async with app.run_test(size=(44, 8)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        assert "Cost/mo" not in lines(table)[0]
        await pilot.press("l", "l", "l", "right")
        assert table.current_column.name == "excess_cost_month"
        header = lines(table)[0]
        # the cursor's column comes into view; the columns it needs the room of make way,
        # and "<" says columns just left of it are not drawn
        assert header.split() == ["SKU", "Title", "<", "Cost/mo"]
        assert [c.name for c in table.visible_columns][-1] == "excess_cost_month"
        await pilot.press("h", "left", "h", "h")
        assert table.current_column.name == "sku"
        assert lines(table)[0].split() == ["SKU", "Title", "Avail", ">"]


async def test_sort_keeps_the_cursor_sku_and_is_stable() -> None:
    app = TableApp(catalog(300))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        await pilot.press("j", "j", "j", "j", "j")
        assert table.cursor_key == "SKU-00005"
        await pilot.press("l", "l")  # the Avail column
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert table.sort_state == ("available", True)
        assert table.cursor_key == "SKU-00005"
        assert "Avail ▼" in lines(table)[0]
        await pilot.press("g")
        top = [line.split()[0] for line in lines(table)[1:4]]
        avail = catalog(300).sort("available", descending=True, maintain_order=True)
        assert top == avail["sku"].head(3).to_list()
        await pilot.press("left_square_bracket")
        await settle(app, pilot)
        assert table.cursor_key == avail["sku"][0]  # kept across the re-sort
        assert table.sort_state == ("available", False)


async def test_filter_counts_and_bad_filter_changes_nothing() -> None:
    app = TableApp(catalog(90))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        assert table.apply_filter("blue")
        await settle(app, pilot)
        assert (table.shown, table.total) == (30, 90)
        assert all("Blue" in line for line in lines(table)[1:])
        assert not table.apply_filter("available>lots")
        await settle(app, pilot)
        assert app.failures == ["'lots' is not a number"]
        assert table.shown == 30 and table.filter_text == "blue"
        table.apply_filter("nosuchcolumn>3")  # parses, but fails in polars: reported, kept
        await settle(app, pilot)
        assert "nosuchcolumn" in app.failures[-1]
        assert table.shown == 30
        table.apply_filter("widget 1234567")
        await settle(app, pilot)
        assert table.shown == 0
        assert "No rows match the filter 'widget 1234567'" in "".join(lines(table))


async def test_esc_clears_selection_then_filter_and_n_walks_matches() -> None:
    app = TableApp(catalog(30))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        await pilot.press("n")
        assert "no filter yet" in app.failures[-1]
        table.apply_filter("blue")
        await settle(app, pilot)
        await pilot.press("space")
        assert table.selection == {"SKU-00000"}
        await pilot.press("escape")
        assert table.selection == set() and table.filter_text == "blue"
        await pilot.press("escape")
        await settle(app, pilot)
        assert table.filter_text == "" and table.shown == 30
        await pilot.press("g", "n")
        await settle(app, pilot)
        assert table.cursor_key == "SKU-00003"
        await pilot.press("n")
        assert table.cursor_key == "SKU-00006"
        await pilot.press("N", "N")
        assert table.cursor_key == "SKU-00000"
        await pilot.press("N")
        assert table.cursor_key == "SKU-00027"  # wrapped round to the last match
        await pilot.press("n")
        assert table.cursor_key == "SKU-00000"


async def test_selection_space_range_and_all_shown() -> None:
    app = TableApp(catalog(40))
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        await pilot.press("space", "space")
        assert table.selection == {"SKU-00000", "SKU-00001"}
        assert table.cursor_row == 2
        assert lines(table)[1].startswith("*") and lines(table)[2].startswith("*")
        await pilot.press("space")  # anchor at row 2, the cursor moves to row 3
        await pilot.press("j", "j", "j", "v")
        assert table.selection == {f"SKU-{i:05d}" for i in range(7)}
        await pilot.press("k", "space")  # unselect row 5 again
        assert "SKU-00005" not in table.selection and len(table.selection) == 6
        assert table.targets() == sorted(table.selection)
        await pilot.press("escape")
        assert table.targets() == ["SKU-00006"]  # nothing selected: the cursor row
        table.apply_filter("blue")
        await settle(app, pilot)
        await pilot.press("ctrl+a")
        assert table.selection == {f"SKU-{i:05d}" for i in range(0, 40, 3)}


async def test_select_all_of_a_large_list_runs_in_a_worker() -> None:
    app = TableApp(catalog(60_000))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert len(table.selection) == 60_000
        assert table.busy == ""


async def test_decision_letters_and_literal_titles() -> None:
    frame = pl.DataFrame(
        {
            "sku": ["A", "B[red]", "C"],
            "product_name": ["[bold red]x[/] \x1b[31mred\x1b[0m", "tab\there", "line\nbreak"],
        }
    )
    app = TableApp(frame)
    async with app.run_test(size=(60, 8)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        table.set_marks(
            {"A": Decision("A", Action.REMOVE), "B[red]": Decision("B[red]", Action.FIX)}
        )
        await pilot.pause()
        shown = lines(table)
        assert shown[1].startswith(" R A")
        assert "[bold red]x[/] [31mred[0m" in shown[1]
        assert "\x1b" not in "".join(shown)
        assert shown[2].startswith(" F B[red]") and "tab here" in shown[2]
        assert "line break" in shown[3]
        segments = [s for s in table.render_line(1)]
        assert not any(s.style and s.style.color and s.style.color.name == "red" for s in segments)


async def prepared(app: App, pilot) -> FrameTable:
    """The table once its text columns are ranked and its search text computed."""
    await settle(app, pilot)
    table = app.query_one(FrameTable)
    for _ in range(100):
        if {"sku", SEARCH_COLUMN} <= table.state.ranked:
            break
        await pilot.pause(0.01)
    return table


async def test_the_focused_table_ranks_its_text_columns_for_later_sorts() -> None:
    app = TableApp(catalog(40))
    async with app.run_test(size=(100, 12)) as pilot:
        table = await prepared(app, pilot)
        # the titles are ranked when sorted by, not ahead (``RANKED_WHEN_SORTED``)
        assert table.state.ranked == {"sku", SEARCH_COLUMN}
        table.sort_by("product_name", True)
        await settle(app, pilot)
        assert table.state.ranked == {"sku", "product_name", SEARCH_COLUMN}
        expected = catalog(40).sort("product_name", descending=True)["sku"].to_list()
        assert [table.cursor_key] == expected[table.cursor_row : table.cursor_row + 1]
        await pilot.press("g")
        assert table.cursor_key == expected[0]


async def test_new_rows_replace_the_old_ones_without_a_gap() -> None:
    app = TableApp(catalog(30))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        table.apply_filter("blue")
        table.sort_by("available", True)
        await settle(app, pilot)
        assert (table.shown, table.total) == (10, 30)
        table.load(catalog(60))
        assert table.ready and table.total == 30  # the old rows stay until the new are ready
        assert "SKU-" in lines(table)[1]
        table.sort_by("available", False)  # sorted again while the new rows are prepared
        await settle(app, pilot)
        assert (table.shown, table.total) == (20, 60)
        assert table.filter_text == "blue" and table.sort_state == ("available", False)


async def test_a_kept_filter_the_new_rows_cannot_take_is_cleared() -> None:
    app = TableApp(catalog(30))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        table.apply_filter("available>50")
        await settle(app, pilot)
        assert table.shown < 30
        table.load(catalog(30).drop("available"))
        await settle(app, pilot)
        assert table.filter_text == "" and table.shown == 30
        assert "filter was cleared" in app.failures[-1]


@pytest.mark.parametrize("text", ["blue", "sku-0001", "WIDGET 1 units>50", "nothing"])
async def test_a_filter_reads_the_search_text_and_shows_the_same_rows(text: str) -> None:
    frame = catalog(200)
    app = TableApp(frame, parser=None)  # the filter line's own language
    async with app.run_test(size=(100, 12)) as pilot:
        table = await prepared(app, pilot)
        search = table.state.search_text
        # the SKU (and ASIN) only: the titles are matched where they are
        assert search is not None and search[7] == "SKU-00007"
        table.go_to_key("SKU-00150")
        await settle(app, pilot)
        table.apply_filter(text)
        await settle(app, pilot)
        wanted = frame.filter(parse_filter(text, frame.columns))["sku"].to_list()
        assert table.shown == len(wanted) and not app.failures
        assert table.state.shown_keys(0, table.shown) == wanted
        if "SKU-00150" in wanted:  # the cursor stays on its row
            assert table.cursor_key == "SKU-00150"


async def test_enter_on_a_filter_already_applied_computes_nothing() -> None:
    app = TableApp(catalog(30))
    async with app.run_test(size=(100, 12)) as pilot:
        table = await prepared(app, pilot)
        assert table.apply_filter("blue")
        await settle(app, pilot)
        generation = table.state.generation
        assert table.apply_filter(" blue ") and table.state.generation == generation
        assert table.apply_filter("red") and table.state.generation > generation


class Noted:
    """A note put together for the rows on screen only (as the excess and aging lists put
    their reasons in words), from a column the table shows none of."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.rows: list[int] = []

    def __call__(self, rows: pl.DataFrame) -> pl.DataFrame:
        self.rows.append(rows.height)
        if self.fail and rows.height:
            raise pl.exceptions.ComputeError("no")
        note = pl.format("{} on hand", pl.col("secret") // 1000).alias("note")
        return rows.with_columns(note).drop("secret")


def with_secret(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(secret=pl.col("available") * 1000)


async def test_columns_put_together_for_the_rows_on_screen() -> None:
    noted = Noted()
    app = TableApp(with_secret(catalog(5000)), explain=noted)
    async with app.run_test(size=(140, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        assert [c.name for c in table.columns][-1] == "note"
        assert "secret" not in [c.name for c in table.columns]
        shown = lines(table)
        assert "Note" in shown[0] and "Secret" not in shown[0]
        assert "SKU-00003" in shown[4] and "10 on hand" in shown[4]  # 3 * 37 % 101
        # only rows around the screen (and a sample to size the column) are explained
        assert sum(noted.rows) < 1000  # of 5,000 rows
        await pilot.press("G")
        await settle(app, pilot)
        last = next(line for line in lines(table) if "SKU-04999" in line)
        assert f"{4999 * 37 % 101} on hand" in last
        assert sum(noted.rows) < 1000  # of 5,000 rows
        # it cannot be sorted: said, and the order stays
        table.cursor_col = len(table.columns) - 1
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert table.sort_state is None
        assert app.failures and "cannot be sorted" in app.failures[-1]


async def test_a_failing_explain_shows_dashes_not_a_crash() -> None:
    app = TableApp(with_secret(catalog(20)), explain=Noted(fail=True))
    async with app.run_test(size=(140, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        assert [c.name for c in table.columns][-1] == "note"
        shown = lines(table)
        assert "SKU-00003" in shown[4] and shown[4].rstrip().endswith("-")


async def test_a_frame_without_its_key_column_shows_its_rows() -> None:
    """Rows without the key (a SKU) are drawn like any others; only what needs a key (the
    cursor's key, a selection) has none."""
    app = TableApp(catalog(30).drop("sku"))
    async with app.run_test(size=(100, 12)) as pilot:
        await settle(app, pilot)
        table = app.query_one(FrameTable)
        shown = lines(table)
        assert shown[0].split()[:2] == ["Title", "Avail"]
        assert "Blue widget 0" in shown[1] and "Red widget 1" in shown[2]
        assert table.shown == table.total == 30
        assert table.cursor_key is None and table.targets() == []
        await pilot.press("j", "space", "G")
        await settle(app, pilot)
        assert table.selection == set()
        assert any("widget 29" in line for line in lines(table))


async def test_a_failing_explain_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    app = TableApp(with_secret(catalog(20)), explain=Noted(fail=True))
    with caplog.at_level("WARNING", logger="ipitui.tui.widgets.frame_table"):
        async with app.run_test(size=(140, 12)) as pilot:
            await settle(app, pilot)
            lines(app.query_one(FrameTable))
    assert any("no" in r.getMessage() and r.exc_info for r in caplog.records), caplog.records


async def test_a_bug_in_explain_is_logged_not_shown_as_dashes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Only data errors (polars', a bad value) are shown as "-": a programming error in a
    list's way of showing its rows is logged with its traceback and said, not hidden."""

    def broken(rows: pl.DataFrame) -> pl.DataFrame:
        if rows.height:
            raise AttributeError("a bug")
        return rows

    app = TableApp(catalog(20), explain=broken)
    with caplog.at_level("ERROR", logger="ipitui.tui.widgets.frame_table"):
        async with app.run_test(size=(140, 12)) as pilot:
            table = app.query_one(FrameTable)
            for _ in range(2000):  # (``settle`` raises the failed worker's error)
                if not table.busy:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            assert not table.ready and not table.busy
            assert "could not be shown" in "".join(lines(table))
    assert any(r.exc_info and r.exc_info[0] is AttributeError for r in caplog.records)


def test_layout_by_priority_with_a_flexible_title() -> None:
    from ipitui.tui.widgets.columns import Column
    from ipitui.tui.widgets.table_render import layout

    cols = [
        Column("sku", "SKU", "text", 10),
        Column("product_name", "Title", "text", 30, min_width=16),
        Column("asin", "ASIN", "text", 10),
        Column("excess_units", "Excess", "int", 8),
        Column("suggested_action", "Suggest", "text", 9),
    ]
    priority = ("sku", "excess_units", "suggested_action", "product_name", "asin")

    def drawn(width: int, cursor: int = 0) -> list[tuple[str, int]]:
        return [(c.name, c.width) for _, c in layout(cols, priority, cursor, width)]

    # 2 (marks) + 11 (SKU) + 9 + 10 = 32 cells, and one kept for ">"
    assert drawn(33) == [("sku", 10), ("excess_units", 8), ("suggested_action", 9)]
    assert drawn(45) == [("sku", 10), ("excess_units", 8), ("suggested_action", 9)]
    # the title comes in at its least width, in its own place (left), and takes what is left
    assert drawn(50)[1] == ("product_name", 16)
    assert drawn(60)[1] == ("product_name", 26)
    # a column of lower priority comes only when the title can be whole
    assert "asin" not in dict(drawn(70))
    assert drawn(75) == [(c.name, c.width) for c in cols]
    # the cursor's column is always drawn; the others that fit follow it
    assert dict(drawn(34, cursor=2)) == {"sku": 10, "asin": 10, "excess_units": 8}
