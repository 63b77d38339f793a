"""A selling price by the seed's formula, bounded by the MRP:

    price = cost x (1 + margin) x demand factor x competition factor x season factor

The demand factor leans up when the item sells faster than it did (and down when slower), the
competition factor pulls toward a competitor's price the owner told, the season factor follows the
festival lift the shop saw before. Each factor stays within a few percent: the formula nudges, the
owner decides. The price never goes above the MRP nor below cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

DEFAULT_MARGIN = Decimal("0.15")
DEMAND_SWING = Decimal("0.05")
SEASON_SWING = Decimal("0.05")
COMPETITION_PULL = Decimal("0.5")  # how far toward the competitor's price the suggestion moves


@dataclass(frozen=True, slots=True)
class PriceSuggestion:
    price_paise: int
    demand_factor: Decimal
    competition_factor: Decimal
    season_factor: Decimal
    capped_by_mrp: bool


def _clip(value: Decimal, swing: Decimal) -> Decimal:
    return min(max(value, 1 - swing), 1 + swing)


def suggest_price(cost_paise: int, *, margin: Decimal = DEFAULT_MARGIN, recent_rate: float = 0.0,
                  earlier_rate: float = 0.0, competitor_paise: int | None = None, season_lift: float = 1.0,
                  mrp_paise: int | None = None) -> PriceSuggestion:
    """`recent_rate`/`earlier_rate`: units a day lately and before; `season_lift`: the festival factor ahead."""
    base = Decimal(cost_paise) * (1 + margin)
    demand = Decimal("1")
    if earlier_rate > 0:
        demand = _clip(1 + (Decimal(str(recent_rate / earlier_rate)) - 1) / 4, DEMAND_SWING)
    season = _clip(Decimal(str(season_lift)), SEASON_SWING)
    price = base * demand * season
    competition = Decimal("1")
    if competitor_paise:
        target = price + (Decimal(competitor_paise) - price) * COMPETITION_PULL
        competition = target / price if price else Decimal("1")
        price = target
    capped = mrp_paise is not None and price > mrp_paise
    if mrp_paise is not None and capped:
        price = Decimal(mrp_paise)
    price = max(price, Decimal(cost_paise))
    rupee = (price / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * 100  # shop prices are whole rupees
    if mrp_paise is not None and rupee > mrp_paise:
        rupee = Decimal(mrp_paise)
    return PriceSuggestion(int(rupee), demand.quantize(Decimal("0.001")), competition.quantize(Decimal("0.001")),
                           season.quantize(Decimal("0.001")), capped)
