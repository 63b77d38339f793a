"""Parsing of Twilio forms and Meta Cloud API payloads into stored messages and delivery statuses."""

from __future__ import annotations

import pytest
from starlette.datastructures import FormData

from tests.integration.webhooks.standin import meta_envelope, meta_signature, meta_text, twilio_form
from webhooks import meta, twilio


def form_data(values: dict) -> FormData:
    return FormData(list(values.items()))


def test_twilio_text_message_becomes_incoming_with_e164_sender():
    incoming = twilio.parse_message(form_data(twilio_form(body="2 kilo cheeni Ramesh ko udhaar")))
    assert incoming.channel == "twilio"
    assert incoming.from_phone == "+919812343210"
    assert incoming.text == "2 kilo cheeni Ramesh ko udhaar"
    assert incoming.profile_name == "रमेश"
    assert incoming.media == [] and incoming.kind == "text"


def test_twilio_voice_note_keeps_blank_body_and_audio_media():
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    form = twilio_form(NumMedia="1", MediaUrl0=url, MediaContentType0="audio/ogg; codecs=opus", MessageType="audio")
    incoming = twilio.parse_message(form_data(form))
    assert incoming.text == ""
    assert incoming.media[0].url == url
    assert incoming.kind == "audio"


def test_twilio_takes_only_the_first_of_several_media():
    form = twilio_form(NumMedia="2", MediaUrl0="https://x/0", MediaContentType0="image/jpeg",
                       MediaUrl1="https://x/1", MediaContentType1="image/png")
    incoming = twilio.parse_message(form_data(form))
    assert [m.url for m in incoming.media] == ["https://x/0"]
    assert incoming.kind == "image"


def test_twilio_button_payload_falls_back_to_button_text():
    with_payload = twilio.parse_message(form_data(twilio_form(body="Haan", ButtonPayload="confirm", ButtonText="Haan")))
    only_text = twilio.parse_message(form_data(twilio_form(body="Haan", ButtonText="Haan")))
    assert with_payload.button_payload == "confirm"
    assert only_text.button_payload == "Haan"


@pytest.mark.parametrize("bad", [{"From": "whatsapp:12345"}, {"From": ""}, {"MessageSid": "nope"}, {"NumMedia": "x"}])
def test_twilio_malformed_forms_are_refused(bad):
    with pytest.raises(twilio.MalformedWebhook):
        twilio.parse_message(form_data(twilio_form(**bad)))


def test_twilio_status_callback_is_told_apart_from_a_message():
    status = form_data({"MessageSid": "SM" + "a" * 32, "MessageStatus": "failed", "ErrorCode": "63016",
                        "SmsStatus": "failed", "To": "whatsapp:+919812343210"})
    assert twilio.is_status_callback(status)
    assert not twilio.is_status_callback(form_data(twilio_form(body="hi")))
    update = twilio.parse_status(status)
    assert (update.status, update.error_code) == ("failed", "63016")


def test_meta_payload_yields_every_message_of_every_entry_and_change():
    first = meta_envelope([meta_text("namaste"), meta_text("2 kilo cheeni")])
    second = meta_envelope([meta_text("stock?", sender="919800000001")])
    payload = {"object": "whatsapp_business_account", "entry": first["entry"] + second["entry"]}
    messages, statuses = meta.parse_payload(payload)
    assert [m.text for m in messages] == ["namaste", "2 kilo cheeni", "stock?"]
    assert messages[2].from_phone == "+919800000001"
    assert messages[0].profile_name == "Ramesh"
    assert statuses == []


def test_meta_media_messages_carry_the_media_id_and_voice_flag():
    audio = {"from": "919812343210", "id": "wamid.A", "timestamp": "1763600000", "type": "audio",
             "audio": {"mime_type": "audio/ogg; codecs=opus", "sha256": "x", "id": "MEDIA1", "voice": True}}
    image = {"from": "919812343210", "id": "wamid.B", "timestamp": "1763600000", "type": "image",
             "image": {"mime_type": "image/jpeg", "sha256": "y", "id": "MEDIA2", "caption": "Gupta bill"}}
    document = {"from": "919812343210", "id": "wamid.C", "timestamp": "1763600000", "type": "document",
                "document": {"mime_type": "application/pdf", "id": "MEDIA3", "filename": "bill.pdf"}}
    messages, _ = meta.parse_payload(meta_envelope([audio, image, document]))
    assert messages[0].media[0].url == "MEDIA1" and messages[0].media[0].voice
    assert messages[1].text == "Gupta bill" and messages[1].kind == "image"
    assert messages[2].media[0].filename == "bill.pdf" and messages[2].kind == "document"
    assert messages[0].received_at.tzinfo is not None


def test_meta_button_list_and_template_replies_become_payloads():
    button = {"from": "919812343210", "id": "wamid.1", "timestamp": "1", "type": "interactive",
              "interactive": {"type": "button_reply", "button_reply": {"id": "confirm", "title": "Haan"}}}
    listed = {"from": "919812343210", "id": "wamid.2", "timestamp": "1", "type": "interactive",
              "interactive": {"type": "list_reply", "list_reply": {"id": "item-7", "title": "Sugar"}}}
    template = {"from": "919812343210", "id": "wamid.3", "timestamp": "1", "type": "button",
                "button": {"payload": "pay-now", "text": "Pay"}}
    messages, _ = meta.parse_payload(meta_envelope([button, listed, template]))
    assert [(m.button_payload, m.text) for m in messages] == [("confirm", "Haan"), ("item-7", "Sugar"), ("pay-now", "Pay")]


def test_meta_status_only_payload_yields_statuses_and_no_message():
    status = {"id": "wamid.OUT", "status": "failed", "recipient_id": "919812343210", "timestamp": "1",
              "errors": [{"code": 131047, "title": "Re-engagement message"}]}
    messages, statuses = meta.parse_payload(meta_envelope(statuses=[status]))
    assert messages == []
    assert (statuses[0].provider_message_id, statuses[0].status, statuses[0].error_code) == ("wamid.OUT", "failed", "131047")


@pytest.mark.parametrize("payload", [[], {"object": "x"}, {"entry": "nope"}])
def test_meta_malformed_payloads_are_refused(payload):
    with pytest.raises(meta.MalformedWebhook):
        meta.parse_payload(payload)


def test_an_unreadable_message_is_skipped_and_the_rest_of_the_batch_kept():
    payload = meta_envelope([meta_text("good"), {"id": "wamid.X", "from_user_id": "US.123", "type": "text"}],
                            contacts=[{"profile": {"name": "R"}, "wa_id": "919812343210"}])
    messages, _ = meta.parse_payload(payload)
    assert [m.text for m in messages] == ["good"]


def test_meta_signature_is_hmac_sha256_over_the_raw_bytes():
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    assert meta.signature_ok("meta-app-secret", body, meta_signature(body))
    assert not meta.signature_ok("meta-app-secret", body + b" ", meta_signature(body))
    assert not meta.signature_ok("meta-app-secret", body, meta_signature(body, secret="other"))
    assert not meta.signature_ok("meta-app-secret", body, None)
    assert not meta.signature_ok("", body, meta_signature(body, secret=""))
