"""The dashboard's dues (one grouped pass) age receivables exactly as `reports.outstanding` does."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.books import lists, reports
from domain.demo.load import load_demo
from domain.store.uow import SqlUnitOfWork

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("days", [0, 40, 120])
def test_dues_agree_with_outstanding(session_factory, days):
    load_demo(session_factory, today=TODAY, days=days, seed=9)
    with SqlUnitOfWork(session_factory) as uow:
        for slug in ("sharma-kirana", "murugan-stores"):
            shop_id = uow.shops.by_slug(slug).id
            for as_of in (TODAY, TODAY - timedelta(days=45)):
                full = reports.outstanding(uow, shop_id, "receivable", as_of)
                fast = lists.dues(uow, shop_id, as_of, top=5)
                assert fast.total == full.total and fast.ageing == full.ageing
                expected = {p.party: (p.balance, p.days) for p in full.parties}
                assert len(fast.parties) == min(5, len(full.parties))
                for p in fast.parties:
                    assert expected[p.party] == (p.balance, p.days)
                assert [p.balance for p in fast.parties] == sorted((p.balance for p in full.parties),
                                                                    reverse=True)[:5]
