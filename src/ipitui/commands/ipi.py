"""`ipitui ipi`: record actual IPI readings and compare them with ipitui's estimate.

With three or more readings that have a planning snapshot within 7 days, the account's
mapping (weights and breakpoints) is fitted to them and saved in its settings, with its
leave-one-out error: how far each reading is from the estimate of the mapping fitted to the
other readings, which is what to expect of the next one. The in-sample error (of the mapping
on the readings it was fitted to) is shown beside it; it flatters the mapping, the more so
the fewer readings.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ipitui.commands.opening import open_for_command
from ipitui.core.settings import AccountSettings, IpiSettings
from ipitui.errors import UserError
from ipitui.format import json_text, plural
from ipitui.store.accounts import Account, resolve_account
from ipitui.store.paths import Home
from ipitui.store.readings import (
    Reading,
    add_reading,
    list_readings,
    parse_reading,
    remove_reading,
)
from ipitui.store.settings import save_account_settings

if TYPE_CHECKING:
    from ipitui.core import Factors
    from ipitui.core.inputs import AccountData


@dataclass
class Compared:
    reading: Reading
    factors: Factors | None  # None: no planning snapshot near the date
    estimate: int | None
    snapshot: str  # the snapshot the estimate is from, or why there is none

    @property
    def error(self) -> int | None:
        return None if self.estimate is None else self.estimate - self.reading.score


def compare(
    readings: list[Reading], data: AccountData | None, settings: AccountSettings
) -> list[Compared]:
    """Each reading beside the estimate at its date."""
    from ipitui.core import estimate_at

    out = []
    for r in readings:
        if data is None:
            out.append(Compared(r, None, None, "no imported snapshot"))
            continue
        factors, estimate = estimate_at(data, settings, r.day)
        if estimate.score is None:
            out.append(Compared(r, None, None, next(iter(factors.notes.values()), "-")))
        else:
            out.append(Compared(r, factors, estimate.score, factors.notes.get("snapshot", "")))
    return out


def _qualifying(compared: list[Compared]) -> list[Compared]:
    return [c for c in compared if c.factors is not None]


def rough_note(readings: int) -> str:
    """The warning beside errors measured on few readings ('' with enough of them)."""
    from ipitui.core.calibration import ROUGH_BELOW, rough

    if not rough(readings):
        return ""
    return (
        f"with only {readings} readings these errors are a rough guide; "
        f"{ROUGH_BELOW} or more make them steadier"
    )


def refit(home: Home, account: Account, settings: AccountSettings, compared: list[Compared]) -> str:
    """Fit the mapping when three readings qualify (saved in the settings, with its
    leave-one-out error); what happened."""
    from ipitui.core import calibrate
    from ipitui.core.calibration import MIN_READINGS
    from ipitui.core.marketplaces import marketplace

    usable = _qualifying(compared)
    if len(usable) < MIN_READINGS:
        if settings.ipi.fitted:
            settings.ipi = IpiSettings()
            save_account_settings(home, account.slug, settings)
            return (
                f"{plural(len(usable), 'reading')} {'has' if len(usable) == 1 else 'have'} a snapshot "
                f"within 7 days: fewer than "
                f"{MIN_READINGS}, so the default mapping is back in use"
            )
        return (
            f"{len(usable)} of the {MIN_READINGS} readings with a snapshot within 7 days "
            "that fitting needs"
        )
    result = calibrate(
        [(c.reading.day, c.reading.score) for c in usable],
        [c.factors for c in usable],
        marketplace(settings.marketplace).factors,
    )
    before = _rms(usable)
    settings.ipi = result.mapping
    save_account_settings(home, account.slug, settings)
    lines = [
        f"mapping fitted to {len(usable)} readings; its error (root mean square, IPI points):",
        f"  leave-one-out {result.loo:.1f} (each reading predicted by the mapping fitted to "
        "the others)",
        f"  in sample {result.in_sample:.1f} (on the readings it was fitted to; "
        f"{before:.1f} with the mapping used before)",
    ]
    if note := rough_note(result.readings):
        lines.append(note)
    return "\n".join(lines)


def run(args: argparse.Namespace, home: Home) -> int:
    account = resolve_account(home, args.account)
    opened = open_for_command(home, account.slug)
    settings = opened.settings
    command = getattr(args, "ipi_command", None)
    if command == "add":
        reading = parse_reading(args.date, args.score)
        replaced = add_reading(home, account.slug, reading)
        print(
            f"recorded IPI {reading.score} for {reading.day}"
            + (" (replacing the earlier reading of that date)" if replaced else "")
        )
    elif command == "remove":
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise UserError(f"{args.date!r} is not a date: write it as YYYY-MM-DD") from None
        if not remove_reading(home, account.slug, day):
            raise UserError(f"no reading recorded for {day} (nothing changed)")
        print(f"removed the reading of {day}")
    readings = list_readings(home, account.slug)
    compared = compare(readings, opened.stored_data, settings)
    if command in ("add", "remove"):
        print(refit(home, account, settings, compared))
        return 0
    loo = loo_error(compared)
    if getattr(args, "json", False):
        print(json_text(readings_json(compared, settings, loo), ensure_ascii=True))
    else:
        print(readings_text(compared, settings, loo))
    return 0


def _rms(compared: list[Compared]) -> float | None:
    errors = [c.error for c in compared if c.error is not None]
    return (sum(e * e for e in errors) / len(errors)) ** 0.5 if errors else None


def loo_error(compared: list[Compared]) -> float | None:
    """The leave-one-out error over the qualifying readings (None with fewer than three).
    Each reading's factors were worked out once, by ``compare``; every fold reuses them."""
    from ipitui.core.calibration import MIN_READINGS, leave_one_out

    usable = _qualifying(compared)
    if len(usable) < MIN_READINGS:
        return None
    return leave_one_out(
        [(c.reading.day, c.reading.score) for c in usable], [c.factors for c in usable]
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def readings_json(
    compared: list[Compared], settings: AccountSettings, loo: float | None = None
) -> dict:
    from ipitui.core.calibration import rough

    qualifying = len(_qualifying(compared))
    return {
        "mapping_fitted": settings.ipi.fitted,
        "error_rms": _round(_rms(compared)),
        "error_rms_loo": _round(loo),
        "readings_qualifying": qualifying,
        "rough_guide": rough(qualifying),
        "readings": [
            {
                "date": c.reading.day.isoformat(),
                "reading": c.reading.score,
                "estimate": c.estimate,
                "error": c.error,
                "snapshot": c.snapshot,
            }
            for c in compared
        ],
    }


def readings_text(
    compared: list[Compared], settings: AccountSettings, loo: float | None = None
) -> str:
    if not compared:
        return "no IPI readings recorded yet: ipitui ipi add YYYY-MM-DD SCORE"
    lines = [f"{'date':<12}{'reading':>8}{'estimate':>10}{'error':>7}  snapshot"]
    for c in compared:
        lines.append(
            f"{c.reading.day.isoformat():<12}{c.reading.score:>8}"
            f"{(c.estimate if c.estimate is not None else '-'):>10}"
            f"{(f'{c.error:+d}' if c.error is not None else '-'):>7}  {c.snapshot}"
        )
    rms = _rms(compared)
    mapping = "fitted to your readings" if settings.ipi.fitted else "the default"
    lines.append("")
    if rms is None:
        lines.append(f"mapping: {mapping}; error not known")
        return "\n".join(lines)
    where = "in sample, on the readings it was fitted to" if settings.ipi.fitted else "on these"
    lines.append(f"mapping: {mapping}; root mean square error {rms:.1f} IPI points {where}")
    if loo is not None:
        lines.append(
            f"leave-one-out error {loo:.1f} IPI points: each reading predicted by the "
            "mapping fitted to the others, as the next reading will be"
        )
    if note := rough_note(len(_qualifying(compared))):
        lines.append(note)
    return "\n".join(lines)
