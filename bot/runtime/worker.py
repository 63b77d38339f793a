"""The worker's one job: take a stored inbound message through the turn and send its replies, once.

`process_message(services, inbox_id)` claims the inbox row under a lease (a dead worker's message is
claimed again when the lease runs out), downloads its media, calls the turn, stores the replies in the
outbox in one transaction and sends them. When the replies of a message are already stored (a crash
after the turn), the turn is not run again and only unsent replies go out. The turn's own writes are
idempotent on the message id, so a turn that runs twice posts once.

    LeaseHeld        another worker holds the message; try again after `retry_after` seconds
    TurnFailed       the turn raised; `final` says whether the message was given up
    SendRetryable    (bot.runtime.outbox) a channel was unreachable; the stored replies wait for a retry
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.app.observability import TURN_FAILURES, TURN_SECONDS, bound, get_logger, mask_phone
from bot.conversation.messages import InboundMedia, InboundMessage, Reply
from bot.conversation.ports import SenderOverLimit
from bot.runtime.media_fetch import MediaRejected, recognised
from bot.runtime.outbox import SendRetryable, send_pending, send_rows, store_replies
from bot.store import messaging as repo
from locales import translator

if TYPE_CHECKING:
    from bot.app.services import Services

log = get_logger("munshi.worker")


RETRY_BASE_SECONDS = 2.0
RETRY_MAX_SECONDS = 300.0


def backoff(attempt: int) -> float:
    """Seconds before retry number `attempt` (1-based): 2, 4, 8, … capped at five minutes."""
    return min(RETRY_MAX_SECONDS, RETRY_BASE_SECONDS * (2 ** max(0, attempt - 1)))


class LeaseHeld(Exception):
    """Another worker holds this message; it may be retried after `retry_after` seconds."""

    def __init__(self, inbox_id: int, retry_after: float) -> None:
        super().__init__(f"message {inbox_id} is held by another worker")
        self.inbox_id = inbox_id
        self.retry_after = retry_after


class TurnFailed(Exception):
    """The turn raised for this message; `final` when no attempt is left."""

    def __init__(self, inbox_id: int, error: str, *, final: bool) -> None:
        super().__init__(f"turn failed for message {inbox_id}: {error}")
        self.inbox_id = inbox_id
        self.final = final


def to_inbound(row) -> InboundMessage:
    return InboundMessage(
        id=row.id,
        channel=row.channel,
        provider_message_id=row.provider_message_id,
        from_phone=row.from_phone,
        received_at=row.received_at,
        profile_name=row.profile_name,
        text=row.text or "",
        media=[InboundMedia(**m) for m in (row.media or [])],
        button_payload=row.button_payload,
    )


class LeaseKeeper:
    """One thread per process that extends the leases of the messages being processed, every lease/3,
    so a long turn (speech, OCR) is not taken for a dead worker's. Started on first use."""

    def __init__(self, session_factory, lease_seconds: float) -> None:
        self.session_factory = session_factory
        self.lease = float(lease_seconds)
        self._active: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while not self._stop.wait(self.lease / 3):
            with self._lock:
                ids = list(self._active)
            if not ids:
                continue
            try:
                with self.session_factory() as session:
                    repo.extend_leases(session, ids, lease_seconds=self.lease)
                    session.commit()
            except Exception:  # noqa: BLE001 - a missed beat only shortens the lease
                log.warning("lease_extend_failed", exc_info=True)

    @contextmanager
    def holding(self, inbox_id: int) -> Iterator[None]:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="munshi-leases", daemon=True)
                self._thread.start()
            self._active.add(inbox_id)
        try:
            yield
        finally:
            with self._lock:
                self._active.discard(inbox_id)

    def close(self) -> None:
        self._stop.set()


def fetch_media(services: Services, inbound: InboundMessage) -> None:
    """Fill `inbound.media_bytes` (b"" for a refused item) and `media_errors` with the reasons."""
    for index, media in enumerate(inbound.media):
        try:
            data = services.media_fetcher.fetch(inbound.channel, media)
            inbound.media[index] = recognised(media, data)  # octet-stream: the type the bytes show
            inbound.media_bytes.append(data)
        except MediaRejected as exc:
            log.warning("media_rejected", reason=exc.reason, detail=exc.detail, content_type=media.content_type)
            inbound.media_bytes.append(b"")
            inbound.media_errors.append(exc.reason)


def _forget_media(services: Services, inbound: InboundMessage) -> None:
    """Twilio keeps inbound media until it is deleted; the turn has what it needs by now."""
    for media in inbound.media:
        try:
            if not services.media_fetcher.forget(inbound.channel, media) and inbound.channel == "twilio":
                log.info("media_not_deleted", content_type=media.content_type)
        except Exception:  # noqa: BLE001 - tidying up must never fail a finished message
            log.warning("media_delete_failed", exc_info=True)


def _apology(inbound: InboundMessage) -> list[Reply]:
    try:

        return [Reply(text=translator("en")("error.internal"))]
    except Exception:  # noqa: BLE001 - the catalogs themselves may be what failed
        return [Reply(text="Sorry, something went wrong on our side. Please try again in a little while.")]


def _run_turn(services: Services, inbound: InboundMessage) -> list[Reply]:
    started = time.perf_counter()
    try:
        return list(services.turn.handle(inbound) or [])
    finally:
        TURN_SECONDS.observe(time.perf_counter() - started)


def _store(services: Services, inbound: InboundMessage, replies: list[Reply]) -> list:
    """Store the replies; the rows to send (read in the same transaction)."""
    channel = services.channels.get(inbound.channel)
    if channel is None:
        raise RuntimeError(f"channel {inbound.channel} is not configured")
    with services.session_factory() as session:
        store_replies(session, inbox_id=inbound.id, channel=channel, to_phone=inbound.from_phone, replies=replies,
                      now=datetime.now(UTC), reengage_template=services.settings.reengage_template,
                      known_inbound={inbound.from_phone: inbound.received_at})
        rows = repo.unsent_for_inbox(session, inbound.id)
        session.commit()
    return rows


def process_message(services: Services, inbox_id: int, *, wait_for_earlier: float = 30.0) -> str:
    """Run one stored message to the end; "done", "skipped" (finished before), "missing", or "deferred".

    A sender's messages are turned in order: while an earlier one waits or runs, a later one waits up
    to `wait_for_earlier` seconds (a caller that wants the replies at once, like the chat page), then
    is "deferred": its job ends and the earlier one's worker queues it when done. Queues pass 0.
    """
    deadline = time.monotonic() + wait_for_earlier
    while True:
        result = _process_once(services, inbox_id)
        if result != "deferred" or time.monotonic() >= deadline:
            return result
        time.sleep(0.1)


def _process_once(services: Services, inbox_id: int) -> str:
    settings = services.settings
    with bound(message_id=inbox_id):
        with services.session_factory() as session:
            row = repo.claim(session, inbox_id, lease_seconds=settings.lease_seconds)
            if row is None:
                current = session.get(repo.InboxMessage, inbox_id)
                session.commit()
                if current is None:
                    log.warning("message_missing")
                    return "missing"
                if current.status == repo.INBOX_PROCESSING and current.lease_until is not None:
                    remaining = (current.lease_until - datetime.now(UTC)).total_seconds()
                    raise LeaseHeld(inbox_id, max(1.0, remaining))
                if current.status in (repo.INBOX_RECEIVED, repo.INBOX_FAILED):
                    # An earlier message of the sender goes first; its worker queues this one when done.
                    log.info("message_deferred")
                    return "deferred"
                return "skipped"
            inbound = to_inbound(row)
            attempts = row.attempts
            repo.touch_window(session, row.channel, row.from_phone, row.received_at)  # the 24-hour window
            # Only a retried message can have replies stored already (a crash after its turn).
            already_answered = attempts > 1 and bool(repo.outbound_for_inbox(session, inbox_id))
            session.commit()
        with bound(channel=inbound.channel, provider_message_id=inbound.provider_message_id):
            log.info("message_claimed", attempt=attempts, sender=mask_phone(inbound.from_phone))
            with services.lease_keeper.holding(inbox_id):
                if not already_answered:
                    fetch_media(services, inbound)
                    try:
                        replies = _run_turn(services, inbound)
                    except SenderOverLimit as exc:
                        # Back in line, its try not counted; the sender's later messages wait behind it.
                        with services.session_factory() as session:
                            repo.release(session, inbox_id)
                            session.commit()
                        log.info("message_rate_deferred", retry_after=exc.retry_after)
                        raise LeaseHeld(inbox_id, exc.retry_after) from exc
                    except Exception as exc:
                        final = attempts >= settings.max_attempts
                        TURN_FAILURES.labels(final=str(final).lower()).inc()
                        log.error("turn_failed", attempt=attempts, final=final, exc_info=True)
                        if not final:
                            with services.session_factory() as session:
                                repo.mark_failed(session, inbox_id, repr(exc), retryable=True)
                                session.commit()
                            raise TurnFailed(inbox_id, repr(exc), final=False) from exc
                        replies = _apology(inbound)
                    rows = _store(services, inbound, replies)
                try:
                    if already_answered:
                        send_pending(services.session_factory, services.channels, services.media_signer, inbox_id,
                                     reengage_template=settings.reengage_template)
                    else:
                        send_rows(services.session_factory, services.channels, services.media_signer, rows,
                                  reengage_template=settings.reengage_template)
                except SendRetryable:
                    with services.session_factory() as session:
                        repo.mark_failed(session, inbox_id, "send retry", retryable=True)
                        session.commit()
                    raise
            with services.session_factory() as session:
                repo.mark_done(session, inbox_id)
                following = repo.next_waiting(session, inbox_id, inbound.channel, inbound.from_phone)
                session.commit()
            log.info("message_done")
            _forget_media(services, inbound)
            if following is not None:
                services.queue.enqueue(following)  # the sender's next message, deferred while this one ran
            return "done"


def replies_for(services: Services, inbox_id: int, sender: str | None = None) -> list[dict]:
    """The replies stored for a message, as the chat page shows them: text, public media URL, media type,
    filename, buttons, and `to` when a reply goes to someone other than `sender` (a reminder's customer)."""
    with services.session_factory() as session:
        rows = repo.outbound_for_inbox(session, inbox_id)
    out = []
    for row in rows:
        if row.status == "dropped":
            continue
        url = row.media_url or (services.media_signer.url(row.media_key) if row.media_key else None)
        out.append({"text": row.body or "", "media_url": url, "media_type": row.media_type if url else None,
                    "filename": row.filename if url else None, "buttons": list(row.buttons or []),
                    "to": row.to_phone if row.to_phone != sender else None})
    return out


def sweep(services: Services, limit: int = 200, min_age_seconds: float = 0) -> list[int]:
    """Ids of messages left behind (never queued, failed-retryable, or under an expired lease), re-queued."""
    with services.session_factory() as session:
        ids = repo.claimable_ids(session, limit=limit, min_age_seconds=min_age_seconds)
        session.commit()
    for inbox_id in ids:
        services.queue.enqueue(inbox_id)
    if ids:
        log.info("swept", count=len(ids))
    return ids
