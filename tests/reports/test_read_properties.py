"""Whatever the bytes, the reader either reads them or says what is wrong (ReportError)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_files import Variant, encode, rows_for

from ipitui.reports.columns import KIND_SPECS, Type
from ipitui.reports.detect import LAYOUTS
from ipitui.reports.errors import ReportError
from ipitui.reports.reader import read_report

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes, **kw) -> pl.DataFrame | None:
    """The frame, or None when the file was refused with a ReportError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.txt"
        path.write_bytes(data)
        try:
            result = read_report(path, workdir=Path(tmp), **kw)
        except ReportError as exc:
            assert str(exc)  # a message the seller can read
            return None
        return result.frame


def invariants_hold(frame: pl.DataFrame, kind: str) -> None:
    spec = KIND_SPECS[kind]
    assert frame.schema == pl.Schema(spec.schema)
    for column in spec.columns:
        values = frame[column.name]
        if column.type is Type.QTY:
            assert (values.drop_nulls() >= 0).all()
        if column.type in (Type.NUMBER, Type.PRICE):
            assert values.drop_nulls().is_finite().all()
        low, high = column.type.bounds(snapshot=column.name == spec.date_column)
        if low is not None:
            assert values.drop_nulls().is_between(low, high).all()
    for column in spec.identity:
        assert frame[column].null_count() == 0


headers_then_bytes = st.builds(
    lambda lay, tail: encode(lay.headers, [], Variant()) + tail,
    st.sampled_from(LAYOUTS),
    st.binary(max_size=300),
)


@SETTINGS
@given(st.one_of(st.binary(max_size=400), headers_then_bytes))
def test_random_bytes_are_read_or_refused_cleanly(data: bytes) -> None:
    read_or_refuse(data)


cell_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\t\n\r"), max_size=12
) | st.sampled_from(["", " ", "0", "-1", "1.5", "1e3", "NaN", "2026-05-14", "5/14/2026", "+3"])


@SETTINGS
@given(st.sampled_from(LAYOUTS), st.data())
def test_random_cells_are_read_or_refused_cleanly(lay, data) -> None:
    n = data.draw(st.integers(1, 4))
    rows = [[data.draw(cell_text) for _ in lay.headers] for _ in range(n)]
    skip = data.draw(st.booleans())
    frame = read_or_refuse(encode(lay.headers, rows, Variant()), skip_bad_rows=skip)
    if frame is not None:
        invariants_hold(frame, lay.kind)
        assert frame.height <= n


@SETTINGS
@given(st.sampled_from(LAYOUTS), st.randoms(use_true_random=False))
def test_column_order_does_not_matter(lay, rnd) -> None:
    rows = rows_for(lay, 4)
    order = list(range(len(lay.headers)))
    rnd.shuffle(order)
    headers = [lay.headers[i] for i in order]
    shuffled = [[row[i] for i in order] for row in rows]
    straight = read_or_refuse(encode(lay.headers, rows, Variant()))
    permuted = read_or_refuse(encode(headers, shuffled, Variant(newline="\r\n")))
    assert straight is not None and permuted is not None
    assert straight.equals(permuted)
