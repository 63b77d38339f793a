"""What Munshi says unprompted is set by chat: the digest's hour or off, and the reminders' rules."""

from __future__ import annotations

from datetime import date

import pytest

from intents import parse
from tests.unit.intents.intents_corpus import demo_vocabs

CASES = [
    ("subah 7 baje report bhejo", "set_digest", {"hour": 7}),
    ("send the report at 9 am", "set_digest", {"hour": 9}),
    ("report band karo", "set_digest", {"off": True}),
    ("रिपोर्ट बंद करो", "set_digest", {"off": True}),
    ("har 7 din yaad dilao", "set_reminder_rule", {"every_days": 7}),
    ("remind every 10 days", "set_reminder_rule", {"every_days": 10}),
    ("500 se upar walon ko yaad dilao", "set_reminder_rule", {"min_amount": 500}),
    ("Geeta ko kabhi mat bhejna", "set_reminder_rule", {"never": "Geeta Devi"}),
    ("Geeta ko kabhi yaad mat dilana", "set_reminder_rule", {"never": "Geeta Devi"}),
    ("Ramesh ko yaad dilao", "send_payment_reminder", {"party": "Ramesh Kumar"}),
]


@pytest.mark.parametrize(("text", "tool", "args"), CASES)
def test_the_owners_rules_are_understood(demo_dir, text, tool, args):
    got = parse(text, demo_vocabs(demo_dir)["sharma-kirana"], date(2026, 11, 20))
    assert got.tool == tool and {k: got.args.get(k) for k in args} == args
