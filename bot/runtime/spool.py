"""The intake spool: an inbound message the database could not take is kept here, not lost.

A webhook that cannot reach the database writes the message's row values to the spool and still
answers 200 (Twilio never redelivers an inbound message). `RedisSpool` keeps them in a Redis list
when Redis is configured and answering; `JournalSpool` appends them to a local journal file under
`data_dir/spool/` (one JSON line each, fsynced before the webhook answers). `SpoolDrainer` (a thread
of the web process, started with it) moves them into the inbox when the database answers again: the
insert is idempotent on the provider's id, so a record drained twice is stored once.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app.observability import get_logger

log = get_logger("munshi.spool")

Record = dict[str, Any]
Store = Callable[[Record], None]  # stores one record in the inbox; raises when the database is away


def encode(values: Record) -> str:
    return json.dumps({**values, "received_at": values["received_at"].isoformat()}, ensure_ascii=False)


def decode(line: str) -> Record:
    values = json.loads(line)
    values["received_at"] = datetime.fromisoformat(values["received_at"])
    return values


def _readable(line: str) -> Record | None:
    """A journal line's record; None for a blank line or one torn by a crash mid-write (kept in the log)."""
    if not line.strip():
        return None
    try:
        return decode(line)
    except (ValueError, KeyError, TypeError):
        log.error("spool_record_unreadable", length=len(line))
        return None


class JournalSpool:
    """An append-only journal file, fsynced per record; drained by renaming it aside first, so webhooks
    keep appending to a fresh file while the old one is replayed (a crash mid-replay replays it again)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / "inbox.jsonl"

    def put(self, values: Record) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        line = (encode(values) + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)  # closing releases the lock

    def _claimed(self) -> list[Path]:
        return sorted(self.directory.glob("inbox.jsonl.draining-*"))

    def pending(self) -> bool:
        return (self.path.exists() and self.path.stat().st_size > 0) or bool(self._claimed())

    def _claim(self) -> None:
        """Move the live journal aside under its lock (a writer holding the lock finishes its line first)."""
        if not self.path.exists():
            return
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if os.fstat(fd).st_size:
                os.rename(self.path, self.directory / f"inbox.jsonl.draining-{uuid.uuid4().hex}")
        finally:
            os.close(fd)

    def drain(self, store: Store) -> int:
        if not self.directory.exists():
            return 0
        self._claim()
        done = 0
        for path in self._claimed():
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                continue  # another process of this machine replayed it meanwhile
            for line in lines:
                record = _readable(line)
                if record is not None:
                    store(record)  # raises while the database is away: the file stays for the next try
                    done += 1
            path.unlink(missing_ok=True)
        return done


class RedisSpool:
    """A Redis list shared by every web process; one drainer at a time (a short Redis lock), and a
    record leaves the list only after the inbox has it."""

    KEY = "munshi:spool:inbox"
    LOCK = "munshi:spool:drain"

    def __init__(self, client, fallback: JournalSpool) -> None:
        self.client = client
        self.fallback = fallback

    def put(self, values: Record) -> None:
        try:
            self.client.rpush(self.KEY, encode(values))
        except Exception:  # noqa: BLE001 - Redis away as well: the local journal keeps it
            log.warning("spool_redis_unavailable")
            self.fallback.put(values)

    def pending(self) -> bool:
        try:
            return bool(self.client.llen(self.KEY)) or self.fallback.pending()
        except Exception:  # noqa: BLE001
            return self.fallback.pending()

    def _records(self) -> Iterator[str]:
        while True:
            raw = self.client.lindex(self.KEY, 0)
            if raw is None:
                return
            yield raw.decode() if isinstance(raw, bytes) else raw

    def drain(self, store: Store) -> int:
        done = self.fallback.drain(store)
        token = uuid.uuid4().hex
        if not self.client.set(self.LOCK, token, nx=True, ex=60):
            return done  # another process is draining
        try:
            for raw in self._records():
                store(decode(raw))
                self.client.lpop(self.KEY)
                done += 1
                self.client.expire(self.LOCK, 60)
        finally:
            if (self.client.get(self.LOCK) or b"").decode() == token:
                self.client.delete(self.LOCK)
        return done


def build_spool(data_dir: Path, redis_client=None) -> JournalSpool | RedisSpool:
    journal = JournalSpool(Path(data_dir) / "spool")
    return RedisSpool(redis_client, journal) if redis_client is not None else journal


class SpoolDrainer:
    """Drains the spool at start-up and then every `every_seconds` while anything waits in it."""

    def __init__(self, spool, every_seconds: float = 5.0) -> None:
        self.spool = spool
        self.store: Store | None = None
        self.every = every_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def drain_once(self, store: Store | None = None) -> int:
        store = store or self.store
        if store is None:
            return 0
        try:
            if not self.spool.pending():
                return 0
            count = self.spool.drain(store)
        except Exception:  # noqa: BLE001 - the database is still away; the spool keeps everything
            log.warning("spool_drain_deferred", exc_info=True)
            return 0
        if count:
            log.info("spool_drained", count=count)
        return count

    def _run(self) -> None:
        self.drain_once()
        while not self._stop.wait(self.every):
            self.drain_once()

    def start(self, store: Store) -> None:
        self.store = store
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="munshi-spool", daemon=True)
            self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
