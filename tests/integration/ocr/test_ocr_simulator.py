"""A bill photo sent from the web chat simulator goes the WhatsApp way (inbox, worker, turn,
outbox): the real Tesseract reads a generated bill, the card comes back, "haan" books it and
the photo the page uploaded is the one kept with the voucher."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from bot.runtime.simulator import Upload, submit
from domain.store.documents import Document
from domain.store.models import Voucher
from tests.integration.bot.conftest import clock, demo_db, make_services  # noqa: F401 (fixtures)
from tests.integration.bot.turn_fixtures import SHARMA_OWNER
from tests.ocr_synth.generator import generate

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")]


def test_a_bill_photo_from_the_simulator_is_read_confirmed_and_booked_with_its_photo(make_services, demo_db):  # noqa: F811
    services = make_services()
    data, truth = generate(21, "a4", "photo")
    [card] = submit(services, SHARMA_OWNER, "", Upload(data, "image/jpeg", "bill.jpg"))
    assert truth.invoice_no in card["text"] and truth.supplier_name.upper() in card["text"], card
    [booked] = submit(services, SHARMA_OWNER, "haan")
    with services.session_factory() as session:
        voucher = session.scalars(select(Voucher).where(Voucher.type == "purchase", Voucher.invoice_no == truth.invoice_no)
                                  ).one()
        doc = session.scalars(select(Document).where(Document.voucher_id == voucher.id)).one()
    assert voucher.number in booked["text"]
    assert services.media_store.get(doc.media_key).data == data
