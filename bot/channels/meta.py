"""Meta WhatsApp Cloud API adapter over httpx: `POST {api_base}/{phone_number_id}/messages`, Bearer token.

Text (≤4,096), image, document (with filename), audio as a voice note (`voice: true`), interactive
reply buttons (≤3, title ≤20) and templates (`name`, `language`, body parameters). Error 131047
means the 24-hour window is shut; throttling (130429, 131056, HTTP 429) and 5xx are worth a retry.
"""

from __future__ import annotations

import httpx

from bot.channels.base import Outgoing, SendFailed

WINDOW_CLOSED_CODES = frozenset({131047, 470})
TRANSIENT_CODES = frozenset({130429, 131056, 131000, 1, 2, 4, 80007})
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20


def button_rows(titles: tuple[str, ...] | list[str]) -> list[dict]:
    """Reply buttons as the Cloud API wants them: at most 3, titles cut to 20 characters, unique ids."""
    rows = []
    for index, title in enumerate(list(titles)[:MAX_BUTTONS]):
        rows.append({"type": "reply", "reply": {"id": title[:256] or f"b{index}", "title": title[:MAX_BUTTON_TITLE]}})
    return rows


class MetaChannel:
    name = "meta"
    max_text = 4096
    has_window = True

    def __init__(self, access_token: str, phone_number_id: str, *, api_base: str,
                 templates: dict[str, str] | None = None, http: httpx.Client | None = None) -> None:
        self.url = f"{api_base.rstrip('/')}/{phone_number_id}/messages"
        self.headers = {"Authorization": f"Bearer {access_token}"}
        self.templates = dict(templates or {})  # our name -> "meta_template_name" or "name:language"
        self.http = http or httpx.Client(timeout=httpx.Timeout(15.0, connect=5.0))

    def has_template(self, name: str) -> bool:
        return name in self.templates

    def payload(self, message: Outgoing) -> dict:
        body: dict = {"messaging_product": "whatsapp", "recipient_type": "individual",
                      "to": message.to_phone.lstrip("+")}
        if message.template_name:
            configured = self.templates.get(message.template_name)
            if configured is None:
                raise SendFailed("no_template", f"template {message.template_name} not configured", transient=False)
            name, _, language = configured.partition(":")
            template: dict = {"name": name, "language": {"code": language or "en"}}
            if message.template_variables:
                template["components"] = [
                    {"type": "body", "parameters": [{"type": "text", "text": v} for v in message.template_variables]}
                ]
            body.update(type="template", template=template)
        elif message.media_url and message.media_type == "audio":
            body.update(type="audio", audio={"link": message.media_url, "voice": True})
        elif message.media_url and message.media_type == "document":
            document = {"link": message.media_url, "filename": message.filename or "document.pdf"}
            if message.text:
                document["caption"] = message.text[:1024]
            body.update(type="document", document=document)
        elif message.media_url:
            image = {"link": message.media_url}
            if message.text:
                image["caption"] = message.text[:1024]
            body.update(type="image", image=image)
        elif message.buttons:
            body.update(type="interactive", interactive={
                "type": "button",
                "body": {"text": message.text[:1024] or "…"},
                "action": {"buttons": button_rows(message.buttons)},
            })
        else:
            body.update(type="text", text={"body": message.text[: self.max_text], "preview_url": False})
        return body

    def send(self, message: Outgoing) -> str:
        payload = self.payload(message)
        try:
            response = self.http.post(self.url, json=payload, headers=self.headers)
        except httpx.HTTPError as exc:
            raise SendFailed("network", type(exc).__name__, transient=True) from exc
        try:
            data = response.json()
        except ValueError:
            data = {}
        if response.status_code >= 400 or "error" in data:
            error = data.get("error") or {}
            code = int(error.get("code") or 0)
            transient = response.status_code >= 500 or response.status_code == 429 or code in TRANSIENT_CODES
            raise SendFailed(str(code or response.status_code), str(error.get("message") or response.reason_phrase),
                             transient=transient, window_closed=code in WINDOW_CLOSED_CODES)
        try:
            return str(data["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as exc:
            raise SendFailed("bad_response", "no message id in the response", transient=False) from exc
