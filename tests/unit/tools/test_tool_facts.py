"""The facts about each tool are declared once, on its spec, and every reader agrees with them:
whether it writes, moves money, can be undone, is asked back, and who may run it."""

from __future__ import annotations

import pytest

import intents
from bot.agents.local import Understanding
from bot.conversation.replies import render_outcome
from locales import translator
from tools import TOOLS, ToolOutcome
from tools.spec import DIALOGUE_ACTS, spec, writes

MONEY = {"record_sale", "record_purchase", "record_sale_return", "record_expense", "record_payment_in",
         "record_payment_out", "record_purchase_invoice"}
UNDOABLE = MONEY | {"adjust_stock", "set_opening_balance"}  # the old khata is a journal: undo reverses it
NEVER_ASKED = {"undo_last", "set_language"}


def test_the_parser_copy_of_the_writes_is_the_registry_s():
    assert intents.WRITES == writes(TOOLS)


def test_money_writes_are_the_vouchers_of_money_and_are_asked_back_when_large():
    assert {n for n, s in TOOLS.items() if s.moves_money} == MONEY
    assert {n for n, s in TOOLS.items() if s.confirm == "large"} == MONEY


def test_undo_takes_back_the_posted_vouchers_only():
    assert {n for n, s in TOOLS.items() if s.undoable} == UNDOABLE


@pytest.mark.parametrize("tool", ["add_item", "add_staff"])
def test_a_new_item_or_person_is_a_write_undo_cannot_take_back(tool):
    # undo_last reverses a voucher: it would take back add_item's opening stock but leave the item,
    # and add_staff posts nothing; neither confirmation offers "send undo".
    facts = TOOLS[tool]
    assert facts.is_write and not facts.undoable and not facts.moves_money
    assert facts.confirm == "unsure"
    outcome = ToolOutcome(ok=True, tool=tool, is_write=True, voucher="JV/26-27/0001",
                          data={"item": "Poha", "unit": "kg", "rate": 60, "stock": 5, "name": "Ravi",
                                "phone": "+919415000009", "role": "staff", "voucher": "JV/26-27/0001"})
    assert translator("hi")("undo.hint") not in render_outcome(outcome, "hi")


def test_a_posted_sale_offers_undo():
    outcome = ToolOutcome(ok=True, tool="record_sale", is_write=True, voucher="SL/26-27/0001",
                          data={"voucher": "SL/26-27/0001", "total": 88, "items": [], "payment": "cash"})
    assert translator("hi")("undo.hint") in render_outcome(outcome, "hi")


def test_only_undoing_and_choosing_a_language_are_never_asked_back_among_writes():
    assert {n for n, s in TOOLS.items() if s.is_write and s.confirm == "never"} == NEVER_ASKED
    assert all(s.confirm == "never" for s in TOOLS.values() if not s.is_write)


def test_roles_follow_the_permission():
    assert TOOLS["add_staff"].roles == {"owner"}
    assert TOOLS["record_sale"].roles == {"owner", "manager", "staff"}
    assert TOOLS["record_payment_in"].roles == {"owner", "manager", "accountant"}
    assert TOOLS["stock_query"].roles == {"owner", "manager", "accountant", "staff"}


def test_dialogue_acts_are_no_tools():
    assert not DIALOGUE_ACTS & set(TOOLS)
    assert Understanding(tool="confirm").is_dialogue_act and not Understanding(tool="record_sale").is_dialogue_act


def test_contradictory_facts_are_refused_at_declaration():
    model = TOOLS["stock_query"].input_model
    handler = TOOLS["stock_query"].handler
    with pytest.raises(ValueError):
        spec("x", model, "stock", handler, undoable=True)  # a read undone
    with pytest.raises(ValueError):
        spec("x", model, "stock", handler, write=True, undoable=True)  # no voucher to undo
    with pytest.raises(ValueError):
        spec("x", model, "stock", handler, money=True, confirm="unsure")  # money asked only when unsure
    with pytest.raises(ValueError):
        spec("confirm", model, "stock", handler)
