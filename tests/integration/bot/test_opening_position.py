"""A new shop's opening position by chat and by file: a CSV or Excel list of items with their stock,
customers' old udhaar and a supplier's old dues as opening journals (never sales), and pack sizes."""

from __future__ import annotations

import io

from openpyxl import Workbook

from bot.conversation.dialogue import DialogueStore
from bot.conversation.messages import InboundMedia
from bot.conversation.turn import resolve_sender
from domain.books import catalog, parties, reports
from domain.periods import Period
from domain.store.uow import SqlUnitOfWork
from tests.integration.bot.turn_fixtures import NOW, message

PHONE = "+919811199001"


def onboard(services) -> None:
    for text in ("hi", "Laxmi Stores", "Hinglish", "Prakash", "baad mein", "baad mein", "baad mein", "baad mein"):
        services.turn.handle(message(text, PHONE))


def send(services, text: str, **fields) -> list[str]:
    return [r.text for r in services.turn.handle(message(text, PHONE, **fields))]


def books(services):
    _, shop = resolve_sender(services.session_factory, PHONE)
    with SqlUnitOfWork(services.session_factory) as uow:
        items = {i.name: i for i in catalog.list_items(uow, shop.id)}
        people = {p.name: p for p in parties.list_parties(uow, shop.id)}
        sales = reports.sales_summary(uow, shop.id, Period(NOW.date().replace(year=2000), NOW.date()))
    return items, people, sales


def sheet(kind: str) -> tuple[bytes, str, str]:
    rows = [["Name", "Unit", "Price", "Stock"], ["Sugar", "kg", "44", "50"], ["Toor Dal", "kg", "140", "20"],
            ["Kaju Katli", "kg", "800", "2"], ["", "", "", ""], ["Bad Row", "kg", "abc", "1"]]
    if kind == "csv":
        text = "\n".join(",".join(r) for r in rows)
        return text.encode(), "text/csv", "stock.csv"
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "stock.xlsx"


def test_a_csv_list_of_items_is_the_opening_stock_and_an_excel_one_updates_it(make_services):
    services = make_services()
    onboard(services)
    data, content_type, name = sheet("csv")
    replies = send(services, "", media=[InboundMedia(url="media:x", content_type=content_type, filename=name)],
                   media_bytes=[data])
    assert any("3" in r for r in replies) and any("6" in r for r in replies), replies  # 3 added, row 6 skipped
    items, _, sales = books(services)
    assert items["Sugar"].stock == 50 and items["Sugar"].rate.paise == 4400 and items["Sugar"].hsn == "1701"
    assert items["Toor Dal"].stock == 20 and items["Kaju Katli"].rate.paise == 80000
    assert sales.count == 0  # opening stock is no sale
    data, content_type, name = sheet("xlsx")
    send(services, "", media=[InboundMedia(url="media:y", content_type=content_type, filename=name)],
         media_bytes=[data])
    items, _, _ = books(services)
    assert len(items) == 3 and items["Sugar"].stock == 50


def test_old_udhaar_and_old_dues_are_opening_journals_not_sales(make_services):
    services = make_services()
    onboard(services)
    send(services, "Ramesh ka purana udhaar 2500")
    send(services, "haan")
    send(services, "Gupta traders ko purana 5000 dena hai")
    send(services, "haan")
    _, people, sales = books(services)
    assert people["Ramesh"].balance.paise == 250000 and people["Ramesh"].kind == "customer"
    assert people["Gupta Traders"].balance.paise == -500000 and people["Gupta Traders"].kind == "supplier"
    assert sales.count == 0


def test_a_bag_is_asked_about_once_and_then_used_for_stock_and_price(make_services):
    services = make_services()
    onboard(services)
    send(services, "10 bori chawal kharida 1000 rupay bori")
    dialogue, _ = DialogueStore(services.session_factory).load(PHONE)
    assert dialogue.learning and dialogue.learning["packs"]
    send(services, "25")
    items, _, _ = books(services)
    assert items["Rice"].unit == "kg" and items["Rice"].stock == 250
    send(services, "2 bori chawal kharida 1000 rupay bori")  # no question the second time
    dialogue, _ = DialogueStore(services.session_factory).load(PHONE)
    assert dialogue.learning is None
    items, _, _ = books(services)
    assert items["Rice"].stock == 300 and items["Rice"].cost.paise == 4000


class ListEngine:
    """An OCR engine that reads a handwritten stock list as these lines."""

    def __init__(self, text: str) -> None:
        self.text = text

    def read(self, image: bytes):
        from domain.ocr.model import OcrResult, TextLine, Word

        lines = tuple(TextLine(tuple(Word(w, 0.9) for w in line.split())) for line in self.text.splitlines())
        return OcrResult(engine="fake", lines=lines)


def test_a_photo_captioned_as_a_stock_list_is_the_opening_stock(make_services):
    services = make_services(ocr=ListEngine("STOCK LIST\n1. Sugar 50 kg 44\n2) Toor Dal 20 kg @ 140\nMaggi 24 pkt 14/-\nTotal 94"))
    onboard(services)
    replies = send(services, "stock list", media=[InboundMedia(url="media:z", content_type="image/jpeg")],
                   media_bytes=[b"\xff\xd8 a photo"])
    items, _, sales = books(services)
    assert set(items) == {"Sugar", "Toor Dal", "Maggi"}, replies
    assert items["Maggi"].unit == "pack" and items["Maggi"].stock == 24 and items["Toor Dal"].rate.paise == 14000
    assert sales.count == 0
