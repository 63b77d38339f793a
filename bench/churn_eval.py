"""Churn on real customer transactions: AUC on a time-based split, beside a recency-only baseline and a
logistic model on recency, frequency and money.

    python bench/churn_eval.py [--csv ../shared/data/customers/online_retail_uci.csv]
                               [--cutoff YYYY-MM-DD ...] [--horizon-days 90]

The UCI Online Retail lines become one purchase per invoice (customer, day, amount; cancellations are
negative). Every model sees only the purchases up to the cutoff (its training labels come from earlier
cutoffs, known by then); the truth is whether each customer bought in the horizon after the cutoff.
By default three cutoffs: 2011-09-01 with the 99 days to the data's end (the labels of
online_retail_customer_rfm_churn_labels.csv), 2011-07-15 and 2011-06-01 with 90 days.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.insight.churn import (  # noqa: E402
    clean,
    features,
    fit_boosting,
    fit_logistic_rfm,
    labels,
    score_churn,
    training_set,
)

DATA = Path(__file__).resolve().parents[2] / "shared/data/customers/online_retail_uci.csv"


def purchases_from_lines(path: Path) -> pd.DataFrame:
    lines = pd.read_csv(path, dtype={"InvoiceNo": str, "StockCode": str}, encoding="latin-1")
    lines = lines.dropna(subset=["CustomerID"])
    lines["amount"] = lines["Quantity"] * lines["UnitPrice"]
    lines["date"] = pd.to_datetime(lines["InvoiceDate"]).dt.normalize()
    invoices = lines.groupby(["InvoiceNo", "CustomerID"], as_index=False).agg(date=("date", "first"),
                                                                               amount=("amount", "sum"))
    return pd.DataFrame({"customer": invoices["CustomerID"].astype(int).astype(str), "date": invoices["date"],
                         "amount": invoices["amount"].round(2)})


def evaluate(purchases: pd.DataFrame, cutoff: date, horizon_days: int, name: str) -> None:
    known = purchases[purchases["date"] <= pd.Timestamp(cutoff)]
    started = time.perf_counter()
    scores = score_churn(purchases, cutoff, horizon_days)  # reads nothing after the cutoff itself
    seconds = time.perf_counter() - started
    truth = labels(purchases, pd.Index(scores["customer"]), cutoff, horizon_days)
    x = features(known, cutoff)
    train_x, train_y = training_set(known, cutoff, horizon_days)
    logistic = fit_logistic_rfm(train_x, train_y).predict(x)
    boosting_alone = fit_boosting(train_x, train_y).predict(x)
    print(f"{name}: {len(purchases)} purchases, {len(scores)} customers at {cutoff}, "
          f"horizon {horizon_days} days, churn rate {truth.mean():.1%}; "
          f"training rows {len(train_x)} from earlier cutoffs; scored in {seconds:.1f} s")
    print(f"  AUC munshi churn (boosting + logistic): {roc_auc_score(truth, scores['churn_probability']):.3f}")
    print(f"  AUC gradient boosting alone:            {roc_auc_score(truth, boosting_alone):.3f}")
    print(f"  AUC logistic on R, F, M:                {roc_auc_score(truth, logistic):.3f}")
    print(f"  AUC recency alone:                      {roc_auc_score(truth, x['recency']):.3f}")
    by_segment = scores.assign(churned=truth.to_numpy()).groupby("segment").agg(
        customers=("customer", "size"), churned=("churned", "mean"), predicted=("churn_probability", "mean"))
    print("  segments (customers, actual churn, mean predicted):")
    for segment_name, row in by_segment.iterrows():
        print(f"    {segment_name:20} {int(row['customers']):5d} {row['churned']:6.1%} {row['predicted']:6.1%}")


DEFAULT_RUNS = ((date(2011, 9, 1), 99), (date(2011, 7, 15), 90), (date(2011, 6, 1), 90))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DATA)
    parser.add_argument("--cutoff", type=date.fromisoformat, action="append")
    parser.add_argument("--horizon-days", type=int, default=90)
    args = parser.parse_args()
    purchases = clean(purchases_from_lines(args.csv))
    runs = [(c, args.horizon_days) for c in args.cutoff] if args.cutoff else DEFAULT_RUNS
    for cutoff, horizon in runs:
        evaluate(purchases, cutoff, horizon, args.csv.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
