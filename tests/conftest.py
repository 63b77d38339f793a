"""Shared fixtures: migrated databases (SQLite always, PostgreSQL when MUNSHI_TEST_DATABASE_URL is set)
and Redis (when MUNSHI_TEST_REDIS_URL is set).

`database_url` is parametrised over the backends that are available, so a test that takes it runs
once on SQLite and once on PostgreSQL. Each test gets an empty, migrated schema: a copy of a migrated
SQLite file, or the session's PostgreSQL schema emptied (tests/databases.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from sqlalchemy import Engine

from bot.app.observability import configure_logging
from domain.store.db import make_engine, make_session_factory, normalise_url
from domain.store.migrate import recreate, upgrade
from tests.databases import empty_postgres

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REPO = Path(__file__).resolve().parents[1]

PG_URL = os.environ.get("MUNSHI_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("MUNSHI_TEST_REDIS_URL")


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    if PG_URL:
        params.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return params


@pytest.fixture(autouse=True)
def _production_logging() -> None:
    """Log as production does (JSON lines, redacted, a trace as plain text). Left unconfigured (or reset
    by a test), structlog's console renderer draws each logged exception with rich, locals and all:
    two to three seconds per trace."""
    if not structlog.is_configured():
        configure_logging("INFO")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _postgres_ready() -> str | None:
    if not PG_URL:
        return None
    url = normalise_url(PG_URL)
    recreate(url)
    return url


@pytest.fixture(scope="session")
def _postgres_cleaner(_postgres_ready) -> Iterator[Engine]:
    """One engine for emptying PostgreSQL between tests."""
    engine = make_engine(_postgres_ready)
    yield engine
    engine.dispose()


@pytest.fixture(params=_backends())
def database_url(request, tmp_path, _sqlite_template) -> Iterator[str]:
    """A migrated, empty database on each available backend."""
    if request.param == "sqlite":
        path = tmp_path / "munshi.db"
        shutil.copy(_sqlite_template, path)
        yield f"sqlite:///{path}"
    else:
        empty_postgres(request.getfixturevalue("_postgres_cleaner"))
        yield request.getfixturevalue("_postgres_ready")


@pytest.fixture
def sqlite_url(tmp_path, _sqlite_template) -> str:
    """A migrated, empty SQLite database, for tests that need only one backend."""
    path = tmp_path / "munshi.db"
    shutil.copy(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return make_session_factory(engine)


@pytest.fixture
def redis_url() -> str:
    if not REDIS_URL:
        pytest.skip("MUNSHI_TEST_REDIS_URL not set")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    client.close()
    return REDIS_URL


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The project's own copy of the two demo shops (shop.json, catalog.csv, parties.csv)."""
    return REPO / "domain" / "demo" / "shops"
