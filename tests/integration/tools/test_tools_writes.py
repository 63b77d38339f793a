"""Writes through `run_tool` on SQLite and PostgreSQL: refusals write nothing, a message's write
runs at most once, a dry run keeps nothing, names resolve to the shop's own catalog and parties."""

from __future__ import annotations

from datetime import date

from tools import TOOLS


def test_a_sale_with_one_unknown_line_writes_nothing(books):
    before = books.voucher_count()
    outcome = books.run(books.a, "record_sale", {"items": [{"item": "Sugar", "qty": 1, "unit": "kg"},
                                                           {"item": "Unobtainium", "qty": 1, "unit": "kg"}]})
    assert outcome.error.code == "unknown_item"
    assert outcome.error.details["item"] == "Unobtainium"
    assert books.voucher_count() == before
    assert books.ok(books.a, "stock_query", {"item": "Sugar"}).data["items"][0]["qty"] == 98


def test_refusals_of_every_kind_leave_the_books_as_they_were(books):
    before = books.voucher_count()
    refusals = [
        ("record_sale", {"items": [{"item": "Sugar", "qty": 1}], "party": "Rajesh", "payment": "credit"}, "unknown_party"),
        ("record_sale", {"items": [{"item": "Sugar", "qty": 1}], "date": "2026-11-21"}, "invalid_arguments"),
        ("record_sale", {"items": [{"item": "Sugar", "qty": 2, "unit": "pc"}]}, "invalid_arguments"),
        ("record_sale", {"items": [{"item": "Sugar", "qty": -1}]}, "invalid_arguments"),
        ("record_purchase", {"amount": 100, "party": "Gupta Traders", "invoice_no": "GT-1"}, "duplicate_invoice"),
        ("record_expense", {"amount": 1_000_000_000, "category": "rent"}, "invalid_arguments"),
        ("adjust_stock", {"item": "Gold", "qty": 3}, "unknown_item"),
        ("record_sale_return", {"items": [{"item": "Sugar", "qty": 1}], "payment": "credit"}, "invalid_arguments"),
        ("record_payment_in", {"party": "Nobody", "amount": 50}, "unknown_party"),
        ("record_sale", {"items": [{"item": "Sugar", "qty": 1}]}, "permission_denied"),
    ]
    for tool, args, code in refusals:
        role = "accountant" if code == "permission_denied" else "owner"
        outcome = books.run(books.a, tool, args, role=role)
        assert not outcome.ok and outcome.error.code == code, (tool, args, outcome.error)
    assert books.voucher_count() == before


def test_an_unknown_party_comes_back_with_suggestions_and_can_be_added(books):
    outcome = books.run(books.a, "record_sale", {"items": [{"item": "Rice", "qty": 1}], "party": "Ramesh Kumaar",
                                                 "payment": "credit"})
    assert outcome.ok and outcome.data["party"] == "Ramesh Kumar"  # a near miss of a full name
    refused = books.run(books.a, "record_sale", {"items": [{"item": "Rice", "qty": 1}], "party": "Rajesh",
                                                 "payment": "credit"})
    assert refused.error.code == "unknown_party" and refused.error.details["can_add"] is True
    books.ok(books.a, "add_party", {"party": "Rajesh", "kind": "customer", "phone": "9876543210"})
    sale = books.ok(books.a, "record_sale", {"items": [{"item": "Rice", "qty": 1}], "party": "Rajesh",
                                             "payment": "credit"})
    assert sale.data["party"] == "Rajesh" and sale.data["party_balance"] == 52


def test_aliases_and_near_misses_resolve_to_the_catalog_name(books):
    sale = books.ok(books.a, "record_sale", {"items": [{"item": "cheeni", "qty": 500, "unit": "g"},
                                                       {"item": "Suger", "qty": 1, "unit": "kg"}]})
    assert [line["item"] for line in sale.data["items"]] == ["Sugar", "Sugar"]
    assert sale.data["total"] == 66  # 0.5 kg + 1 kg at ₹44
    assert sale.data["items"][0]["rate"] == 44 and sale.data["items"][0]["rate_unit"] == "kg"


def test_a_line_with_only_an_amount_gets_its_quantity_from_the_price(books):
    sale = books.ok(books.a, "record_sale", {"items": [{"item": "Rice", "amount": 104}]})
    assert sale.data["items"][0]["qty"] == 2 and sale.data["total"] == 104


def test_the_same_message_posts_once_and_returns_the_first_outcome(books):
    args = {"items": [{"item": "Rice", "qty": 3, "unit": "kg"}], "party": "Ramesh Kumar", "payment": "credit"}
    first = books.ok(books.a, "record_sale", args, message_id="SM-1")
    count = books.voucher_count()
    again = books.ok(books.a, "record_sale", args, message_id="SM-1")
    assert again.replayed and not first.replayed
    assert again.voucher == first.voucher and again.data == first.data
    assert books.voucher_count() == count
    other = books.ok(books.a, "record_sale", args, message_id="SM-2")
    assert other.voucher != first.voucher and books.voucher_count() == count + 1


def test_a_message_id_of_another_shop_does_not_replay_here(books):
    b_sale = books.ok(books.b, "record_expense", {"amount": 10, "category": "tea_snacks"}, message_id="SM-9")
    a_sale = books.ok(books.a, "record_expense", {"amount": 20, "category": "tea_snacks"}, message_id="SM-9")
    assert not a_sale.replayed and a_sale.data["amount"] == 20 and b_sale.data["amount"] == 10


def test_undo_with_a_message_id_undoes_once(books):
    first = books.ok(books.a, "undo_last", message_id="SM-U")
    again = books.ok(books.a, "undo_last", message_id="SM-U")
    assert again.replayed and again.data["undone"] == first.data["undone"] == "PU/26-27/0001"
    assert books.ok(books.a, "outstanding", {"kind": "payable"}).data["parties"] == []


def test_a_dry_run_computes_everything_and_keeps_nothing(books):
    before = books.voucher_count()
    dry = books.ok(books.a, "record_sale", {"items": [{"item": "Lux Soap", "qty": 2}], "party": "Ramesh Kumar",
                                            "payment": "credit"}, dry_run=True, message_id="SM-D")
    assert dry.dry_run and dry.data["total"] == 76 and dry.data["party_balance"] == 164
    assert dry.data["cgst"] + dry.data["sgst"] == 11.6  # 18% carved out of ₹76
    assert books.voucher_count() == before
    assert books.ok(books.a, "party_balance", {"party": "Ramesh Kumar"}).data["balance"] == 88
    real = books.ok(books.a, "record_sale", {"items": [{"item": "Lux Soap", "qty": 2}], "party": "Ramesh Kumar",
                                             "payment": "credit"}, message_id="SM-D")
    assert not real.replayed and books.voucher_count() == before + 1


def test_a_sale_return_of_a_customer_with_dues_goes_to_their_khata(books):
    ret = books.ok(books.a, "record_sale_return", {"items": [{"item": "Sugar", "qty": 1}], "party": "Ramesh Kumar"})
    assert ret.data["payment"] == "credit" and ret.data["party_balance"] == 44
    cash = books.ok(books.a, "record_sale_return", {"items": [{"item": "Sugar", "qty": 1}]})
    assert cash.data["payment"] == "cash"


def test_master_data_writes(books):
    item = books.ok(books.a, "add_item", {"item": "Poha", "rate": 60, "unit": "kg", "gst_rate": 5, "qty": 10,
                                          "cost": 52, "hsn": "1904"}, message_id="SM-I")
    assert item.data["stock"] == 10 and item.data["voucher"].startswith("JV/")
    assert books.ok(books.a, "add_item", {"item": "Poha", "rate": 60, "unit": "kg"}, message_id="SM-I").replayed
    dup = books.run(books.a, "add_item", {"item": "poha", "rate": 70, "unit": "kg"})
    assert dup.error.code == "invalid_arguments" and dup.error.details["reason"] == "already_exists"
    price = books.ok(books.a, "set_price", {"item": "Poha", "rate": 64})
    assert price.data["rate"] == 64 and price.data["old_rate"] == 60
    assert books.ok(books.a, "price_query", {"item": "poha"}).data["rate"] == 64
    count = books.ok(books.a, "adjust_stock", {"item": "Poha", "qty": 7500, "unit": "g"})
    assert count.data["qty"] == 7500 and count.data["difference"] == -2.5
    assert books.ok(books.a, "stock_query", {"item": "Poha"}).data["items"][0]["qty"] == 7.5


def test_staff_are_added_by_the_owner_only_and_then_act_in_their_role(books):
    refused = books.run(books.a, "add_staff", {"name": "Raju", "phone": "9812345678", "role": "staff"}, role="manager")
    assert refused.error.code == "permission_denied"
    added = books.ok(books.a, "add_staff", {"name": "Raju", "phone": "9812345678", "role": "accountant"})
    assert added.data == {"name": "Raju", "phone": "+919812345678", "role": "accountant", "lang": "hi",
                          "voucher": None}


def test_language_is_set_for_the_caller_only(books):
    books.ok(books.a, "set_language", {"lang": "ta"}, role="staff")
    from domain.books import shops
    from domain.store.uow import SqlUnitOfWork

    with SqlUnitOfWork(books.session_factory) as uow:
        langs = {u.role: (u.language, u.language_locked) for u in shops.list_users(uow, books.a.id)}
    assert langs["staff"] == ("ta", True) and langs["owner"][0] == "hi"


def test_undo_takes_back_only_the_callers_own_last_write(books):
    books.ok(books.a, "record_sale", {"items": [{"item": "Rice", "qty": 1}]}, role="staff")
    books.ok(books.a, "record_expense", {"amount": 70, "category": "tea_snacks"})
    undone = books.ok(books.a, "undo_last", role="staff")
    assert undone.data["type"] == "sale" and undone.data["total"] == -52
    assert books.run(books.a, "undo_last", role="staff").error.code == "nothing_to_undo"
    assert books.ok(books.a, "undo_last").data["type"] == "expense"


def test_a_reminder_carries_the_dues_the_phone_and_a_upi_link(books):
    data = books.ok(books.a, "send_payment_reminder", {"party": "ramesh"}).data
    assert data["party"] == "Ramesh Kumar" and data["balance"] == 88 and data["phone"] == "+919100000001"
    assert data["upi_link"] == ("upi://pay?pa=alpha-kirana@upi&pn=Alpha%20Kirana&am=88.00&cu=INR"
                                "&tn=Dues%20at%20Alpha%20Kirana")
    books.ok(books.a, "record_payment_in", {"party": "Ramesh Kumar", "amount": 88, "payment": "upi"})
    nothing = books.run(books.a, "send_payment_reminder", {"party": "Ramesh Kumar"})
    assert nothing.error.code == "invalid_arguments" and nothing.error.details["reason"] == "nothing_due"


def test_the_last_sale_is_shared_as_a_tax_invoice_or_a_bill_of_supply(books):
    a = books.ok(books.a, "share_bill")
    assert a.data["kind"] == "tax_invoice" and a.data["party"] == "Ramesh Kumar" and a.data["total"] == 88
    (filename, content_type, pdf), = a.attachments
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF") and filename.endswith(".pdf")
    b = books.ok(books.b, "share_bill", {"party": "lakshmi akka"})
    assert b.data["kind"] == "bill_of_supply" and b.data["total"] == 600
    books.ok(books.a, "undo_last", role="owner")  # the purchase
    books.ok(books.a, "undo_last", role="owner")  # the expense
    books.ok(books.a, "undo_last", role="owner")  # the sale
    assert books.run(books.a, "share_bill").error.code == "not_found"


def test_reads_carry_the_fields_of_the_tool_contract(books):
    contract = {
        "stock_query": ({}, {"items"}),
        "sales_summary": ({"period": "today"}, {"total", "count", "period"}),
        "profit_loss": ({"period": "this_month"}, {"sales", "cost_of_goods", "gross_profit", "expenses", "net_profit"}),
        "party_balance": ({"party": "Ramesh Kumar"}, {"party", "balance"}),
        "outstanding": ({}, {"parties"}),
        "cash_balance": ({}, {"cash", "bank"}),
        "gst_summary": ({"period": "this_month"}, {"taxable", "cgst", "sgst", "igst", "input_tax_credit"}),
    }
    for tool, (args, keys) in contract.items():
        data = books.ok(books.a, tool, args).data
        assert keys <= set(data), (tool, keys - set(data))
    assert set(books.ok(books.a, "stock_query").data["items"][0]) >= {"item", "qty", "unit"}
    assert set(books.ok(books.a, "outstanding").data["parties"][0]) >= {"party", "balance", "days"}
    sales = books.ok(books.a, "sales_summary", {"period": "today"}).data
    assert sales["period"] == {"from": "2026-11-20", "to": "2026-11-20"} and sales["total"] == 88
    pl = books.ok(books.a, "profit_loss", {"period": "this_month"}).data
    assert pl["sales"] == 83.8 and pl["cost_of_goods"] == 80 and pl["expenses"] == 50


def test_every_write_returns_its_voucher_field(books):
    writes = [name for name, spec in TOOLS.items() if spec.is_write]
    sale = books.ok(books.a, "record_sale", {"amount": 500})
    assert sale.data["voucher"] == sale.voucher and sale.voucher.startswith("SL/")
    assert "voucher" in books.ok(books.a, "set_language", {"lang": "hi"}).data
    assert len(writes) >= 15


def test_a_day_other_than_today_is_booked_on_that_day(books):
    sale = books.ok(books.a, "record_sale", {"amount": 250, "date": "2026-11-19"})
    assert sale.data["date"] == date(2026, 11, 19).isoformat()
    assert books.ok(books.a, "sales_summary", {"period": "yesterday"}).data["total"] == 250


def test_workers_racing_on_one_message_post_one_voucher(books):
    import threading

    barrier = threading.Barrier(4)
    outcomes = []

    def worker():
        barrier.wait()
        outcomes.append(books.run(books.a, "record_sale", {"amount": 321}, message_id="SM-RACE"))

    before = books.voucher_count()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(o.ok for o in outcomes), [o.error for o in outcomes]
    assert len({o.voucher for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    assert books.voucher_count() == before + 1


def test_the_vocabulary_lists_the_shops_own_items_and_parties_with_aliases(books):
    from tools import vocabulary

    vocab = vocabulary(books.session_factory, books.a.id)
    assert {"name": "Sugar", "aliases": ["cheeni"], "unit": "kg", "rate": 44.0} in vocab["items"]
    assert {"name": "Gupta Traders", "aliases": ["gupta"], "kind": "supplier"} in vocab["parties"]
    assert not any(i["name"] == "Filter Coffee" for i in vocab["items"])


def test_the_vocabulary_quotes_each_rate_as_the_customer_pays_it_gst_included(books):
    from datetime import date
    from decimal import Decimal

    from domain.books import catalog
    from domain.store.uow import SqlUnitOfWork
    from intents.vocab import ShopVocabulary, build_index
    from tools import vocabulary

    with SqlUnitOfWork(books.session_factory) as uow:
        for shop in (books.a, books.b):
            catalog.add_item(uow, shop.id, name="Ghee Tin", unit="pc", rate=Decimal("500.50"), cost=Decimal("400"),
                             gst_rate=Decimal("12"), price_includes_tax=False, on=date(2026, 11, 1),
                             user_id=shop.users["owner"])
        uow.commit()
    regular = {i["name"]: i["rate"] for i in vocabulary(books.session_factory, books.a.id)["items"]}
    composition = {i["name"]: i["rate"] for i in vocabulary(books.session_factory, books.b.id)["items"]}
    assert regular["Ghee Tin"] == 560.56  # 500.50 + 12% = 560.56, half up to the paisa
    assert composition["Ghee Tin"] == 500.5  # a composition shop charges no GST on top
    assert regular["Lux Soap"] == 38.0
    index = build_index(ShopVocabulary.from_mapping(vocabulary(books.session_factory, books.a.id)))
    assert index.rates["Sugar"] == 44.0 and index.rates["Ghee Tin"] == 560.56
