"""Exported CSV and TSV files and the JSON outputs carry no raw control or bidi character
from report text (U+009B, U+202E, ESC, ...)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from core_build import report_row, write_report

from ipitui.cli import main
from ipitui.export.files import tsv_line, write_csv
from ipitui.reports.layouts import PLANNING_2026_US

TITLE = "Mug\x9b31m \u202eevil\u202c \x1b[2J\x01\x7fok\u2066x\u2069\ufeff"
RAW = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def test_csv_and_tsv_fields_drop_controls_and_bidi_overrides() -> None:
    text = write_csv(["title"], [[TITLE], ["a\tb\nc"]]).decode("utf-8-sig")
    assert not RAW.search(text)
    assert "Mug31m evil [2Jokx" in text and "a b c" in text
    line = tsv_line("SKU", TITLE)
    assert not RAW.search(line) and line == "SKU\tMug31m evil [2Jokx\n"


@pytest.fixture
def shop(tmp_path: Path) -> str:
    day = "2026-03-10"
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [report_row(day, "A", 100, 30, 60, 90, **{"product-name": TITLE})],
    )
    assert main(["import", str(planning), "--account", "Shop"]) == 0
    assert main(["mark", "A", "--remove", "--note", TITLE, "--account", "Shop"]) == 0
    return "Shop"


def test_json_outputs_and_the_decisions_csv_carry_no_raw_controls(
    shop: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    for args in (["score", "--json"], ["score", "--list", "excess", "--json"], ["marks", "--json"]):
        assert main([*args, "--account", shop]) == 0
        out = capsys.readouterr().out
        assert not RAW.search(out), args
        json.loads(out)
    assert main(["score", "--list", "excess", "--json", "--account", shop]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert "\u202eevil" in rows["rows"][0]["product_name"]  # escaped: it reads back whole
    target = tmp_path / "d.csv"
    assert main(["export", "--kind", "decisions", "-o", str(target), "--account", shop]) == 0
    text = target.read_text(encoding="utf-8-sig")
    assert "Mug31m evil" in text and not RAW.search(text)
