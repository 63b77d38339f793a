"""Forecasts made ahead of the chat: the scheduler refits a shop's models, and a refit that does worse
than the forecast in use is not deployed.

    with SqlUnitOfWork(session_factory) as uow:
        outcome = refresh_shop(uow, shop_id, today, store)

The gate is like for like: the stored forecast's errors on the days that have passed since it was made
against the new models' own backtest errors on the same items and days (the backtest fits each
origin without the days it predicts). With no such days yet, the new backtest must not be worse than
the stored one's. `drift` is how much worse the forecast in use did than its own backtest promised,
for the owner's digest and the metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from domain.books.common import require_shop
from domain.insight.books import daily_demand
from domain.insight.calendar import subdivision_of
from domain.insight.demand import DemandForecast, forecast_demand
from domain.insight.metrics import wape
from domain.insight.store import ForecastStore, StoredForecast

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

TOLERANCE = 0.02  # a refit within 2% of the model in use counts as no worse (it has seen newer days)
HORIZON = 45  # days stored ahead: a forecast made today still answers a 30-day question next fortnight


@dataclass(frozen=True, slots=True)
class RefreshOutcome:
    deployed: bool
    new_wape: float  # the refit's, on the days compared
    old_wape: float | None  # the forecast in use, on the same days
    drift: float | None  # the forecast in use: realised WAPE minus its backtest WAPE
    compared_days: int


def backtest_wape(result: DemandForecast) -> float:
    bt = result.backtest
    return wape(bt["actual"].to_numpy(float), bt["predicted"].to_numpy(float)) if len(bt) else float("nan")


def _realised(stored: StoredForecast, sales: pd.DataFrame) -> pd.DataFrame:
    """The stored forecast beside what then sold, on the days since it was made."""
    actual = sales.assign(date=pd.to_datetime(sales["date"]).dt.date)
    forecast = stored.result.forecast[["series", "date", "mean"]]
    return forecast.merge(actual[["series", "date", "units"]], on=["series", "date"], how="inner")


def gate(stored: StoredForecast | None, fresh: DemandForecast, sales: pd.DataFrame) -> RefreshOutcome:
    """Whether the fresh forecast replaces the stored one."""
    new_all = backtest_wape(fresh)
    if stored is None:
        return RefreshOutcome(True, new_all, None, None, 0)
    realised = _realised(stored, sales)
    drift = None
    if len(realised) and realised["units"].sum() > 0:
        drift = wape(realised["units"].to_numpy(float), realised["mean"].to_numpy(float)) - stored.backtest_wape
        mine = fresh.backtest.merge(realised, on=["series", "date"], how="inner")
        if len(mine) and mine["units"].sum() > 0:
            new = wape(mine["units"].to_numpy(float), mine["predicted"].to_numpy(float))
            old = wape(mine["units"].to_numpy(float), mine["mean"].to_numpy(float))
            return RefreshOutcome(new <= old * (1 + TOLERANCE), new, old, drift, int(mine["date"].nunique()))
    old = stored.backtest_wape
    ok = not np.isfinite(old) or (np.isfinite(new_all) and new_all <= old * (1 + TOLERANCE))
    return RefreshOutcome(bool(ok), new_all, old, drift, 0)


def refresh_shop(uow: SqlUnitOfWork, shop_id: int, today: date, store: ForecastStore,
                 horizon: int = HORIZON) -> RefreshOutcome | None:
    """Refit the shop's demand models on its books up to yesterday and deploy the forecast if the gate
    lets it through. None when the shop has sold nothing yet. Meant for the scheduler, never a chat turn."""
    shop = require_shop(uow, shop_id)
    sales = daily_demand(uow, shop_id, today)
    if sales.empty:
        return None
    fresh = forecast_demand(sales, horizon=horizon, state=subdivision_of(shop.state_code))
    stored = store.get(shop_id)
    outcome = gate(stored, fresh, sales)
    if outcome.deployed:
        store.put(shop_id, StoredForecast(today, horizon, fresh, backtest_wape(fresh)))
    return outcome


def fresh_enough(stored: StoredForecast | None, today: date, horizon: int, max_age_days: int = 1) -> bool:
    """Whether a stored forecast can answer a question about the next `horizon` days today."""
    if stored is None:
        return False
    age = (today - stored.made_on).days
    return 0 <= age <= max_age_days and stored.horizon >= horizon + age and (
        stored.made_on + timedelta(days=stored.horizon) > today)
