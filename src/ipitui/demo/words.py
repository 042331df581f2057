"""What the demo seller sells: brands, products, variants and suppliers.

Titles are built from these lists as brand + product + descriptor + variant, so some carry
``"``, ``,``, ``[brackets]``, ``&``, ``/`` and non-ASCII letters, like real listings. No entry
may contain a tab or a line break (the reports are tab-separated and never quoted).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Product:
    name: str
    code: str  # the middle of the seller's SKU
    group: str  # Amazon's product group
    oversize: bool = False
    season: str = ""  # a key of SEASONS for seasonal products


# (display name, SKU prefix)
BRANDS: tuple[tuple[str, str], ...] = (
    ("Acme Home", "ACM"), ("BrightNest", "BRN"), ("Café Maison", "CAF"),
    ("Müller & Söhne", "MUS"), ("Niño Feliz", "NIN"), ("ZenGlow™", "ZEN"),
    ("Nordvik", "NRD"), ("PeakTrail", "PKT"), ("Lumière Atelier", "LUM"),
    ("Señor Salsa", "SNR"), ("Ørsted Living", "ORS"), ("Kōbō Kitchen", "KOB"),
    ("TidyTrek", "TDT"), ("Pawsome Pals", "PAW"), ("Blue Finch", "BLF"),
    ("Copperleaf", "CPL"), ("UrbanRoots", "URB"), ("Hearth & Hollow", "HTH"),
    ("Sunday Supply Co.", "SSC"), ("Vélo Verde", "VEL"), ("Glimmer & Gold", "GLG"),
    ("IronPeak Fitness", "IPF"), ("Little Otter", "LOT"), ("Maple Row", "MPR"),
)  # fmt: skip

PRODUCTS: tuple[Product, ...] = (
    Product("Stainless Steel Mixing Bowls", "BOWL", "Kitchen"),
    Product("Silicone Spatula Set", "SPAT", "Kitchen"),
    Product("Cast Iron Skillet", "SKIL", "Kitchen"),
    Product("French Press Coffee Maker", "FPRS", "Kitchen"),
    Product("Bamboo Cutting Board", "CUTB", "Kitchen"),
    Product("Memory Foam Pillow", "PILW", "Home"),
    Product("Linen Throw Blanket", "THRW", "Home"),
    Product("Scented Soy Candle", "CNDL", "Home"),
    Product("Blackout Curtains", "CURT", "Home"),
    Product("Wooden Building Blocks", "BLCK", "Toy"),
    Product("Plush Sloth Toy", "SLTH", "Toy"),
    Product("Magnetic Drawing Board", "MAGB", "Toy"),
    Product("Non-Slip Yoga Mat", "YOGA", "Sports"),
    Product("Resistance Bands", "RBND", "Sports"),
    Product("Insulated Water Bottle", "BOTL", "Sports"),
    Product("Chew-Proof Dog Toy", "DTOY", "Pet Products"),
    Product("Cat Scratching Post", "SCRT", "Pet Products"),
    Product("Argan Oil Hair Serum", "SERM", "Beauty"),
    Product("Jade Face Roller", "ROLR", "Beauty"),
    Product("Gel Ink Pens", "PENS", "Office Product"),
    Product("Dot Grid Notebook", "NOTE", "Office Product"),
    Product("LED Strip Lights", "LEDS", "Home Improvement"),
    Product("Cordless Drill Bit Set", "DRIL", "Home Improvement"),
    Product("Silicone Baby Bibs", "BIBS", "Baby Product"),
    Product("Bike Phone Mount", "BKMT", "Sports"),
    Product("Folding Camping Chair", "CHAR", "Sports", oversize=True),
    Product("Adjustable Dumbbell Rack", "DBRK", "Sports", oversize=True),
    Product("Orthopedic Dog Bed", "DBED", "Pet Products", oversize=True),
    Product("Standing Desk Converter", "DESK", "Office Product", oversize=True),
    Product("Raised Garden Bed", "GBED", "Lawn and Garden", oversize=True),
)

SEASONAL_PRODUCTS: tuple[Product, ...] = (
    Product("Christmas Tree Ornaments", "ORNM", "Home", season="holiday"),
    Product("Advent Calendar", "ADVC", "Toy", season="holiday"),
    Product("Halloween Costume", "HCST", "Apparel", season="halloween"),
    Product("Inflatable Pool Float", "POOL", "Toy", season="summer"),
    Product("Solar Garden Lights", "SOLR", "Lawn and Garden", season="summer"),
    Product("Kids School Backpack", "BPCK", "Luggage", season="school"),
    Product("Heart-Shaped Gift Box", "HRTB", "Home", season="valentine"),
)

# season key -> (season-name in the report, peak day of the year, days before the peak it
# starts, days after the peak it ends)
SEASONS: dict[str, tuple[str, int, int, int]] = {
    "holiday": ("Holiday", 350, 60, 15),
    "halloween": ("Halloween", 298, 45, 5),
    "summer": ("Summer", 182, 60, 45),
    "school": ("Back to School", 228, 40, 20),
    "valentine": ("Valentine's Day", 38, 30, 7),
}
SEASON_KEYS: tuple[str, ...] = ("", *SEASONS)  # a product's season by index; 0: none

DESCRIPTORS: tuple[str, ...] = (
    "", "", "", "", '10" Deluxe', '12" Pro', "Premium", "Classic", "[2-Pack]", "[Set of 6]",
    "XL", "Compact", "Édition Spéciale", "Gift Set", "(Large)", "3-in-1", "Eco-Friendly",
    '8.5" x 11"', "Heavy Duty", "Travel Size",
)  # fmt: skip

# (variant, SKU suffix)
VARIANTS: tuple[tuple[str, str], ...] = (
    ("red", "RD"), ("Navy Blue", "NB"), ("Black", "BK"), ("White", "WH"), ("Sage Green", "SG"),
    ("Beige/Crème", "BC"), ("Größe M", "GM"), ("Small", "S"), ("Large", "L"), ("Charcoal", "CH"),
    ("Rosé Pink", "RP"), ("Açaí Purple", "AP"), ("Natural", "NT"), ("Multicolor", "MC"),
    ("Pack of 3", "P3"), ("Twin/Full", "TF"),
)  # fmt: skip

SUPPLIERS: tuple[str, ...] = (
    "Ningbo Homeware Co., Ltd.", "Guangzhou Brightline Trading", "Pacific Imports LLC",
    "Müller Großhandel GmbH", "Shenzhen Lumen Electronics", "Acme Wholesale",
    "Yiwu Happy Toys Factory", "Hanoi Craft Export JSC",
)  # fmt: skip
