"""sales_summary compares a period with the same span just before it (`previous_total`,
`previous_count`), from the per-day totals, net of returns and undos, shop by shop."""

from __future__ import annotations


def _sale(books, shop, amount, day):
    return books.ok(shop, "record_sale", {"amount": amount, "date": day})


def test_today_is_compared_with_yesterday(books):
    _sale(books, books.a, 250, "2026-11-19")
    _sale(books, books.a, 100, "2026-11-19")
    _sale(books, books.a, 999, "2026-11-18")
    data = books.ok(books.a, "sales_summary", {"period": "today"}).data
    assert (data["total"], data["count"]) == (88, 1)
    assert (data["previous_total"], data["previous_count"]) == (350, 2)


def test_this_week_is_compared_with_the_same_days_of_last_week(books):
    _sale(books, books.a, 300, "2026-11-09")  # last Monday
    _sale(books, books.a, 200, "2026-11-13")  # last Friday, as far into the week as today
    _sale(books, books.a, 700, "2026-11-14")  # last Saturday: past today's weekday
    data = books.ok(books.a, "sales_summary", {"period": "this_week"}).data
    assert (data["previous_total"], data["previous_count"]) == (500, 2)


def test_a_month_is_compared_with_the_month_before(books):
    _sale(books, books.a, 400, "2026-10-20")
    _sale(books, books.a, 600, "2026-10-21")
    so_far = books.ok(books.a, "sales_summary", {"period": "this_month"}).data
    assert (so_far["previous_total"], so_far["previous_count"]) == (400, 1)
    whole = books.ok(books.a, "sales_summary", {"period": "2026-11"}).data
    assert (whole["previous_total"], whole["previous_count"]) == (1000, 2)


def test_returns_and_undone_sales_of_the_earlier_period_do_not_count(books):
    _sale(books, books.a, 500, "2026-11-19")
    books.ok(books.a, "record_sale", {"amount": 80, "date": "2026-11-19"}, message_id="SM-UNDO")
    books.ok(books.a, "undo_last", {}, message_id="SM-UNDO-2")
    books.ok(books.a, "record_sale_return", {"items": [{"item": "Sugar", "qty": 1}], "party": "Ramesh Kumar",
                                             "date": "2026-11-19"})
    data = books.ok(books.a, "sales_summary", {"period": "today"}).data
    assert data["previous_count"] == 1 and data["previous_total"] == 456


def test_an_earlier_period_without_sales_compares_with_zero_and_other_shops_do_not_leak(books):
    _sale(books, books.b, 5000, "2026-11-19")
    data = books.ok(books.a, "sales_summary", {"period": "today"}).data
    assert (data["previous_total"], data["previous_count"]) == (0, 0)
