"""No phone number, message text, signed link or token in any log line or trace, under faults."""

from __future__ import annotations

import io
import logging

import pytest
import structlog
from sqlalchemy import create_engine, text

from bot.app.observability import configure_logging, get_logger, redact_text
from bot.runtime.intake import Incoming, accept
from bot.runtime.worker import TurnFailed, process_message
from tests.integration.webhooks.standin import META_VERIFY, PUBLIC_URL, twilio_form, twilio_signature

PHONE = "+919812343210"
SECRET_TEXT = "Suresh ko paanch kilo atta udhaar"


@pytest.fixture
def captured():
    stream = io.StringIO()
    configure_logging("DEBUG", stream=stream)
    yield stream
    structlog.reset_defaults()


class ExplodingTurn:
    def handle(self, inbound):
        raise RuntimeError(f"lookup failed for {inbound.from_phone} (wa_id {inbound.from_phone.lstrip('+')})")


def test_fault_paths_log_no_phone_text_link_or_token(captured, caplog, client, wa_services, session_factory,
                                                     tmp_path, engine):
    caplog.set_level(logging.DEBUG)
    # the database away: the webhook spools and logs
    live = wa_services.intake_engine
    wa_services.intake_engine = create_engine(f"sqlite:///{tmp_path / 'gone' / 'x.db'}")
    form = twilio_form(body=SECRET_TEXT, phone=PHONE)
    assert client.post("/webhooks/twilio", data=form, headers={
        "X-Twilio-Signature": twilio_signature(PUBLIC_URL + "/webhooks/twilio", form)}).status_code == 200
    wa_services.intake_engine = live
    # a database error whose statement carried a phone
    log = get_logger("munshi.test")
    try:
        with session_factory() as session:
            session.execute(text("SELECT no_such_column FROM inbox WHERE from_phone = :p AND text = :t"),
                            {"p": PHONE, "t": SECRET_TEXT})
    except Exception:
        log.error("database_error", exc_info=True)
        logging.getLogger("sqlalchemy.test").exception("database error")
    # a turn that fails with the phone in its exception
    wa_services.turn = ExplodingTurn()
    inbox_id = accept(wa_services, Incoming(channel="twilio", provider_message_id="SM" + "7" * 32, from_phone=PHONE,
                                            text=SECRET_TEXT))
    with pytest.raises(TurnFailed):
        process_message(wa_services, inbox_id)
    # a signed media link fetched, and the hub challenge with its verify token
    url = wa_services.media_signer.url(wa_services.media_store.put(b"%PDF-1.4 bill", "application/pdf"))
    token = url.rsplit("/", 1)[1]
    assert client.get("/media/" + token).status_code == 200
    log.info("reply_media", url=url)
    query = f"hub.mode=subscribe&hub.verify_token={META_VERIFY}&hub.challenge=42"
    assert client.get("/webhooks/meta?" + query).status_code == 200
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
                                             "/webhooks/meta?" + query, "1.1", 200)
    logging.getLogger("uvicorn.access").info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
                                             "/media/" + token, "1.1", 200)
    logs = captured.getvalue() + caplog.text
    assert "inbound_spooled" in logs and "turn_failed" in logs and "database_error" in logs  # they did log
    for secret in (PHONE, PHONE.lstrip("+"), "9812343210", SECRET_TEXT, token, META_VERIFY):
        assert secret not in logs, secret


def test_redaction_masks_phones_links_and_token_queries():
    line = (f"to whatsapp:{PHONE} wa_id=919812343210 GET /media/abc.123.def?x=1 "
            f"hub.verify_token=s3cret&hub.challenge=1 Authorization: Bearer eyJhbGci.x.y")
    clean = redact_text(line)
    assert "9812343210" not in clean and "+91******3210" in clean and "91******3210" in clean
    assert "abc.123.def" not in clean and "s3cret" not in clean and "eyJhbGci" not in clean
    assert redact_text("SM" + "1" * 32) == "SM" + "1" * 32  # provider ids are not phones
