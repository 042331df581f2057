"""The IPI history chart: pure text, read without colour."""

from __future__ import annotations

from datetime import date, timedelta

from ipitui.tui.widgets.charts import ipi_history_chart

D0 = date(2026, 1, 5)


def _lines(text) -> list[str]:
    return text.plain.split("\n")


def _glyph_rows(lines: list[str], glyph: str) -> list[int]:
    return [i for i, line in enumerate(lines) if glyph in line.split("|", 1)[-1]]


def test_empty_history_says_how_to_get_one():
    text = ipi_history_chart([], [])
    assert "No IPI history yet" in text.plain
    assert "ipitui ipi add" in text.plain


def test_none_scores_are_left_out():
    assert "No IPI history yet" in ipi_history_chart([(D0, None)], [(D0, None)]).plain


def test_rising_estimates_climb_and_the_400_line_is_labelled():
    est = [(D0 + timedelta(weeks=i), 300 + 40 * i) for i in range(6)]  # 300 .. 500
    lines = _lines(ipi_history_chart(est, width=40, height=13))
    plot = lines[:10]
    assert all(len(line) <= 40 for line in lines)
    line_row = next(i for i, line in enumerate(plot) if line.startswith(" 400 |"))
    assert set(plot[line_row].split("|", 1)[1]) <= {"-", "*"}
    assert plot[0].startswith(" 500 |") and plot[-1].startswith(" 300 |")
    # the first estimate is on the bottom row at the left, the last on the top row at the right
    assert plot[-1].split("|", 1)[1].startswith("*")
    assert plot[0].rstrip().endswith("*")
    cols = [line.split("|", 1)[1].find("*") for line in plot if "*" in line.split("|", 1)[1]]
    assert cols == sorted(cols, reverse=True)  # higher rows are later dates
    assert lines[11].strip().startswith("2026-01-05")
    assert lines[11].strip().endswith((D0 + timedelta(weeks=5)).isoformat())
    assert "* estimate" in lines[12] and "o actual" in lines[12] and "400" in lines[12]


def test_actual_readings_have_their_own_glyph_and_overlaps_show_both():
    est = [(D0, 450), (D0 + timedelta(days=70), 350)]
    act = [(D0, 450), (D0 + timedelta(days=35), 600)]
    lines = _lines(ipi_history_chart(est, act, width=50, height=12))
    body = "\n".join(line.split("|", 1)[1] for line in lines[:9])
    assert body.count("#") == 1  # same date, same score: one cell shows both
    assert body.count("o") == 1 and body.count("*") == 1
    assert _glyph_rows(lines[:9], "o")[0] < _glyph_rows(lines[:9], "*")[0]  # 600 above 350


def test_scale_always_includes_the_threshold_and_stays_within_0_1000():
    high = ipi_history_chart([(D0, 900), (D0 + timedelta(days=7), 980)], height=10)
    lines = _lines(high)
    assert any(line.startswith(" 400 |") for line in lines)
    assert lines[0].startswith("1000 |")
    low = ipi_history_chart([(D0, -20), (D0 + timedelta(days=7), 120)], threshold=450)
    assert any(line.startswith(" 450 |") for line in _lines(low))
    assert _lines(low)[len(_lines(low)) - 4].startswith("   0 |")


def test_single_point_has_one_date_label():
    lines = _lines(ipi_history_chart([(D0, 512)], width=40, height=8))
    assert sum("*" in line.split("|", 1)[-1] for line in lines[:5]) == 1
    assert lines[6].strip() == "2026-01-05"


def test_tiny_sizes_do_not_fail():
    text = ipi_history_chart([(D0, 500), (D0 + timedelta(days=1), 510)], width=1, height=1)
    assert "*" in text.plain


def test_cost_curve_chart_plots_the_estimate_against_the_running_cost() -> None:
    from ipitui.tui.widgets.charts import cost_curve_chart

    text = cost_curve_chart(
        [(-50.0, 410.0), (20.0, 430.0), (120.0, 436.0)],
        400.0,
        425,
        lambda v: f"${v:.0f}",
        width=40,
        height=7,
    ).plain
    lines = text.split("\n")
    assert len(lines) == 7  # 5 plot rows, the axis and its two amounts
    assert lines[0].startswith(" 436 |") and lines[4].startswith(" 400 |")
    target = next(line for line in lines if line.startswith(" 425 |"))
    assert "---" in target
    assert lines[-1].split() == ["$-50", "$120"]
    # the start (cost 0, estimate 400) in the bottom row; the last step top right
    assert "*" in lines[4][6:]
    assert lines[0].rstrip().endswith("*")
    assert sum(line[6:].count("*") for line in lines[:5]) == 4
