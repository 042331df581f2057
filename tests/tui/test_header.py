"""The header line: the estimate, with its ± once the account is calibrated."""

from __future__ import annotations

from datetime import date

from ipitui.tui.widgets.header import HeaderState, header_text


def test_not_calibrated_shows_the_estimate_as_before() -> None:
    text = header_text(HeaderState(account="Acme", estimate_now=512, estimate_after=547,
                                   decisions=25), 100).plain  # fmt: skip
    assert text.startswith(" IPI estimate 512 -> 547 with 25 decisions (+35)")
    assert "±" not in text and "≈" not in text


def test_calibrated_shows_the_estimate_plus_minus_its_leave_one_out_error() -> None:
    state = HeaderState(
        account="Acme",
        estimate_now=512,
        estimate_after=547,
        decisions=25,
        report_date=date(2026, 8, 1),
        today=date(2026, 8, 4),
        uncertainty=17.5,  # rounded half up
    )
    text = header_text(state, 100).plain
    assert text.startswith(" IPI ≈ 512 ± 18 -> 547 with 25 decisions (+35)")
    assert text.rstrip().endswith("Acme  report 2026-08-01 (3 d)")
    assert header_text(HeaderState(estimate_now=512, uncertainty=17.4), 80).plain.startswith(
        " IPI ≈ 512 ± 17 -> ?"
    )


def test_no_plus_minus_without_an_estimate() -> None:
    text = header_text(HeaderState(account="Acme", uncertainty=12.0, busy="loading"), 80).plain
    assert text.startswith(" IPI estimate ?  loading...")
    assert "±" not in text
