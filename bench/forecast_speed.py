"""How fast the demand forecaster runs on a large catalogue: N items x D days, 30 days ahead.

    python bench/forecast_speed.py [--items 10000] [--days 730] [--horizon 30] [--full]

The series are synthetic (weekly rhythm, a third of them intermittent, a Sunday closing). The fast path
(`--fast` of `munshi forecast`) is timed by default, `--full` times the full model set. Prints the wall
time, series per second and the peak resident memory of this process and of its workers.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.insight.demand import forecast_demand  # noqa: E402


def synthetic(items: int, days: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2024-01-01", periods=days, freq="D")
    weekly = 1 + 0.3 * np.sin(2 * np.pi * np.arange(days) / 7)
    level = rng.gamma(1.5, 6.0, size=items)
    level[: items // 3] = rng.uniform(0.05, 0.6, size=items // 3)  # slow movers
    units = rng.poisson(level[:, None] * weekly[None, :]).astype(np.int32)
    units[:, dates.dayofweek == 6] = 0  # shut on Sundays
    return pd.DataFrame({"series": np.repeat([f"item{i:05d}" for i in range(items)], days),
                         "date": np.tile(dates.values, items), "units": units.ravel()})


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, workers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--horizon", type=int, default=30)
    parser.add_argument("--full", action="store_true", help="the full model set instead of the fast one")
    args = parser.parse_args()
    sales = synthetic(args.items, args.days)
    started = time.perf_counter()
    result = forecast_demand(sales, horizon=args.horizon, fast=not args.full, n_jobs=2)
    seconds = time.perf_counter() - started
    own, workers = peak_mb()
    rows = len(result.forecast)
    print(f"{args.items} items x {args.days} days, {args.horizon} days ahead ({'full' if args.full else 'fast'} "
          f"models): {seconds:.1f} s, {args.items / seconds:.0f} series/s, {rows} forecast rows")
    print(f"peak memory: {own:.0f} MB this process, {workers:.0f} MB the largest worker")
    print("models chosen:", result.forecast.drop_duplicates("series")["model"].value_counts().to_dict())
    return 0


if __name__ == "__main__":
    sys.exit(main())
