"""The scorer's named penalties, the frames loaded as data and the calibration model, each on its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from intents_corpus import TODAY, demo_vocabs

from intents import AUTO_APPLY, ShopVocabulary, VocabItem, parse
from intents.analysis import analyse
from intents.calibration import calibrated, model
from intents.frames import cue_labels, parse_frames, read_frames, tool_contract
from intents.normalise import normalise
from intents.parser import decide
from intents.scoring import MARGIN, Candidate, Score, choose, penalties
from intents.vocab import index_for

SHOPS = {"s": "sharma-kirana", "m": "murugan-stores"}
PENALTY_CASES = [tuple(line.split("\t")) for line in
                 (Path(__file__).parent / "penalty_cases.txt").read_text("utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]


def winner(text: str, vocab: ShopVocabulary) -> Candidate | None:
    return decide(analyse(normalise(text), index_for(vocab), TODAY), text)


@pytest.mark.parametrize(("name", "shop", "text"), PENALTY_CASES, ids=[c[0] for c in PENALTY_CASES])
def test_each_penalty_marks_the_message_it_names(demo_dir, name, shop, text):
    got = winner(text, demo_vocabs(demo_dir)[SHOPS[shop]])
    assert got is not None and name in got.score.marks, got and got.score.marks


def test_words_naming_two_items_are_marked_ambiguous():
    vocab = ShopVocabulary(items=[VocabItem("Toor Dal", ["dal"], "kg", 150), VocabItem("Moong Dal", ["dal"], "kg", 120)])
    got = winner("2 kilo dal becha", vocab)
    assert got is not None and "item_ambiguous" in got.score.marks


def test_every_penalty_has_a_case():
    covered = {c[0] for c in PENALTY_CASES} | {"item_ambiguous"}
    assert set(penalties()) == covered


def test_a_score_is_its_base_times_match_times_each_penalty():
    table = penalties()
    s = Score(0.95, 0.8).mark("extra_number").mark("qty_not_said", 2)
    assert s.value == pytest.approx(0.95 * 0.8 * table["extra_number"] * table["qty_not_said"] ** 2)
    s.unmark("qty_not_said")
    assert s.marks == {"extra_number": 1, "qty_not_said": 1}
    with pytest.raises(KeyError):
        Score(1.0).mark("no_such_penalty")


def test_a_close_runner_up_of_another_tool_marks_the_winner():
    first = Candidate("a", "stock_query", {}, Score(0.9))
    close = Candidate("b", "price_query", {}, Score(0.9 - MARGIN / 2))
    won, runner = choose([first, close], prefer_first=True)
    assert won is first and runner is close and "close_runner_up" in first.score.marks
    far = Candidate("c", "price_query", {}, Score(0.5))
    lone = Candidate("d", "stock_query", {}, Score(0.9))
    choose([lone, far])
    assert "close_runner_up" not in lone.score.marks


def test_the_shipped_frames_load_and_name_known_tools():
    frames = read_frames()
    assert frames and {f.tool for f in frames} - {"-"} <= set(tool_contract())


@pytest.mark.parametrize("row", [
    "x\tstock_query\tc:nosuchcue\t-\t-\t0.9",
    "x\tno_such_tool\tc:stock\t-\t-\t0.9",
    "x\tstock_query\tc:stock\t-\tperiod=period\t0.9",
    "x\tstock_query\tc:stock\t-\titem=no_filler\t0.9",
    "x\tstock_query\t?no_fact\t-\t-\t0.9",
])
def test_a_frame_row_that_does_not_check_is_refused(row):
    with pytest.raises(ValueError):
        parse_frames(row, cue_labels(), tool_contract())


def test_a_new_frame_is_a_row():
    (frame,) = parse_frames("shown\tstock_query\tc:stock ?q|c:show\t?party\titem=item\t0.9", cue_labels(),
                            tool_contract())
    assert frame.tool == "stock_query" and frame.needs == (("c:stock",), ("?q", "c:show")) and frame.weight == 0.9


def test_the_calibration_model_gives_probabilities_that_rise_with_the_score():
    assert model() is not None
    low = calibrated({"log_score": -2.0, "kind:read": 1.0}, 0.1)
    high = calibrated({"log_score": -0.05, "kind:read": 1.0}, 0.95)
    assert 0.0 < low < high < 1.0


def test_a_calibrated_write_never_applies_what_the_scorer_would_ask(demo_dir):
    result = parse("ramesh ko 2 kilo cheeni 8800 ki di", demo_vocabs(demo_dir)["sharma-kirana"], date(2026, 11, 20))
    assert result.score < AUTO_APPLY and result.confidence <= result.score


def test_the_shipped_write_frames_load_and_each_has_a_guard():
    from intents.frames import write_frames
    from intents.writes import GUARDS

    frames = write_frames()
    assert [f.name for f in frames] and {f.name for f in frames} == set(GUARDS)


@pytest.mark.parametrize("row", [
    "x\trecord_sale\tc:nosuchcue\t-\titems\tverb\t0.95",
    "x\tstock_query\tc:sell\t-\titem\tverb\t0.95",
    "x\trecord_sale\tc:sell\t-\titems\tsideways\t0.95",
    "x\trecord_sale\tc:sell\t-\tkind\tverb\t0.95",
])
def test_a_write_frame_row_that_does_not_check_is_refused(row):
    from intents.frames import parse_write_frames

    with pytest.raises(ValueError):
        parse_write_frames(row, cue_labels(), tool_contract())
