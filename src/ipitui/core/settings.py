"""Every tunable number of ipitui's definitions, with its default.

Pure data: ``ipitui.store.settings`` reads and writes these as TOML per account; ``core``
only reads them. Field names are the TOML keys, so renaming one is a schema migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DemandSettings:
    """Daily demand d = sum(w_k * t_k / k); weights are normalised to sum to 1."""

    weight_t7: float = 0.0
    weight_t30: float = 0.5
    weight_t60: float = 0.25
    weight_t90: float = 0.25


@dataclass
class ExcessSettings:
    excess_days: int = 90
    excess_counts_inbound: bool = False


@dataclass
class StockSettings:
    lead_time_days: int = 30
    safety_days: int = 14
    target_cover_days: int = 45
    top_sellers: int = 50


@dataclass
class FactorMapping:
    """Piecewise-linear sub-score: 1 at ``best``, 0 at ``worst`` (clamped), times ``weight``."""

    weight: float
    best: float
    worst: float


@dataclass
class IpiSettings:
    excess_pct: FactorMapping = field(default_factory=lambda: FactorMapping(0.40, 0.0, 40.0))
    sell_through: FactorMapping = field(default_factory=lambda: FactorMapping(0.30, 3.0, 0.25))
    stranded_pct: FactorMapping = field(default_factory=lambda: FactorMapping(0.15, 0.0, 10.0))
    in_stock_pct: FactorMapping = field(default_factory=lambda: FactorMapping(0.15, 100.0, 50.0))
    # Set by calibration against recorded readings; an account with fitted values keeps them.
    fitted: bool = False
    # The fitted mapping's leave-one-out error (root mean square, IPI points) and how many
    # readings it was measured over; 0 readings: not measured (files written before it was
    # kept, or not fitted), and the estimate is then shown without a ± .
    loo_error: float = 0.0
    loo_readings: int = 0

    @property
    def uncertainty(self) -> float | None:
        """The ± of the estimate: the leave-one-out error of a fitted mapping, else None."""
        return self.loo_error if self.fitted and self.loo_readings > 0 else None


@dataclass
class PromotionSettings:
    default_discount_pct: float = 20.0
    default_uplift_pct: float = 50.0
    default_days: int = 30


@dataclass
class LiquidationSettings:
    gross_recovery_pct: float = 7.5
    referral_pct: float = 15.0


@dataclass
class StrandedSettings:
    """A stranded SKU whose auto-removal date is this close is suggested for removal."""

    auto_removal_near_days: int = 14


@dataclass
class FeeSettings:
    """What the fee estimates need that no inventory report carries."""

    # Shipping weight assumed for every unit (removal, disposal and liquidation fees and the
    # low-inventory-level fee are priced by weight, which no inventory report carries).
    unit_weight_lb: float = 1.0
    # Individual sellers, sellers in their first 365 days of FBA and similar exemptions.
    utilization_surcharge_exempt: bool = False
    low_inventory_fee_exempt: bool = False


@dataclass
class CapacitySettings:
    """Monthly capacity limits in cubic feet per storage type; 0 means not entered."""

    standard: float = 0.0
    oversize: float = 0.0
    apparel: float = 0.0
    footwear: float = 0.0
    flammable: float = 0.0
    aerosol: float = 0.0


@dataclass
class PlanSettings:
    """What ``ipitui plan`` (``core.plan``) counts and leaves out."""

    # Months of storage and surcharge a decision saves, set against what it costs.
    horizon_months: int = 3
    # Never propose clearing out (remove, dispose, liquidate) one of this many best sellers
    # by 30-day revenue (0: none protected).
    protect_top_sellers: int = 50
    # SKUs a plan never proposes anything for.
    exclude_skus: list[str] = field(default_factory=list)


@dataclass
class ReturnAddress:
    """Where removal orders ship; required before a return order can be exported."""

    name: str = ""
    line1: str = ""
    line2: str = ""
    line3: str = ""
    city: str = ""
    state_or_region: str = ""
    postal_code: str = ""
    country_code: str = ""
    phone: str = ""


@dataclass
class AccountSettings:
    """Everything ipitui keeps per seller account (one TOML file each)."""

    display_name: str = ""
    marketplace: str = "US"
    currency: str = "USD"
    demand: DemandSettings = field(default_factory=DemandSettings)
    excess: ExcessSettings = field(default_factory=ExcessSettings)
    stock: StockSettings = field(default_factory=StockSettings)
    ipi: IpiSettings = field(default_factory=IpiSettings)
    promotion: PromotionSettings = field(default_factory=PromotionSettings)
    liquidation: LiquidationSettings = field(default_factory=LiquidationSettings)
    capacity: CapacitySettings = field(default_factory=CapacitySettings)
    stranded: StrandedSettings = field(default_factory=StrandedSettings)
    fees: FeeSettings = field(default_factory=FeeSettings)
    plan: PlanSettings = field(default_factory=PlanSettings)
    return_address: ReturnAddress = field(default_factory=ReturnAddress)
    # Fee rate overrides, by the key names of the shipped rate tables (see core.fees).
    fee_overrides: dict[str, float] = field(default_factory=dict)


@dataclass
class GlobalSettings:
    """Settings shared by every account (config.toml)."""

    theme: str = "ipitui-dark"
    mouse: bool = True
    # Over SSH the mouse is captured only when asked for: a dropped connection cannot switch
    # mouse tracking off again, and the seller's terminal would be left printing mouse codes.
    mouse_over_ssh: bool = False
    default_account: str = ""
    # binding id -> comma-separated keys, passed to App.set_keymap
    keymap: dict[str, str] = field(default_factory=dict)
