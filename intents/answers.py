"""Short answers to the bot's own questions: the numbers said ("45", "पैंतालीस", "45 aur 60"), and
whether the answer is a yes or a no. Used when the bot asked for a price, a pack size or a choice.
"""

from __future__ import annotations

from decimal import Decimal

from intents.analysis import tokenize
from intents.lexicon import cues
from intents.normalise import normalise
from intents.numbers import scan_numbers


def numbers_in(text: str) -> list[Decimal]:
    """Every number said in `text`, in order (weak number words left out)."""
    try:
        tokens = tokenize(normalise(text or ""))
        return [n.value for n in scan_numbers(tokens) if not n.weak]
    except Exception:  # noqa: BLE001 - an answer that cannot be read is simply no number
        return []


def yes_or_no(text: str) -> str | None:
    """"yes", "no" or None for an answer made of such words (the last one said wins)."""
    try:
        tokens = tokenize(normalise(text or ""))
    except Exception:  # noqa: BLE001
        return None
    said = [(h.start, h.label) for h in cues().find(tokens) if h.label in ("c:yes", "c:no")]
    if not said:
        return None
    return "yes" if max(said)[1] == "c:yes" else "no"
