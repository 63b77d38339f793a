"""The calibrated confidence: a logistic regression over the scorer's named features (its base
weight, match quality, log score, each penalty applied, the kind of tool), fitted on the labelled
messages by `bench/parse_calibrate.py` and shipped as `lexicon/calibration.json`.

`calibrated(features)` is the probability that the parse is right. Without the file (or for a
feature it has no weight for) the model falls back to the scorer's own value.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

FILE = "calibration.json"


@lru_cache(maxsize=1)
def model() -> dict | None:
    path = resources.files("intents.lexicon").joinpath(FILE)
    if not path.is_file():
        return None
    return json.loads(path.read_text("utf-8"))


def features(tool_kind: str, score_features: dict[str, float]) -> dict[str, float]:
    """The model's input: the score's named features and one-hot the kind of tool (write, read, act, unknown)."""
    out = dict(score_features)
    out[f"kind:{tool_kind}"] = 1.0
    return out


def calibrated(feats: dict[str, float], fallback: float) -> float:
    m = model()
    if m is None:
        return fallback
    weights = m["weights"]
    z = m["bias"] + sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
