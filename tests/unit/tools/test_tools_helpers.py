"""Pure helpers of the tools: near-miss resolution, JSON numbers, the UPI link, the invoice PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.books.types import ItemInfo, PartyInfo, PostedLine, PostedVoucher, ShopInfo
from domain.money import Money
from tools.invoice_pdf import COMPOSITION_LEGEND, InvoiceInput, amount_in_words, heading, render_invoice
from tools.present import number, qty, rupees
from tools.resolve import PARTY_ACCEPT, closest
from tools.writes.reminder import upi_link


def item(id_: int, name: str, *aliases: str) -> ItemInfo:
    return ItemInfo(id=id_, name=name, aliases=aliases, unit="kg", rate=Money(4400), cost=Money(4000), hsn="1701",
                    gst_rate=Decimal(5), reorder_level=Decimal(10), stock=Decimal(5), stock_value=Money(20000),
                    price_includes_tax=True)


def party(id_: int, name: str, *aliases: str) -> PartyInfo:
    return PartyInfo(id=id_, name=name, aliases=aliases, kind="customer", phone=None, gstin=None, state_code=None,
                     balance=Money(0))


CATALOG = [item(1, "Sugar", "cheeni"), item(2, "Rice", "chawal"), item(3, "Basmati Rice", "basmati"),
           item(4, "Tomato", "tamatar"), item(5, "Surf Excel", "surf")]


@pytest.mark.parametrize(("said", "meant"), [("Suger", "Sugar"), ("tomatoes", "Tomato"), ("chawall", "Rice"),
                                             ("Basmatti Rice", "Basmati Rice")])
def test_a_near_miss_resolves_to_the_one_item_it_clearly_means(said, meant):
    match, _ = closest(said, CATALOG)
    assert match is not None and match.name == meant


@pytest.mark.parametrize("said", ["Unobtainium", "soap", "dal", "Sugar Free"])
def test_a_far_miss_resolves_to_nothing(said):
    assert closest(said, CATALOG)[0] is None


def test_suggestions_are_the_closest_canonical_names():
    match, suggestions = closest("rice", [item(3, "Basmati Rice"), item(5, "Surf Excel")])
    assert match is None and suggestions == ("Basmati Rice",)


def test_similar_people_are_not_taken_for_each_other():
    people = [party(1, "Ramesh Kumar", "ramesh"), party(2, "Suresh Yadav", "suresh")]
    assert closest("Rajesh", people, PARTY_ACCEPT)[0] is None
    assert closest("Ramesh Kumaar", people, PARTY_ACCEPT)[0].name == "Ramesh Kumar"


def test_numbers_are_ints_when_whole_and_exact_shortest_floats_otherwise():
    assert number(Decimal("88.00")) == 88 and isinstance(number(Decimal("88.00")), int)
    assert number(Decimal("83.80")) == 83.8
    assert rupees(Money(1)) == 0.01 and rupees(Money(-9750)) == -97.5
    assert qty(Decimal("0.5000")) == 0.5 and qty(Decimal("1.2345")) == 1.235


def test_the_upi_link_asks_for_the_exact_amount_in_rupees():
    link = upi_link("9415000001@upi", "Sharma Kirana Store", Decimal("1234.5"), "Dues at Sharma Kirana Store")
    assert link == ("upi://pay?pa=9415000001@upi&pn=Sharma%20Kirana%20Store&am=1234.50&cu=INR"
                    "&tn=Dues%20at%20Sharma%20Kirana%20Store")


def test_amounts_are_written_in_indian_words():
    assert amount_in_words(Money(12345678)) == (
        "Rupees One Lakh Twenty-Three Thousand Four Hundred and Fifty-Six and Seventy-Eight Paise only")
    assert amount_in_words(Money(8800)) == "Rupees Eighty-Eight only"


def _shop(scheme: str) -> ShopInfo:
    return ShopInfo(id=1, name="Sharma Kirana Store", slug="sharma-kirana", state_code="09",
                    gstin="09AAKFS4521M1ZR", gst_scheme=scheme, language="hi", city="Lucknow", upi_id=None)


def _sale() -> PostedVoucher:
    line = PostedLine(item="Ghee", qty=Decimal(500), unit="g", item_qty=Decimal("0.5"), item_unit="kg",
                      rate=Money(62), taxable=Money(29524), gst_rate=Decimal(5), cgst=Money(738), sgst=Money(738),
                      igst=Money(0), total=Money(31000), cost=Money(28500))
    return PostedVoucher(id=1, number="SL/26-27/0001", type="sale", date=date(2026, 11, 20), party=None,
                         payment="cash", total=Money(31000), taxable=Money(29524), cgst=Money(738), sgst=Money(738),
                         igst=Money(0), lines=(line,))


def test_a_composition_shop_issues_a_bill_of_supply_with_the_rule_5_legend():
    assert heading(_shop("composition")) == (COMPOSITION_LEGEND, "BILL OF SUPPLY")
    assert COMPOSITION_LEGEND == "composition taxable person, not eligible to collect tax on supplies"
    assert heading(_shop("regular")) == (None, "TAX INVOICE")


@pytest.mark.parametrize("scheme", ["regular", "composition"])
def test_the_invoice_renders_as_a_pdf(scheme):
    pdf = render_invoice(InvoiceInput(_shop(scheme), _sale(), None, {"Ghee": "0405"}))
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 2000
