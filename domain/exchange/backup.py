"""A shop's backup: one gzip-compressed JSON file holding every row of the shop, versioned.

    {"format": "munshi-backup", "version": 1, "shop": SLUG, "created_at": ISO,
     "tables": {NAME: {"columns": [...], "rows": [[...], ...]}, ...}}

`restore` writes it into a database whose schema is up to date and where the shop (by slug) and its
users' phones do not exist yet, in one transaction; ids are re-numbered past the rows already there,
so the restored shop's reports are the backed-up shop's reports.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, TYPE_CHECKING, Any

from domain.errors import DuplicatePhone, DuplicateShop, InvalidArgument, UnknownShop

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

FORMAT = "munshi-backup"
VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class BackupSummary:
    shop: str
    tables: dict[str, int]  # rows per table

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def backup(uow: SqlUnitOfWork, slug: str, out: IO[bytes], now: datetime | None = None) -> BackupSummary:
    """Write the shop's backup to `out` (a binary file); UnknownShop."""
    shop = uow.shops.by_slug(slug)
    if shop is None:
        raise UnknownShop(slug)
    tables: dict[str, Any] = {}
    for name, columns, rows in uow.snapshot.dump(shop.id):
        tables[name] = {"columns": columns, "rows": rows}
    document = {
        "format": FORMAT,
        "version": VERSION,
        "shop": shop.slug,
        "created_at": (now or datetime.now(UTC)).isoformat(),
        "tables": tables,
    }
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return BackupSummary(shop.slug, {n: len(t["rows"]) for n, t in tables.items()})


def read(source: IO[bytes]) -> dict[str, Any]:
    """The backup's document, checked for its format and version; InvalidArgument("in", reason)."""
    data = source.read()
    try:
        if data[:2] == GZIP_MAGIC:
            data = gzip.decompress(data)
        document = json.loads(data.decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidArgument("in", "not_a_backup") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidArgument("in", "not_a_backup")
    if document.get("version") != VERSION:
        raise InvalidArgument("in", f"unsupported_version:{document.get('version')}")
    tables = document.get("tables")
    if not isinstance(tables, dict) or not tables.get("shops", {}).get("rows"):
        raise InvalidArgument("in", "no_shop")
    return document


def restore(uow: SqlUnitOfWork, document: dict[str, Any]) -> BackupSummary:
    """Insert the backed-up shop (not committed: the caller commits); DuplicateShop when its slug is
    taken, DuplicatePhone when one of its users' phones belongs to another shop, InvalidArgument when
    the backup holds columns this schema does not know."""
    slug = document["shop"]
    if uow.shops.by_slug(slug) is not None:
        raise DuplicateShop(slug)
    users = document["tables"].get("users", {"columns": [], "rows": []})
    if users["rows"]:
        phone_at = users["columns"].index("phone")
        for row in users["rows"]:
            if uow.users.by_phone(row[phone_at]) is not None:
                raise DuplicatePhone(row[phone_at])
    unknown = uow.snapshot.unknown_columns(document["tables"])
    if unknown:
        raise InvalidArgument("in", "unknown_columns:" + ",".join(unknown[:5]))
    uow.snapshot.load(document["tables"])
    return BackupSummary(slug, {n: len(t["rows"]) for n, t in document["tables"].items()})
