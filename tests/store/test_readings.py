"""Recorded IPI readings in SQLite: validation, replace, remove, concurrency, bad files."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date

import pytest

from ipitui.errors import UserError
from ipitui.store.paths import Home
from ipitui.store.readings import (
    Reading,
    add_reading,
    list_readings,
    parse_reading,
    remove_reading,
)


def test_parse_checks_the_date_and_the_score() -> None:
    today = date(2026, 3, 10)
    assert parse_reading("2026-03-01", "512", today) == Reading(date(2026, 3, 1), 512)
    for day, score, words in [
        ("2026-02-30", 500, "not a date"),
        ("March 1", 500, "not a date"),
        ("2026-03-11", 500, "in the future"),
        ("2026-03-01", 1001, "between 0 and 1000"),
        ("2026-03-01", -1, "between 0 and 1000"),
        ("2026-03-01", "5x", "not a whole number"),
    ]:
        with pytest.raises(UserError, match=words):
            parse_reading(day, score, today)


def test_record_replace_list_and_remove(ipitui_home: Home) -> None:
    assert list_readings(ipitui_home, "shop") == []
    assert not ipitui_home.readings("shop").exists()  # reading never creates the file
    assert add_reading(ipitui_home, "shop", Reading(date(2026, 2, 1), 480)) is False
    assert add_reading(ipitui_home, "shop", Reading(date(2026, 1, 1), 450)) is False
    assert add_reading(ipitui_home, "shop", Reading(date(2026, 2, 1), 490)) is True
    assert list_readings(ipitui_home, "shop") == [
        Reading(date(2026, 1, 1), 450),
        Reading(date(2026, 2, 1), 490),
    ]
    assert remove_reading(ipitui_home, "shop", date(2026, 1, 1)) is True
    assert remove_reading(ipitui_home, "shop", date(2026, 1, 1)) is False
    assert list_readings(ipitui_home, "shop") == [Reading(date(2026, 2, 1), 490)]
    con = sqlite3.connect(ipitui_home.readings("shop"))
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_two_writers_lose_nothing(ipitui_home: Home) -> None:
    def write(start: int) -> None:
        for i in range(start, start + 20):
            add_reading(
                ipitui_home,
                "shop",
                Reading(date(2025, 1, 1 + i % 28).replace(month=1 + i // 28), 400 + i),
            )

    threads = [threading.Thread(target=write, args=(n,)) for n in (0, 20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(list_readings(ipitui_home, "shop")) == 40


def test_an_unreadable_file_is_reported_and_left_alone(ipitui_home: Home) -> None:
    path = ipitui_home.readings("shop")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(UserError, match="cannot be read"):
        list_readings(ipitui_home, "shop")
    with pytest.raises(UserError, match="cannot be read"):
        add_reading(ipitui_home, "shop", Reading(date(2026, 1, 1), 400))
    assert path.read_bytes() == before
