"""The small form behind a decision key: units, discount, uplift, days or a snooze date.

It opens filled with sensible defaults (the SKU's excess units, the suggested discount …),
checks every field as it is typed, submits with enter and cancels with esc. It dismisses
with the decision's parameters, ready for ``Decision(sku, action, **params)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Footer, Input, Label, Static

from ipitui.core.decisions import ACTIONS, FIELDS, MAX_NOTE, PARAMS, Action
from ipitui.tui.screens.dialog import Dialog
from ipitui.tui.text import literal

__all__ = ["ACTION_FIELDS", "PARAMS", "MarkForm", "initial_text", "parse_field"]

# The fields each action's form asks for, from the action table in ipitui.core.decisions.
ACTION_FIELDS: dict[Action, tuple[str, ...]] = {a: s.fields for a, s in ACTIONS.items()}


def _number(text: str, hint: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"not a number: expected {hint}") from None
    if not FIELDS[name].in_range(value):
        raise ValueError(f"out of range: expected {hint}")
    return value


def _whole(text: str, hint: str, name: str, most: int | None = None) -> int:
    if not text.isdigit():
        raise ValueError(f"expected {hint}")
    value = int(text)
    if not FIELDS[name].in_range(value) or (most is not None and value > most):
        raise ValueError(f"expected {hint}")
    return value


def parse_field(name: str, text: str, defaults: Mapping[str, Any]) -> Any:
    """The value of one field, or ``ValueError`` saying what is expected."""
    text = text.strip()
    hint = FIELDS[name].hint
    if name == "note":
        return "".join(ch for ch in text if ch.isprintable())[:MAX_NOTE]
    if not text:
        if name == "quantity" and defaults.get("quantity") is None:
            return None  # each SKU's own default
        raise ValueError(f"required: {hint}")
    if name == "quantity":
        most = defaults.get("max_quantity")
        if most is not None:
            hint = f"a whole number from 1 to {most}"
        return _whole(text.replace(",", ""), hint, name, most)
    if FIELDS[name].kind == "number":
        return _number(text.rstrip("%"), hint, name)
    if FIELDS[name].kind == "whole":
        return _whole(text, hint, name)
    try:
        when = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date: expected {hint}") from None
    today = defaults.get("today") or date.today()
    if when <= today:
        raise ValueError(f"{when.isoformat()} is not after today ({today.isoformat()})")
    return when


def initial_text(name: str, defaults: Mapping[str, Any]) -> str:
    value = defaults.get(name)
    if name == "until" and value is None:
        value = (defaults.get("today") or date.today()) + timedelta(days=30)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class MarkForm(Dialog[dict[str, Any] | None]):
    """Ask for the parameters of ``action``; dismiss with all of :data:`PARAMS` or ``None``.

    ``defaults`` may hold any of :data:`PARAMS` plus ``today`` (for the snooze date),
    ``max_quantity`` (units there are), ``count`` (how many SKUs) and ``sku`` (shown in the
    title when there is one). A ``quantity`` of ``None`` means each SKU keeps its own default.

    ``decide``, when given, receives the parameters as soon as enter is pressed, before the
    form closes: the decision is on its way while the screen below repaints.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form.cancel")]

    def __init__(
        self,
        action: Action | str,
        defaults: Mapping[str, Any] | None = None,
        decide: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        super().__init__()
        self.decide = decide
        self._errors: dict[str, str] = {}  # each field's message as shown
        self.action = Action(action)
        self.defaults = dict(defaults or {})
        self.names = ACTION_FIELDS[self.action]

    def compose(self) -> ComposeResult:
        count = int(self.defaults.get("count") or 1)
        with Vertical(id="dialog") as box:
            box.border_title = ACTIONS[self.action].verb
            if count > 1:
                what = literal(f"{count:,} SKUs")
            else:
                what = literal(self.defaults.get("sku") or "this SKU")
            what.stylize("bold")
            yield Static(what, id="target")
            with Grid(id="fields"):
                for name in self.names:
                    yield Label(FIELDS[name].label, classes="label")
                    placeholder = FIELDS[name].hint
                    blank = ACTIONS[self.action].quantity_default
                    if name == "quantity" and self.defaults.get("quantity") is None and blank:
                        placeholder = f"blank: each SKU's {blank}"
                    yield Input(
                        initial_text(name, self.defaults),
                        placeholder=placeholder,
                        id=f"f-{name}",
                        compact=True,
                    )
                    yield Label("", id=f"e-{name}", classes="problem", markup=False)
            yield Static("enter saves, esc cancels, tab moves between fields", classes="hint")
        yield Footer()

    DEFAULT_CSS = """
    MarkForm #fields {
        grid-size: 2;
        grid-columns: 16 1fr;
        grid-rows: 1;
        height: auto;
        margin: 1 0;
    }
    MarkForm #fields .problem {
        column-span: 2;
        height: auto;
    }
    MarkForm #fields .problem.-empty {
        display: none;
    }
    MarkForm #fields Input {
        width: 1fr;
    }
    """

    def on_mount(self) -> None:
        for name in self.names:
            self._show_error(name, None)
        self.query_one(f"#f-{self.names[0]}", Input).focus()

    def _show_error(self, name: str, message: str | None) -> None:
        text = message or ""
        if self._errors.get(name) == text:  # unchanged: no layout pass (enter checks every field)
            return
        self._errors[name] = text
        label = self.query_one(f"#e-{name}", Label)
        label.update(text)
        label.set_class(not message, "-empty")

    def _check(self, name: str) -> tuple[bool, Any]:
        text = self.query_one(f"#f-{name}", Input).value
        try:
            value = parse_field(name, text, self.defaults)
        except ValueError as exc:
            self._show_error(name, f"{FIELDS[name].label}: {exc}")
            return False, None
        self._show_error(name, None)
        return True, value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("f-"):
            self._check(event.input.id[2:])

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def values(self) -> dict[str, Any] | None:
        """Every parameter (``None`` where it does not apply), or ``None`` if a field is wrong."""
        params: dict[str, Any] = dict.fromkeys(PARAMS)
        params["note"] = ""
        ok = True
        for name in self.names:
            good, value = self._check(name)
            ok &= good
            params[name] = value
        return params if ok else None

    def action_submit(self) -> None:
        params = self.values()
        if params is None:
            for name in self.names:  # put the cursor on the first wrong field
                if not self.query_one(f"#e-{name}", Label).has_class("-empty"):
                    self.query_one(f"#f-{name}", Input).focus()
                    break
            return
        if self.decide is not None:
            self.decide(params)
        self.dismiss(params)

    def action_cancel(self) -> None:
        self.dismiss(None)
