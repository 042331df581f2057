"""`ipitui plan` end to end: hand-made files imported, a plan printed, applied as one batch
(``score --json``'s ``ipi_with_decisions`` then reaches the target), and bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from core_build import report_row, write_report

from ipitui.cli import main
from ipitui.reports.layouts import PLANNING_2026_US, STRANDED
from ipitui.store.accounts import add_account
from ipitui.store.journal import Journal
from ipitui.store.paths import Home

pytest.importorskip("ipitui.store.snapshots")

DAY = "2026-03-10"


@pytest.fixture
def shop(tmp_path: Path) -> str:
    planning = write_report(
        tmp_path / "planning.txt",
        PLANNING_2026_US,
        [
            report_row(DAY, "A", 200, 30, 60, 90),
            report_row(DAY, "B", 50, 0, 0, 0, **{"item-volume": 1.0, "storage-type": "Oversize"}),
            report_row(DAY, "C", 40, 0, 0, 0),
            report_row(DAY, "D", 60, 30, 60, 90),
        ],
    )
    stranded = write_report(
        tmp_path / "stranded.txt", STRANDED, [{"sku": "S1", "fulfillable-qty": 3}]
    )
    assert main(["import", str(planning), str(stranded), "--account", "Shop"]) == 0
    return "Shop"


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def _events(home: Home) -> int:
    with Journal(home, "shop") as journal:
        return len(journal.history(1000))


def test_plan_apply_reaches_the_target_in_one_undo_step(
    shop: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    now = _json(capsys, "score", "--account", shop, "--json")["ipi_estimate"]
    best = _json(capsys, "plan", "--account", shop, "--target", "1000", "--json")
    assert not best["reached"] and best["ipi_with_plan"] > now + 10
    target = (now + best["ipi_with_plan"]) // 2
    out = _json(capsys, "plan", "--account", shop, "--target", str(target), "--json")
    assert out["reached"] and out["rows"] and len(out["curve"]) == len(out["rows"])
    assert {"sku", "action", "points", "cost", "why"} <= set(out["rows"][0])
    assert _events(ipitui_home) == 0  # a plan alone records nothing
    applied = _json(capsys, "plan", "--account", shop, "--target", str(target), "--apply", "--json")
    assert applied["applied"] == len(out["rows"])
    score = _json(capsys, "score", "--account", shop, "--json")
    assert score["ipi_with_decisions"] >= target
    assert applied["ipi_with_decisions"] == score["ipi_with_decisions"]
    marks = _json(capsys, "marks", "--account", shop, "--json")
    assert {m["sku"] for m in marks} == {r["sku"] for r in out["rows"]}
    assert main(["undo", "--account", shop]) == 0  # one step takes the whole plan back
    assert _json(capsys, "marks", "--account", shop, "--json") == []


def test_plan_text_names_the_rows_and_the_curve(shop: str, capsys) -> None:
    capsys.readouterr()
    assert main(["plan", "--account", shop, "--target", "1000"]) == 0
    text = capsys.readouterr().out
    assert "Cannot be reached" in text and "best reachable" in text
    assert "Cost curve" in text and "SKU" in text


@pytest.mark.parametrize(
    "argv",
    [["--target", "1001"], ["--target", "-1"], ["--target", "500", "--budget", "-5"]],
)
def test_bad_input_changes_nothing(shop: str, ipitui_home: Home, capsys, argv) -> None:
    capsys.readouterr()
    assert main(["plan", "--account", shop, "--apply", *argv]) == 2
    assert "ipitui: --" in capsys.readouterr().err
    assert _events(ipitui_home) == 0


def test_an_account_without_a_planning_report(ipitui_home: Home, capsys) -> None:
    add_account(ipitui_home, "Empty")
    capsys.readouterr()
    assert main(["plan", "--account", "Empty", "--target", "500", "--apply"]) == 2
    assert "no imported FBA Inventory report" in capsys.readouterr().err
    assert _events_of(ipitui_home, "empty") == 0


def _events_of(home: Home, slug: str) -> int:
    with Journal(home, slug) as journal:
        return len(journal.history(1000))


def test_output_cut_short_by_its_reader_is_not_called_a_storage_fault(ipitui_home: Home) -> None:
    """``ipitui plan ... | head -1``: the pipe closes early; ipitui stops without a word."""
    import subprocess
    import sys

    assert main(["demo", "--skus", "3000", "--no-open"]) == 0  # a plan of ~1,000 rows
    run = subprocess.Popen(
        [sys.executable, "-m", "ipitui", "plan", "--target", "1000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert run.stdout is not None and run.stdout.readline().startswith(b"Plan to reach")
    run.stdout.close()  # as head does after its lines
    err = run.stderr.read().decode() if run.stderr else ""
    assert run.wait(timeout=60) in (0, 141) and err == ""
