"""Forecast accuracy on real retail series: the chosen models against seasonal naive and a 28-day
moving average over the last 28 days of each series, by rolling origin.

    python bench/forecast_eval.py [--data ../shared/data/forecast] [--step 7] [--days 28] [--state XX]
                                  [--per-item PER_ITEM.csv]

Every daily-units CSV under `--data` (columns `date`, `units` and one of `series`/`item`/`StockCode`)
is one data set. From each origin (28, 21, 14 and 7 days before the end with `--step 7`) the models see
only the days before it and forecast `--step` days; the scores pool every series and day. `shop_open`
columns are ignored: the forecaster finds shut days by itself, as it must on a shop's own books.
Prints WAPE, MASE, bias (forecast total / actual total - 1) and the share of days inside the 80% and
95% bands, per data set and overall.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.insight.demand import forecast_demand  # noqa: E402
from domain.insight.metrics import bias, coverage, mase, wape  # noqa: E402

SERIES_COLUMNS = ("series", "item", "StockCode")


def load(path: Path) -> pd.DataFrame | None:
    frame = pd.read_csv(path)
    column = next((c for c in SERIES_COLUMNS if c in frame.columns), None)
    if column is None or not {"date", "units"} <= set(frame.columns):
        return None
    return pd.DataFrame({"series": frame[column].astype(str), "date": pd.to_datetime(frame["date"]),
                         "units": frame["units"].astype(float)})


def baselines(train: pd.DataFrame, days: pd.DatetimeIndex) -> pd.DataFrame:
    """Seasonal naive (the same weekday last week) and the flat mean of the last 28 days."""
    wide = train.pivot_table(index="date", columns="series", values="units", aggfunc="sum")
    wide = wide.reindex(pd.date_range(wide.index.min(), wide.index.max(), freq="D")).fillna(0.0)
    rows = []
    for series in wide.columns:
        values = wide[series].to_numpy()
        last_week = values[-7:] if values.size >= 7 else np.resize(values, 7)
        ma28 = float(values[-28:].mean())
        for k, day in enumerate(days):
            rows.append((series, day, float(last_week[k % 7]), ma28))
    return pd.DataFrame(rows, columns=["series", "date", "snaive", "ma28"])


def evaluate(sales: pd.DataFrame, step: int, span: int, state: str | None) -> pd.DataFrame:
    end = sales["date"].max()
    scored = []
    for origin in pd.date_range(end - pd.Timedelta(days=span - 1), end, freq=f"{step}D"):
        train = sales[sales["date"] < origin]
        days = pd.date_range(origin, periods=step, freq="D")
        result = forecast_demand(train, horizon=step, state=state, n_jobs=2).forecast
        result["date"] = pd.to_datetime(result["date"])
        actual = sales[sales["date"].isin(days)].groupby(["series", "date"], as_index=False)["units"].sum()
        frame = result.merge(baselines(train, days), on=["series", "date"], how="left")
        frame = frame.merge(actual, on=["series", "date"], how="left").fillna({"units": 0.0})
        frame["origin"] = origin
        scored.append(frame)
    return pd.concat(scored, ignore_index=True)


def summary(frame: pd.DataFrame, sales: pd.DataFrame) -> dict[str, dict[str, float]]:
    out = {}
    history = {s: g.sort_values("date")["units"].to_numpy() for s, g in sales.groupby("series")}
    for name, column in (("chosen", "mean"), ("seasonal naive", "snaive"), ("moving avg 28", "ma28")):
        per_item = [mase(g["units"], g[column], history[s][: -28]) for s, g in frame.groupby("series")]
        row = {"WAPE": wape(frame["units"], frame[column]), "MASE": float(np.nanmean(per_item)),
               "bias": bias(frame["units"], frame[column])}
        if column == "mean":
            row["cover80"] = coverage(frame["units"], frame["lo80"], frame["hi80"])
            row["cover95"] = coverage(frame["units"], frame["lo95"], frame["hi95"])
        out[name] = row
    return out


def per_item(frame: pd.DataFrame, sales: pd.DataFrame) -> pd.DataFrame:
    """WAPE, MASE, bias and 80% coverage of the chosen models per series."""
    history = {s: g.sort_values("date")["units"].to_numpy() for s, g in sales.groupby("series")}
    rows = []
    for series, g in frame.groupby("series"):
        rows.append({"series": series, "actual": g["units"].sum(), "forecast": round(g["mean"].sum(), 2),
                     "WAPE": wape(g["units"], g["mean"]), "MASE": mase(g["units"], g["mean"], history[series][:-28]),
                     "bias": bias(g["units"], g["mean"]), "cover80": coverage(g["units"], g["lo80"], g["hi80"]),
                     "models": ",".join(sorted(set(g["model"])))})
    return pd.DataFrame(rows)


def show(title: str, stats: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'model':16} {'WAPE':>7} {'MASE':>7} {'bias':>7} {'cover80':>8} {'cover95':>8}")
    for name, row in stats.items():
        cov = (f"{row['cover80']:8.1%} {row['cover95']:8.1%}" if "cover80" in row else "")
        print(f"  {name:16} {row['WAPE']:7.1%} {row['MASE']:7.3f} {row['bias']:+7.1%} {cov}")
    chosen, naive, ma = stats["chosen"]["WAPE"], stats["seasonal naive"]["WAPE"], stats["moving avg 28"]["WAPE"]
    print(f"  WAPE vs seasonal naive: {chosen / naive - 1:+.1%}; vs 28-day average: {chosen / ma - 1:+.1%}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/forecast")
    parser.add_argument("--step", type=int, default=7, help="days forecast from each origin")
    parser.add_argument("--days", type=int, default=28, help="days at the end that are scored")
    parser.add_argument("--state", help="Indian state code for festivals")
    parser.add_argument("--per-item", type=Path, help="write WAPE, MASE, bias and coverage per series to this CSV")
    args = parser.parse_args()
    frames = []
    for path in sorted(args.data.rglob("*.csv")):
        sales = load(path)
        if sales is None:
            continue
        started = time.perf_counter()
        frame = evaluate(sales, args.step, args.days, args.state)
        seconds = time.perf_counter() - started
        show(f"{path.relative_to(args.data)}: {sales['series'].nunique()} series, "
             f"{args.days // args.step} origins x {args.step} days, {seconds:.0f} s", summary(frame, sales))
        print("  models chosen:", frame.drop_duplicates(["series", "origin"])["model"].value_counts().to_dict())
        frame["series"] = path.stem + ":" + frame["series"]
        sales = sales.assign(series=path.stem + ":" + sales["series"])
        frames.append((frame, sales))
    everything = pd.concat([f for f, _ in frames]), pd.concat([s for _, s in frames])
    if len(frames) > 1:
        show("all series together", summary(*everything))
    if args.per_item:
        per_item(*everything).to_csv(args.per_item, index=False, float_format="%.4f")
        print(f"per-series figures: {args.per_item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
