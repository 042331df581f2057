"""The work a ``FrameTable`` does in threads, and the messages that bring it back.

Each function runs in one of the table's thread workers (``FrameTable`` starts them, one
group each: "view", "ranks", "keys"; a new one cancels the one before) and posts its result
to the table as a message of its own: the table handles each on its thread, and drops a
result computed for an older generation (``TableState.is_current``). A filter or sort the
rows cannot take is posted as the table's ``FilterFailed`` (``failed`` makes one), then as
``WorkFailed`` so that the table stops saying it is busy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
    import polars as pl

    from ipitui.tui.widgets.table_rows import ViewRequest, ViewResult

Post = Callable[[Message], object]  # the table's post_message
Failed = Callable[[str], Message]  # the table's FilterFailed, for a reason


class ViewReady(Message, bubble=False, namespace="frame_table"):
    """The rows shown, computed (for a generation, maybe no longer current)."""

    def __init__(self, result: ViewResult) -> None:
        super().__init__()
        self.result = result


class RanksReady(Message, bubble=False, namespace="frame_table"):
    """Text ranks (or the search text) computed for ``source``."""

    def __init__(self, source: pl.DataFrame, ranks: dict[str, pl.Series]) -> None:
        super().__init__()
        self.source = source
        self.ranks = ranks


class RowsGathered(Message, bubble=False, namespace="frame_table"):
    """The keys of a range of rows too long to select on a keypress, to select."""

    def __init__(self, generation: int, keys: list[str]) -> None:
        super().__init__()
        self.generation = generation
        self.keys = keys


class KeyFound(Message, bubble=False, namespace="frame_table"):
    """Where a key is shown (``None``: it is not), to put the cursor on it."""

    def __init__(self, generation: int, position: int | None) -> None:
        super().__init__()
        self.generation = generation
        self.position = position


class MatchesFound(Message, bubble=False, namespace="frame_table"):
    """The rows shown that match the last filter, and the way to go to the next one."""

    def __init__(self, generation: int, matches: pl.Series, forward: bool) -> None:
        super().__init__()
        self.generation = generation
        self.matches = matches
        self.forward = forward


class WorkFailed(Message, bubble=False, namespace="frame_table"):
    """A computation could not use the rows (said in a ``FilterFailed`` before)."""

    def __init__(self, generation: int) -> None:
        super().__init__()
        self.generation = generation


def compute(post: Post, failed: Failed, request: ViewRequest) -> None:
    """The rows shown: filtered, sorted, the cursor's row found, the columns measured."""
    from ipitui.tui.widgets.table_rows import ROW_ERRORS, compute_view, polars_message

    worker = get_current_worker()
    try:
        result = compute_view(request)
    except ROW_ERRORS as exc:
        if not worker.is_cancelled:
            post(failed(polars_message(exc)))
            post(WorkFailed(request.generation))
        return
    if worker.is_cancelled:
        return
    if result.filter_dropped:
        post(failed("the filter was cleared: it does not fit"))
    post(ViewReady(result))


def rank_texts(post: Post, source: pl.DataFrame, names: list[str]) -> None:
    """The search text (when ``names`` starts with ``SEARCH_COLUMN``), then the ranks of
    the text columns ``names``, each posted as soon as computed."""
    from ipitui.core.filters import SEARCH_COLUMN
    from ipitui.tui.widgets.table_rows import text_ranks, text_to_search

    worker = get_current_worker()
    if names and names[0] == SEARCH_COLUMN:
        names = names[1:]
        search = text_to_search(source)
        if search is not None and not worker.is_cancelled:
            post(RanksReady(source, {SEARCH_COLUMN: search}))
    for name in names:
        if worker.is_cancelled:
            return
        ranks = text_ranks(source, name)
        if ranks is not None:
            post(RanksReady(source, {name: ranks}))


def gather(
    post: Post, generation: int, keys: pl.Series, order: pl.Series | None, start: int, stop: int
) -> None:
    """The keys of the rows shown from ``start`` to ``stop``, to select."""
    from ipitui.tui.widgets.table_rows import shown_keys

    chosen = shown_keys(keys, order, start, stop)
    if not get_current_worker().is_cancelled:
        post(RowsGathered(generation, chosen))


def find_key(
    post: Post, generation: int, keys: pl.Series, order: pl.Series | None, key: str
) -> None:
    """Where ``key`` is shown."""
    from ipitui.tui.widgets.table_rows import position_of

    post(KeyFound(generation, position_of(keys, order, key)))


def find_matches(
    post: Post,
    failed: Failed,
    generation: int,
    source: pl.DataFrame,
    order: pl.Series | None,
    expr: pl.Expr,
    forward: bool,
) -> None:
    """The rows shown that ``expr`` (the last filter) matches."""
    from ipitui.tui.widgets.table_rows import ROW_ERRORS, matching_rows, polars_message

    try:
        matches = matching_rows(source, order, expr)
    except ROW_ERRORS as exc:
        post(failed(polars_message(exc)))
        post(WorkFailed(generation))
        return
    post(MatchesFound(generation, matches, forward))
