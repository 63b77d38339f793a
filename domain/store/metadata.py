"""Every table of the books, gathered on one MetaData for Alembic and for tests.

The bot's own tables (inbox, outbox, dialogue) live in `bot.store.messaging` on the same `Base`; the
migrations create both, and a check of the whole schema imports that module too.
"""

from domain.store import access, documents, models  # noqa: F401  (registers the tables)
from domain.store.base import Base

metadata = Base.metadata
