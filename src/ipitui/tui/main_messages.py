"""The messages the main screen's workers and its journal thread post back to it.

A worker or a thread never touches a widget: it posts one of these, and the screen's handler
(``on_loaded``, ``on_load_failed``, ``on_written``, ``on_detail_ready``, ``on_form_ready``)
shows the result on the event loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from ipitui.core.decisions import Action
from ipitui.tui.widgets.frame_table import FrameTable

if TYPE_CHECKING:  # the scoring core loads with the account, in a worker
    from ipitui.account import Account, Outcome


class Loaded(Message):
    """The account is loaded and scored."""

    def __init__(self, account: Account) -> None:
        super().__init__()
        self.account = account


class LoadFailed(Message):
    """The account could not be loaded (``no_data``: nothing imported yet)."""

    def __init__(self, error: str, no_data: bool) -> None:
        super().__init__()
        self.error = error
        self.no_data = no_data


class Written(Message):
    """The journal recorded what was queued and the account was scored again."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class DetailReady(Message):
    """A SKU's detail (and its decision's effect) for the detail screen."""

    def __init__(self, detail: dict[str, Any], effect: dict[str, Any] | None) -> None:
        super().__init__()
        self.detail = detail
        self.effect = effect


class FormReady(Message):
    """The decision form's defaults are computed: the form can open."""

    def __init__(
        self, action: Action, skus: list[str], table: FrameTable, defaults: dict[str, Any]
    ) -> None:
        super().__init__()
        self.action = action
        self.skus = skus
        self.table = table
        self.defaults = defaults
