"""add_item is idempotent on the message id: the opening-stock journal it posts is its
`data.voucher`, and a redelivery of the message answers the same and writes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain.books import catalog
from domain.errors import DuplicateMessage
from domain.store.models import Item
from domain.store.uow import SqlUnitOfWork

POHA = {"item": "Poha", "rate": 60, "unit": "kg", "qty": 10, "cost": 52}


def _items(books) -> int:
    with SqlUnitOfWork(books.session_factory) as uow:
        return uow.session.scalar(select(func.count()).select_from(Item).where(Item.shop_id == books.a.id))


def test_opening_stock_comes_back_as_the_journal_voucher(books):
    added = books.ok(books.a, "add_item", POHA, message_id="SM-POHA")
    assert added.data["voucher"].startswith("JV/") and added.data["stock"] == 10
    with SqlUnitOfWork(books.session_factory) as uow:
        journal = uow.ledger.by_number(books.a.id, added.data["voucher"])
        assert journal.source_message_id == "SM-POHA" and journal.total_paise == 52000


def test_a_redelivered_message_writes_nothing_and_answers_with_the_same_journal(books):
    first = books.ok(books.a, "add_item", POHA, message_id="SM-POHA")
    vouchers, items = books.voucher_count(), _items(books)
    again = books.ok(books.a, "add_item", POHA, message_id="SM-POHA")
    assert again.replayed and again.data["voucher"] == first.data["voucher"]
    assert (books.voucher_count(), _items(books)) == (vouchers, items)
    assert books.ok(books.a, "stock_query", {"item": "Poha"}).data["items"][0]["qty"] == 10


def test_an_item_without_opening_stock_has_no_voucher_and_replays_too(books):
    first = books.ok(books.a, "add_item", {"item": "Jeera", "rate": 400, "unit": "kg"}, message_id="SM-J")
    vouchers = books.voucher_count()
    again = books.ok(books.a, "add_item", {"item": "Jeera", "rate": 400, "unit": "kg"}, message_id="SM-J")
    assert first.data["voucher"] is None and again.replayed and again.data["voucher"] is None
    assert books.voucher_count() == vouchers


def test_the_same_message_id_in_another_shop_adds_there(books):
    books.ok(books.a, "add_item", POHA, message_id="SM-POHA")
    other = books.ok(books.b, "add_item", POHA, message_id="SM-POHA")
    assert not other.replayed and other.data["voucher"].startswith("JV/")


def test_the_domain_refuses_a_message_that_already_posted_and_writes_nothing(books):
    def add(name: str) -> None:
        with SqlUnitOfWork(books.session_factory) as uow:
            catalog.add_item(uow, books.a.id, name=name, unit="kg", rate=Decimal(60), opening_qty=Decimal(5),
                             on=date(2026, 11, 20), user_id=books.a.users["owner"], source_message_id="SM-D")
            uow.commit()

    add("Poha")
    items = _items(books)
    with pytest.raises(DuplicateMessage) as refused:
        add("Poha Thick")
    assert refused.value.voucher.startswith("JV/") and _items(books) == items
