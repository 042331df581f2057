"""Fee rates as data: the dated tables in ``rates/<marketplace>.toml``, resolved for a date.

Resolving turns the tables in force into one flat mapping of named rates (``storage.standard``,
``ais.271_300``, ``removal.standard`` …). Weight-priced fees are resolved for the account's
assumed unit weight, so a seller overrides the per-unit figure they actually pay. The account's
``fee_overrides`` replace entries of that mapping by key; every fee in ``core`` reads only it.

A rate ipitui does not know is ``None``, never another marketplace's figure: a marketplace
without a file, a fee its file has no table for, a table marked ``unknown`` from its date, or a
size a table leaves out. Such a fee takes its keys (and, for the surcharge, its tiers) from the
US table in force on the same date, with every value unknown, so that ``[fee_overrides]`` can
fill them in by the same names. A fee none of whose rates is known is in ``RateCard.missing``:
ipitui shows no amount for it.
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

RATES_DIR = Path(__file__).with_name("rates")
TEMPLATE_MARKETPLACE = "us"  # the keys of a fee a marketplace has no table for
# Fees that did not exist before their oldest table (the others use their oldest table).
NEW_FEES = frozenset({"utilization", "low_inventory"})
SECTIONS = ("storage", "utilization", "ais", "removal", "liquidation", "low_inventory")
# Fees with a fixed set of keys (a table that leaves one out does not know it).
KEYED = ("storage", "removal", "liquidation")
LABELS = {
    "storage": "monthly storage fee",
    "utilization": "storage utilization surcharge",
    "ais": "aged-inventory surcharge",
    "removal": "removal and disposal fee",
    "liquidation": "liquidation processing fee",
    "low_inventory": "low-inventory-level fee",
}


def section_of(key: str) -> str:
    """The fee (section) a rate key belongs to: ``disposal.standard`` -> ``removal``."""
    head = key.split(".", 1)[0]
    return "removal" if head == "disposal" else head


@dataclass(frozen=True)
class AisTier:
    """One aged-inventory surcharge tier: ages ``from_day`` to ``to_day`` (None: no end)."""

    key: str
    from_day: int
    to_day: int | None
    per_ft3: float | None  # None: not known
    per_unit: float | None = 0.0  # the per-unit minimum, 0 when the tier has none, None unknown

    @property
    def end_day(self) -> float:
        """The first age after the tier (infinite for the last tier)."""
        return math.inf if self.to_day is None else float(self.to_day + 1)


@dataclass
class RateCard:
    """The rates that apply to one snapshot, after the account's overrides."""

    marketplace: str
    rates: dict[str, float | None]  # None: a rate ipitui does not know
    tables: dict[str, date | None]  # section -> the `from` date of the table used
    sources: dict[str, str]
    ais_tiers: list[AisTier]
    ais_exempt_types: frozenset[str]
    ais_exempt_below_day: int
    # (above this many weeks, surcharge per ft3 or None when not known)
    utilization: list[tuple[float, float | None]]
    # (from days, to days, fee per unit shipped or None) of the low-inventory-level fee's bands
    low_inventory_bands: list[tuple[float, float, float | None]]
    notes: list[str] = field(default_factory=list)
    # fee (section) -> why no rate of it is known: ipitui shows no amount for these fees
    missing: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> float | None:
        """The rate, or None when it is not known (or not a rate of the tables in force)."""
        return self.rates.get(key)


@functools.cache
def _load(marketplace: str) -> dict[str, list[dict[str, Any]]]:
    """The tables of a marketplace's file (empty when it has none); a file with ``uses``
    holds no tables of its own and shares those of the marketplace it names."""
    path = RATES_DIR / f"{marketplace}.toml"
    if not path.exists():
        return {name: [] for name in SECTIONS}
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    if "uses" in data:
        return _load(str(data["uses"]).lower())
    return {name: sorted(data.get(name, []), key=lambda t: t["from"]) for name in SECTIONS}


def _table(
    tables: list[dict[str, Any]], section: str, when: date, notes: list[str]
) -> dict[str, Any] | None:
    chosen = [t for t in tables if t["from"] <= when]
    if chosen:
        return chosen[-1]
    if section in NEW_FEES or not tables:
        return None
    notes.append(
        f"{section}: {when} is before the oldest rate table ({tables[0]['from']}); that one is used"
    )
    return tables[0]


def fee_by_weight(table: dict[str, Any], size: str, weight_lb: float) -> float | None:
    """A per-unit fee from a weight-tiered table (``size`` is ``standard`` or ``oversize``;
    None when the table has no rates for that size)."""
    if f"{size}_up_to_lb" not in table:
        return None
    limits, fees = table[f"{size}_up_to_lb"], table[f"{size}_fee"]
    for limit, fee in zip(limits, fees, strict=True):
        if weight_lb <= limit:
            return float(fee)
    pounds_above = math.ceil(round(weight_lb - limits[-1], 9))
    return float(table[f"{size}_over_fee"]) + float(table[f"{size}_per_lb"]) * pounds_above


def _section_rates(
    section: str, t: dict[str, Any], unit_weight_lb: float, notes: list[str]
) -> tuple[dict[str, float | None], list[tuple[float, float, str]]]:
    """The named rates of one table (and, for the low-inventory-level fee, its bands)."""
    rates: dict[str, float | None] = {}
    bands: list[tuple[float, float, str]] = []
    if section == "storage":
        rates.update({f"storage.{k}": float(v) for k, v in t.items() if isinstance(v, int | float)})
    elif section == "utilization":
        rates["utilization.exempt_volume_ft3"] = float(t["exempt_volume_ft3"])
        for weeks, amount in zip(t["weeks"], t["standard"], strict=True):
            rates[f"utilization.over_{weeks}_weeks"] = float(amount)
    elif section == "ais":
        for tier in t["tiers"]:
            rates[f"ais.{tier['key']}"] = float(tier["per_ft3"])
            if "per_unit" in tier:
                rates[f"ais.{tier['key']}_per_unit"] = float(tier["per_unit"])
    elif section in ("removal", "liquidation"):
        names = ("removal", "disposal") if section == "removal" else ("liquidation",)
        for size in ("standard", "oversize"):
            fee = fee_by_weight(t, size, unit_weight_lb)
            for name in names:
                key = f"{name}.processing_{size}" if name == "liquidation" else f"{name}.{size}"
                rates[key] = fee
    elif section == "low_inventory":
        rates["low_inventory.max_days"] = float(t["max_days"])
        rates["low_inventory.min_units_t7"] = float(t["min_units_t7"])
        size_fees = next(
            (
                f
                for lim, f in zip(t["size_up_to_lb"], t["fees"], strict=True)
                if unit_weight_lb <= lim
            ),
            None,
        )
        if size_fees is None:
            notes.append("low-inventory-level fee: the assumed unit weight is not standard-size")
        lows = [0, *t["bands_days"][:-1]]
        for lo, hi, fee in zip(lows, t["bands_days"], size_fees or [], strict=False):
            key = f"low_inventory.{lo}_{hi}"
            rates[key] = float(fee)
            bands.append((float(lo), float(hi), key))
    return rates, bands


def resolve_rates(
    marketplace: str,
    dates: dict[str, date],
    unit_weight_lb: float,
    overrides: dict[str, float] | None = None,
) -> RateCard:
    """The rates in force, section by section, on ``dates[section]``, then overridden."""
    notes: list[str] = []
    code = marketplace.lower()
    name = marketplace.upper()
    data = _load(code)
    template = _load(TEMPLATE_MARKETPLACE)
    rates: dict[str, float | None] = {}
    tables: dict[str, date | None] = {}
    sources: dict[str, str] = {}
    unknown: dict[str, str] = {}  # section -> why its rates are not known
    structure: dict[str, dict[str, Any] | None] = {}  # the table giving each fee's shape
    band_keys: list[tuple[float, float, str]] = []
    for section in SECTIONS:
        when = dates[section]
        t = _table(data[section], section, when, notes)
        tables[section] = t["from"] if t else None
        if t and t.get("source"):
            sources[section] = t["source"]
        if t and t.get("note"):
            notes.append(f"{name} {LABELS[section]}: {t['note']}")
        if t is None and data[section]:
            structure[section] = None  # a fee that had not begun on that date
            continue
        shape = _table(template[section], section, when, [])
        if t is None or "unknown" in t:
            unknown[section] = (t or {}).get("unknown") or "no published rate table"
            t = shape
            if t is None:
                structure[section] = None
                continue
            own, bands = _section_rates(section, t, unit_weight_lb, [])
            own = dict.fromkeys(own, None)
        else:
            own, bands = _section_rates(section, t, unit_weight_lb, notes)
            if section in KEYED and shape is not None:
                # a size or class the table leaves out is not known (not free)
                for key in _section_rates(section, shape, unit_weight_lb, [])[0]:
                    own.setdefault(key, None)
        structure[section] = t
        rates.update(own)
        band_keys += bands

    for key, value in (overrides or {}).items():
        if key in rates:
            rates[key] = float(value)
        else:
            notes.append(f"fee override {key!r} is not a rate of this table; ignored")

    missing: dict[str, str] = {}
    for section in SECTIONS:
        keys = [k for k in rates if section_of(k) == section]
        blank = [k for k in keys if rates[k] is None]
        if section in unknown and len(blank) == len(keys):
            why = unknown[section]
            missing[section] = (
                f"no published {LABELS[section]} table for {name}"
                if why == "no published rate table"
                else f"{LABELS[section]} for {name}: {why}"
            )
            names = ", ".join(dict.fromkeys(k.split(".")[0] + ".*" for k in keys))
            hint = f"; enter rates in [fee_overrides] ({names})" if keys else ""
            notes.append(f"{missing[section]}: no amount is shown{hint}")
        elif blank:
            notes.append(
                f"{LABELS[section]} for {name}: no rate for {', '.join(blank)} "
                "(enter it in [fee_overrides]); SKUs that need it are left out"
            )

    ais = structure["ais"] or {"tiers": [], "exempt_storage_types": [], "exempt_below_day": 0}
    tiers = [
        AisTier(
            key=tier["key"],
            from_day=int(tier["from_day"]),
            to_day=tier.get("to_day"),
            per_ft3=rates[f"ais.{tier['key']}"],
            per_unit=rates.get(f"ais.{tier['key']}_per_unit", 0.0),
        )
        for tier in ais["tiers"]
    ]
    utilization = sorted(
        (float(k.split("_")[1]), v) for k, v in rates.items() if k.startswith("utilization.over_")
    )
    return RateCard(
        marketplace=name,
        rates=rates,
        tables=tables,
        sources=sources,
        ais_tiers=tiers,
        ais_exempt_types=frozenset(s.lower() for s in ais["exempt_storage_types"]),
        ais_exempt_below_day=int(ais["exempt_below_day"]),
        utilization=utilization,
        low_inventory_bands=[(lo, hi, rates[key]) for lo, hi, key in band_keys],
        notes=notes,
        missing=missing,
    )
