"""Twilio WhatsApp adapter: `messages.create` through the twilio package, pointed at `twilio_api_base`.

Free-form text with at most one media link; a status callback URL so deliveries update the outbox;
templates by Content SID with `content_variables` as a JSON string (no body or media then). Twilio's
body limit is 1,600 characters. Error 63016 (and Meta's 470 relayed) means the 24-hour window is shut.
"""

from __future__ import annotations

import json
from datetime import datetime

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client

from bot.channels.base import Outgoing, SendFailed

WINDOW_CLOSED_CODES = frozenset({63016, 470})


class TwilioChannel:
    name = "twilio"
    max_text = 1600
    has_window = True

    def __init__(self, account_sid: str, auth_token: str, whatsapp_from: str, *, api_base: str,
                 status_callback: str | None = None, templates: dict[str, str] | None = None,
                 http_client=None) -> None:
        self.client = Client(account_sid, auth_token, http_client=http_client)
        # Every request goes to api_base (a local stand-in in tests, the real API by default).
        self.client.api.base_url = api_base.rstrip("/")
        self.whatsapp_from = whatsapp_from if whatsapp_from.startswith("whatsapp:") else f"whatsapp:{whatsapp_from}"
        self.status_callback = status_callback
        self.templates = dict(templates or {})  # our template name -> Content SID (HX…)

    def has_template(self, name: str) -> bool:
        return name in self.templates

    def send(self, message: Outgoing) -> str:
        kwargs: dict = {"to": f"whatsapp:{message.to_phone}", "from_": self.whatsapp_from}
        if self.status_callback:
            kwargs["status_callback"] = self.status_callback
        if message.template_name:
            sid = self.templates.get(message.template_name)
            if sid is None:
                raise SendFailed("no_template", f"template {message.template_name} not configured", transient=False)
            kwargs["content_sid"] = sid
            variables = {str(i + 1): value for i, value in enumerate(message.template_variables)}
            if variables:
                kwargs["content_variables"] = json.dumps(variables, ensure_ascii=False)
        else:
            if message.text:
                kwargs["body"] = message.text[: self.max_text]
            if message.media_url:
                kwargs["media_url"] = [message.media_url]
        try:
            created = self.client.messages.create(**kwargs)
        except TwilioRestException as exc:
            code = int(exc.code) if exc.code else 0
            transient = exc.status >= 500 or exc.status == 429 or code in (20429, 63017, 63018)
            raise SendFailed(str(code or exc.status), exc.msg or "", transient=transient,
                             window_closed=code in WINDOW_CLOSED_CODES) from exc
        except TwilioException as exc:
            raise SendFailed("network", str(exc), transient=True) from exc
        except OSError as exc:  # connection refused, reset, timeout
            raise SendFailed("network", type(exc).__name__, transient=True) from exc
        return created.sid

    def find_sent(self, message: Outgoing, since: datetime) -> str | None:
        """The sid of a message we created for this recipient with this text since `since`, if Twilio has
        one (Twilio takes no idempotency key; its message list is how an interrupted send is settled)."""
        try:
            recent = self.client.messages.list(to=f"whatsapp:{message.to_phone}", from_=self.whatsapp_from, limit=50)
        except (TwilioException, OSError) as exc:
            raise SendFailed("network", type(exc).__name__, transient=True) from exc
        body = message.text[: self.max_text]
        for item in recent:
            created = item.date_created
            if (item.body or "") == body and (created is None or created >= since):
                return item.sid
        return None
