"""The web chat channel: replies are kept for the chat page (and `munshi chat`) instead of a provider.

The outbox row is the record; this adapter only hands out ids and keeps the latest replies per phone
in memory so a page that polls can show them. No 24-hour window applies.
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict, deque

from bot.channels.base import Outgoing


class WebChannel:
    name = "web"
    max_text = 4096
    has_window = False

    def __init__(self, keep: int = 200) -> None:
        self._sent: dict[str, deque[tuple[str, Outgoing]]] = defaultdict(lambda: deque(maxlen=keep))
        self._lock = threading.Lock()

    def has_template(self, name: str) -> bool:
        return True

    def send(self, message: Outgoing) -> str:
        provider_id = f"web-{uuid.uuid4().hex}"
        with self._lock:
            self._sent[message.to_phone].append((provider_id, message))
        return provider_id

    def sent_to(self, phone: str) -> list[tuple[str, Outgoing]]:
        with self._lock:
            return list(self._sent.get(phone, ()))
