"""Reply catalogs: gettext catalogs keyed by dotted message ids, and the translator over them.

`translator(lang, romanized)` gives a callable `t(key, **params)` whose text comes only from that
language's catalog: a message missing there raises `MissingMessage` (never English instead), a
placeholder without its parameter raises `MissingParameter`. Placeholders are `{name}` or
`{name:money}`/`{name:date}`/`{name:long_date}`/`{name:num}`/`{name:pct}`; a number given for a
money-named parameter (`MONEY_PARAMS`: total, amount, balance, ...) is shown as money, so
`t("sale.recorded", total=Decimal("88"), ...)` reads "₹88"; already formatted strings pass as they are.
A counted noun is a pair of keys, `count.bills_one` / `count.bills_other`, picked by the language's
CLDR plural rule (Babel): `t.plural("count.bills", 1)` reads "1 bill", `t.plural("count.bills", 38)` "38 bills";
a message counts a number parameter itself with `{days:count.days}` (keys in locales.keys.COUNTED).
`{period:of}` takes a `Phrase` parameter's form before a noun ("আজকের বিক্রি", "आजची विक्री").
"""

from __future__ import annotations

import datetime as dt
import gettext
import string
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.pofile import read_po

from locales.extract import PLURAL_CATEGORIES
from locales.formats import format_date, format_money, format_number, format_percent
from locales.languages import NATIVE_NAMES, base_language, catalog_id
from locales.words import amount_in_words

CATALOG_DIR = Path(__file__).parent / "catalogs"
DOMAIN = "munshi"


class MissingMessage(KeyError):
    """A message id that the language's catalog does not hold."""

    def __init__(self, key: str, locale: str) -> None:
        super().__init__(f"{key} [{locale}]")
        self.key = key
        self.locale = locale


class MissingParameter(KeyError):
    """A placeholder in a message that the caller gave no value for."""

    def __init__(self, key: str, name: str) -> None:
        super().__init__(f"{key}: {{{name}}}")
        self.key = key
        self.name = name


def po_path(locale: str, catalog_dir: Path = CATALOG_DIR) -> Path:
    return catalog_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=32)
def load_messages(locale: str, catalog_dir: Path = CATALOG_DIR) -> Mapping[str, str]:
    """The translated messages of one catalog: compiled .mo when it is current, else the .po (a fresh
    clone has no .mo: they are built by `make locales` and never committed)."""
    po = po_path(locale, catalog_dir)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        raw: dict[str, str] = dict(compiled._catalog)  # type: ignore[attr-defined]
        return {k: v for k, v in raw.items() if isinstance(k, str) and k and v}
    if not po.exists():
        return {}
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=None, domain=DOMAIN)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy
    }


MONEY_PARAMS = frozenset({
    "total", "amount", "balance", "cash", "bank", "taxable", "tax", "cgst", "sgst", "igst", "itc",
    "sales", "cost", "gross", "expenses", "net", "rate", "price", "due", "paid", "payable",
})


# Grammatical forms a message may ask of a `Phrase` parameter; the language, not English, decides
# which form each message needs, so translations may differ from English in these specs.
GRAMMAR_FORMS = ("of",)


class Phrase(str):
    """A label together with its form before a noun it qualifies: `{period:of}` reads "आजची
    विक्री" where `{period}` reads "आज काहीच विक्री नाही". A plain string stands for both forms."""

    of: str

    def __new__(cls, text: str, of: str | None = None) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.of = text if of is None else of
        return phrase


class _ReplyFormatter(string.Formatter):
    def __init__(self, translator: Translator, key: str) -> None:
        self._t = translator
        self._key = key

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        if isinstance(key, int) or key not in kwargs:
            raise MissingParameter(self._key, str(key))
        value = kwargs[key]
        if key in MONEY_PARAMS and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return self._t.money(value)
        if key in MONEY_PARAMS and hasattr(value, "rupees"):
            return self._t.money(value)
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        t = self._t
        if format_spec == "money":
            return value if isinstance(value, str) else t.money(value)
        if format_spec in ("date", "long_date"):
            if isinstance(value, str) and "/" in value:
                return value
            return t.date(value, style="long" if format_spec == "long_date" else "short")
        if format_spec == "pct":
            return value if isinstance(value, str) else format_percent(value, t.locale)
        if format_spec == "num":
            return value if isinstance(value, str) else t.number(value)
        if format_spec in GRAMMAR_FORMS:
            return getattr(value, format_spec, None) or t.plain(value)
        if format_spec.startswith("count."):
            # `{days:count.days}`: the catalog counts its own noun, "1 day" / "12 days"
            return value if isinstance(value, str) else t.plural(format_spec, value)
        return t.plain(value)


class Translator:
    """Messages and formats of one catalog (a language, or romanized Hindi)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.lang = base_language(locale)
        self._messages = load_messages(locale)

    def __repr__(self) -> str:
        return f"Translator({self.locale!r})"

    def has(self, key: str) -> bool:
        return key in self._messages

    def keys(self) -> frozenset[str]:
        return frozenset(self._messages)

    def raw(self, key: str) -> str:
        try:
            return self._messages[key]
        except KeyError:
            raise MissingMessage(key, self.locale) from None

    def __call__(self, key: str, /, **params: Any) -> str:
        return _ReplyFormatter(self, key).vformat(self.raw(key), (), params)

    def plural(self, key: str, count: Any, /, **params: Any) -> str:
        """`<key>_one` or `<key>_other` by the language's plural rule for `count`, which fills
        its `{count}`: "1 bill", "38 bills"; "1 বিল" and "38টি বিল" alike where nouns do not change."""
        category = _plural_rule(self.lang)(abs(count))
        if category not in PLURAL_CATEGORIES:
            category = "other"
        return self(f"{key}_{category}", count=count, **params)

    # formats in this language
    def money(self, amount: Any, paise: bool | None = None) -> str:
        return format_money(amount, self.locale, paise=paise)

    def number(self, value: Any) -> str:
        return format_number(value, self.locale)

    def date(self, value: dt.date | dt.datetime | str, style: str = "short") -> str:
        return format_date(value, self.locale, style=style)

    def qty(self, qty: Any, unit: str | None) -> str:
        """'2 किलो', '500 கிராம்'; an unknown unit is shown as given."""
        number = self.number(qty)
        if not unit:
            return number
        key = f"unit.{unit.strip().lower()}"
        name = self._messages.get(key, unit)
        return f"{number} {name}"

    def words(self, amount: Any) -> str:
        return amount_in_words(amount, self.locale)

    def language_name(self, lang: str) -> str:
        return NATIVE_NAMES[catalog_id(lang)]

    def plain(self, value: Any) -> str:
        """Default rendering of a parameter: numbers grouped, dates DD/MM/YYYY, lists joined."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return self("word.yes") if value else self("word.no")
        if isinstance(value, (int, Decimal, float)):
            return self.number(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return self.date(value)
        if isinstance(value, (list, tuple)):
            return ", ".join(self.plain(v) for v in value)
        return str(value)

    def lines(self, rows: Iterable[str], cap: int = 10) -> str:
        """Rows one a line, at most `cap`, then 'aur 12…' (list.more) for the rest."""
        items = list(rows)
        shown = items[:cap]
        if len(items) > cap:
            shown.append(self("list.more", n=len(items) - cap))
        return "\n".join(shown)


@lru_cache(maxsize=16)
def _plural_rule(lang: str) -> Any:
    return Locale.parse(lang).plural_form


@lru_cache(maxsize=32)
def _translator(locale: str) -> Translator:
    return Translator(locale)


def translator(lang: str, romanized: bool = False) -> Translator:
    """The translator for a language code ("hi", romanized=True -> Hinglish) or a catalog id."""
    return _translator(catalog_id(lang, romanized=romanized))


def format_qty(qty: Any, unit: str | None, lang: str = "en", romanized: bool = False) -> str:
    """A quantity with its unit in the user's language: '2 किलो', '500 கிராம்', '1.5 kg'."""
    return translator(lang, romanized).qty(qty, unit)


def reload_catalogs() -> None:
    """Forget loaded catalogs (after `pybabel compile` or an edit of a .po)."""
    load_messages.cache_clear()
    _translator.cache_clear()
