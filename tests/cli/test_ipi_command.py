"""`ipitui ipi`: readings recorded, compared with the estimate at their dates, and fitted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from core_build import report_row, write_report

from ipitui.cli import main
from ipitui.reports.layouts import PLANNING_2026_US
from ipitui.store.paths import Home
from ipitui.store.settings import load_account_settings

pytest.importorskip("ipitui.store.snapshots")


@pytest.fixture
def shop(tmp_path: Path) -> str:
    files = []
    for day, a_units in (("2026-01-10", 300), ("2026-02-09", 200), ("2026-03-10", 100)):
        rows = [report_row(day, "A", a_units, 30, 60, 90), report_row(day, "B", 50, 0, 0, 0)]
        files.append(str(write_report(tmp_path / f"planning-{day}.txt", PLANNING_2026_US, rows)))
    assert main(["import", *files, "--account", "Shop"]) == 0
    return "Shop"


def test_readings_are_compared_and_fitted(
    shop: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["ipi", "--account", shop, "add", "2026-03-09", "520"]) == 0
    out = capsys.readouterr().out
    assert "recorded IPI 520 for 2026-03-09" in out and "1 of the 3 readings" in out
    assert main(["ipi", "--account", shop, "add", "2025-06-01", "300"]) == 0  # no snapshot near
    assert main(["ipi", "--account", shop, "add", "2026-02-10", "430"]) == 0
    assert "2 of the 3" in capsys.readouterr().out
    assert main(["ipi", "--account", shop, "add", "2026-01-12", "350"]) == 0
    out = capsys.readouterr().out
    assert "mapping fitted to 3 readings; its error (root mean square, IPI points):" in out
    assert "  leave-one-out " in out and "  in sample " in out
    assert "with only 3 readings these errors are a rough guide" in out
    settings, _ = load_account_settings(ipitui_home, "shop")
    assert settings.ipi.fitted is True
    assert settings.ipi.loo_readings == 3 and settings.ipi.uncertainty is not None

    assert main(["ipi", "--account", shop, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["mapping_fitted"] is True
    # computed again from the readings, the same as the figure kept with the mapping
    assert listed["error_rms_loo"] == pytest.approx(settings.ipi.loo_error, abs=1e-3)
    assert listed["readings_qualifying"] == 3 and listed["rough_guide"] is True
    by_day = {r["date"]: r for r in listed["readings"]}
    assert by_day["2025-06-01"]["estimate"] is None
    assert "no planning snapshot within 7 days" in by_day["2025-06-01"]["snapshot"]
    assert by_day["2026-03-09"]["snapshot"] == "snapshot of 2026-03-10"
    assert by_day["2026-03-09"]["error"] == by_day["2026-03-09"]["estimate"] - 520

    assert main(["ipi", "--account", shop]) == 0
    text = capsys.readouterr().out
    assert "2026-02-10       430" in text and "mapping: fitted to your readings" in text
    assert f"leave-one-out error {listed['error_rms_loo']:.1f} IPI points" in text
    assert "rough guide" in text

    assert main(["ipi", "--account", shop, "remove", "2026-01-12"]) == 0
    assert "default mapping is back" in capsys.readouterr().out
    settings, _ = load_account_settings(ipitui_home, "shop")
    assert settings.ipi.fitted is False and settings.ipi.uncertainty is None
    assert main(["ipi", "--account", shop, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["error_rms_loo"] is None and listed["readings_qualifying"] == 2


def test_five_readings_are_no_longer_a_rough_guide(
    shop: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    days = ("2026-01-12", "2026-01-14", "2026-02-10", "2026-02-12", "2026-03-09")
    for day, score in zip(days[:4], (350, 360, 430, 445), strict=True):
        assert main(["ipi", "--account", shop, "add", day, str(score)]) == 0
    assert "with only 4 readings these errors are a rough guide" in capsys.readouterr().out
    assert main(["ipi", "--account", shop, "add", days[4], "520"]) == 0
    out = capsys.readouterr().out
    assert "mapping fitted to 5 readings" in out and "rough guide" not in out
    assert main(["ipi", "--account", shop]) == 0
    text = capsys.readouterr().out
    assert "leave-one-out error" in text and "rough guide" not in text
    assert main(["ipi", "--account", shop, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["rough_guide"] is False and listed["readings_qualifying"] == 5
    settings, _ = load_account_settings(ipitui_home, "shop")
    assert settings.ipi.loo_readings == 5
    assert listed["error_rms_loo"] == pytest.approx(settings.ipi.loo_error, abs=1e-3)


def test_bad_readings_change_nothing(
    shop: str, ipitui_home: Home, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ipi", "--account", shop, "add", "2026-02-30", "500"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main(["ipi", "--account", shop, "add", "2026-02-01", "1200"]) == 2
    assert main(["ipi", "--account", shop, "remove", "2026-02-01"]) == 2
    assert "no reading recorded for 2026-02-01" in capsys.readouterr().err
    assert not ipitui_home.readings("shop").exists()
