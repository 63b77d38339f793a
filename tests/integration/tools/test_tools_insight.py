"""The looking-ahead reads over real books: the forecast from the stock moves of sales, reorder
suggestions by supplier, dead stock in rupees and the best customers, shop by shop; and a stored
forecast that answers instead of a fresh fit."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from domain.insight.books import daily_demand
from domain.insight.refresh import refresh_shop
from domain.insight.store import MemoryForecastStore
from domain.store.uow import SqlUnitOfWork
from tools import ToolContext, run_tool

TODAY = date(2026, 11, 20)  # the books fixture's today


def _trade(books, days: int = 35) -> None:
    for k in range(days, 0, -1):
        day = (TODAY - timedelta(days=k)).isoformat()
        books.ok(books.a, "record_sale", {"items": [{"item": "Sugar", "qty": 3 + k % 3, "unit": "kg"}],
                                          "party": "Ramesh Kumar", "payment": "credit", "date": day})
        if k % 7 == 0:
            books.ok(books.a, "record_purchase", {"items": [{"item": "Sugar", "qty": 20, "unit": "kg", "rate": 40}],
                                                  "party": "Gupta Traders", "payment": "credit", "date": day,
                                                  "invoice_no": f"GT-{k}"})


def test_forecast_reads_daily_demand_from_the_sales(books):
    _trade(books)
    data = books.ok(books.a, "forecast", {"item": "cheeni", "days": 7}).data
    assert data["item"] == "Sugar" and len(data["items"]) == 1
    row = data["items"][0]
    assert row["unit"] == "kg" and len(row["daily"]) == 7 and row["daily"][0]["date"] == TODAY.isoformat()
    assert 14 <= row["qty"] <= 42 and row["low"] <= row["qty"] <= row["high"]
    assert len(row["history"]) == 28
    other = books.ok(books.b, "forecast", {}).data
    assert all(r["item"] != "Sugar" or r["qty"] < 10 for r in other["items"])  # shop B sold 5 kg once


def test_reorder_suggestions_group_low_items_by_their_supplier(books):
    _trade(books)
    data = books.ok(books.a, "reorder_suggestions", {"lead_days": 5}).data
    names = {g["supplier"]: [i["item"] for i in g["items"]] for g in data["suppliers"]}
    stock = {r["item"]: r for r in books.ok(books.a, "stock_query", {}).data["items"]}
    for group in data["suppliers"]:
        for row in group["items"]:
            assert row["stock"] <= row["reorder_point"] and row["qty"] > 0 and row["lead_days"] == 5
            assert stock[row["item"]]["qty"] == row["stock"]
    if stock["Sugar"]["qty"] <= 5 * 4:
        assert "Sugar" in names.get("Gupta Traders", [])


def test_dead_stock_names_what_does_not_sell_and_what_it_ties_up(books):
    _trade(books, 10)
    data = books.ok(books.a, "dead_stock", {"days": 30}).data
    dead = {r["item"]: r for r in data["items"]}
    assert "Rice" in dead and "Sugar" not in dead
    assert dead["Rice"]["value"] > 0 and data["total_value"] >= dead["Rice"]["value"]


def test_best_customers_rank_by_purchases_with_segment_and_churn(books):
    _trade(books, 14)
    data = books.ok(books.a, "best_customers", {"n": 3}).data
    assert data["parties"][0]["party"] == "Ramesh Kumar"
    assert 0 <= data["parties"][0]["churn_probability"] <= 1 and data["parties"][0]["segment"]
    assert all(p["party"] != "Lakshmi" for p in data["parties"])


def test_staff_may_ask_the_forecast_but_not_about_customers(books):
    assert books.run(books.a, "forecast", {}, role="staff").ok
    refused = books.run(books.a, "best_customers", {}, role="staff")
    assert not refused.ok and refused.error.code == "permission_denied"


def test_a_stored_forecast_answers_and_a_worse_refit_is_not_deployed(books):
    _trade(books)
    store = MemoryForecastStore()
    with SqlUnitOfWork(books.session_factory) as uow:
        first = refresh_shop(uow, books.a.id, TODAY, store)
    assert first is not None and first.deployed
    stored = store.get(books.a.id)
    # A forecast in use that was perfect on the days since: no refit can beat it.
    perfect = stored.result.forecast.copy()
    with SqlUnitOfWork(books.session_factory) as uow:
        actual = daily_demand(uow, books.a.id, TODAY + timedelta(days=3))
    actual["date"] = pd.to_datetime(actual["date"]).dt.date
    merged = perfect.merge(actual, on=["series", "date"], how="left")
    perfect["mean"] = merged["units"].fillna(merged["mean"]).to_numpy()
    earlier = type(stored)(TODAY - timedelta(days=14), stored.horizon, type(stored.result)(
        perfect.assign(date=[d - timedelta(days=14) for d in perfect["date"]]), stored.result.backtest, None),
        0.0)
    store.put(books.a.id, earlier)
    with SqlUnitOfWork(books.session_factory) as uow:
        again = refresh_shop(uow, books.a.id, TODAY, store)
    assert again is not None and not again.deployed and store.get(books.a.id) is earlier
    ctx = ToolContext(shop_id=books.a.id, user_id=books.a.users["owner"], role="owner", today=TODAY,
                      forecasts=MemoryForecastStore())
    ctx.forecasts.put(books.a.id, stored)
    outcome = run_tool(books.session_factory, ctx, "forecast", {"item": "Sugar", "days": 7})
    assert outcome.ok and outcome.data["items"][0]["model"] == stored.result.forecast.query("series == 'Sugar'")["model"].iloc[0]


def test_cash_flow_starts_from_the_cash_in_hand_and_runs_day_by_day(books):
    _trade(books, 21)
    cash = books.ok(books.a, "cash_balance", {}).data
    data = books.ok(books.a, "cash_flow", {"days": 7}).data
    assert len(data["daily"]) == 7 and data["daily"][0]["date"] == TODAY.isoformat()
    first = data["daily"][0]
    assert first["balance"] == round(cash["cash"] + cash["bank"] + first["in"] - first["out"], 2)
    assert data["lowest_balance"] == min(d["balance"] for d in data["daily"])


def test_a_bill_entered_twice_is_flagged_without_stopping_it(books):
    for message in ("M-1", "M-2"):
        books.ok(books.a, "record_sale", {"items": [{"item": "Sugar", "qty": 7, "unit": "kg"}],
                                          "party": "Ramesh Kumar", "payment": "credit"}, message_id=message)
    bills = books.ok(books.a, "anomalies", {"days": 1}).data["bills"]
    assert any("duplicate" in b["reasons"] for b in bills)


def test_a_price_suggestion_stays_within_the_mrp_and_moves_toward_the_competitor(books):
    data = books.ok(books.a, "price_suggestion", {"item": "Sugar", "competitor_price": 41, "competitor": "Reliance",
                                                  "mrp": 45}).data
    assert data["cost"] <= data["price"] <= 45 and data["competitor"] == "Reliance"
    assert books.run(books.a, "price_suggestion", {"item": "Sugar"}, role="accountant").error.code == \
        "permission_denied"


def test_late_payers_are_those_whose_oldest_unpaid_bill_is_past_the_days_allowed(books):
    books.ok(books.a, "record_sale", {"items": [{"item": "Sugar", "qty": 10, "unit": "kg"}], "party": "Ramesh Kumar",
                                      "payment": "credit", "date": (TODAY - timedelta(days=45)).isoformat()})
    data = books.ok(books.a, "late_payers", {"days": 30}).data
    row = next(p for p in data["parties"] if p["party"] == "Ramesh Kumar")
    assert row["days"] == 45 and row["late_by"] == 15 and 0 < row["overdue"] <= row["balance"]
    assert books.ok(books.a, "late_payers", {"days": 60}).data["parties"] == []


def test_draft_orders_go_to_suppliers_with_a_phone_and_book_nothing(books):
    _trade(books)
    vouchers = books.voucher_count(books.a)
    data = books.ok(books.a, "send_reorder", {"lead_days": 20}).data
    suggested = books.ok(books.a, "reorder_suggestions", {"lead_days": 20}).data["suppliers"]
    expected = {g["supplier"] for g in suggested if g["supplier"]}
    assert expected == {"Gupta Traders"}  # twenty days of Sugar is more than the shop holds
    assert {o["supplier"] for o in data["orders"]} | set(data["no_phone"]) == expected
    assert all(o["phone"] and o["items"] for o in data["orders"])
    assert books.voucher_count(books.a) == vouchers and data["voucher"] is None
    assert not books.run(books.a, "send_reorder", {}, role="accountant").ok
