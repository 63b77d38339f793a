"""Every row of one shop, out of the database and back in: the storage half of a shop backup.

`dump(shop_id)` walks every table of the metadata that holds the shop's rows (the `shops` row itself
and each table with a `shop_id` column), in foreign-key order, and returns plain JSON-able rows.
`load(tables)` writes such rows into another database: integer ids are shifted past the ids already
there (kept as they were in an empty database), every foreign key and `shop_id` follows its row, and
self-references (a voucher's reversal) are set once all rows exist. PostgreSQL's id sequences are moved
past the restored ids. Tables added later are covered as long as they carry `shop_id`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Table, func, insert, select, text, update
from sqlalchemy.orm import Session

from domain.store.base import UtcDateTime
from domain.store.metadata import metadata

SHOPS = "shops"
BATCH_ROWS = 5_000


def shop_tables() -> list[Table]:
    """The tables that hold a shop's rows, parents before children."""
    return [t for t in metadata.sorted_tables if t.name == SHOPS or "shop_id" in t.c]


def _remapped(table: Table) -> Column | None:
    """The table's integer surrogate key, if it has one (composite keys are kept as they are)."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and keys[0].name == "id" and keys[0].type.python_type is int:
        return keys[0]
    return None


def _references(table: Table) -> dict[str, str]:
    """column -> referenced table, for the single-column foreign keys onto an `id`."""
    refs = {}
    for fk in table.foreign_keys:
        if fk.column.name == "id":
            refs[fk.parent.name] = fk.column.table.name
    return refs


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _from_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UtcDateTime) or getattr(kind, "python_type", None) is datetime:
        return datetime.fromisoformat(value)
    try:
        python_type = kind.python_type
    except NotImplementedError:
        return value
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(value)
    if python_type is bytes:
        return base64.b64decode(value)
    return value


class SnapshotRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- out -----------------------------------------------------------------------------------

    def dump(self, shop_id: int) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
        """(table, column names, rows as lists) for each table holding the shop's rows."""
        for table in shop_tables():
            key = table.c.id if table.name == SHOPS else table.c.shop_id
            order = list(table.primary_key.columns)
            names = [c.name for c in table.columns]
            result = self.session.execute(select(table).where(key == shop_id).order_by(*order))
            rows = [[_to_json(v) for v in row] for row in result]
            yield table.name, names, rows

    # -- in ------------------------------------------------------------------------------------

    def unknown_columns(self, tables: dict[str, dict[str, Any]]) -> list[str]:
        """`table.column` names of the backup that this database's schema does not have."""
        known = {t.name: t for t in shop_tables()}
        missing = []
        for name, block in tables.items():
            if name not in known:
                missing.append(name)
                continue
            missing += [f"{name}.{c}" for c in block["columns"] if c not in known[name].c]
        return missing

    def _offset(self, table: Table, column: Column) -> int:
        return int(self.session.scalar(select(func.coalesce(func.max(column), 0)).select_from(table)) or 0)

    def load(self, tables: dict[str, dict[str, Any]]) -> int:
        """Insert the rows of a dump; returns the new shop id."""
        offsets = {t.name: self._offset(t, col) for t in shop_tables() if (col := _remapped(t)) is not None}
        shop_ids = tables[SHOPS]["rows"]
        old_shop = shop_ids[0][tables[SHOPS]["columns"].index("id")]
        new_shop = old_shop + offsets[SHOPS]
        deferred: list[tuple[Table, int, dict[str, int]]] = []
        for table in shop_tables():
            block = tables.get(table.name)
            if not block or not block["rows"]:
                continue
            self._insert(table, block, offsets, new_shop, deferred)
        for table, row_id, values in deferred:
            self.session.execute(update(table).where(table.c.id == row_id).values(**values))
        self._advance_sequences(offsets)
        return new_shop

    def _insert(self, table: Table, block: dict[str, Any], offsets: dict[str, int], new_shop: int,
                deferred: list[tuple[Table, int, dict[str, int]]]) -> None:
        refs = _references(table)
        own = _remapped(table) is not None
        columns = [table.c[name] for name in block["columns"]]
        batch: list[dict[str, Any]] = []
        for raw in block["rows"]:
            row = {c.name: _from_json(c, v) for c, v in zip(columns, raw, strict=True)}
            for name, target in refs.items():
                if row.get(name) is not None and target in offsets:
                    row[name] += offsets[target]
            if own:
                row["id"] += offsets[table.name]
            if "shop_id" in row and row["shop_id"] is not None:
                row["shop_id"] = new_shop
            later = {n: row[n] for n, target in refs.items() if target == table.name and row.get(n) is not None}
            if later:  # a row pointing at a row of its own table that may come after it
                deferred.append((table, row["id"], later))
                row.update(dict.fromkeys(later))
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                self.session.execute(insert(table), batch)
                batch = []
        if batch:
            self.session.execute(insert(table), batch)

    def _advance_sequences(self, offsets: dict[str, int]) -> None:
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for name in offsets:
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM \"{name}\"), 1))"
            ))
