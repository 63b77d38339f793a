"""One scorer: a frame's confidence is its base weight, times the match quality of the names it rests
on, times the factor of each named penalty that applies (`lexicon/penalties.tsv`).

A `Score` keeps what it was made of, so the same marks are the features of the calibration model
(`calibration.py`), and `choose` asks back when the winner is weak or another frame is close behind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

MARGIN = 0.05  # a runner-up this close to the winner (in score) makes the winner unsure


@lru_cache(maxsize=1)
def penalties() -> dict[str, float]:
    """Every named penalty and its factor."""
    text = resources.files("intents.lexicon").joinpath("penalties.tsv").read_text("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, factor, _why = line.split("\t", 2)
        value = float(factor)
        if not 0.0 < value <= 1.0 or name in out:
            raise ValueError(f"penalty {name!r}: a factor in (0, 1], named once")
        out[name] = value
    return out


@dataclass
class Score:
    """A candidate's confidence as it was built: base weight, match quality, named penalties."""

    base: float
    match: float = 1.0
    marks: dict[str, int] = field(default_factory=dict)

    def mark(self, name: str, times: int = 1) -> Score:
        if name not in penalties():
            raise KeyError(f"no penalty named {name!r}")
        if times > 0:
            self.marks[name] = self.marks.get(name, 0) + times
        return self

    def unmark(self, name: str) -> Score:
        if self.marks.get(name):
            self.marks[name] -= 1
            if not self.marks[name]:
                del self.marks[name]
        return self

    def matched(self, quality: float) -> Score:
        """A name or item the frame rests on matched this well (1.0 exact)."""
        self.match *= quality
        return self

    def absorb(self, other: Score) -> Score:
        """Take another part's marks and match (an item line's, say) into this score."""
        self.match *= other.match
        for name, times in other.marks.items():
            self.mark(name, times)
        return self

    @property
    def value(self) -> float:
        table = penalties()
        v = self.base * self.match
        for name, times in self.marks.items():
            v *= table[name] ** times
        return v

    def features(self) -> dict[str, float]:
        """The named quantities the calibration model reads."""
        out: dict[str, float] = {f"p:{name}": float(times) for name, times in self.marks.items()}
        out["base"] = self.base
        out["log_match"] = math.log(max(self.match, 1e-6))
        out["log_score"] = math.log(max(self.value, 1e-6))
        return out


@dataclass
class Candidate:
    """One frame filled: the tool call it makes and how sure the scorer is of it."""

    frame: str
    tool: str
    args: dict
    score: Score


def choose(candidates: list[Candidate], prefer_first: bool = False) -> tuple[Candidate | None, Candidate | None]:
    """The winner and the runner-up: by score (earlier frames win ties), or the first when `prefer_first`
    (frames tried in order). A runner-up of another tool within MARGIN of the winner's score, or above it,
    marks the winner `close_runner_up`, so a write is asked back."""
    if not candidates:
        return None, None
    ranked = sorted(enumerate(candidates), key=lambda p: (-p[1].score.value, p[0]))
    winner = candidates[0] if prefer_first else ranked[0][1]
    runner = next((c for _, c in ranked if c is not winner and c.tool != winner.tool), None)
    if runner is not None and winner.score.value - runner.score.value < MARGIN:
        winner.score.mark("close_runner_up")
    return winner, runner
