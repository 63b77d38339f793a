"""Where the scheduler keeps each shop's latest demand forecast for the chat to read: in memory (one
process) or as CSV and JSON files in a folder (shared by the worker and the web). Light to import: the
composition root builds one at start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from domain.insight.demand import DemandForecast


@dataclass(frozen=True, slots=True)
class StoredForecast:
    made_on: date  # the first day forecast
    horizon: int
    result: DemandForecast
    backtest_wape: float


class ForecastStore(Protocol):
    def get(self, shop_id: int) -> StoredForecast | None: ...

    def put(self, shop_id: int, stored: StoredForecast) -> None: ...


class MemoryForecastStore:
    """Forecasts in a dict: one process (tests, the embedded default)."""

    def __init__(self) -> None:
        self._stored: dict[int, StoredForecast] = {}

    def get(self, shop_id: int) -> StoredForecast | None:
        return self._stored.get(shop_id)

    def put(self, shop_id: int, stored: StoredForecast) -> None:
        self._stored[shop_id] = stored


class DirectoryForecastStore:
    """Forecasts as CSV and JSON files under one folder per shop (shared by the worker and the web)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _folder(self, shop_id: int) -> Path:
        return self.root / f"shop-{int(shop_id)}"

    def get(self, shop_id: int) -> StoredForecast | None:
        folder = self._folder(shop_id)
        import pandas as pd  # the forecasts are frames; pandas loads with the first forecast read

        from domain.insight.demand import DemandForecast

        try:
            meta = json.loads((folder / "meta.json").read_text())
            forecast = pd.read_csv(folder / "forecast.csv", dtype={"series": str}, parse_dates=["date"])
            backtest = pd.read_csv(folder / "backtest.csv", dtype={"series": str}, parse_dates=["date"])
        except (OSError, ValueError, KeyError):
            return None
        forecast["date"] = forecast["date"].dt.date
        backtest["date"] = backtest["date"].dt.date
        return StoredForecast(date.fromisoformat(meta["made_on"]), int(meta["horizon"]),
                              DemandForecast(forecast, backtest, None), float(meta["backtest_wape"]))

    def put(self, shop_id: int, stored: StoredForecast) -> None:
        folder = self._folder(shop_id)
        folder.mkdir(parents=True, exist_ok=True)
        stored.result.forecast.to_csv(folder / "forecast.csv.new", index=False)
        stored.result.backtest.to_csv(folder / "backtest.csv.new", index=False)
        (folder / "meta.json.new").write_text(json.dumps({
            "made_on": stored.made_on.isoformat(), "horizon": stored.horizon,
            "backtest_wape": stored.backtest_wape}))
        for name in ("forecast.csv", "backtest.csv", "meta.json"):  # each file replaced whole
            (folder / f"{name}.new").replace(folder / name)
