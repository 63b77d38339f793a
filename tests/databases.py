"""Test databases made quickly.

`empty_postgres` deletes every table's rows, children first, and sets every sequence back to its start.
On the few rows a test leaves that takes milliseconds; TRUNCATE (new files for each of the schema's
tables and indexes, fsynced) takes about a third of a second, which every PostgreSQL test paid.
"""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, text

_TABLE_ORDER: dict[str, list[str]] = {}  # PostgreSQL URL -> its tables, children first


def empty_postgres(engine: Engine) -> None:
    """Every table of the public schema without rows and every sequence at its start."""
    tables = _children_first(engine)
    with engine.begin() as conn:
        _delete_all(conn, tables)


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
