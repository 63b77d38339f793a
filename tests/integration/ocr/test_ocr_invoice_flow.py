"""A bill photo through the conversation: the draft card, edits by chat, "haan" books it once with
the photo kept, "nahi" writes nothing, and unreadable, non-invoice or huge photos get a clear reply.

The OCR engine here is a fake that "reads" a fixed text (the real engines have their own tests);
everything after it — extraction, checks, the dialogue, the tool, the books — is real.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from sqlalchemy import func, select
from stdnum import luhn

from bot.conversation.dialogue import DialogueStore, State
from bot.conversation.messages import InboundMedia
from domain.books import catalog, parties
from domain.ocr import ImageRejected, OcrResult
from domain.store.documents import Document
from domain.store.models import Voucher
from domain.store.uow import SqlUnitOfWork
from locales.catalog import translator
from tests.integration.bot.conftest import clock, demo_db, make_services  # noqa: F401 (fixtures)
from tests.integration.bot.turn_fixtures import SHARMA_OWNER, SHARMA_STAFF, message

GUPTA = "09ABCPS6721D1ZP"  # the demo shop's supplier Gupta Traders
NEW_SUPPLIER = "09AAPFU0939F1Z" + luhn.calc_check_digit("09AAPFU0939F1Z", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
BILL = f"""GUPTA TRADERS
12 Aminabad, Lucknow
GSTIN: {GUPTA}
TAX INVOICE
Invoice No: GT/1234   Date: 02/11/2026
Bill To: Sharma Kirana Store   GSTIN: 09AAKFS4521M1ZR
Description HSN Qty Rate Amount
Sugar 1701 50 kg 40.00 2,000.00
Basmati Rice 1006 20 kg 100.00 2,000.00
Taxable Value 4,000.00
CGST @ 2.5% 100.00
SGST @ 2.5% 100.00
Grand Total 4,200.00
"""


class TextEngine:
    """Reads every image as the same text; counts its calls."""

    name = "fake"

    def __init__(self, text: str = BILL, refuse: str | None = None) -> None:
        self.text, self.refuse, self.calls = text, refuse, 0

    def reads(self, text: str = BILL, refuse: str | None = None) -> None:
        """From now on, read every image as `text` (or refuse it)."""
        self.text, self.refuse = text, refuse

    def read(self, image: bytes) -> OcrResult:
        self.calls += 1
        if self.refuse:
            raise ImageRejected(self.refuse)
        return OcrResult.from_text(self.text, engine=self.name)


def texts(key: str, **params) -> list[str]:
    """The message in both catalogs the owner may be answered in (Hindi, Hinglish)."""
    return [translator("hi")(key, **params), translator("hi", romanized=True)(key, **params)]


@pytest.fixture
def services(make_services, demo_db):  # noqa: F811
    return make_services(ocr=TextEngine())


def photo(data: bytes = b"\xff\xd8 a photo of a bill", phone: str = SHARMA_OWNER, provider_id: str | None = None,
          content_type: str = "image/jpeg"):
    return message("", phone, provider_id, media=[InboundMedia(url="media:1", content_type=content_type)],
                   media_bytes=[data])


def send(services, inbound) -> list[str]:
    return [r.text for r in services.turn.handle(inbound)]


def vouchers(services) -> int:
    with services.session_factory() as session:
        return session.scalar(select(func.count()).select_from(Voucher).where(Voucher.type == "purchase"))


def test_a_bill_photo_gets_a_draft_card_and_nothing_is_written(services):
    before = vouchers(services)
    [card] = send(services, photo())
    assert "GUPTA TRADERS" in card and "GT/1234" in card and "02/11/2026" in card
    assert "4,000" in card and "200" in card
    dialogue, _ = DialogueStore(services.session_factory).load(SHARMA_OWNER)
    assert dialogue.state is State.AWAITING_INVOICE_REPLY and dialogue.invoice_draft is not None
    assert vouchers(services) == before


def test_haan_books_the_purchase_once_with_the_photo_kept_and_stock_in(services):
    before = vouchers(services)
    send(services, photo(b"\xff\xd8 bill one"))
    [booked] = send(services, message("haan"))
    assert vouchers(services) == before + 1
    with services.session_factory() as session:
        doc = session.scalars(select(Document)).one()
        voucher = session.get(Voucher, doc.voucher_id)
        assert doc.media_key and doc.content_type == "image/jpeg" and doc.sha256
        assert services.media_store.get(doc.media_key).data == b"\xff\xd8 bill one"
    assert booked.splitlines()[0] in texts("ocr.booked", voucher=voucher.number)
    with SqlUnitOfWork(services.session_factory) as uow:
        supplier = parties.find_party(uow, voucher.shop_id, "Gupta Traders")  # matched by its GSTIN
        assert voucher.party_id == supplier.id and supplier.gstin == GUPTA
        assert catalog.find_item(uow, voucher.shop_id, "Sugar").stock > D(50)
    # a second "haan" finds no draft; the same photo again is recognised as already booked
    send(services, message("haan"))
    assert vouchers(services) == before + 1
    [again] = send(services, photo(b"\xff\xd8 bill one"))
    assert again in texts("ocr.duplicate", invoice_no="GT/1234", party="GUPTA TRADERS")


def test_a_new_supplier_is_added_with_its_gstin(services):
    services.ocr.reads(BILL.replace(GUPTA, NEW_SUPPLIER).replace("GUPTA TRADERS", "NAVYUG AGENCIES"))
    send(services, photo(b"\xff\xd8 navyug"))
    send(services, message("haan"))
    with services.session_factory() as session:
        voucher = session.scalars(select(Voucher).where(Voucher.type == "purchase").order_by(Voucher.id.desc())).first()
    with SqlUnitOfWork(services.session_factory) as uow:
        supplier = parties.find_party(uow, voucher.shop_id, "NAVYUG AGENCIES")
        assert supplier.gstin == NEW_SUPPLIER and supplier.kind == "supplier"
        assert supplier.balance.rupees == D("-4200.00") and voucher.party_id == supplier.id


def test_another_photo_of_an_already_booked_bill_is_refused_as_a_duplicate(services):
    send(services, photo(b"\xff\xd8 first photo"))
    send(services, message("haan"))
    before = vouchers(services)
    send(services, photo(b"\xff\xd8 second photo, same bill"))
    [reply] = send(services, message("haan"))
    assert reply in texts("ocr.duplicate", invoice_no="GT/1234", party="Gupta Traders")
    assert vouchers(services) == before


def test_edits_by_chat_change_the_draft_before_it_is_booked(services):
    send(services, photo())
    [edited] = send(services, message("bill number 5678"))
    assert "5678" in edited
    [edited] = send(services, message("total 4200 hai"))
    assert "4,200" in edited
    [edited] = send(services, message("date 3/11/2026"))
    assert "03/11/2026" in edited
    send(services, message("haan"))
    with services.session_factory() as session:
        voucher = session.scalars(select(Voucher).where(Voucher.type == "purchase").order_by(Voucher.id.desc())).first()
        assert voucher.invoice_no == "5678" and voucher.date.isoformat() == "2026-11-03"


def test_nahi_drops_the_draft_and_writes_nothing(services):
    before = vouchers(services)
    send(services, photo())
    [reply] = send(services, message("nahi"))
    assert reply in texts("confirm.cancelled")
    assert vouchers(services) == before
    dialogue, _ = DialogueStore(services.session_factory).load(SHARMA_OWNER)
    assert dialogue.invoice_draft is None and dialogue.state is State.IDLE


@pytest.mark.parametrize("yes", ["అవును", "হ্যাঁ", "ਹਾਂ", "ಹೌದು"])
def test_yes_in_any_language_books_the_draft(services, yes):
    before = vouchers(services)
    send(services, photo(b"\xff\xd8 bill " + yes.encode()))
    send(services, message(yes))
    assert vouchers(services) == before + 1


@pytest.mark.parametrize("no", ["వద్దు", "না", "ਨਹੀਂ", "വേണ്ട"])
def test_no_in_any_language_drops_the_draft(services, no):
    before = vouchers(services)
    send(services, photo())
    send(services, message(no))
    dialogue, _ = DialogueStore(services.session_factory).load(SHARMA_OWNER)
    assert dialogue.invoice_draft is None and vouchers(services) == before


def test_a_photo_that_is_not_a_bill_says_so(services):
    services.ocr.reads("Happy Diwali to all our customers\nfrom the family")
    assert send(services, photo()) in [[t] for t in texts("ocr.not_invoice")]


def test_an_unreadable_photo_gets_the_tip_and_nothing_is_written(services):
    services.ocr.reads(refuse="unreadable")
    assert send(services, photo()) in [[t] for t in texts("ocr.unreadable")]


def test_a_huge_photo_is_refused_before_any_reading(services):
    engine = services.ocr
    assert send(services, photo(b"x" * (10 * 1024 * 1024 + 1))) in [[t] for t in texts("ocr.too_large")]
    assert engine.calls == 0


def test_staff_cannot_book_a_bill_photo(services):
    [reply] = send(services, photo(phone=SHARMA_STAFF))
    assert reply in texts("error.permission_denied", role="staff")
    assert services.ocr.calls == 0


def test_a_real_photo_is_read_by_the_default_engine(make_services, demo_db):  # noqa: F811
    pytest.importorskip("pytesseract")
    from tests.ocr_synth.generator import generate

    services = make_services()
    data, truth = generate(7, "a4", "clean")
    [card] = send(services, photo(data))
    assert truth.invoice_no in card, card


def test_a_bill_counting_an_item_in_a_unit_the_catalog_cannot_convert_still_books_its_money(services):
    services.ocr.reads(BILL.replace("Sugar 1701 50 kg 40.00 2,000.00", "Sugar 1701 2 bag 1000.00 2,000.00"))
    before = vouchers(services)
    send(services, photo(b"\xff\xd8 bags"))
    [booked] = send(services, message("haan"))
    assert vouchers(services) == before + 1, booked
    with services.session_factory() as session:
        voucher = session.scalars(select(Voucher).where(Voucher.type == "purchase").order_by(Voucher.id.desc())).first()
        assert voucher.invoice_no == "GT/1234"


def test_a_total_that_does_not_add_up_is_asked_about_on_the_card(services):
    services.ocr.reads(BILL.replace("Grand Total 4,200.00", "Grand Total 4,800.00"))
    [card] = send(services, photo(b"\xff\xd8 wrong total"))
    doubts = [translator("hi")("ocr.field_doubt", field=translator("hi")("ocr.field.total"), value="₹4,800"),
              translator("hi", romanized=True)("ocr.field_doubt", field=translator("hi", romanized=True)(
                  "ocr.field.total"), value="₹4,800")]
    assert any(d in card for d in doubts), card
    [fixed] = send(services, message("total 4200 hai"))
    card_after = fixed.split("\n", 1)[1]  # after the "changed to" line
    assert "4,200" in fixed and not any(d.split(":")[0] in card_after for d in doubts), fixed
