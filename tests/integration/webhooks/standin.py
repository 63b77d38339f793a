"""Test support: a real HTTP server on 127.0.0.1 that stands in for Twilio and Meta, and request signing.

`StandIn` records every request (method, path, headers, body) and answers as the provider would
(Twilio's Message resource, the Cloud API's `{"messages": [{"id"}]}`, media bytes, redirects), or
as a test's `responder` says. Signing uses the twilio package's validator and Meta's HMAC-SHA256.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from twilio.request_validator import RequestValidator

TWILIO_SID = "AC" + "1" * 32
TWILIO_TOKEN = "twilio-test-token"
META_SECRET = "meta-app-secret"
META_TOKEN = "meta-access-token"
META_VERIFY = "meta-verify-token"
PUBLIC_URL = "https://munshi.example.in"
POLL_SECONDS = 0.02  # how often the server looks for a shutdown (the default 0.5 s was paid on every exit)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    @property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode(), keep_blank_values=True)

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)


def default_answer(request: Recorded) -> Answer:
    if request.method == "POST" and request.path.endswith("/Messages.json"):
        sid = "SM" + uuid.uuid4().hex
        form = {k: v[0] for k, v in request.form.items()}
        resource = {"sid": sid, "status": "queued", "to": form.get("To"), "from": form.get("From"),
                    "body": form.get("Body", ""), "account_sid": TWILIO_SID, "num_media": "0",
                    "date_created": format_datetime(datetime.now(UTC), usegmt=True)}
        return Answer(201, json.dumps(resource).encode())
    if request.method == "POST" and request.path.endswith("/messages"):
        payload = request.json
        wamid = "wamid." + uuid.uuid4().hex
        return Answer(200, json.dumps({"messaging_product": "whatsapp",
                                       "contacts": [{"input": payload.get("to"), "wa_id": payload.get("to")}],
                                       "messages": [{"id": wamid}]}).encode())
    return Answer(404, b'{"error": "not found"}')


class StandIn:
    """`with StandIn() as server:` — `server.url`, `server.requests`, `server.responder = fn(Recorded) -> Answer`."""

    def __init__(self, responder=None) -> None:
        self.requests: list[Recorded] = []
        self.responder = responder or default_answer
        self.twilio_messages: list[dict] = []  # what Twilio accepted, newest last: its message list
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                recorded = Recorded(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body)
                with outer._lock:
                    outer.requests.append(recorded)
                if self.command == "GET" and parts.path.endswith("/Messages.json"):
                    answer = outer.twilio_list(recorded)
                else:
                    answer = outer.responder(recorded)
                if self.command == "POST" and parts.path.endswith("/Messages.json") and answer.status < 300:
                    with outer._lock:
                        outer.twilio_messages.append(json.loads(answer.body))
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(answer.body)

            do_GET = do_POST = do_HEAD = do_DELETE = _serve

            def log_message(self, *args) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL_SECONDS},
                                        daemon=True)

    def __enter__(self) -> StandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def twilio_list(self, request: Recorded) -> Answer:
        """Twilio's message list (newest first), filtered by To and From as the API does."""
        to, sender = (request.query.get("To") or [None])[0], (request.query.get("From") or [None])[0]
        with self._lock:
            items = [m for m in reversed(self.twilio_messages)
                     if (to is None or m.get("to") == to) and (sender is None or m.get("from") == sender)]
        page = {"messages": items[:50], "page": 0, "page_size": 50, "next_page_uri": None,
                "first_page_uri": request.path, "uri": request.path}
        return Answer(200, json.dumps(page).encode())

    def sent(self, suffix: str, method: str = "POST") -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]


def twilio_signature(url: str, params: dict, token: str = TWILIO_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def meta_signature(body: bytes, secret: str = META_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def twilio_form(sid: str | None = None, *, phone: str = "+919812343210", body: str = "", **extra) -> dict:
    """A real-shaped Twilio WhatsApp inbound form (all strings, blank Body kept)."""
    form = {
        "SmsMessageSid": sid or "SM" + uuid.uuid4().hex,
        "NumMedia": "0",
        "ProfileName": "रमेश",
        "MessageType": "text",
        "SmsSid": "",
        "WaId": phone.lstrip("+"),
        "SmsStatus": "received",
        "Body": body,
        "To": "whatsapp:+14155238886",
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": "",
        "AccountSid": TWILIO_SID,
        "From": f"whatsapp:{phone}",
        "ApiVersion": "2010-04-01",
    }
    form["MessageSid"] = form["SmsSid"] = form["SmsMessageSid"]
    form.update(extra)
    return form


def meta_envelope(messages=(), statuses=(), *, contacts=None) -> dict:
    value: dict = {"messaging_product": "whatsapp",
                   "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1098765"}}
    if messages:
        value["contacts"] = contacts or [{"profile": {"name": "Ramesh"}, "wa_id": m["from"]} for m in messages]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = list(statuses)
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA1", "changes": [{"field": "messages", "value": value}]}]}


def meta_text(text: str, *, sender: str = "919812343210", wamid: str | None = None) -> dict:
    return {"from": sender, "id": wamid or "wamid." + uuid.uuid4().hex, "timestamp": str(int(time.time())),
            "type": "text", "text": {"body": text}}
