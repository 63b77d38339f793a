"""Booking a read bill through `record_purchase_invoice` on SQLite and PostgreSQL: the supplier by
GSTIN or added, input tax exactly as printed, stock in, the photo kept, duplicates refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from domain.books import catalog, parties, shops
from domain.store.documents import Document, DocumentRepository
from domain.store.models import Voucher
from domain.store.uow import SqlUnitOfWork
from tools import ToolContext, run_tool

TODAY = date(2026, 11, 20)
SHA = "ab" * 32


def _gstin(body: str) -> str:
    from stdnum import luhn

    return body + luhn.calc_check_digit(body, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


GUPTA = _gstin("09AAPFU0939F1Z")
DELHI = _gstin("07AABCR1718E1Z")


@pytest.fixture
def shop(session_factory):
    with SqlUnitOfWork(session_factory) as uow:
        info, owner = shops.create_shop(uow, name="Sharma Kirana", slug="sharma", state_code="09",
                                        owner_name="Rajesh", owner_phone="+919415000001",
                                        gstin=_gstin("09AAKFS4521M1Z"))
        catalog.add_item(uow, info.id, name="Sugar", unit="kg", rate=D(44), cost=D(40), gst_rate=D(5), hsn="1701",
                         aliases=["cheeni"])
        catalog.add_item(uow, info.id, name="Tata Salt", unit="pc", rate=D(28), cost=D(22), gst_rate=D(5))
        uow.commit()
    return session_factory, info.id, owner.id


def _ctx(shop_id: int, user_id: int, message_id: str = "SM-photo-1", role: str = "owner") -> ToolContext:
    return ToolContext(shop_id=shop_id, user_id=user_id, role=role, today=TODAY, message_id=message_id, lang="hi")


def _bill(**over) -> dict:
    args = {
        "supplier": "Gupta Traders", "supplier_gstin": GUPTA, "invoice_no": "GT/1234", "invoice_date": "2026-11-02",
        "lines": [
            {"description": "Sugar", "qty": 50, "unit": "kg", "taxable": 2000, "gst_rate": 5, "hsn": "1701"},
            {"description": "Tata Salt 1kg", "qty": 40, "unit": "pc", "taxable": 840, "gst_rate": 5},
        ],
        "taxable": 2840, "cgst": 71, "sgst": 71, "round_off": 0, "total": 2982,
        "document": {"sha256": SHA, "content_type": "image/jpeg", "size_bytes": 12345, "media_key": "m/abc.jpg",
                     "engine": "tesseract"},
        "extracted": {"version": 1},
    }
    args.update(over)
    return args


def test_a_read_bill_books_a_purchase_with_the_printed_input_tax_and_keeps_the_photo(shop):
    factory, shop_id, owner = shop
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice", _bill())
    assert outcome.ok, outcome.error
    data = outcome.data
    assert data["type"] == "purchase" and data["invoice_no"] == "GT/1234"
    assert (data["taxable"], data["cgst"], data["sgst"], data["igst"], data["total"]) == (2840, 71, 71, 0, 2982)
    assert data["supplier_added"] is True and data["supplier_gstin"] == GUPTA
    with SqlUnitOfWork(factory) as uow:
        supplier = parties.find_party(uow, shop_id, "Gupta Traders")
        assert supplier.gstin == GUPTA and supplier.kind == "supplier"
        assert supplier.balance.rupees == D("-2982.00")  # the shop owes the bill's total
        assert catalog.find_item(uow, shop_id, "Sugar").stock == D(50)
        assert catalog.find_item(uow, shop_id, "Tata Salt").stock == D(40)
        voucher = uow.session.scalar(select(Voucher).where(Voucher.shop_id == shop_id, Voucher.number == data["voucher"]))
        docs = DocumentRepository(uow.session).for_voucher(shop_id, voucher.id)
        assert [(d.sha256, d.media_key, d.content_type) for d in docs] == [(SHA, "m/abc.jpg", "image/jpeg")]
    gst = run_tool(factory, _ctx(shop_id, owner, None), "gst_summary", {"period": "2026-11"})
    assert gst.data["input_tax_credit"] == 142


def test_the_same_suppliers_same_invoice_number_is_never_booked_twice(shop):
    factory, shop_id, owner = shop
    assert run_tool(factory, _ctx(shop_id, owner, "SM-1"), "record_purchase_invoice", _bill()).ok
    again = run_tool(factory, _ctx(shop_id, owner, "SM-2"), "record_purchase_invoice", _bill(invoice_no="gt/1234"))
    assert not again.ok and again.error.code == "duplicate_invoice"
    with SqlUnitOfWork(factory) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 1
        assert catalog.find_item(uow, shop_id, "Sugar").stock == D(50)


def test_the_same_photo_message_books_once_and_replays_its_outcome(shop):
    factory, shop_id, owner = shop
    first = run_tool(factory, _ctx(shop_id, owner, "SM-7"), "record_purchase_invoice", _bill())
    second = run_tool(factory, _ctx(shop_id, owner, "SM-7"), "record_purchase_invoice", _bill())
    assert second.ok and second.replayed and second.voucher == first.voucher
    with SqlUnitOfWork(factory) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 1


def test_a_supplier_known_by_gstin_is_matched_whatever_name_the_bill_prints(shop):
    factory, shop_id, owner = shop
    with SqlUnitOfWork(factory) as uow:
        parties.add_party(uow, shop_id, name="Gupta Bros", kind="supplier", gstin=GUPTA)
        uow.commit()
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice", _bill(supplier="GUPTA TRADERS PVT"))
    assert outcome.ok and outcome.data["party"] == "Gupta Bros" and outcome.data["supplier_added"] is False


def test_unknown_items_are_refused_by_name_and_nothing_is_written(shop):
    factory, shop_id, owner = shop
    lines = [{"description": "Toor Dal", "qty": 20, "unit": "kg", "taxable": 2400, "gst_rate": 5},
             {"description": "Sugar", "qty": 1, "unit": "kg", "taxable": 40, "gst_rate": 5},
             {"description": "Parle-G Biscuit", "qty": 10, "unit": "pack", "taxable": 50, "gst_rate": 18}]
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice",
                       _bill(lines=lines, taxable=2490, cgst=65.5, sgst=65.5, total=2621))
    assert not outcome.ok and outcome.error.code == "unknown_item"
    assert "Toor Dal" in outcome.error.details["item"] and "Parle-G Biscuit" in outcome.error.details["item"]
    with SqlUnitOfWork(factory) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Voucher)) == 0
        assert [p.name for p in parties.list_parties(uow, shop_id)] == []


def test_unknown_items_are_added_when_the_user_says_so(shop):
    factory, shop_id, owner = shop
    lines = [{"description": "Toor Dal", "qty": 20, "unit": "kg", "taxable": 2400, "gst_rate": 5, "hsn": "0713"}]
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice",
                       _bill(lines=lines, taxable=2400, cgst=60, sgst=60, total=2520, add_unknown_items=True))
    assert outcome.ok, outcome.error
    assert outcome.data["items_added"] == ["Toor Dal"]
    with SqlUnitOfWork(factory) as uow:
        dal = catalog.find_item(uow, shop_id, "Toor Dal")
        assert (dal.stock, dal.hsn, dal.gst_rate, dal.unit) == (D(20), "0713", D(5), "kg")


def test_an_inter_state_bill_books_its_igst(shop):
    factory, shop_id, owner = shop
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice",
                       _bill(supplier="Delhi Wholesale", supplier_gstin=DELHI, cgst=None, sgst=None, igst=142))
    assert outcome.ok, outcome.error
    assert (outcome.data["igst"], outcome.data["cgst"], outcome.data["total"]) == (142, 0, 2982)


def test_staff_may_not_book_a_suppliers_bill(shop):
    factory, shop_id, owner = shop
    outcome = run_tool(factory, _ctx(shop_id, owner, role="staff"), "record_purchase_invoice", _bill())
    assert not outcome.ok and outcome.error.code == "permission_denied"


def test_a_bill_without_readable_lines_books_its_total_at_the_one_rate_it_implies(shop):
    factory, shop_id, owner = shop
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice", _bill(lines=[], taxable=1000,
                                                                                         cgst=25, sgst=25, total=1050))
    assert outcome.ok, outcome.error
    assert (outcome.data["taxable"], outcome.data["cgst"], outcome.data["total"]) == (1000, 25, 1050)


def test_a_bills_round_off_is_booked_so_the_suppliers_balance_is_the_printed_grand_total(shop):
    factory, shop_id, owner = shop
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice",
                       _bill(taxable="2840.50", cgst="71.01", sgst="71.01", round_off="-0.52", total=2982))
    assert outcome.ok, outcome.error
    assert outcome.data["total"] == 2982 and outcome.data["round_off"] == -0.52
    with SqlUnitOfWork(factory) as uow:
        assert parties.find_party(uow, shop_id, "Gupta Traders").balance.rupees == D("-2982.00")


def test_a_round_off_of_a_rupee_or_more_is_not_booked(shop):
    factory, shop_id, owner = shop
    outcome = run_tool(factory, _ctx(shop_id, owner), "record_purchase_invoice", _bill(round_off=3, total=2985))
    assert not outcome.ok
    with SqlUnitOfWork(factory) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Voucher)) == 0
