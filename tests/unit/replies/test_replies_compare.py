"""The sales reply in every catalog: the count of bills in the language's singular or plural, and
the comparison with the period before when the tool gives `previous_total`."""

from __future__ import annotations

from datetime import date

import pytest

from bot.conversation.replies import render_outcome
from locales import CATALOG_IDS, HINGLISH, translator
from tools.context import ToolOutcome

TODAY = date(2026, 11, 20)  # a Friday
TODAY_PERIOD = {"from": "2026-11-20", "to": "2026-11-20"}


def sales(count: int = 38, total: float = 12450, previous: float | None = None, period=TODAY_PERIOD) -> dict:
    data = {"total": total, "count": count, "period": period}
    if previous is not None:
        data["previous_total"] = previous
    return data


def render(data: dict, lang: str) -> str:
    outcome = ToolOutcome(ok=True, tool="sales_summary", data=data)
    if lang == HINGLISH:
        return render_outcome(outcome, "hi", romanized=True, today=TODAY)
    return render_outcome(outcome, lang, today=TODAY)


@pytest.mark.parametrize("lang", CATALOG_IDS)
def test_a_rise_a_fall_and_no_change_each_read_differently_after_the_plain_figures(lang):
    plain = render(sales(), lang)
    up, down, same = (render(sales(previous=p), lang) for p in (11528, 20000, 12450))
    assert len({plain, up, down, same}) == 4
    for text in (up, down, same):
        assert text.startswith(plain[:-1]) and len(text) > len(plain)
    assert "8" in up and "38" in down.split(")", 1)[1]


@pytest.mark.parametrize("lang", CATALOG_IDS)
def test_no_comparison_when_the_period_before_sold_nothing(lang):
    assert render(sales(previous=0), lang) == render(sales(), lang)


@pytest.mark.parametrize("lang", CATALOG_IDS)
def test_the_period_compared_with_is_named_yesterday_or_last_week_when_it_is_one(lang):
    t = translator(lang)
    assert render(sales(previous=11528), lang).endswith(t("compare.up_day", pct="8%"))
    assert render(sales(previous=12450), lang).endswith(t("compare.same_day"))
    week = {"from": "2026-11-16", "to": "2026-11-20"}
    assert render(sales(previous=10000, period=week), lang).endswith(t("compare.up_week", pct="25%"))
    assert render(sales(previous=12450, period=week), lang).endswith(t("compare.same_week"))
    september = {"from": "2026-09-01", "to": "2026-09-30"}
    assert render(sales(previous=12450, period=september), lang).endswith(t("compare.same"))


def test_one_bill_is_singular_in_english_and_hinglish():
    assert render(sales(count=1, total=88), "en") == "Sales today: ₹88 (1 bill)"
    assert render(sales(count=1, total=88), HINGLISH) == "Aaj ki bikri: ₹88 (1 bill)"
    assert render(sales(count=2, total=176, previous=88), HINGLISH) == "Aaj ki bikri: ₹176 (2 bills), kal se 100% zyada"


@pytest.mark.parametrize("lang", ["ta", "te", "ml", "mr", "kn"])
def test_languages_whose_nouns_change_use_the_plural_for_many_bills(lang):
    t = translator(lang)
    assert t.plural("count.bills", 1) != t.plural("count.bills", 38).replace("38", "1")
    assert t.plural("count.bills", 1) in render(sales(count=1), lang)
    assert t.plural("count.bills", 38) in render(sales(count=38), lang)
