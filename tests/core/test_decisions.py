"""The action table of ipitui.core.decisions and Decision.problems()."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from ipitui.core.decisions import (
    ACTION_LETTERS,
    ACTIONS,
    FIELDS,
    PARAMS,
    QUANTITY_ACTIONS,
    Action,
    Decision,
)

TODAY = date(2026, 5, 1)
ROOT = Path(__file__).resolve().parents[2]

# A value each field accepts.
GOOD = {
    "quantity": 3,
    "discount_pct": 20.0,
    "uplift_pct": 50.0,
    "days": 30,
    "until": TODAY + timedelta(days=1),
    "note": "a note",
}


def test_the_table_covers_every_action_once() -> None:
    assert set(ACTIONS) == set(Action)
    assert all(spec.action is action for action, spec in ACTIONS.items())
    letters = [spec.letter for spec in ACTIONS.values()]
    assert len(set(letters)) == len(letters)
    assert all(len(letter) == 1 and letter.isupper() for letter in letters)
    assert {a: a.letter for a in Action} == ACTION_LETTERS
    assert all(spec.verb for spec in ACTIONS.values())


def test_every_field_is_a_parameter_of_decision() -> None:
    params = [f.name for f in dataclasses.fields(Decision) if f.name not in ("sku", "action")]
    assert list(PARAMS) == params == list(FIELDS)
    for spec in ACTIONS.values():
        assert set(spec.fields) <= set(FIELDS) and "note" in spec.fields
        # a blank quantity has a default exactly when the action takes a quantity
        assert (spec.quantity_default is not None) == ("quantity" in spec.fields)
    assert {a for a, s in ACTIONS.items() if "quantity" in s.fields} == QUANTITY_ACTIONS
    assert len({f.flag for f in FIELDS.values()}) == len(FIELDS)


@pytest.mark.parametrize("action", list(Action))
def test_an_action_takes_its_fields_and_refuses_the_others(action: Action) -> None:
    spec = ACTIONS[action]
    taken = {name: GOOD[name] for name in spec.fields}
    assert Decision("A", action, **taken).problems(TODAY) == []
    for name in PARAMS:
        if name in spec.fields or name == "note":
            continue
        problems = Decision("A", action, **{**taken, name: GOOD[name]}).problems(TODAY)
        assert len(problems) == 1 and "appl" in problems[0], (name, problems)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (Decision(" ", Action.DISCONTINUE), ["a SKU cannot be empty"]),
        (Decision("A", "bogus"), ["unknown action 'bogus'"]),  # type: ignore[arg-type]
        (Decision("A", Action.FIX, quantity=True), ["the quantity must be a whole number above 0, not True"]),
        (Decision("A", Action.FIX, quantity=2.0), ["the quantity must be a whole number above 0, not 2.0"]),  # type: ignore[arg-type]
        (Decision("A", Action.PROMOTE, uplift_pct=float("inf")), ["uplift must be between 0 and 1000, not inf"]),
        (Decision("A", Action.PROMOTE, days=366), ["days must be between 1 and 365, not 366"]),
        (Decision("A", Action.PROMOTE, days=10**400), [f"days must be between 1 and 365, not {10**400}"]),
        (Decision("A", Action.SNOOZE), ["snooze needs a date to snooze until"]),
        (Decision("A", Action.SNOOZE, until=TODAY), ["snooze until 2026-05-01 is not in the future"]),
        (Decision("A", Action.RESTOCK, discount_pct=5.0, days=3), ["discount, days only apply to promote"]),
        (Decision("A", Action.PROMOTE, until=TODAY), ["a date to snooze until only applies to snooze"]),
    ],
)  # fmt: skip
def test_problems_are_readable_sentences(decision: Decision, expected: list[str]) -> None:
    assert decision.problems(TODAY) == expected


def test_problems_checks_the_snooze_date_against_today_by_default() -> None:
    assert Decision("A", Action.SNOOZE, until=date.today()).problems() != []
    assert Decision("A", Action.SNOOZE, until=date.today() + timedelta(days=1)).problems() == []


def test_the_keys_page_lists_every_action_with_its_letter() -> None:
    text = " ".join((ROOT / "docs" / "keys.md").read_text(encoding="utf-8").split())
    listed = re.findall(r"\*\*([A-Z])\*\* (\w+)", text.split("decision letter:", 1)[1][:400])
    assert [(letter, word) for letter, word in listed][: len(Action)] == [
        (s.letter, a.value) for a, s in ACTIONS.items()
    ]


def test_the_keys_page_table_says_what_each_action_takes() -> None:
    text = (ROOT / "docs" / "keys.md").read_text(encoding="utf-8")
    rows = {
        m[1]: [cell.strip() for cell in m[2].split("|")]
        for m in re.finditer(r"^\| \*\*([A-Z])\*\* \|(.*)\|$", text, re.M)
    }
    assert set(rows) == {s.letter for s in ACTIONS.values()}
    for action, spec in ACTIONS.items():
        _, flag, fields, blank = rows[spec.letter]
        assert flag == f"`--{action.value}`"
        for name in spec.fields:
            field = FIELDS[name]
            assert field.label.lower().rstrip(" %") in fields.lower(), (action, name)
            if name != "note":
                assert f"(`--{field.flag}`)" in fields, (action, name)
        assert blank == (f"each SKU's {spec.quantity_default}" if spec.quantity_default else "")
    assert f"0 to {FIELDS['discount_pct'].high:g} %" in " ".join(text.split())
    assert f"0 to {FIELDS['uplift_pct'].high:g} %" in " ".join(text.split())
    assert f"1 to {FIELDS['days'].high:g} days" in " ".join(text.split())
    assert f"first {FIELDS['note'].high:g}" in " ".join(text.split())
