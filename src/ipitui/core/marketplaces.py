"""Each marketplace's facts as data: its currency and the IPI factors Amazon shows there.

Amazon's IPI help page (itemID 202174810) lists, per marketplace, the categories the IPI is
made of. They differ: Canada and India leave out the in-stock rate, Australia and Saudi
Arabia show only sell-through and stranded inventory. ipitui scores an account on exactly
its marketplace's factors (``scoring_ipi``: the weight of a factor the marketplace does not
show is 0, so it drops out and the others' weights are re-normalised, as a factor that
cannot be computed does). The factor's value is still worked out and shown, marked as not
scored.

A marketplace whose page was not found is *not confirmed*: it is scored on the US factors
and every output says so. The only European page found is the unified EU Seller Central
page scoped to the United Kingdom ("applies to selling in: United Kingdom"); it shows the
same four factors as the US. It says nothing of Germany, France and the others, so they are
not confirmed either (their scores do not change: the US set is those same four factors).

Amazon also says that ASINs in their first 90 days do not affect the IPI (its IPI FAQ,
itemID ZJF4DY2W6MERBAL; found for US, CA and AU). ``new_asin_rule_confirmed`` records where.

This module loads no polars: the account store reads the currencies from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipitui.core.settings import AccountSettings, IpiSettings

# The factor names of ``core.factors.FACTORS`` (repeated here so that this module needs no
# polars; a test checks they are the same).
EXCESS, SELL_THROUGH, STRANDED, IN_STOCK = (
    "excess_pct",
    "sell_through",
    "stranded_pct",
    "in_stock_pct",
)
US_FACTORS = (EXCESS, SELL_THROUGH, STRANDED, IN_STOCK)
NEW_ASIN_DAYS = 90  # ASINs this young do not affect the IPI (Amazon's IPI FAQ)
# The stored copies of the pages below were read on 2026-12-01.
_LABELS = {
    EXCESS: "excess",
    SELL_THROUGH: "sell-through",
    STRANDED: "stranded",
    IN_STOCK: "in-stock",
}


@dataclass(frozen=True)
class Marketplace:
    """What ipitui knows of one marketplace. ``factors`` are the IPI factors its IPI page
    shows (the US set when not ``confirmed``); ``source`` is that page (``""``: none found);
    ``page_date`` the date printed on it (None: the page shows none); ``wording`` what it
    says about the factors; ``site`` how the page names itself in a note."""

    code: str
    currency: str
    factors: tuple[str, ...] = US_FACTORS
    confirmed: bool = False
    source: str = ""
    page_date: str | None = None
    site: str = ""
    wording: str = ""
    new_asin_rule_confirmed: bool = False
    known: bool = True  # False: a code that is not in the table (scored as unconfirmed)


_EU_PAGE = (
    "sellercentral-europe.amazon.com/gp/help/external/G202174810"
    "?language=en_GB&ref=efph_G202174810_cont_ZJF4DY2W6MERBAL"
)
_UK = Marketplace(
    "UK",
    "GBP",
    factors=US_FACTORS,
    confirmed=True,
    source=_EU_PAGE,
    site="Amazon's EU Seller Central (United Kingdom)",
    wording='four categories; "applies to selling in: United Kingdom"',
)

_TABLE = (
    Marketplace(
        "US", "USD", US_FACTORS, True,
        "sellercentral.amazon.com/gp/help/external/202174810", None, "Amazon.com",
        "four categories of recommendations… a performance bar for each of the four categories",
        new_asin_rule_confirmed=True,
    ),
    Marketplace(
        "CA", "CAD", (EXCESS, SELL_THROUGH, STRANDED), True,
        "sellercentral.amazon.ca/gp/help/external/help.html?itemID=202174810&language=en_CA",
        None, "Amazon.ca", "In-stock rate is not included as an influencing factor in Canada",
        new_asin_rule_confirmed=True,
    ),
    Marketplace("MX", "MXN"),
    Marketplace("BR", "BRL"),
    _UK,
    replace(_UK, code="GB"),  # the ISO code of the United Kingdom
    # Not confirmed: the only page found is the EU page scoped to the United Kingdom.
    *(Marketplace(code, "EUR") for code in ("DE", "FR", "IT", "ES", "NL", "BE", "IE")),
    Marketplace("SE", "SEK"),
    Marketplace("PL", "PLN"),
    Marketplace("TR", "TRY"),
    Marketplace(
        "JP", "JPY", US_FACTORS, True,
        "sellercentral.amazon.co.jp/gp/help/external/help.html?itemID=202174810&language=en_JP",
        None, "Amazon.co.jp", "four categories",
    ),
    Marketplace(
        "AU", "AUD", (SELL_THROUGH, STRANDED), True,
        "sellercentral.amazon.com.au/gp/help/external/help.html?itemID=202174810&language=en_AU",
        None, "Amazon.com.au",
        "two categories… a performance bar for both stranded inventory and sell-through rate",
        new_asin_rule_confirmed=True,
    ),
    Marketplace("SG", "SGD"),
    Marketplace(
        "IN", "INR", (EXCESS, SELL_THROUGH, STRANDED), True,
        "sellercentral.amazon.in/gp/help/external/help.html?itemID=202174810&language=en_IN",
        None, "Amazon.in",
        "three categories (excess and aged inventory, sell-through, stranded inventory)",
    ),
    Marketplace("AE", "AED"),
    Marketplace(
        "SA", "SAR", (SELL_THROUGH, STRANDED), True,
        "sellercentral.amazon.sa/gp/help/external/help.html?itemID=202174810&language=en_AE",
        None, "Amazon.sa", "two categories (sell-through, stranded inventory)",
    ),
    Marketplace("EG", "EGP"),
)  # fmt: skip
MARKETPLACES: dict[str, Marketplace] = {m.code: m for m in _TABLE}
MARKETPLACE_CURRENCY: dict[str, str] = {m.code: m.currency for m in _TABLE}


def marketplace(code: str) -> Marketplace:
    """The table's entry for ``code`` (any case); an unknown code is scored as unconfirmed."""
    key = (code or "").strip().upper()
    return MARKETPLACES.get(key) or Marketplace(key or "?", "", known=False)


def scoring_ipi(settings: AccountSettings) -> IpiSettings:
    """The mapping the account is scored with: its ``ipi`` settings, with the weight of every
    factor its marketplace does not show set to 0 (it drops out of the estimate). Every
    score of an account goes through here."""
    ipi = settings.ipi
    scored = marketplace(settings.marketplace).factors
    zeroed = {
        name: replace(getattr(ipi, name), weight=0.0) for name in US_FACTORS if name not in scored
    }
    return replace(ipi, **zeroed) if zeroed else ipi


def label(factor: str) -> str:
    return _LABELS.get(factor, factor)


def not_scored(code: str) -> dict[str, str]:
    """Factor -> why the marketplace's estimate leaves it out (its IPI page does not show it)."""
    m = marketplace(code)
    why = f" ({m.site}: {m.wording!r})" if m.site else ""
    return {n: f"not scored in {m.code}{why}" for n in US_FACTORS if n not in m.factors}


def factor_set_note(code: str) -> str | None:
    """What an output says when the marketplace's factor set is not confirmed (None if it is)."""
    m = marketplace(code)
    if m.confirmed:
        return None
    if not m.known:
        return f"unknown marketplace {m.code}: US factors used"
    note = f"factor set not confirmed for {m.code}: US factors used"
    if m.currency == "EUR" or m.code in ("SE", "PL"):
        note += " (the EU page found covers the United Kingdom only; it shows the same four)"
    return note


def new_asin_source(code: str) -> str:
    """Where the 90-day rule comes from, for a note."""
    m = marketplace(code)
    if m.new_asin_rule_confirmed:
        return "Amazon's IPI FAQ"
    return f"Amazon's IPI FAQ for US, CA and AU; not confirmed for {m.code}: US rule used"
