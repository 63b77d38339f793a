"""Replies on their way out: stored as outbox rows first, then sent, each row at most once per success.

`store_replies` turns a turn's `Reply` list into rows (text split at the channel's limit, a voice note
sent after its text, a template when WhatsApp's 24-hour window is shut — or the row is dropped with
its reason); the rows of one inbound message are keyed (inbox id, seq), so a re-run stores nothing
new. `send_pending` sends the rows not yet accepted by the provider and records the provider's id.

At most once: neither Twilio nor Meta takes an idempotency key, so each send is journalled — the row
is marked "sending" (committed) before the provider call, and the provider's id is recorded the moment
the call returns. A provider's refusal or a failed connection puts the row back in line; a row found
still "sending" on a retry is one whose worker died during the call, and may have reached the user.
Where the provider can be asked (Twilio's message list, matched by recipient, text and time) it is
looked up: found, it is recorded as sent; not found, it is sent. Where it cannot (Meta, templates),
it is marked "unconfirmed" and never resent: a reply missing is rarer and less harmful than an entry
confirmed twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.app.observability import MESSAGES_OUT, SEND_FAILURES, get_logger, mask_phone
from bot.channels.base import Channel, Outgoing, SendFailed, split_text
from bot.conversation.messages import Reply
from bot.store import messaging as repo

WINDOW = timedelta(hours=24)
TEMPLATE_VARIABLE_LIMIT = 900  # Twilio and Meta refuse a template body over 1,024 characters

log = get_logger("munshi.outbox")


class SendRetryable(Exception):
    """A reply could not be sent now; the job should be retried later."""


def window_open(last_inbound: datetime | None, now: datetime) -> bool:
    return last_inbound is not None and now - last_inbound < WINDOW


def _template_row(name: str, variables: list[str] | tuple[str, ...]) -> dict:
    return {"body": "", "template": {"name": name, "variables": list(variables)}}


def reply_rows(reply: Reply, channel: Channel) -> list[dict]:
    """The provider messages one reply becomes (without window policy)."""
    if reply.template is not None:
        return [_template_row(reply.template.name, reply.template.variables)]
    chunks = split_text(reply.text or "", channel.max_text)
    rows: list[dict] = []
    media = {"media_url": reply.media_url, "media_key": reply.media_key,
             "media_type": reply.media_type or "document", "filename": reply.filename}
    if reply.has_media and reply.media_type != "audio" and chunks and len(chunks[-1]) <= 1024:
        # An image or document carries the (last) text as its caption.
        rows.extend({"body": chunk} for chunk in chunks[:-1])
        rows.append({"body": chunks[-1], **media})
    else:
        rows.extend({"body": chunk} for chunk in chunks)
        if reply.has_media:
            rows.append({"body": "", **media})  # a voice note has no caption: it follows its text
    if reply.buttons and rows:
        rows[-1]["buttons"] = list(reply.buttons)
    return rows


def apply_window(rows: list[dict], *, is_open: bool, channel: Channel, reengage_template: str | None) -> list[dict]:
    """Outside the window only templates pass; free text becomes the re-engagement template or is dropped."""
    if is_open or not channel.has_window:
        return rows
    out: list[dict] = []
    for row in rows:
        if row.get("template"):
            out.append(row)
        elif reengage_template and channel.has_template(reengage_template):
            text = row.get("body") or ""
            out.append(_template_row(reengage_template, [text[:TEMPLATE_VARIABLE_LIMIT]] if text else []))
        else:
            out.append({**row, "status": "dropped",
                        "error_message": "24-hour window closed and no template configured"})
    return out


def store_replies(session, *, inbox_id: int | None, channel: Channel, to_phone: str, replies: list[Reply],
                  now: datetime, shop_id: int | None = None, reengage_template: str | None = None,
                  dedupe_prefix: str | None = None, known_inbound: dict[str, datetime] | None = None) -> int:
    """Insert the rows for these replies; returns how many were new (0 on a re-run).

    A reply with `to` goes to that phone (a payment reminder), under that phone's own 24-hour window.
    `known_inbound` gives inbound times already at hand (the message being answered) to save a lookup.
    """
    rows: list[dict] = []
    windows: dict[str, bool] = {}
    for reply in replies:
        recipient = reply.to or to_phone
        if recipient not in windows:
            last = (known_inbound or {}).get(recipient) or repo.last_inbound_at(session, channel.name, recipient)
            windows[recipient] = window_open(last, now)
        planned = apply_window(reply_rows(reply, channel), is_open=windows[recipient], channel=channel,
                               reengage_template=reengage_template)
        rows.extend({**row, "to_phone": recipient} for row in planned)
    new = 0
    for seq, row in enumerate(rows):
        key = f"{dedupe_prefix}:{seq}" if dedupe_prefix else None
        if row.get("status") == "dropped":
            log.warning("reply_dropped", reason=row["error_message"], to=row["to_phone"], channel=channel.name)
        if repo.add_outbound(session, inbox_id=inbox_id, seq=seq, dedupe_key=key, channel=channel.name,
                             shop_id=shop_id, **row) is not None:
            new += 1
    return new


def outgoing_for(row, signer) -> Outgoing:
    media_url = row.media_url
    if not media_url and row.media_key:
        media_url = signer.url(row.media_key)
    template = row.template or {}
    return Outgoing(
        to_phone=row.to_phone,
        text=row.body or "",
        media_url=media_url,
        media_type=row.media_type if media_url else None,
        filename=row.filename,
        buttons=tuple(row.buttons or ()),
        template_name=template.get("name"),
        template_variables=tuple(template.get("variables") or ()),
    )


def _kind(outgoing: Outgoing) -> str:
    if outgoing.template_name:
        return "template"
    if outgoing.media_url:
        return outgoing.media_type or "media"
    return "interactive" if outgoing.buttons else "text"


def send_rows(session_factory, channels: dict[str, Channel], signer, rows, *, reengage_template: str | None = None) -> None:
    """Send each row and record the outcome in its own transaction, so a crash loses at most one record."""
    retry_later = False
    for row in rows:
        channel = channels.get(row.channel)
        if channel is None:
            with session_factory() as session:
                repo.mark_send_failed(session, row.id, "no_channel", f"channel {row.channel} is not configured")
                session.commit()
            continue
        outgoing = outgoing_for(row, signer)
        if not _journal(session_factory, row.id):
            continue  # no longer queued: another attempt sent or resolved it
        try:
            provider_id = channel.send(outgoing)
        except SendFailed as exc:
            if exc.window_closed and not outgoing.template_name and reengage_template \
                    and channel.has_template(reengage_template):
                fallback = Outgoing(to_phone=outgoing.to_phone, template_name=reengage_template,
                                    template_variables=(outgoing.text[:TEMPLATE_VARIABLE_LIMIT],) if outgoing.text else ())
                try:
                    provider_id = channel.send(fallback)
                except SendFailed as again:
                    exc = again
                else:
                    _record_sent(session_factory, row, provider_id, channel.name, _kind(fallback))
                    continue
            SEND_FAILURES.labels(channel=channel.name, code=exc.code).inc()
            log.warning("reply_not_sent", outbox_id=row.id, code=exc.code, transient=exc.transient,
                        to=mask_phone(row.to_phone))
            if exc.transient:
                retry_later = True
                with session_factory() as session:
                    repo.requeue(session, row.id)  # the provider answered with an error or was not reached
                    session.commit()
                continue
            with session_factory() as session:
                repo.mark_send_failed(session, row.id, exc.code, exc.message)
                session.commit()
            continue
        _record_sent(session_factory, row, provider_id, channel.name, _kind(outgoing))
    if retry_later:
        raise SendRetryable("a channel could not be reached; unsent replies stay queued")


def _journal(session_factory: sessionmaker[Session], outbox_id: int) -> bool:
    with session_factory() as session:
        taken = repo.mark_sending(session, outbox_id)
        session.commit()
    return taken


LOOKUP_SLACK = timedelta(seconds=30)  # clocks of ours and the provider's differ a little


def resolve_in_flight(session_factory: sessionmaker[Session], channels: dict[str, Channel], signer,
                      inbox_id: int) -> None:
    """Settle the rows a dead worker left "sending": recorded as sent when the provider has them, back in
    line when it certainly has not, "unconfirmed" (never resent) when it cannot be asked."""
    with session_factory() as session:
        rows = repo.in_flight_for_inbox(session, inbox_id)
    for row in rows:
        channel = channels.get(row.channel)
        outgoing = outgoing_for(row, signer)
        finder = getattr(channel, "find_sent", None)
        if finder is None or outgoing.template_name or not outgoing.text:
            with session_factory() as session:
                repo.mark_unconfirmed(session, row.id, "the worker stopped during the provider call; "
                                                       "the provider cannot be asked, so it is not resent")
                session.commit()
            log.warning("reply_unconfirmed", outbox_id=row.id, channel=row.channel)
            continue
        try:
            found = finder(outgoing, since=row.updated_at - LOOKUP_SLACK)
        except SendFailed as exc:
            raise SendRetryable("the provider could not be asked about an interrupted send") from exc
        if found:
            log.info("reply_found_sent", outbox_id=row.id)
            _record_sent(session_factory, row, found, row.channel, _kind(outgoing))
            continue
        with session_factory() as session:
            repo.requeue(session, row.id)
            session.commit()


def _record_sent(session_factory, row, provider_id: str, channel_name: str, kind: str) -> None:
    with session_factory() as session:
        repo.mark_sent(session, row.id, provider_id)
        session.commit()
    MESSAGES_OUT.labels(channel=channel_name, kind=kind).inc()
    log.info("reply_sent", outbox_id=row.id, provider_message_id=provider_id, kind=kind)


def send_pending(session_factory, channels: dict[str, Channel], signer, inbox_id: int, *,
                 reengage_template: str | None = None) -> None:
    resolve_in_flight(session_factory, channels, signer, inbox_id)
    with session_factory() as session:
        rows = repo.unsent_for_inbox(session, inbox_id)
    send_rows(session_factory, channels, signer, rows, reengage_template=reengage_template)


WINDOW_CLOSED_ERRORS = frozenset({"63016", "131047", "470"})
FALLBACK_SEQ_OFFSET = 1000


def fallback_after_window_error(session_factory, channels: dict[str, Channel], signer, outbox_id: int, *,
                                reengage_template: str | None) -> int | None:
    """A reply the provider failed later because the window had shut is sent again as the template.

    Once per failed row (its own dedupe key); returns the new row's id, or None when nothing applies.
    """
    with session_factory() as session:
        row = session.get(repo.OutboxMessage, outbox_id)
        channel = channels.get(row.channel) if row is not None else None
        if (row is None or channel is None or row.template or row.error_code not in WINDOW_CLOSED_ERRORS
                or not reengage_template or not channel.has_template(reengage_template)):
            return None
        text = row.body or ""
        new_id = repo.add_outbound(
            session, inbox_id=row.inbox_id, seq=FALLBACK_SEQ_OFFSET + row.seq, dedupe_key=f"fallback:{row.id}",
            channel=row.channel, to_phone=row.to_phone, shop_id=row.shop_id,
            **_template_row(reengage_template, [text[:TEMPLATE_VARIABLE_LIMIT]] if text else []),
        )
        session.commit()
        if new_id is None:
            return None
        fresh = session.get(repo.OutboxMessage, new_id)
    log.info("window_fallback", outbox_id=outbox_id, fallback_id=new_id, template=reengage_template)
    send_rows(session_factory, channels, signer, [fresh], reengage_template=None)
    return new_id
