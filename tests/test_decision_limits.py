"""One set of bad values, refused alike by Decision.problems(), the journal, the TUI's
decision form and `ipitui mark` (and one set of boundary values, accepted by all four)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ipitui.cli import main
from ipitui.core.decisions import FIELDS, Action, Decision
from ipitui.errors import UserError
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home
from ipitui.tui.screens.mark_form import parse_field

TODAY = date.today()
ACTION_OF = {
    "quantity": Action.REMOVE,
    "discount_pct": Action.PROMOTE,
    "uplift_pct": Action.PROMOTE,
    "days": Action.PROMOTE,
    "until": Action.SNOOZE,
}

BAD = [
    ("quantity", "0"),
    ("quantity", "-1"),
    ("discount_pct", "-1"),
    ("discount_pct", "95.5"),
    ("discount_pct", "nan"),
    ("uplift_pct", "-0.5"),
    ("uplift_pct", "1000.1"),
    ("uplift_pct", "inf"),
    ("days", "0"),
    ("days", "366"),
    ("until", TODAY.isoformat()),
    ("until", (TODAY - timedelta(days=1)).isoformat()),
]
GOOD = [
    ("quantity", "1"),
    ("discount_pct", "0"),
    ("discount_pct", "95"),
    ("uplift_pct", "0"),
    ("uplift_pct", "1000"),
    ("days", "1"),
    ("days", "365"),
    ("until", (TODAY + timedelta(days=1)).isoformat()),
]


def _value(name: str, text: str) -> object:
    kind = FIELDS[name].kind
    if kind == "whole":
        return int(text)
    if kind == "number":
        return float(text)
    return date.fromisoformat(text)


def _decision(name: str, text: str) -> Decision:
    return Decision("SKU-1", ACTION_OF[name], **{name: _value(name, text)})  # type: ignore[arg-type]


def _cli(home: Home, capsys: pytest.CaptureFixture[str], name: str, text: str) -> tuple[int, str]:
    add_account(home, "Shop")
    flag = f"--{FIELDS[name].flag}"
    code = main(["mark", "SKU-1", f"--{ACTION_OF[name].value}", f"{flag}={text}"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(("name", "text"), BAD)
def test_a_bad_value_is_refused_everywhere(
    name: str, text: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    problems = _decision(name, text).problems(TODAY)
    assert len(problems) == 1
    with Journal(ipitui_home, "shop") as journal, pytest.raises(UserError) as refused:
        journal.record([_decision(name, text)], TODAY)
    assert problems[0] in str(refused.value)
    with pytest.raises(ValueError):
        parse_field(name, text, {"today": TODAY})
    code, err = _cli(ipitui_home, capsys, name, text)
    assert code == 2 and problems[0] in err and "nothing recorded" in err


@pytest.mark.parametrize(("name", "text"), GOOD)
def test_a_boundary_value_is_accepted_everywhere(
    name: str, text: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _decision(name, text).problems(TODAY) == []
    with Journal(ipitui_home, "shop") as journal:
        journal.record([_decision(name, text)], TODAY)
        assert journal.current()["SKU-1"] == _decision(name, text)
    assert parse_field(name, text, {"today": TODAY}) == _value(name, text)
    # past the decision's checks, the CLI stops only because the account has no report yet
    code, err = _cli(ipitui_home, capsys, name, text)
    assert code == 2 and "no imported report yet" in err
