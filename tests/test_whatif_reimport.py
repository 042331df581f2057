"""End to end through real report files: the estimate `ipitui score` gives with decisions
marked equals the estimate of the same reports with those decisions carried out in their
rows, imported into another account."""

from __future__ import annotations

import json
from pathlib import Path

from ipitui.cli import main
from ipitui.reports import layouts as L
from ipitui.store.paths import Home

DAY = "2026-03-10"


def planning(path: Path, rows: list[dict[str, str]]) -> Path:
    lines = ["\t".join(L.PLANNING_2026_US)]
    for given in rows:
        row = dict.fromkeys(L.PLANNING_2026_US, "")
        row.update({"snapshot-date": DAY, "condition": "New", "currency": "USD", **given})
        lines.append("\t".join(row.values()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stranded(path: Path, rows: list[tuple[str, int]]) -> Path:
    lines = ["\t".join(L.STRANDED)]
    for name, units in rows:
        row = dict.fromkeys(L.STRANDED, "")
        row.update({"sku": name, "stranded-reason": "No listing", "fulfillable-qty": str(units)})
        lines.append("\t".join(row.values()))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sku(name: str, available: int, t30: int, t60: int, t90: int, inbound: int = 0) -> dict:
    return {
        "sku": name, "asin": f"B0{name}", "product-name": f"Product {name}",
        "available": str(available), "inbound-quantity": str(inbound),
        "units-shipped-t7": "0", "units-shipped-t30": str(t30),
        "units-shipped-t60": str(t60), "units-shipped-t90": str(t90),
        "your-price": "20.00", "item-volume": "0.1", "volume-unit-measurement": "cubic feet",
        "storage-type": "Standard",
    }  # fmt: skip


def score(account: str, capsys) -> dict:
    capsys.readouterr()
    assert main(["score", "--account", account, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_marked_decisions_score_as_the_decided_reports(
    ipitui_home: Home, tmp_path: Path, capsys
) -> None:
    today = [sku("A", 1000, 150, 300, 450), sku("B", 40, 0, 0, 0), sku("C", 30, 60, 120, 180)]
    files = [planning(tmp_path / "Planning.txt", today),
             stranded(tmp_path / "Stranded.txt", [("A", 20), ("S", 60)])]  # fmt: skip
    assert main(["import", *map(str, files), "--account", "Shop", "--date", DAY]) == 0
    # remove 500 of A's 550 excess units, liquidate B, relist S's 60 stranded units
    assert main(["mark", "A", "--remove", "--qty", "500", "--account", "Shop"]) == 0
    assert main(["mark", "B", "--liquidate", "--account", "Shop"]) == 0
    assert main(["mark", "S", "--fix", "--account", "Shop"]) == 0
    assert main(["mark", "C", "--restock", "--qty", "90", "--account", "Shop"]) == 0
    marked = score("Shop", capsys)

    decided = [sku("A", 500, 150, 300, 450), sku("B", 0, 0, 0, 0),
               sku("C", 30, 60, 120, 180, inbound=90), {"sku": "S", "available": "60"}]  # fmt: skip
    files = [planning(tmp_path / "Decided.txt", decided),
             stranded(tmp_path / "DecidedStranded.txt", [("A", 20), ("S", 0)])]  # fmt: skip
    assert main(["import", *map(str, files), "--account", "Decided", "--date", DAY]) == 0
    carried_out = score("Decided", capsys)

    assert marked["ipi_with_decisions"] == carried_out["ipi_estimate"]
    assert marked["factors_with_decisions"] == carried_out["factors"]
    # the stranded share: 20 of 500 + 30 + 60 + 20, not of today's 1,070 + 80
    assert carried_out["factors"]["stranded_pct"] == round(20 / 610 * 100, 6)
