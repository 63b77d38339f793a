"""The master-data services run on the unit-of-work port alone: the in-memory unit of work drives
them in milliseconds, with the same refusals and the same commit/rollback rule as the SQL one."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from domain.books import catalog, parties, shops
from domain.errors import DuplicateItem, DuplicateParty, DuplicatePhone, UnknownItem
from tests.fakes.uow import FakeUnitOfWork

NOW = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)


def _open(uow: FakeUnitOfWork) -> int:
    shop, owner = shops.create_shop(uow, name="Gupta Kirana", slug="gupta-kirana", state_code="09",
                                    owner_name="Mohan Gupta", owner_phone="+919800000001", language="hi", now=NOW)
    assert owner.role == "owner" and owner.shop_id == shop.id
    return shop.id


def test_a_shop_its_items_and_parties_are_kept_on_commit() -> None:
    uow = FakeUnitOfWork()
    with uow:
        shop_id = _open(uow)
        catalog.add_item(uow, shop_id, name="Sugar", unit="kg", rate=Decimal("44"), aliases=["cheeni"])
        parties.add_party(uow, shop_id, name="Ramesh Kumar", kind="customer", phone="+919812345678")
        uow.commit()
    with FakeUnitOfWork(uow.store) as again:
        assert catalog.find_item(again, shop_id, "Sugar").rate.rupees == Decimal("44.00")
        assert [p.name for p in parties.list_parties(again, shop_id, "customer")] == ["Ramesh Kumar"]
        assert shops.find_user_by_phone(again, "+919800000001").name == "Mohan Gupta"


def test_without_commit_nothing_is_kept() -> None:
    uow = FakeUnitOfWork()
    with uow:
        shop_id = _open(uow)
        uow.commit()
    with FakeUnitOfWork(uow.store) as draft:
        catalog.add_item(draft, shop_id, name="Rice", unit="kg", rate=Decimal("60"))
    with FakeUnitOfWork(uow.store) as after, pytest.raises(UnknownItem):
        catalog.find_item(after, shop_id, "Rice")


def test_the_services_refuse_duplicates_the_same_way() -> None:
    with FakeUnitOfWork() as uow:
        shop_id = _open(uow)
        catalog.add_item(uow, shop_id, name="Sugar", unit="kg", rate=Decimal("44"))
        parties.add_party(uow, shop_id, name="Ramesh Kumar", kind="customer")
        with pytest.raises(DuplicateItem):
            catalog.add_item(uow, shop_id, name="  sugar ", unit="kg", rate=Decimal("45"))
        with pytest.raises(DuplicateParty):
            parties.add_party(uow, shop_id, name="ramesh  kumar", kind="customer")
        with pytest.raises(DuplicatePhone):
            shops.add_user(uow, shop_id, name="Someone", phone="+919800000001", role="staff")


def test_the_ledger_is_not_pretended() -> None:
    with FakeUnitOfWork() as uow, pytest.raises(NotImplementedError):
        uow.ledger.next_number(1, "sale", "2026-27", "S")
