"""The message ids other packages call (the contract of /docs/design.md "locales -> bot").

`N_` marks a message id for `pybabel extract` (keyword N_) and returns it unchanged, so ids that
code builds at run time (error codes, units, periods) still reach locales/catalogs/munshi.pot.
Every id here is in every catalog (tests/unit/locales check it).
"""

from __future__ import annotations


def N_(key: str) -> str:
    """Mark a message id for extraction."""
    return key


CONVERSATION = (
    N_("onboarding.welcome"), N_("onboarding.ask_language"), N_("onboarding.ask_shop_name"),
    N_("onboarding.ask_owner_name"), N_("onboarding.done"),
    N_("greeting.reply"), N_("help.text"), N_("unknown.reply"), N_("unknown.word"),
    N_("confirm.ask"), N_("confirm.cancelled"), N_("confirm.nothing_pending"), N_("confirm.expired"),
    N_("undo.hint"), N_("undo.done"), N_("language.set"), N_("list.more"),
    N_("reminder.customer"), N_("reminder.customer_recent"),
)

ERRORS = (
    N_("error.internal"), N_("error.permission_denied"), N_("error.unknown_item"),
    N_("error.unknown_item_new"), N_("error.unknown_party"), N_("error.invalid_arguments"),
    N_("error.insufficient_stock"), N_("error.duplicate_invoice"), N_("error.nothing_to_undo"),
    N_("error.not_found"), N_("error.not_supported"), N_("error.rate_limited"),
    N_("error.media_too_large"), N_("error.media_unsupported"),
)

VOICE = (
    N_("voice.heard"), N_("voice.empty"), N_("voice.corrupt"), N_("voice.too_long"),
    N_("voice.unsupported"), N_("voice.not_understood"),
)

OCR = (
    N_("ocr.card"), N_("ocr.ask_confirm"), N_("ocr.field_doubt"), N_("ocr.unreadable"),
    N_("ocr.not_invoice"), N_("ocr.too_large"), N_("ocr.booked"), N_("ocr.duplicate"),
    N_("ocr.edit_applied"), N_("ocr.unknown_items"),
    N_("ocr.field.supplier"), N_("ocr.field.invoice_no"), N_("ocr.field.date"),
    N_("ocr.field.total"), N_("ocr.field.tax"), N_("ocr.field.gstin"),
)

UNITS = {"kg": N_("unit.kg"), "g": N_("unit.g"), "l": N_("unit.l"), "ml": N_("unit.ml"), "pc": N_("unit.pc"), "dozen": N_("unit.dozen"), "pack": N_("unit.pack"), "box": N_("unit.box"), "bag": N_("unit.bag")}
PAYMENTS = {"cash": N_("payment.cash"), "upi": N_("payment.upi"), "credit": N_("payment.credit"), "card": N_("payment.card"), "bank": N_("payment.bank")}
CATEGORIES = {"rent": N_("category.rent"), "salary": N_("category.salary"), "electricity": N_("category.electricity"), "transport": N_("category.transport"), "repairs": N_("category.repairs"), "tea_snacks": N_("category.tea_snacks"), "packaging": N_("category.packaging"), "phone": N_("category.phone"), "other": N_("category.other")}
PARTY_KINDS = {"customer": N_("kind.customer"), "supplier": N_("kind.supplier")}
ROLES = {"owner": N_("role.owner"), "manager": N_("role.manager"), "accountant": N_("role.accountant"), "staff": N_("role.staff")}
FIELDS = {"item": N_("field.item"), "qty": N_("field.qty"), "unit": N_("field.unit"), "rate": N_("field.rate"), "amount": N_("field.amount"), "party": N_("field.party"), "payment": N_("field.payment"), "date": N_("field.date"), "period": N_("field.period"), "category": N_("field.category"), "phone": N_("field.phone"), "name": N_("field.name"), "role": N_("field.role"), "gstin": N_("field.gstin"), "other": N_("field.other")}
PERIODS = {"today": N_("period.today"), "yesterday": N_("period.yesterday"), "this_week": N_("period.this_week"), "last_week": N_("period.last_week"), "this_month": N_("period.this_month"), "last_month": N_("period.last_month"), "this_year": N_("period.this_year"), "last_year": N_("period.last_year")}
# The same periods before a noun they qualify ("আজকের বিক্রি"), read through `{period:of}`.
PERIODS_OF = {"today": N_("period.today_of"), "yesterday": N_("period.yesterday_of"), "this_week": N_("period.this_week_of"), "last_week": N_("period.last_week_of"), "this_month": N_("period.this_month_of"), "last_month": N_("period.last_month_of"), "this_year": N_("period.this_year_of"), "last_year": N_("period.last_year_of")}
WORDS = (N_("word.yes"), N_("word.no"))
# Counted nouns that messages name in a placeholder, `{days:count.days}`, rather than in code.
COUNTED = (N_("count.days_one"), N_("count.days_other"), N_("count.items_one"), N_("count.items_other"),
           N_("count.from_customers_one"), N_("count.from_customers_other"))

# Tool error codes (docs/design.md "tools -> bot") and the reply each gets.
ERROR_KEYS = {
    "invalid_arguments": N_("error.invalid_arguments"),
    "unknown_item": N_("error.unknown_item"),
    "unknown_party": N_("error.unknown_party"),
    "permission_denied": N_("error.permission_denied"),
    "insufficient_stock": N_("error.insufficient_stock"),
    "duplicate_invoice": N_("error.duplicate_invoice"),
    "nothing_to_undo": N_("error.nothing_to_undo"),
    "not_found": N_("error.not_found"),
    "not_supported": N_("error.not_supported"),
    "internal": N_("error.internal"),
}

CONTRACT_KEYS: tuple[str, ...] = (
    *CONVERSATION, *ERRORS, *VOICE, *OCR, *UNITS.values(), *PAYMENTS.values(),
    *CATEGORIES.values(), *PARTY_KINDS.values(), *ROLES.values(), *FIELDS.values(),
    *PERIODS.values(), *PERIODS_OF.values(), *WORDS, *COUNTED,
)
