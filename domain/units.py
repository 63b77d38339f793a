"""Units of quantity and their conversions: g/kg, ml/l, pc/dozen; pack, box and bag stand alone.

Quantities are stored as integer *milli-units of the item's own unit* (`qty_milli`): 1.5 kg of a
kg item is 1500, 12 pc of a pc item is 12000. Converting across dimensions (kg -> pc) raises
`IncompatibleUnits`; a quantity finer than a thousandth of the item's unit raises `InvalidQuantity`.
"""

from __future__ import annotations

from decimal import Decimal

from domain.errors import IncompatibleUnits, InvalidQuantity, InvalidUnit
from domain.money import D, round_to_int

UNITS = ("kg", "g", "l", "ml", "pc", "dozen", "pack", "box", "bag")

# unit -> (dimension, size in the dimension's smallest unit)
_DIMENSION: dict[str, tuple[str, int]] = {
    "g": ("mass", 1),
    "kg": ("mass", 1000),
    "ml": ("volume", 1),
    "l": ("volume", 1000),
    "pc": ("count", 1),
    "dozen": ("count", 12),
    "pack": ("pack", 1),
    "box": ("box", 1),
    "bag": ("bag", 1),
}

_ALIASES = {
    "kgs": "kg", "kilo": "kg", "kilogram": "kg", "gm": "g", "gms": "g", "gram": "g", "grams": "g",
    "ltr": "l", "litre": "l", "liter": "l", "lt": "l", "pcs": "pc", "piece": "pc", "pieces": "pc",
    "nos": "pc", "no": "pc", "packet": "pack", "packets": "pack", "packs": "pack", "boxes": "box",
    "bags": "bag", "doz": "dozen", "dozens": "dozen",
}

MILLI = 1000
MAX_QTY_MILLI = 10**12  # a billion units: anything above is a typo, not a shop's stock


def normalise_unit(unit: str) -> str:
    """The canonical name of a unit (`"Kgs"` -> `"kg"`); raises InvalidUnit for anything else."""
    key = unit.strip().lower().rstrip(".")
    key = _ALIASES.get(key, key)
    if key not in _DIMENSION:
        raise InvalidUnit(unit)
    return key


def compatible(a: str, b: str) -> bool:
    return _DIMENSION[normalise_unit(a)][0] == _DIMENSION[normalise_unit(b)][0]


def factor(from_unit: str, to_unit: str) -> Decimal:
    """How many `to_unit` make one `from_unit` (kg -> g: 1000; g -> kg: 0.001)."""
    src, dst = normalise_unit(from_unit), normalise_unit(to_unit)
    (dim_a, size_a), (dim_b, size_b) = _DIMENSION[src], _DIMENSION[dst]
    if dim_a != dim_b:
        raise IncompatibleUnits(src, dst)
    return Decimal(size_a) / Decimal(size_b)


def convert(qty: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """`qty` in `from_unit` expressed in `to_unit`, exactly."""
    return D(qty) * factor(from_unit, to_unit)


def to_milli(qty: Decimal | int | str, unit: str, item_unit: str, *, allow_zero: bool = False) -> int:
    """A quantity said in `unit` as integer milli-units of `item_unit`; validates sign and size."""
    value = D(qty)
    if not value.is_finite():
        raise InvalidQuantity(str(qty), "not_a_number")
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidQuantity(value, "not_positive")
    exact = convert(value, unit, item_unit) * MILLI
    milli = round_to_int(exact)
    if milli == 0 and value != 0:
        raise InvalidQuantity(value, "too_small")
    if milli > MAX_QTY_MILLI:
        raise InvalidQuantity(value, "too_large")
    return milli


def from_milli(qty_milli: int) -> Decimal:
    """Milli-units back to a Decimal quantity of the item's unit (1500 -> Decimal('1.5'))."""
    value = Decimal(qty_milli) / MILLI
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
