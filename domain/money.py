"""Exact money: `Money` holds integer paise; `D()` builds Decimals; every rounding rule is a named
function with an explicit ROUND_HALF_UP (Python's default context rounds half-even: 2.125 -> 2.12).

Never float: `D(0.1)` is refused, `Money` arithmetic stays in integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

Number = Decimal | int | str

ONE_PAISA = Decimal("0.01")
HUNDRED = Decimal(100)


def D(value: Number | Decimal = 0) -> Decimal:
    """A Decimal from a str, int or Decimal; floats are refused because they are not exact."""
    if isinstance(value, float):
        raise TypeError("floats are not exact; pass a str, int or Decimal")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round to `places` decimals, halves away from zero (2.125 -> 2.13, -2.125 -> -2.13)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def round_to_int(value: Decimal) -> int:
    """Round a Decimal to the nearest integer, halves away from zero."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def rupees_to_paise(rupees: Number | Decimal) -> int:
    """Rupees (any precision) to whole paise, half up: 2.125 -> 213."""
    return round_to_int(D(rupees) * HUNDRED)


def paise_to_rupees(paise: int) -> Decimal:
    return (Decimal(paise) / HUNDRED).quantize(ONE_PAISA)


def round_to_rupee(paise: int) -> int:
    """Section 170 rounding of tax payable: to the nearest rupee, 50 paise and above up; in paise."""
    return round_to_int(Decimal(paise) / HUNDRED) * 100


def split_half(paise: int) -> tuple[int, int]:
    """Split an amount into two halves that add back exactly; the first takes the odd paisa."""
    second = paise // 2 if paise >= 0 else -((-paise) // 2)
    return paise - second, second


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` paise in proportion to `weights`, largest remainders first, summing exactly."""
    if not weights:
        return []
    weight_sum = sum(weights)
    if weight_sum == 0:
        shares = [0] * len(weights)
        shares[0] = total
        return shares
    raw = [Decimal(total) * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]  # truncates toward zero
    rest = total - sum(shares)
    step = 1 if rest > 0 else -1
    order = sorted(range(len(raw)), key=lambda i: abs(raw[i] - shares[i]), reverse=True)
    for i in order[: abs(rest)]:
        shares[i] += step
    return shares


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An amount of Indian rupees in integer paise; immutable and exact."""

    paise: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.paise, int) or isinstance(self.paise, bool):
            raise TypeError("Money holds integer paise")

    @classmethod
    def from_rupees(cls, rupees: Number | Decimal) -> Money:
        return cls(rupees_to_paise(rupees))

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @property
    def rupees(self) -> Decimal:
        return paise_to_rupees(self.paise)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.paise + other.paise)

    def __radd__(self, other: object) -> Money:
        if other == 0:  # lets sum() start from 0
            return self
        if isinstance(other, Money):
            return Money(self.paise + other.paise)
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.paise - other.paise)

    def __neg__(self) -> Money:
        return Money(-self.paise)

    def __abs__(self) -> Money:
        return Money(abs(self.paise))

    def __mul__(self, factor: int | Decimal) -> Money:
        """Multiply by an integer exactly, or by a Decimal rounding half up to the paisa."""
        if isinstance(factor, bool) or not isinstance(factor, (int, Decimal)):
            return NotImplemented
        if isinstance(factor, int):
            return Money(self.paise * factor)
        return Money(round_to_int(Decimal(self.paise) * factor))

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.paise != 0

    def __str__(self) -> str:
        return f"₹{self.rupees}"

    def __repr__(self) -> str:
        return f"Money({self.rupees})"
