"""End to end through real report files: the estimate `ipitui score` gives with decisions
marked equals the estimate of the same reports with those decisions carried out in their
rows, imported into another account."""

from __future__ import annotations

import json
from pathlib import Path

from core_build import report_row, write_report

from ipitui.cli import main
from ipitui.reports.layouts import PLANNING_2026_US, STRANDED
from ipitui.store.paths import Home

DAY = "2026-03-10"


def import_reports(tmp_path: Path, account: str, planning: list[dict], stranded: list[dict]):
    files = [
        write_report(tmp_path / f"{account}-planning.txt", PLANNING_2026_US, planning),
        write_report(tmp_path / f"{account}-stranded.txt", STRANDED, stranded),
    ]
    assert main(["import", *map(str, files), "--account", account, "--date", DAY]) == 0


def score(account: str, capsys) -> dict:
    capsys.readouterr()
    assert main(["score", "--account", account, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_marked_decisions_score_as_the_decided_reports(
    ipitui_home: Home, tmp_path: Path, capsys
) -> None:
    today = [report_row(DAY, "A", 1000, 150, 300, 450), report_row(DAY, "B", 40, 0, 0, 0),
             report_row(DAY, "C", 30, 60, 120, 180)]  # fmt: skip
    stuck = [{"sku": "A", "fulfillable-qty": 20}, {"sku": "S", "fulfillable-qty": 60}]
    import_reports(tmp_path, "Shop", today, stuck)
    # remove 500 of A's 550 excess units, liquidate B, relist S's 60 stranded units, restock C
    assert main(["mark", "A", "--remove", "--qty", "500", "--account", "Shop"]) == 0
    assert main(["mark", "B", "--liquidate", "--account", "Shop"]) == 0
    assert main(["mark", "S", "--fix", "--account", "Shop"]) == 0
    assert main(["mark", "C", "--restock", "--qty", "90", "--account", "Shop"]) == 0
    marked = score("Shop", capsys)

    decided = [report_row(DAY, "A", 500, 150, 300, 450), report_row(DAY, "B", 0, 0, 0, 0),
               report_row(DAY, "C", 30, 60, 120, 180, **{"inbound-quantity": 90}),
               {"snapshot-date": DAY, "sku": "S", "available": 60}]  # fmt: skip
    relisted = [{"sku": "A", "fulfillable-qty": 20}, {"sku": "S", "fulfillable-qty": 0}]
    import_reports(tmp_path, "Decided", decided, relisted)
    carried_out = score("Decided", capsys)

    assert marked["ipi_with_decisions"] == carried_out["ipi_estimate"]
    assert marked["factors_with_decisions"] == carried_out["factors"]
    # the stranded share: 20 of 500 + 30 + 60 + 20, not of today's 1,070 + 80
    assert carried_out["factors"]["stranded_pct"] == round(20 / 610 * 100, 6)
