"""Dialogue acts: confirm, cancel, greeting and help, for short messages made only of such words."""

from __future__ import annotations

from intents.analysis import Analysis
from intents.scoring import Candidate, Score

_ACTS = (("c:no", "cancel"), ("c:yes", "confirm"), ("c:help", "help"), ("c:greet", "greeting"))


def _cand(tool: str, args: dict, base: float) -> Candidate:
    return Candidate(tool, tool, args, Score(base))


def decide_dialogue(a: Analysis) -> Candidate | None:
    acts = [tool for label, tool in _ACTS if label in a.labels]
    if not acts:
        return None
    if a.numbers or a.items or a.parties or a.has("c:undo", "c:remind", "c:bill"):
        return None
    unknown = a.unknown_tokens()
    other = {h.label for h in a.hits} - {"c:no", "c:yes", "c:help", "c:greet", "x:stop", "c:remain", "c:q",
                                         "c:show", "c:make", "c:sure", "c:past", "c:future", "c:undo", "c:give", "c:want",
                                         "c:add", "c:per", "c:langcue"}
    if "help" in acts:
        if len(unknown) <= 3 and not (other - {"c:itemword"}):
            return _cand("help", {}, 0.95 if not unknown else 0.85)
        return None
    if other:
        return None
    if len(a.tokens) > 8 or len(unknown) > 1:
        return None
    tool = acts[0]
    if "cancel" in acts and "confirm" in acts:
        # "nahi nahi, theek hai"? the last word decides.
        last = max(a.hits, key=lambda h: h.start if h.label in ("c:no", "c:yes") else -1)
        tool = "cancel" if last.label == "c:no" else "confirm"
        return _cand(tool, {}, 0.7)
    return _cand(tool, {}, 0.95 if not unknown else 0.8)
