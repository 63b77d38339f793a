"""`munshi forecast` and `munshi churn` keep their command-line contract."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import numpy as np

from bot.app.cli import main


def _write(path, header, rows):
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def test_forecast_writes_every_series_and_day_with_bands(tmp_path):
    rng = np.random.default_rng(0)
    start = date(2026, 1, 1)
    rows = [((start + timedelta(days=k)).isoformat(), s, int(rng.poisson(lam)))
            for k in range(70) for s, lam in (("007", 12), ("tea", 0.3))]
    _write(tmp_path / "sales.csv", ["date", "series", "units"], rows)
    out = tmp_path / "forecast.csv"
    assert main(["forecast", "--csv", str(tmp_path / "sales.csv"), "--horizon", "10", "--state", "TN",
                 "--out", str(out)]) == 0
    with open(out) as fh:
        got = list(csv.DictReader(fh))
    assert list(got[0]) == ["series", "date", "mean", "lo80", "hi80", "lo95", "hi95", "model"]
    assert {r["series"] for r in got} == {"007", "tea"} and len(got) == 20
    assert got[0]["date"] == "2026-03-12"
    assert all(float(r["lo95"]) <= float(r["mean"]) <= float(r["hi95"]) for r in got)


def test_churn_scores_the_customers_seen_by_the_cutoff(tmp_path):
    rows = [(f"C{c}", (date(2026, 1, 1) + timedelta(days=7 * k + c)).isoformat(), 100 + c)
            for c in range(30) for k in range(c % 10 + 1)]
    rows.append(("late", "2026-12-01", 50))
    _write(tmp_path / "buys.csv", ["customer", "date", "amount"], rows)
    out = tmp_path / "scores.csv"
    assert main(["churn", "--csv", str(tmp_path / "buys.csv"), "--cutoff", "2026-04-01", "--out", str(out)]) == 0
    with open(out) as fh:
        got = list(csv.DictReader(fh))
    assert list(got[0]) == ["customer", "churn_probability", "segment"]
    assert "late" not in {r["customer"] for r in got} and len(got) == 30


def test_a_csv_without_the_columns_is_refused(tmp_path, capsys):
    _write(tmp_path / "bad.csv", ["day", "item", "qty"], [("2026-01-01", "a", 1)])
    assert main(["forecast", "--csv", str(tmp_path / "bad.csv"), "--horizon", "5", "--out",
                 str(tmp_path / "o.csv")]) == 1
    assert "missing column" in capsys.readouterr().err
