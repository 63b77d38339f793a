"""Reads: stock, prices, summaries, balances, forecasts and GST, as the frames of `lexicon/frames.tsv`.

A read is asked, so most frames need a question or "show/tell" word, or a topic word that only a
read has (GSTR-1, P&L ...).
"""

from __future__ import annotations

from intents.analysis import Analysis
from intents.frames import frames_holding, read_frames
from intents.scoring import Candidate


def decide_read(a: Analysis) -> Candidate | None:
    reads = read_candidates(a)
    return reads[0] if reads else None


def read_candidates(a: Analysis) -> list[Candidate]:
    """Every read frame that holds, the first (by the order of frames.tsv) first."""
    return frames_holding(a, read_frames())
