"""`ipitui mark`, `ipitui marks`, `ipitui undo` and `ipitui redo`: the decisions journal."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date

import polars as pl

from ipitui.core.decisions import FIELDS, Action, Decision
from ipitui.errors import UserError
from ipitui.format import json_text, plural, terminal_text
from ipitui.store.accounts import Account, resolve_account
from ipitui.store.journal import Event, Journal
from ipitui.store.paths import Home

SHOWN = 10  # SKUs named in one message before "and N more"
CLEAR_REFUSES = tuple(f.flag for f in FIELDS.values())  # a clear takes none of them


def run(args: argparse.Namespace, home: Home) -> int:
    account = resolve_account(home, args.account)
    with Journal(home, account.slug) as journal:
        if args.command == "mark":
            if args.action == "clear":
                extra = [f"--{k}" for k in CLEAR_REFUSES if getattr(args, k) not in (None, "")]
                if extra:
                    raise UserError(f"--clear takes no {', '.join(extra)}; nothing recorded")
                return _clear(journal, _skus(args.skus))
            return _mark(args, home, account, journal)
        if args.command == "marks":
            return _list(journal, as_json=args.json)
        return _step(journal, undo=args.command == "undo")


def _skus(raw: Iterable[str]) -> list[str]:
    skus = list(dict.fromkeys(s.strip() for s in raw))
    if not all(skus):
        raise UserError("a SKU cannot be empty; nothing recorded")
    return skus


def _named(skus: list[str]) -> str:
    shown = ", ".join(terminal_text(s) for s in skus[:SHOWN])
    return shown + (f" and {len(skus) - SHOWN} more" if len(skus) > SHOWN else "")


def _until(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--until {text!r} is not a date (YYYY-MM-DD); nothing recorded") from None


def unknown_skus(skus: list[str], known: pl.Series) -> list[str]:
    """The SKUs of ``skus`` that are not in ``known`` (in their order)."""
    asked = pl.Series("sku", skus, dtype=pl.String)
    return asked.filter(~asked.is_in(known.cast(pl.String).implode())).to_list()


def _mark(args: argparse.Namespace, home: Home, account: Account, journal: Journal) -> int:
    from ipitui.store.snapshots import known_skus

    skus = _skus(args.skus)
    action = Action(args.action)
    params = {f.name: getattr(args, f.flag) for f in FIELDS.values()}
    params["until"] = _until(params["until"])
    template = Decision(skus[0], action, **params)
    problems = template.problems(date.today())
    if problems:
        raise UserError("; ".join(problems) + "; nothing recorded")
    known = known_skus(home, account.slug)
    if known.is_empty():
        raise UserError(
            f"account {account.name!r} has no imported report yet, so no SKU can be checked; "
            "run 'ipitui import FILE' first (nothing recorded)"
        )
    missing = unknown_skus(skus, known)
    if missing:
        raise UserError(
            f"not in the data of account {account.name!r}: {_named(missing)}; "
            "nothing recorded (check the SKU, or import a newer report)"
        )
    fields = {k: v for k, v in vars(template).items() if k != "sku"}
    journal.record([Decision(sku, **fields) for sku in skus])
    print(
        f"{action.letter} {action.value}{_params(template)}: {plural(len(skus), 'SKU')}: {_named(skus)}"
    )
    return 0


def _clear(journal: Journal, skus: list[str]) -> int:
    current = journal.current()
    with_decision = [s for s in skus if s in current]
    without = [s for s in skus if s not in current]
    if not with_decision:
        raise UserError(f"no decision to clear for {_named(skus)}; nothing recorded")
    journal.clear(with_decision)
    print(f"cleared {plural(len(with_decision), 'SKU')}: {_named(with_decision)}")
    if without:
        print(f"had no decision: {_named(without)}")
    return 0


def _params(d: Decision) -> str:
    parts = [
        f"qty {d.quantity}" if d.quantity is not None else "",
        f"discount {d.discount_pct:g}%" if d.discount_pct is not None else "",
        f"uplift {d.uplift_pct:g}%" if d.uplift_pct is not None else "",
        f"{d.days} days" if d.days is not None else "",
        f"until {d.until}" if d.until is not None else "",
    ]
    shown = ", ".join(p for p in parts if p)
    return f" ({shown})" if shown else ""


def _as_dict(event: Event) -> dict[str, object]:
    action = Action(event.action)
    return {
        "sku": event.sku,
        "action": action.value,
        "letter": action.letter,
        "quantity": event.quantity,
        "discount_pct": event.discount_pct,
        "uplift_pct": event.uplift_pct,
        "days": event.days,
        "until": event.until.isoformat() if event.until else None,
        "note": event.note,
        "time": event.time,
    }


def _list(journal: Journal, *, as_json: bool) -> int:
    events = [e for _, e in sorted(journal.current_events().items())]
    if as_json:
        print(json_text([_as_dict(e) for e in events]))
        return 0
    if not events:
        print("no decisions yet (mark SKUs with 'ipitui mark SKU --remove' or in the TUI)")
        return 0
    for e in events:
        d = e.decision()
        assert d is not None  # current_events() holds no clears
        note = f"  {terminal_text(e.note)}" if e.note else ""
        print(
            f"{d.action.letter}  {terminal_text(e.sku)}\t{d.action.value}{_params(d)}\t{e.time}{note}"
        )
    print(plural(len(events), "decision"))
    return 0


def _describe(decision: Decision | None) -> str:
    return f"{decision.action.value}{_params(decision)}" if decision else "no decision"


def _step(journal: Journal, *, undo: bool) -> int:
    before = journal.current()
    skus = journal.undo() if undo else journal.redo()
    verb = "undo" if undo else "redo"
    if skus is None:
        print(f"nothing to {verb}")
        return 0
    after = journal.current()
    print(f"{verb}: {plural(len(skus), 'SKU')}")
    for sku in skus:
        print(
            f"  {terminal_text(sku)}: {_describe(before.get(sku))} -> {_describe(after.get(sku))}"
        )
    return 0
