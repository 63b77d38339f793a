"""The Twilio and Meta adapters against a real local HTTP stand-in: what goes over the wire, and refusals."""

from __future__ import annotations

import json

import pytest

from bot.channels.base import Outgoing, SendFailed
from bot.channels.meta import MetaChannel
from bot.channels.twilio import TwilioChannel
from tests.integration.webhooks.standin import TWILIO_SID, TWILIO_TOKEN, Answer, StandIn

TO = "+919812343210"


@pytest.fixture
def server():
    with StandIn() as standin:
        yield standin


def twilio(server, **kwargs) -> TwilioChannel:
    return TwilioChannel(TWILIO_SID, TWILIO_TOKEN, "+14155238886", api_base=server.url,
                         status_callback="https://munshi.example.in/webhooks/twilio/status", **kwargs)


def test_twilio_text_goes_to_messages_create_with_status_callback_and_basic_auth(server):
    sid = twilio(server).send(Outgoing(to_phone=TO, text="2 kg Sugar ₹88 — Ramesh Kumar ke khate mein"))
    [request] = server.sent("/Messages.json")
    assert request.path == f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json"
    form = request.form
    assert form["To"] == [f"whatsapp:{TO}"] and form["From"] == ["whatsapp:+14155238886"]
    assert form["Body"] == ["2 kg Sugar ₹88 — Ramesh Kumar ke khate mein"]
    assert form["StatusCallback"] == ["https://munshi.example.in/webhooks/twilio/status"]
    assert request.headers["Authorization"].startswith("Basic ")
    assert sid.startswith("SM")


def test_twilio_media_reply_sends_one_media_url(server):
    twilio(server).send(Outgoing(to_phone=TO, media_url="https://munshi.example.in/media/tok", media_type="audio"))
    form = server.sent("/Messages.json")[0].form
    assert form["MediaUrl"] == ["https://munshi.example.in/media/tok"]
    assert "Body" not in form


def test_twilio_template_uses_content_sid_and_json_string_variables_without_body(server):
    channel = twilio(server, templates={"udhaar_reminder": "HX" + "c" * 32})
    channel.send(Outgoing(to_phone=TO, text="ignored", template_name="udhaar_reminder",
                          template_variables=("Ramesh", "₹500")))
    form = server.sent("/Messages.json")[0].form
    assert form["ContentSid"] == ["HX" + "c" * 32]
    assert json.loads(form["ContentVariables"][0]) == {"1": "Ramesh", "2": "₹500"}
    assert "Body" not in form and "MediaUrl" not in form


def test_twilio_window_closed_error_is_reported_as_such(server):
    server.responder = lambda r: Answer(400, json.dumps({"code": 63016, "message": "outside window",
                                                         "status": 400}).encode())
    with pytest.raises(SendFailed) as failed:
        twilio(server).send(Outgoing(to_phone=TO, text="late"))
    assert failed.value.window_closed and not failed.value.transient and failed.value.code == "63016"


def test_twilio_server_errors_and_unreachable_hosts_are_transient(server):
    server.responder = lambda r: Answer(503, b'{"code": 20500, "message": "down", "status": 503}')
    with pytest.raises(SendFailed) as failed:
        twilio(server).send(Outgoing(to_phone=TO, text="x"))
    assert failed.value.transient
    unreachable = TwilioChannel(TWILIO_SID, TWILIO_TOKEN, "+14155238886", api_base="http://127.0.0.1:9")
    with pytest.raises(SendFailed) as failed:
        unreachable.send(Outgoing(to_phone=TO, text="x"))
    assert failed.value.transient


def meta(server, **kwargs) -> MetaChannel:
    return MetaChannel("meta-token", "1098765", api_base=server.url + "/v21.0", **kwargs)


def test_meta_text_is_posted_with_bearer_token_to_the_phone_number(server):
    wamid = meta(server).send(Outgoing(to_phone=TO, text="namaste"))
    [request] = server.sent("/messages")
    assert request.path == "/v21.0/1098765/messages"
    assert request.headers["Authorization"] == "Bearer meta-token"
    assert request.json == {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "919812343210",
                            "type": "text", "text": {"body": "namaste", "preview_url": False}}
    assert wamid.startswith("wamid.")


def test_meta_sends_voice_document_image_buttons_and_templates_in_their_shapes(server):
    channel = meta(server, templates={"udhaar_reminder": "udhaar_v2:hi"})
    channel.send(Outgoing(to_phone=TO, media_url="https://m/v.ogg", media_type="audio"))
    channel.send(Outgoing(to_phone=TO, text="Bill", media_url="https://m/b.pdf", media_type="document",
                          filename="INV-7.pdf"))
    channel.send(Outgoing(to_phone=TO, text="Chart", media_url="https://m/c.png", media_type="image"))
    channel.send(Outgoing(to_phone=TO, text="sahi?", buttons=("haan", "nahi", "badlo", "extra")))
    channel.send(Outgoing(to_phone=TO, template_name="udhaar_reminder", template_variables=("Ramesh", "₹500")))
    bodies = [r.json for r in server.sent("/messages")]
    assert bodies[0]["audio"] == {"link": "https://m/v.ogg", "voice": True}
    assert bodies[1]["document"] == {"link": "https://m/b.pdf", "filename": "INV-7.pdf", "caption": "Bill"}
    assert bodies[2]["image"] == {"link": "https://m/c.png", "caption": "Chart"}
    buttons = bodies[3]["interactive"]["action"]["buttons"]
    assert [b["reply"]["title"] for b in buttons] == ["haan", "nahi", "badlo"]
    assert bodies[4]["template"] == {"name": "udhaar_v2", "language": {"code": "hi"}, "components": [
        {"type": "body", "parameters": [{"type": "text", "text": "Ramesh"}, {"type": "text", "text": "₹500"}]}]}


def test_meta_re_engagement_error_means_the_window_is_closed(server):
    server.responder = lambda r: Answer(400, json.dumps({"error": {"code": 131047, "message": "Re-engagement"}}).encode())
    with pytest.raises(SendFailed) as failed:
        meta(server).send(Outgoing(to_phone=TO, text="late"))
    assert failed.value.window_closed and not failed.value.transient


def test_meta_throttling_is_transient(server):
    server.responder = lambda r: Answer(429, json.dumps({"error": {"code": 130429, "message": "throughput"}}).encode())
    with pytest.raises(SendFailed) as failed:
        meta(server).send(Outgoing(to_phone=TO, text="x"))
    assert failed.value.transient
