"""A reply reaches the provider at most once, even when the worker dies during the provider call; a dead
worker's message is taken up again within seconds (heartbeat leases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.app.settings import Settings
from bot.runtime.intake import Incoming, accept
from bot.runtime.worker import process_message
from bot.store import messaging as repo

SENDER = "+919812343210"


class WorkerKilled(BaseException):
    """What kill -9 looks like from inside: nothing after it runs (not an Exception: no handler catches it)."""


class DiesDuringCall:
    """The real channel, but the process dies right after the provider took the message (`after=True`) or
    right before the request left (`after=False`)."""

    def __init__(self, inner, *, after: bool) -> None:
        self.inner, self.after = inner, after
        self.name, self.max_text, self.has_window = inner.name, inner.max_text, inner.has_window

    def has_template(self, name: str) -> bool:
        return self.inner.has_template(name)

    def send(self, message):
        if self.after:
            self.inner.send(message)
        raise WorkerKilled()


def _crash_then_retry(services, channel_name: str, *, after: bool, provider_id: str) -> int:
    inbox_id = accept(services, Incoming(channel=channel_name, provider_message_id=provider_id, from_phone=SENDER,
                                         text="5 kilo atta"))
    real = services.channels[channel_name]
    services.channels[channel_name] = DiesDuringCall(real, after=after)
    with pytest.raises(WorkerKilled):
        process_message(services, inbox_id)
    services.channels[channel_name] = real
    with services.session_factory() as session:  # the dead worker's lease runs out
        session.execute(update(repo.InboxMessage).where(repo.InboxMessage.id == inbox_id)
                        .values(lease_until=repo.utcnow() - timedelta(seconds=1)))
        session.commit()
    assert process_message(services, inbox_id) == "done"
    return inbox_id


def _outbox(session_factory):
    with session_factory() as session:
        return list(session.scalars(select(repo.OutboxMessage)))


def test_a_twilio_reply_sent_before_the_crash_is_found_in_twilios_list_not_sent_again(wa_services, standin,
                                                                                      session_factory):
    _crash_then_retry(wa_services, "twilio", after=True, provider_id="SM" + "3" * 32)
    assert len(standin.sent("/Messages.json")) == 1
    [row] = _outbox(session_factory)
    assert row.status == "sent" and row.provider_message_id == standin.twilio_messages[0]["sid"]


def test_a_twilio_reply_the_crash_stopped_before_the_call_is_sent_once(wa_services, standin, session_factory):
    _crash_then_retry(wa_services, "twilio", after=False, provider_id="SM" + "4" * 32)
    assert len(standin.sent("/Messages.json")) == 1
    [row] = _outbox(session_factory)
    assert row.status == "sent"


def test_a_meta_reply_interrupted_during_the_call_is_never_sent_twice(wa_services, standin, session_factory):
    _crash_then_retry(wa_services, "meta", after=True, provider_id="wamid.crash1")
    assert len(standin.sent("/messages")) == 1
    [row] = _outbox(session_factory)
    assert row.status == "unconfirmed" and "not resent" in row.error_message


def test_leases_are_short_and_renewed_by_a_heartbeat():
    settings = Settings()
    assert settings.lease_seconds <= 15
    from bot.runtime.celery_app import SWEEP_EVERY_SECONDS

    assert SWEEP_EVERY_SECONDS <= 15
