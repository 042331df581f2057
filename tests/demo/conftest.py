"""The demo reports, written once per test session (small catalogs, a fixed date)."""

from __future__ import annotations

from datetime import date

import pytest

from ipitui.demo import DemoFiles, write_demo

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    """The default catalog size: every kind of SKU must already be there."""
    return write_demo(tmp_path_factory.mktemp("demo-300"), skus=300, seed=1, today=TODAY)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return write_demo(tmp_path_factory.mktemp("demo-2000"), skus=2000, seed=7, today=TODAY)
