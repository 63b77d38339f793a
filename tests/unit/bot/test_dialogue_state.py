"""Dialogue state as versioned JSON: round trips, keeps the last turns, expires pending writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.conversation.dialogue import MAX_TURNS, DialogueState, PendingWrite, State

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_a_state_survives_a_json_round_trip():
    state = DialogueState(lang="ta", last_voucher="S/2026-27/0007")
    state.set_pending(PendingWrite(tool="record_sale", args={"amount": 12000}, message_id="web:1", summary="₹12,000",
                                   created_at=NOW))
    again = DialogueState.from_json(state.to_json())
    assert again == state
    assert again.state is State.AWAITING_CONFIRMATION
    assert again.pending.created_at == NOW


def test_an_empty_row_reads_as_an_idle_dialogue():
    assert DialogueState.from_json(None).state is State.IDLE
    assert DialogueState.from_json("{}").pending is None


def test_a_state_from_a_newer_schema_is_refused_rather_than_misread():
    with pytest.raises(ValueError, match="newer"):
        DialogueState.from_json('{"schema_version": 99}')


def test_only_the_last_turns_are_kept():
    state = DialogueState()
    for n in range(MAX_TURNS + 5):
        state.remember("user", f"message {n}", NOW)
    assert len(state.turns) == MAX_TURNS
    assert state.turns[-1].text == f"message {MAX_TURNS + 4}"


def test_a_pending_write_expires_after_ten_minutes():
    pending = PendingWrite(tool="record_sale", args={}, message_id="web:1", created_at=NOW)
    assert not pending.expired(NOW + timedelta(minutes=9))
    assert pending.expired(NOW + timedelta(minutes=11))


def test_clearing_the_pending_write_returns_the_dialogue_to_idle():
    state = DialogueState()
    state.set_pending(PendingWrite(tool="record_sale", args={}, message_id="web:1", created_at=NOW))
    state.clear_pending()
    assert state.pending is None and state.state is State.IDLE
