from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from ipitui.core.decisions import Action, Decision
from ipitui.errors import UserError
from ipitui.store.journal import CLEAR, Journal
from ipitui.store.paths import Home

TODAY = date(2026, 3, 1)


def _open(home: Home) -> Journal:
    return Journal(home, "shop")


def _record(home: Home, *decisions: Decision) -> int:
    with _open(home) as journal:
        return journal.record(list(decisions), today=TODAY)


def _current(home: Home) -> dict[str, Decision]:
    with _open(home) as journal:
        return journal.current()


def test_decisions_survive_a_restart(ipitui_home: Home) -> None:
    promote = Decision("P-1", Action.PROMOTE, None, 25.0, 40.0, 21, None, "spring sale")
    snooze = Decision("Z-1", Action.SNOOZE, until=TODAY + timedelta(days=30))
    first = _record(ipitui_home, Decision("R-1", Action.REMOVE, quantity=5), promote)
    second = _record(ipitui_home, snooze)
    assert second == first + 1
    assert _current(ipitui_home) == {
        "R-1": Decision("R-1", Action.REMOVE, quantity=5),
        "P-1": promote,
        "Z-1": snooze,
    }
    assert ipitui_home.journal("shop").is_file()


def test_the_newest_event_of_a_sku_wins_and_clear_removes(ipitui_home: Home) -> None:
    _record(ipitui_home, Decision("A", Action.REMOVE), Decision("B", Action.DISPOSE))
    _record(ipitui_home, Decision("A", Action.LIQUIDATE, quantity=3))
    with _open(ipitui_home) as journal:
        journal.clear(["B", "B"])
    assert _current(ipitui_home) == {"A": Decision("A", Action.LIQUIDATE, quantity=3)}


def test_undo_and_redo_work_per_batch_like_an_editor(ipitui_home: Home) -> None:
    a = Decision("A", Action.REMOVE)
    b = Decision("B", Action.FIX)
    a2 = Decision("A", Action.DISPOSE, quantity=2)
    _record(ipitui_home, a)
    _record(ipitui_home, b, a2)
    j = _open(ipitui_home)
    assert j.redo() is None
    assert j.undo() == ["B", "A"]
    assert _current(ipitui_home) == {"A": a}
    assert _open(ipitui_home).undo() == ["A"]  # another process continues the same stack
    assert j.current() == {}
    assert j.undo() is None
    assert j.redo() == ["A"]
    assert j.current() == {"A": a}
    assert j.redo() == ["B", "A"]
    assert j.current() == {"A": a2, "B": b}
    assert j.redo() is None
    assert j.undo() == ["B", "A"]
    # A new batch drops what could be redone; its events stay in the journal.
    j.record([Decision("C", Action.RESTOCK, quantity=40)], today=TODAY)
    assert j.redo() is None
    assert j.current() == {"A": a, "C": Decision("C", Action.RESTOCK, quantity=40)}
    history = j.history(10)
    assert [(e.sku, e.action, e.undone) for e in history] == [
        ("C", "restock", False),
        ("A", "dispose", True),
        ("B", "fix", True),
        ("A", "remove", False),
    ]
    assert [e.batch for e in history] == [3, 2, 2, 1]
    assert j.can_undo() and not j.can_redo()
    j.close()


def test_undoing_a_clear_brings_the_decision_back(ipitui_home: Home) -> None:
    _record(ipitui_home, Decision("A", Action.PROMOTE, discount_pct=10.0))
    with _open(ipitui_home) as j:
        j.clear(["A"])
        assert j.current() == {}
        assert j.history(1)[0].action == CLEAR
        assert j.undo() == ["A"]
        assert j.current() == {"A": Decision("A", Action.PROMOTE, discount_pct=10.0)}


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision("A", Action.REMOVE, quantity=0), "quantity must be a whole number above 0"),
        (Decision("A", Action.REMOVE, quantity=-3), "quantity must be a whole number above 0"),
        (Decision("A", Action.PROMOTE, quantity=3), "a quantity does not apply to promote"),
        (Decision("A", Action.PROMOTE, discount_pct=96.0), "discount must be between 0 and 95"),
        (Decision("A", Action.PROMOTE, discount_pct=-1.0), "discount must be between 0 and 95"),
        (Decision("A", Action.PROMOTE, days=0), "days must be between 1 and 365"),
        (Decision("A", Action.PROMOTE, uplift_pct=float("nan")), "uplift must be between"),
        (Decision("A", Action.REMOVE, discount_pct=10.0), "discount only apply to promote"),
        (Decision("A", Action.SNOOZE), "snooze needs a date"),
        (Decision("A", Action.SNOOZE, until=TODAY), "is not in the future"),
        (Decision("A", Action.REMOVE, until=TODAY + timedelta(1)), "only applies to snooze"),
        (Decision(" ", Action.REMOVE), "a SKU cannot be empty"),
    ],
)
def test_invalid_decisions_record_nothing(
    ipitui_home: Home, decision: Decision, message: str
) -> None:
    _record(ipitui_home, Decision("OK", Action.REMOVE))
    with pytest.raises(UserError, match=message):
        _record(ipitui_home, Decision("ALSO-OK", Action.DISPOSE), decision)
    assert _current(ipitui_home) == {"OK": Decision("OK", Action.REMOVE)}
    assert len(_open(ipitui_home).history(10)) == 1


def test_a_corrupted_journal_is_reported_and_left_alone(ipitui_home: Home) -> None:
    path = ipitui_home.journal("shop")
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with pytest.raises(
        UserError, match="the decisions journal is damaged and cannot be read"
    ) as exc:
        _open(ipitui_home)
    assert str(path) in str(exc.value)
    assert path.read_bytes() == garbage


def test_a_journal_from_a_newer_version_is_refused(ipitui_home: Home) -> None:
    _record(ipitui_home, Decision("A", Action.REMOVE))
    path = ipitui_home.journal("shop")
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA user_version = 9")
    con.close()
    with pytest.raises(UserError, match="written by a newer ipitui"):
        _open(ipitui_home)


def test_a_busy_journal_gives_up_with_a_clear_message(
    ipitui_home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ipitui.store.sqlite.BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr("ipitui.store.journal.BUSY_TIMEOUT_MS", 200)
    j = _open(ipitui_home)
    blocker = sqlite3.connect(ipitui_home.journal("shop"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        other = _open(ipitui_home)
        with pytest.raises(UserError, match="kept the journal busy"):
            other.record([Decision("A", Action.REMOVE)], today=TODAY)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert j.current() == {}
    j.record([Decision("A", Action.REMOVE)], today=TODAY)
    assert j.current() == {"A": Decision("A", Action.REMOVE)}


def test_history_keeps_times_and_notes(ipitui_home: Home) -> None:
    _record(ipitui_home, Decision("A", Action.REMOVE, note="tab\there"))
    (event,) = _open(ipitui_home).history()
    assert event.note == "tab\there"
    assert event.time.endswith("+00:00")
    assert event.decision() == Decision("A", Action.REMOVE, note="tab\there")
    assert _open(ipitui_home).current_events()["A"].id == event.id
