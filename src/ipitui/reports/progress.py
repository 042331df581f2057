"""How long work tells its caller how far it is, without knowing who shows it.

A ``Progress`` is a plain function ``progress(phase, done, total)``: ``phase`` names what is
being done now ("reading FBA_Inventory.txt", "storing", "scoring"), ``done`` and ``total``
count how far (bytes or rows; ``total`` is None when it cannot be known, for a spinner). It
is called at phase boundaries and wherever the count is known, never per row, so that
polars' work is not slowed. The command line draws it with rich on a terminal and the TUI in
its own widgets; the layers below never import either.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]

STORING = "storing"  # the one phase that counts rows; every other count is bytes


def count(phase: str, done: int, total: int | None) -> str:
    """How far, in words: "12.5/41.7 MB" or "120,000/300,000 rows" ("" when not known)."""
    if total is None:
        return ""
    if phase == STORING:
        return f"{done:,}/{total:,} rows"
    return f"{done / 1e6:,.1f}/{total / 1e6:,.1f} MB"


def quiet(phase: str, done: int, total: int | None) -> None:
    """A ``Progress`` that shows nothing (the default)."""


def offset(progress: Progress, before: int, total: int | None) -> Progress:
    """``progress`` for one part of a longer piece of work: its counts start at ``before``
    of the whole work's ``total``, so that one bar covers every part."""

    def report(phase: str, done: int, _: int | None) -> None:
        progress(phase, before + done, total)

    return report
