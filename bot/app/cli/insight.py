"""`munshi forecast` and `munshi churn`: the demand and churn models on any CSV, so they can be judged.

    munshi forecast --csv SALES.csv --horizon DAYS [--state XX] --out FORECAST.csv
        in:  date,series,units   (one row per series and day; missing days are zero sales)
        out: series,date,mean,lo80,hi80,lo95,hi95,model
    munshi churn --csv PURCHASES.csv --cutoff YYYY-MM-DD [--horizon-days 90] --out SCORES.csv
        in:  customer,date,amount   (one row per purchase; rows after the cutoff are ignored)
        out: customer,churn_probability,segment

More than 1,000 series are forecast with the fast models (as `--fast` asks), so a large catalogue
finishes in about a minute. Exit status 0 on success, 1 when the input cannot be read (the reason on standard error).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from domain.insight.churn import score_churn
from domain.insight.demand import forecast_demand

EXIT_OK, EXIT_BAD_INPUT = 0, 1
FAST_ABOVE_SERIES = 1000  # more series than this are forecast with the fast models, as with --fast


def register(subparsers) -> None:
    forecast = subparsers.add_parser("forecast", help="forecast daily units per series from a sales CSV")
    forecast.add_argument("--csv", type=Path, required=True, help="date,series,units")
    forecast.add_argument("--horizon", type=int, required=True, help="days to forecast past the last date")
    forecast.add_argument("--state", help="Indian state code (MH, TN, ...) for its festivals and holidays")
    forecast.add_argument("--out", type=Path, required=True, help="series,date,mean,lo80,hi80,lo95,hi95,model")
    forecast.add_argument("--fast", action="store_true", help="cheap models only (tens of thousands of series)")
    forecast.set_defaults(func=run_forecast)

    churn = subparsers.add_parser("churn", help="score each customer's churn probability at a cutoff day")
    churn.add_argument("--csv", type=Path, required=True, help="customer,date,amount")
    churn.add_argument("--cutoff", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    churn.add_argument("--horizon-days", type=int, default=90, help="churn = no purchase this many days after")
    churn.add_argument("--out", type=Path, required=True, help="customer,churn_probability,segment")
    churn.set_defaults(func=run_churn)


def _read(path: Path, columns: tuple[str, ...]):
    # pandas is heavy: imported here so the chat commands start without it.

    frame = pd.read_csv(path, dtype={columns[0]: str} if columns[0] != "date" else {"series": str})
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def run_forecast(args: argparse.Namespace) -> int:

    try:
        sales = _read(args.csv, ("date", "series", "units"))
        if args.horizon < 1:
            raise ValueError("--horizon must be at least 1")
        if sales.empty:
            raise ValueError(f"{args.csv}: no rows")
        fast = args.fast or sales["series"].nunique() > FAST_ABOVE_SERIES
        result = forecast_demand(sales, horizon=args.horizon, state=args.state, fast=fast, n_jobs=2)
    except (OSError, ValueError) as exc:
        print(f"munshi forecast: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    result.forecast.to_csv(args.out, index=False, float_format="%.4f")
    return EXIT_OK


def run_churn(args: argparse.Namespace) -> int:

    try:
        purchases = _read(args.csv, ("customer", "date", "amount"))
        if args.horizon_days < 1:
            raise ValueError("--horizon-days must be at least 1")
        scores = score_churn(purchases, args.cutoff, args.horizon_days)
    except (OSError, ValueError) as exc:
        print(f"munshi churn: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    scores.to_csv(args.out, index=False, float_format="%.4f")
    return EXIT_OK
