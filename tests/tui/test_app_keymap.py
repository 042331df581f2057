"""The key table: ids, no clashes, remapping by id, and text shown literally."""

from __future__ import annotations

from collections import Counter

import pytest
from rich.text import Text

from ipitui.tui import keymap
from ipitui.tui.text import clean, join, literal


def test_every_binding_has_a_unique_id_and_a_description() -> None:
    ids = Counter(k.id for k in keymap.KEYS)
    assert not [i for i, n in ids.items() if n > 1]
    assert all(k.description and k.keys and k.scope in keymap.SCOPE_TITLES for k in keymap.KEYS)


def test_no_key_is_bound_twice_where_both_are_active() -> None:
    # The table's keys sit under the pane's, which sit under the screen's: a clash anywhere
    # on that chain would hide a binding.
    seen: dict[str, str] = {}
    for k in keymap.KEYS:
        for key in k.keys.split(","):
            assert key not in seen, f"{key!r} bound by {seen.get(key)} and {k.id}"
            seen[key] = k.id


def test_the_design_keys_are_there() -> None:
    by_key = {key: k.id for k in keymap.KEYS for key in k.keys.split(",")}
    expected = {
        "j": "table.down", "k": "table.up", "g": "table.top", "G": "table.bottom",
        "ctrl+d": "table.half-down", "ctrl+u": "table.half-up", "h": "table.left",
        "l": "table.right", "1": "pane.overview", "6": "pane.decisions", "tab": "pane.next",
        "shift+tab": "pane.previous", "enter": "sku.detail", "space": "table.toggle-select",
        "v": "table.extend-select", "ctrl+a": "table.select-all", "escape": "table.clear",
        "r": "mark.remove", "d": "mark.dispose", "L": "mark.liquidate", "p": "mark.promote",
        "s": "mark.restock", "f": "mark.fix", "x": "mark.clear", "u": "app.undo",
        "ctrl+r": "app.redo", "slash": "table.filter", "n": "table.next-match",
        "N": "table.previous-match", "left_square_bracket": "table.sort-asc",
        "right_square_bracket": "table.sort-desc", "e": "app.export", "i": "app.import",
        "ctrl+p": "app.palette", "question_mark": "app.help", "f1": "app.help", "q": "app.quit",
    }  # fmt: skip
    assert {key: by_key.get(key) for key in expected} == expected


def test_live_keys_follow_the_keymap() -> None:
    keys = {k.id: k for k in keymap.live_keys({"mark.remove": "R,delete"}, str.upper)}
    assert keys["mark.remove"].keys == ("R", "DELETE")
    assert keys["table.down"].keys == ("J", "DOWN")
    assert keymap.unknown_ids({"mark.remove": "R", "no.such": "z"}) == ["no.such"]


def test_bindings_carry_their_ids() -> None:
    for scope in keymap.SCOPE_TITLES:
        for binding in keymap.bindings(scope):
            assert keymap.BY_ID[binding.id].action == binding.action


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("[bold red]x[/] \x1b[31m", "[bold red]x[/] [31m"),
        ("tab\there\nnext\r\nline", "tab here next  line"),
        ("bell\x07 del\x7f c1\x9b", "bell del c1"),
        ("rtl\u202eevil\u2066", "rtlevil"),
        ("plain ascii", "plain ascii"),
        ("caf\u00e9 \u00a0nbsp", "caf\u00e9 \u00a0nbsp"),
        (None, ""),
        (12.5, "12.5"),
    ],
)
def test_clean(raw: object, shown: str) -> None:
    assert clean(raw) == shown


def test_literal_is_never_markup() -> None:
    text = literal("[bold]SKU[/bold]")
    assert isinstance(text, Text) and text.plain == "[bold]SKU[/bold]" and not text.spans
    joined = join([literal("[red]a"), "[b]b"])
    assert joined.plain == "[red]a  [b]b" and not joined.spans
