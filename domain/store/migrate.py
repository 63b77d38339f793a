"""Alembic, driven from code: `munshi migrate` and the test fixtures call `upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from domain.store.db import normalise_url

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def recreate(url: str) -> None:
    """An empty, migrated database: PostgreSQL's public schema is dropped and made anew first (SQLite
    files are expected fresh). For tests and benchmarks on a database they own."""
    from sqlalchemy import text

    from domain.store.db import make_engine

    if url.startswith("postgresql"):
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    upgrade(url)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)
