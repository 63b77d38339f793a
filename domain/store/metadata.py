"""Every table of Munshi, gathered on one MetaData for Alembic and for tests."""

from domain.store import access, documents, messaging, models  # noqa: F401  (registers the tables)
from domain.store.base import Base

metadata = Base.metadata
