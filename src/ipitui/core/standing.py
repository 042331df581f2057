"""Two lines an account is read against: the IPI threshold and the age of its report.

* :data:`IPI_THRESHOLD`: below an IPI of 400 Amazon has limited storage in the past (the
  threshold was 400 from 2020 and again from 2022; since 2023 the IPI feeds the capacity
  limits, and 400 is still the line sellers go by);
* :data:`STALE_AFTER_DAYS`: a planning report more than a week old no longer tells the
  account's current numbers (the IPI itself is updated weekly).
"""

from __future__ import annotations

from datetime import date

IPI_THRESHOLD = 400
STALE_AFTER_DAYS = 7


def report_age(report_date: date | None, today: date | None) -> int | None:
    """How many days old the report of ``report_date`` is on ``today`` (None: not known)."""
    if report_date is None or today is None:
        return None
    return (today - report_date).days


def is_stale(age: int | None) -> bool:
    """Whether a report ``age`` days old is too old to go by."""
    return age is not None and age > STALE_AFTER_DAYS
