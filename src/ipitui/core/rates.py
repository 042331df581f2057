"""Fee rates as data: the dated tables in ``rates/<marketplace>.toml``, resolved for a date.

Resolving turns the tables in force into one flat mapping of named rates (``storage.standard``,
``ais.271_300``, ``removal.standard`` …). Weight-priced fees are resolved for the account's
assumed unit weight, so a seller overrides the per-unit figure they actually pay. The account's
``fee_overrides`` replace entries of that mapping by key; every fee in ``core`` reads only it.
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
DEFAULT_MARKETPLACE = "us"
# Fees that did not exist before their oldest table (the others use their oldest table).
NEW_FEES = frozenset({"utilization", "low_inventory"})
SECTIONS = ("storage", "utilization", "ais", "removal", "liquidation", "low_inventory")


@dataclass(frozen=True)
class AisTier:
    """One aged-inventory surcharge tier: ages ``from_day`` to ``to_day`` (None: no end)."""

    key: str
    from_day: int
    to_day: int | None
    per_ft3: float
    per_unit: float = 0.0  # the per-unit minimum, 0 when the tier has none

    @property
    def end_day(self) -> float:
        """The first age after the tier (infinite for the last tier)."""
        return math.inf if self.to_day is None else float(self.to_day + 1)


@dataclass
class RateCard:
    """The rates that apply to one snapshot, after the account's overrides."""

    marketplace: str
    rates: dict[str, float]
    tables: dict[str, date | None]  # section -> the `from` date of the table used
    sources: dict[str, str]
    ais_tiers: list[AisTier]
    ais_exempt_types: frozenset[str]
    ais_exempt_below_day: int
    utilization: list[tuple[float, float]]  # (above this many weeks, surcharge per ft3)
    # (from days, to days, fee per unit shipped) of the low-inventory-level fee's bands
    low_inventory_bands: list[tuple[float, float, float]]
    notes: list[str] = field(default_factory=list)

    def get(self, key: str) -> float:
        return self.rates.get(key, 0.0)


@functools.cache
def _load(marketplace: str) -> dict[str, list[dict[str, Any]]]:
    path = RATES_DIR / f"{marketplace}.toml"
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return {name: sorted(data.get(name, []), key=lambda t: t["from"]) for name in SECTIONS}


def available_marketplaces() -> list[str]:
    return sorted(p.stem.upper() for p in RATES_DIR.glob("*.toml"))


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


def fee_by_weight(table: dict[str, Any], size: str, weight_lb: float) -> float:
    """A per-unit fee from a weight-tiered table (``size`` is ``standard`` or ``oversize``)."""
    limits, fees = table[f"{size}_up_to_lb"], table[f"{size}_fee"]
    for limit, fee in zip(limits, fees, strict=True):
        if weight_lb <= limit:
            return float(fee)
    pounds_above = math.ceil(round(weight_lb - limits[-1], 9))
    return float(table[f"{size}_over_fee"]) + float(table[f"{size}_per_lb"]) * pounds_above


def resolve_rates(
    marketplace: str,
    dates: dict[str, date],
    unit_weight_lb: float,
    overrides: dict[str, float] | None = None,
) -> RateCard:
    """The rates in force, section by section, on ``dates[section]``, then overridden."""
    notes: list[str] = []
    code = marketplace.lower()
    if not (RATES_DIR / f"{code}.toml").exists():
        notes.append(
            f"no rate tables for marketplace {marketplace}; US rates are used "
            "(set your own in the account's [fee_overrides])"
        )
        code = DEFAULT_MARKETPLACE
    data = _load(code)
    rates: dict[str, float] = {}
    tables: dict[str, date | None] = {}
    sources: dict[str, str] = {}
    chosen: dict[str, dict[str, Any] | None] = {}
    for section in SECTIONS:
        t = _table(data[section], section, dates[section], notes)
        chosen[section] = t
        tables[section] = t["from"] if t else None
        if t:
            sources[section] = t.get("source", "")

    if t := chosen["storage"]:
        rates.update(
            {f"storage.{k}": float(v) for k, v in t.items() if k not in ("from", "source")}
        )
    if t := chosen["utilization"]:
        rates["utilization.exempt_volume_ft3"] = float(t["exempt_volume_ft3"])
        for weeks, amount in zip(t["weeks"], t["standard"], strict=True):
            rates[f"utilization.over_{weeks}_weeks"] = float(amount)
    ais = chosen["ais"] or {"tiers": [], "exempt_storage_types": [], "exempt_below_day": 0}
    for tier in ais["tiers"]:
        rates[f"ais.{tier['key']}"] = float(tier["per_ft3"])
        if "per_unit" in tier:
            rates[f"ais.{tier['key']}_per_unit"] = float(tier["per_unit"])
    for section, names in (("removal", ("removal", "disposal")), ("liquidation", ("liquidation",))):
        if t := chosen[section]:
            for size in ("standard", "oversize"):
                fee = fee_by_weight(t, size, unit_weight_lb)
                for name in names:
                    key = f"{name}.processing_{size}" if name == "liquidation" else f"{name}.{size}"
                    rates[key] = fee
    band_keys: list[tuple[float, float, str]] = []
    if t := chosen["low_inventory"]:
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
            band_keys.append((float(lo), float(hi), key))

    for key, value in (overrides or {}).items():
        if key in rates:
            rates[key] = float(value)
        else:
            notes.append(f"fee override {key!r} is not a rate of this table; ignored")

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
        marketplace=code.upper(),
        rates=rates,
        tables=tables,
        sources=sources,
        ais_tiers=tiers,
        ais_exempt_types=frozenset(s.lower() for s in ais["exempt_storage_types"]),
        ais_exempt_below_day=int(ais["exempt_below_day"]),
        utilization=utilization,
        low_inventory_bands=[(lo, hi, rates[key]) for lo, hi, key in band_keys],
        notes=notes,
    )
