"""The Bedrock agent's context: a short system prompt in the user's language's terms (who, which
shop, today, the shop's items and parties, a pending confirmation) and the last turns of the
dialogue as alternating messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from locales.languages import NATIVE_NAMES

MAX_VOCAB = 80  # items and parties each; a kirana's catalog fits, a supermarket's is cut
SCRIPTS = {
    "hi": "Devanagari", "mr": "Devanagari", "ta": "Tamil script", "te": "Telugu script", "bn": "Bengali script",
    "gu": "Gujarati script", "kn": "Kannada script", "ml": "Malayalam script", "pa": "Gurmukhi",
    "en": "Latin letters",
}
ENGLISH_NAMES = {
    "hi": "Hindi", "mr": "Marathi", "ta": "Tamil", "te": "Telugu", "bn": "Bengali", "gu": "Gujarati",
    "kn": "Kannada", "ml": "Malayalam", "pa": "Punjabi", "en": "English",
}

RULES = """\
You are Munshi, the bookkeeping clerk of a small Indian shop, answering on WhatsApp.
Use the tools for every fact about the shop's books; never guess one.
- Tool arguments name items and parties exactly as in the lists below; amounts are in rupees.
- A write (sale, purchase, payment, expense, stock, price) is called once. The system itself shows the
  user its confirmation, or asks them to confirm it: do not repeat it; add only what is left to say.
- State only amounts that a tool returned, exactly; never add, subtract or estimate them.
- When a tool refuses, say briefly and politely why, in the user's language.
- Reply in one or two short sentences, no markdown."""


def language_line(lang: str, romanized: bool) -> str:
    """The one line that differs per language: which language and script to answer in."""
    if romanized and lang != "en":
        return f"Reply in {ENGLISH_NAMES.get(lang, lang)} written in Latin letters, as the user writes."
    name = ENGLISH_NAMES.get(lang, "English")
    native = NATIVE_NAMES.get(lang, "")
    return f"Reply in {name} ({native}) in {SCRIPTS.get(lang, 'its own script')}."


def _items(vocab: Mapping[str, Any]) -> str:
    rows = []
    for item in list(vocab.get("items") or [])[:MAX_VOCAB]:
        aliases = ", ".join(a for a in item.get("aliases") or [] if a)[:60]
        said = f" ({aliases})" if aliases else ""
        rows.append(f"{item['name']}{said} per {item.get('unit') or 'pc'}")
    return "; ".join(rows) or "none yet"


def _parties(vocab: Mapping[str, Any]) -> str:
    rows = [f"{p['name']} ({p.get('kind') or 'customer'})" for p in list(vocab.get("parties") or [])[:MAX_VOCAB]]
    return "; ".join(rows) or "none yet"


def system_prompt(
    *, lang: str, romanized: bool, today: date, shop_name: str, user_name: str, role: str,
    vocab: Mapping[str, Any], pending: str | None = None,
) -> str:
    lines = [
        RULES,
        f"Shop: {shop_name or 'the shop'}. You talk to {user_name or 'the user'}, whose role is {role}.",
        f"Today is {today.isoformat()} ({today.strftime('%A')}), Asia/Kolkata.",
        f"Items: {_items(vocab)}.",
        f"Parties: {_parties(vocab)}.",
    ]
    if pending:
        lines.append(f"Waiting for the user to confirm: {pending}. If they agree call confirm; "
                     "if they decline call cancel.")
    lines.append(language_line(lang, romanized))
    return "\n".join(lines)


def history_messages(history: Sequence[tuple[str, str]], keep: int) -> list[BaseMessage]:
    """The last `keep` turns as user/assistant messages that alternate and start with the user
    (Converse refuses anything else); blank turns are dropped, same-side neighbours joined (the new
    message after a last user turn is joined to it the same way by langchain-aws)."""
    merged: list[tuple[str, str]] = []
    for role, text in list(history)[-keep:] if keep > 0 else []:
        text = (text or "").strip()
        if not text:
            continue
        side = "user" if role == "user" else "assistant"
        if merged and merged[-1][0] == side:
            merged[-1] = (side, merged[-1][1] + "\n" + text)
        else:
            merged.append((side, text))
    while merged and merged[0][0] != "user":
        merged.pop(0)
    return [HumanMessage(text) if side == "user" else AIMessage(text) for side, text in merged]
