"""The nightly backup of every shop into the media store (a local folder or S3): one file a shop a day,
`backups/<slug>/<YYYY-MM-DD>.munshi.gz`, in the format `munshi restore --in FILE` reads. A shop that
fails is logged and the others still go."""

from __future__ import annotations

import io
from datetime import date

from bot.app.observability import get_logger
from bot.runtime.access import shop_today
from domain.exchange import backup
from domain.store.uow import SqlUnitOfWork

CONTENT_TYPE = "application/gzip"
log = get_logger("munshi.backups")


def backup_key(slug: str, day: date) -> str:
    return f"backups/{slug}/{day.isoformat()}.munshi.gz"


def back_up_shops(services, day: date | None = None) -> dict[str, str]:
    """Back up every shop; returns {slug: media key} of the backups written."""
    day = day or shop_today(services.settings)
    with SqlUnitOfWork(services.session_factory) as uow:
        slugs = uow.access.shop_slugs()
    written: dict[str, str] = {}
    for slug in slugs:
        out = io.BytesIO()
        try:
            with SqlUnitOfWork(services.session_factory) as uow:
                summary = backup.backup(uow, slug, out)
            key = services.media_store.put(out.getvalue(), CONTENT_TYPE, key=backup_key(slug, day))
        except Exception:  # one shop's failure must not stop the others' backups
            log.exception("backup_failed", shop=slug)
            continue
        written[slug] = key
        log.info("backup_written", shop=slug, key=key, rows=summary.rows, size=out.tell())
    return written
