"""Test databases made quickly: emptying PostgreSQL between tests, and keeping a copy of what a fixture
built so the next test that needs the same rows gets the copy instead of building them again.

`empty_postgres` deletes every table's rows, children first, and sets every sequence back to its start.
On the few rows a test leaves that takes milliseconds; TRUNCATE (new files for each of the schema's
tables and indexes, fsynced) takes about a third of a second, which every PostgreSQL test paid.

`remember(engine, key, build)` runs `build()` on the test's database the first time a backend sees
`key`, keeps a copy of the database it leaves (SQLite: the whole file, through the backup API;
PostgreSQL: each table as binary COPY and each sequence's position) and returns what `build` returned.
Later calls with that key put the copy in place of the database's content and return a copy of that value.
So `build` must write nothing but the database, and the same key must always mean the same rows: name
in the key everything the rows depend on (the day, the seed). Call it on a freshly emptied database,
as the builders it replaces were.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from copy import deepcopy
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, MetaData, text

T = TypeVar("T")

_COPIES: dict[tuple[str, str], tuple[Any, Any]] = {}  # (backend, key) -> (copy, build's value)
_TABLE_ORDER: dict[str, list[str]] = {}  # PostgreSQL URL -> its tables, children first


def empty_postgres(engine: Engine) -> None:
    """Every table of the public schema without rows and every sequence at its start."""
    tables = _children_first(engine)
    with engine.begin() as conn:
        _delete_all(conn, tables)


def remember(engine: Engine, key: str, build: Callable[[], T]) -> T:
    """`build()`'s rows on this database, built once per backend and key and copied after that."""
    backend = engine.dialect.name
    found = _COPIES.get((backend, key))
    if found is not None:
        copy, value = found
        _restore(engine, copy)
        return deepcopy(value)
    value = build()
    _COPIES[(backend, key)] = (_capture(engine), deepcopy(value))
    return value


def _children_first(engine: Engine) -> list[str]:
    url = engine.url.render_as_string(hide_password=False)
    if url not in _TABLE_ORDER:
        metadata = MetaData()
        metadata.reflect(engine)
        _TABLE_ORDER[url] = [t.name for t in reversed(metadata.sorted_tables) if t.name != "alembic_version"]
    return _TABLE_ORDER[url]


def _delete_all(conn, tables: list[str]) -> None:
    conn.exec_driver_sql("; ".join(f'DELETE FROM "{table}"' for table in tables))
    sequences = conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).scalars()
    restarts = ", ".join(f"setval('\"{name}\"', 1, false)" for name in sequences)
    if restarts:
        conn.exec_driver_sql(f"SELECT {restarts}")


@dataclass(frozen=True)
class _PostgresCopy:
    tables: list[tuple[str, bytes]]  # parents first, as COPY ... (FORMAT BINARY) wrote them
    sequences: list[tuple[str, int | None]]  # name, last value (None: never used)


def _capture(engine: Engine) -> Any:
    if engine.dialect.name == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with closing(sqlite3.connect(engine.url.database)) as source:
            source.backup(copy)
        return copy
    with engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        tables = []
        for table in reversed(_children_first(engine)):
            with cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
                tables.append((table, b"".join(bytes(chunk) for chunk in copy)))
        sequences = conn.execute(text("SELECT sequencename, last_value FROM pg_sequences "
                                      "WHERE schemaname = 'public'")).all()
        conn.rollback()
    return _PostgresCopy(tables, [(name, last) for name, last in sequences])


def _restore(engine: Engine, copy: Any) -> None:
    if engine.dialect.name == "sqlite":
        with closing(sqlite3.connect(engine.url.database)) as target:
            copy.backup(target)
        return
    with engine.begin() as conn:
        _delete_all(conn, _children_first(engine))
        cursor = conn.connection.driver_connection.cursor()
        for table, data in copy.tables:
            with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as writer:
                writer.write(data)
        used = [(name, last) for name, last in copy.sequences if last is not None]
        if used:
            conn.exec_driver_sql("SELECT " + ", ".join(f"setval('\"{name}\"', {int(last)}, true)" for name, last in used))

