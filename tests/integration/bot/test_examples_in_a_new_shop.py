"""Every example the bot gives works as shown in a brand-new shop, in every reply language.

A new number is onboarded (skipping each profile question with the catalog's own "later" word), then
every quoted example of the welcome, the help, the "write it like this" hint and the error hints is
sent as it stands; a question about a new item or party is answered with a price or the catalog's
own "yes". Each example must be understood (never the unknown reply) and do what it shows.
"""

from __future__ import annotations

import re

import pytest

from bot.conversation.dialogue import DialogueStore
from bot.conversation.turn import resolve_sender
from domain.books import catalog, parties, reports
from domain.periods import Period
from domain.store.uow import SqlUnitOfWork
from locales import translator
from locales.catalog import load_messages
from locales.languages import CATALOG_IDS, HINGLISH, NATIVE_NAMES
from tests.integration.bot.turn_fixtures import NOW, message

QUOTED = re.compile(r'["“]([^"”]+)["”]')
EXAMPLE_ITEM, EXAMPLE_PARTY, EXAMPLE_VPA = "Kaju Katli", "Mohan Lal", "ramesh@okaxis"


def examples(locale: str, key: str) -> list[str]:
    return QUOTED.findall(load_messages(locale)[key])


def language_answer(locale: str) -> str:
    return "Hinglish" if locale == HINGLISH else NATIVE_NAMES[locale]


class Shop:
    def __init__(self, services, phone: str, locale: str) -> None:
        self.services, self.phone, self.locale = services, phone, locale
        lang = "hi" if locale == HINGLISH else locale
        self.t = translator(lang, romanized=locale == HINGLISH)

    def send(self, text: str) -> list[str]:
        return [r.text for r in self.services.turn.handle(message(text, self.phone)) if r.text]

    def books(self):
        user, shop = resolve_sender(self.services.session_factory, self.phone)
        with SqlUnitOfWork(self.services.session_factory) as uow:
            items = {i.name: i for i in catalog.list_items(uow, shop.id)}
            people = {p.name: p for p in parties.list_parties(uow, shop.id)}
            sales = reports.sales_summary(uow, shop.id, Period(NOW.date(), NOW.date()))
        return shop, items, people, sales

    def open_question(self):
        dialogue, _ = DialogueStore(self.services.session_factory).load(self.phone)
        return dialogue

    def answer_questions(self, replies: list[str]) -> list[str]:
        """Answer a new-item question with a price (the catalog's own example), a new-party question or a
        "sure?" with the catalog's own yes."""
        for _ in range(3):
            dialogue = self.open_question()
            if dialogue.learning is None and dialogue.pending is None:
                return replies
            asks_rate = dialogue.learning and any(not i.get("rate") for i in dialogue.learning["items"])
            rate_hint = examples(self.locale, "learn.how_to_answer")[0]
            yes = examples(self.locale, "learn.yes_no")[0]
            replies = self.send(rate_hint if asks_rate else yes)
        return replies

    def understood(self, example: str) -> list[str]:
        replies = self.answer_questions(self.send(example))
        assert self.t("unknown.reply") not in replies, (self.locale, example, replies)
        assert self.t("error.not_supported") not in replies, (self.locale, example, replies)
        return replies


@pytest.mark.parametrize("locale", CATALOG_IDS)
def test_every_example_the_bot_gives_works_in_a_brand_new_shop(make_services, locale):
    services = make_services()
    phone = f"+9198{CATALOG_IDS.index(locale):02d}000001"
    shop = Shop(services, phone, locale)
    shop.send("hi")
    shop.send("Naya Bazaar")
    shop.send(language_answer(locale))
    shop.send("Mohan")
    later = examples(locale, "onboarding.ask_state")[0]
    for key in ("onboarding.ask_gst", "onboarding.ask_gstin", "onboarding.ask_upi"):
        assert shop.t(key, vpa=EXAMPLE_VPA) in shop.send(later), (locale, key)
    finished = shop.send(later)
    assert shop.t("onboarding.finished", vpa=EXAMPLE_VPA) in finished

    credit_sale, sales_question = examples(locale, "onboarding.done")
    shop.understood(credit_sale)
    _, items, people, sales = shop.books()
    assert len(items) == 1 and len(people) == 1 and sales.count == 1, (locale, credit_sale)
    (customer,) = people.values()
    assert customer.balance.paise > 0

    sale, payment, question, undo = examples(locale, "help.text")
    shop.understood(sale)
    assert shop.books()[3].count == 2, (locale, sale)
    shop.understood(payment)
    _, _, people, _ = shop.books()
    assert sum(p.balance.paise for p in people.values()) < customer.balance.paise, (locale, payment)
    shop.understood(question)
    shop.understood(sales_question)
    hint_sale, _, dues_question, help_word = examples(locale, "unknown.reply")
    shop.understood(hint_sale)
    assert shop.books()[3].count == 3, (locale, hint_sale)
    shop.understood(dues_question)
    assert shop.understood(help_word) == [shop.t("help.text")]
    shop.understood(undo)
    assert shop.books()[3].count == 2, (locale, undo)
    assert examples(locale, "undo.hint") == [undo]

    add_item = examples(locale, "error.unknown_item_new")[1].replace("{item}", EXAMPLE_ITEM)
    shop.understood(add_item)
    assert EXAMPLE_ITEM in shop.books()[1], (locale, add_item)
    add_party = examples(locale, "error.unknown_party")[1].replace("{party}", EXAMPLE_PARTY)
    shop.understood(add_party)
    assert EXAMPLE_PARTY in shop.books()[2], (locale, add_party)
    set_upi = examples(locale, "onboarding.finished")[0].replace("{vpa}", EXAMPLE_VPA)
    assert examples(locale, "reminder.sent_no_upi")[0] == examples(locale, "onboarding.finished")[0]
    shop.understood(set_upi)
    assert shop.books()[0].upi_id == EXAMPLE_VPA, (locale, set_upi)
