"""The unit of work: one session, one transaction per use case. `commit()` is explicit; leaving the
block without it rolls back, so a failed or dry-run use case leaves nothing behind.

    with SqlUnitOfWork(session_factory) as uow:
        sale = post_sale(uow, shop_id, ...)
        uow.commit()
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker

from domain.store.access import AccessRepository
from domain.store.exchange_queries import ExchangeQueries
from domain.store.gst_queries import GstQueries
from domain.store.insight_queries import InsightQueries
from domain.store.ledger import LedgerRepository
from domain.store.report_queries import ReportQueries
from domain.store.repositories import (
    AccountRepository,
    ItemPackRepository,
    ItemRepository,
    PartyRepository,
    PrefsRepository,
    ShopRepository,
    UserRepository,
)
from domain.store.snapshot import SnapshotRepository


class SqlUnitOfWork:
    session: Session
    shops: ShopRepository
    users: UserRepository
    accounts: AccountRepository
    items: ItemRepository
    parties: PartyRepository
    packs: ItemPackRepository
    ledger: LedgerRepository
    reports: ReportQueries
    prefs: PrefsRepository
    gst: GstQueries
    insight: InsightQueries
    exchange: ExchangeQueries
    access: AccessRepository
    snapshot: SnapshotRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self.committed = False

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._session_factory()
        self.shops = ShopRepository(self.session)
        self.users = UserRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.items = ItemRepository(self.session)
        self.parties = PartyRepository(self.session)
        self.packs = ItemPackRepository(self.session)
        self.ledger = LedgerRepository(self.session)
        self.reports = ReportQueries(self.session)
        self.prefs = PrefsRepository(self.session)
        self.gst = GstQueries(self.session)
        self.insight = InsightQueries(self.session)
        self.exchange = ExchangeQueries(self.session)
        self.access = AccessRepository(self.session)
        self.snapshot = SnapshotRepository(self.session)
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()  # after commit() there is nothing left to roll back
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def flush(self) -> None:
        self.session.flush()
