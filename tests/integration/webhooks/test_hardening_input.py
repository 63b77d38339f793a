"""Floods and malformed input: refused early with a 4xx and a reason, never a 5xx, never read whole."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from fastapi import Request, Response
from sqlalchemy import select

from bot.store import messaging as repo
from tests.integration.webhooks.standin import PUBLIC_URL, meta_signature, twilio_form, twilio_signature
from webhooks.limits import FORM_OVERHEAD

LIMIT = 1024 * 1024


class CountingBody:
    """A chunked body (no Content-Length) that counts how much of it the server pulled."""

    def __init__(self, total: int, chunk: int = 64 * 1024) -> None:
        self.total, self.chunk, self.sent = total, chunk, 0

    def __iter__(self):
        while self.sent < self.total:
            self.sent += self.chunk
            yield b"x" * self.chunk


@pytest.mark.parametrize("path", ["/webhooks/meta", "/webhooks/twilio", "/webhooks/twilio/status", "/sim/messages",
                                  "/api/v1/echo", "/dashboard/echo"])
def test_a_chunked_flood_is_refused_with_413_before_it_is_read_whole(client, path):
    async def echo(request: Request) -> Response:  # a route of any router mounted later reads its body
        return Response(await request.body())

    client.app.add_api_route("/api/v1/echo", echo, methods=["POST"])
    client.app.add_api_route("/dashboard/echo", echo, methods=["POST"])
    body = CountingBody(8 * LIMIT)
    response = client.post(path, content=iter(body), headers={"Content-Type": "application/x-www-form-urlencoded",
                                                              "X-Hub-Signature-256": "sha256=00"})
    assert response.status_code == 413
    # Through the ASGI interface itself, chunk by chunk as a server streams it: the route stops pulling
    # soon after the limit (the test client above hands the app the body in one piece).
    pulled, sent = asyncio.run(_stream(client.app, path, CountingBody(8 * LIMIT)))
    assert sent[0]["status"] in (400, 413)  # 400: the chat page's form parser caps a field first
    assert pulled.sent <= LIMIT + FORM_OVERHEAD + pulled.chunk


async def _stream(app, path: str, body: CountingBody):
    chunks = iter(body)
    sent: list[dict] = []

    async def receive():
        chunk = next(chunks, None)
        return {"type": "http.request", "body": chunk or b"", "more_body": chunk is not None}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "https",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": b"",
             "headers": [(b"host", b"munshi.example.in"), (b"content-type", b"application/x-www-form-urlencoded"),
                         (b"transfer-encoding", b"chunked"), (b"x-hub-signature-256", b"sha256=00")],
             "client": ("203.0.113.9", 4000), "server": ("munshi.example.in", 443), "state": {}}
    await app(scope, receive, send)
    return body, [m for m in sent if m["type"] == "http.response.start"]


def test_a_declared_oversized_body_is_refused_before_reading(client):
    response = client.post("/webhooks/meta", content=b"{}", headers={"Content-Length": str(50 * LIMIT)})
    assert response.status_code == 413


def test_a_multipart_body_on_the_twilio_route_is_refused_with_a_reason(client, session_factory):
    response = client.post("/webhooks/twilio", data={"Body": "hi"},
                           files={"MediaUrl0": ("x.jpg", io.BytesIO(b"jpeg"), "image/jpeg")},
                           headers={"X-Twilio-Signature": "abc"})
    assert response.status_code == 415 and "urlencoded" in response.json()["detail"]


def test_a_non_ascii_signature_is_a_mismatch_not_a_crash(client):
    body = b'{"object": "whatsapp_business_account", "entry": []}'
    response = client.post("/webhooks/meta", content=body, headers={
        "Content-Type": "application/json", "X-Hub-Signature-256": "sha256=ऐ≠".encode()})
    assert response.status_code == 403
    form = twilio_form(body="namaste")
    response = client.post("/webhooks/twilio", data=form, headers={"X-Twilio-Signature": "ऐ≠".encode()})
    assert response.status_code == 403


def test_a_non_ascii_media_token_is_not_found(client):
    assert client.get("/media/%E0%A4%90.%E0%A4%90.%E0%A4%90").status_code == 404
    assert client.get("/media/" + "é" * 40).status_code == 404


def test_deeply_nested_json_is_a_bad_request(client):
    body = ("[" * 100_000 + "]" * 100_000).encode()
    response = client.post("/webhooks/meta", content=body,
                           headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(body)})
    assert response.status_code == 400


def _post_twilio(client, form):
    return client.post("/webhooks/twilio", data=form,
                       headers={"X-Twilio-Signature": twilio_signature(PUBLIC_URL + "/webhooks/twilio", form)})


def test_nul_and_over_long_twilio_fields_are_cleaned_or_refused_with_a_reason(client, session_factory):
    assert _post_twilio(client, twilio_form(body="2 kilo\x00 cheeni", ProfileName="R" * 5000)).status_code == 200
    response = _post_twilio(client, {**twilio_form(body="x"), "From": "whatsapp:+9198\x001234567"})
    assert response.status_code == 400
    response = _post_twilio(client, {**twilio_form(body="x"), "MessageSid": "SM" + "a" * 300})
    assert response.status_code == 400
    with session_factory() as session:
        [row] = session.scalars(select(repo.InboxMessage)).all()
    assert row.text == "2 kilo cheeni" and len(row.profile_name) == 256


def test_a_huge_pdf_page_is_rendered_within_the_pixel_budget_or_refused():
    import pypdfium2 as pdfium
    from PIL import Image

    from domain.ocr.pdf import MAX_RENDER_PIXELS, page_images
    from domain.ocr.port import ImageRejected

    def pdf_of(width: float, height: float) -> bytes:
        pdf = pdfium.PdfDocument.new()
        pdf.new_page(width, height)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()

    [image] = page_images(pdf_of(5000, 5000))
    with Image.open(io.BytesIO(image)) as page:
        assert page.size[0] * page.size[1] <= MAX_RENDER_PIXELS
    with pytest.raises(ImageRejected):
        page_images(pdf_of(60000, 60000))  # readable only as a thumbnail: refused before rendering


def test_json_errors_carry_a_reason(client):
    body = b"{not json"
    response = client.post("/webhooks/meta", content=body,
                           headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(body)})
    assert response.status_code == 400 and json.loads(response.text)["detail"]
