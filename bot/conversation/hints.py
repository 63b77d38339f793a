"""The useful answer to a message nothing fitted: name the word that was not understood and quote the
example phrasing (one the parser understands, from the reply catalogs) nearest to what was said."""

from __future__ import annotations

import re
from collections.abc import Callable

# The tools the quoted examples of these catalog messages stand for, in their order in the message
# (tests/unit/replies/test_replies_hints_understood.py checks that each example parses as its tool).
EXAMPLES = (
    ("help.text", ("record_sale", "record_payment_in", "sales_summary", "undo_last")),
    ("unknown.reply", ("record_sale", "sales_summary", "party_balance", "help")),
)
NEAREST = {  # a tool with no example of its own answers with the example of the nearest one that has
    "record_payment_out": "record_payment_in", "record_purchase": "record_sale", "price_query": "record_sale",
    "stock_query": "sales_summary",
}
_QUOTED = re.compile(r'"([^"]+)"')


def unknown_hint(raw: Callable[[str], str], unclear: tuple[str, ...], nearest: str | None) -> tuple[str, str] | None:
    """(the word not understood, an example to try) or None when there is no word to name or no example."""
    words = [w for w in unclear if len(w) >= 2]
    if not words or nearest is None:
        return None
    want = NEAREST.get(nearest, nearest)
    for key, tools in EXAMPLES:
        quoted = _QUOTED.findall(raw(key))
        for example, tool in zip(quoted, tools, strict=False):
            if tool == want:
                return words[0], example
    return None
