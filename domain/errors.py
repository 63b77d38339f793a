"""Domain errors, named as facts, with structured fields and no user text.

Each edge maps them: tools to a structured refusal, the bot to a message key in the user's language.

    DomainError
    ├── NotFound
    │   ├── UnknownShop          (shop)
    │   ├── UnknownUser          (phone or user id)
    │   ├── UnknownItem          (name, suggestions)
    │   ├── UnknownParty         (name, suggestions)
    │   └── UnknownVoucher       (voucher)
    ├── InvalidInput
    │   ├── InvalidQuantity      (qty, reason)
    │   ├── InvalidAmount        (amount, reason)
    │   ├── InvalidUnit          (unit)
    │   ├── IncompatibleUnits    (from_unit, to_unit)
    │   ├── InvalidPeriod        (period)
    │   └── InvalidArgument      (field, reason)
    ├── Conflict
    │   ├── DuplicateItem        (name)
    │   ├── DuplicateParty       (name)
    │   ├── DuplicatePhone       (phone)
    │   ├── DuplicateShop        (slug)
    │   ├── DuplicateInvoice     (invoice_no, party, voucher)
    │   └── DuplicateMessage     (source_message_id, voucher)
    ├── InsufficientStock        (item, available, requested, unit)
    ├── NothingToUndo            (user_id)
    └── UnbalancedVoucher        (difference_paise)   -- a bug, never the user's fault
"""

from __future__ import annotations

from decimal import Decimal


class DomainError(Exception):
    """Base of every domain error; `code` is a stable snake_case name for the edges."""

    code = "domain_error"

    def __init__(self, **fields: object) -> None:
        self.fields = fields
        super().__init__(", ".join(f"{k}={v!r}" for k, v in fields.items()))


class NotFound(DomainError):
    code = "not_found"


class UnknownShop(NotFound):
    code = "unknown_shop"

    def __init__(self, shop: int | str) -> None:
        self.shop = shop
        super().__init__(shop=shop)


class UnknownUser(NotFound):
    code = "unknown_user"

    def __init__(self, user: int | str) -> None:
        self.user = user
        super().__init__(user=user)


class UnknownItem(NotFound):
    code = "unknown_item"

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        super().__init__(name=name, suggestions=suggestions)


class UnknownParty(NotFound):
    code = "unknown_party"

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        super().__init__(name=name, suggestions=suggestions)


class UnknownVoucher(NotFound):
    code = "unknown_voucher"

    def __init__(self, voucher: int | str) -> None:
        self.voucher = voucher
        super().__init__(voucher=voucher)


class InvalidInput(DomainError):
    code = "invalid_arguments"


class InvalidQuantity(InvalidInput):
    code = "invalid_quantity"

    def __init__(self, qty: Decimal | int | str | None, reason: str) -> None:
        self.qty = qty
        self.reason = reason  # e.g. "not_positive", "too_large", "too_precise"
        super().__init__(qty=qty, reason=reason)


class InvalidAmount(InvalidInput):
    code = "invalid_amount"

    def __init__(self, amount: Decimal | int | str | None, reason: str) -> None:
        self.amount = amount
        self.reason = reason  # e.g. "not_positive", "too_large", "missing"
        super().__init__(amount=amount, reason=reason)


class InvalidUnit(InvalidInput):
    code = "invalid_unit"

    def __init__(self, unit: str) -> None:
        self.unit = unit
        super().__init__(unit=unit)


class IncompatibleUnits(InvalidInput):
    code = "incompatible_units"

    def __init__(self, from_unit: str, to_unit: str) -> None:
        self.from_unit = from_unit
        self.to_unit = to_unit
        super().__init__(from_unit=from_unit, to_unit=to_unit)


class InvalidPeriod(InvalidInput):
    code = "invalid_period"

    def __init__(self, period: object) -> None:
        self.period = period
        super().__init__(period=period)


class InvalidArgument(InvalidInput):
    code = "invalid_arguments"

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(field=field, reason=reason)


class Conflict(DomainError):
    code = "conflict"


class DuplicateItem(Conflict):
    code = "duplicate_item"

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name=name)


class DuplicateParty(Conflict):
    code = "duplicate_party"

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(name=name)


class DuplicatePhone(Conflict):
    code = "duplicate_phone"

    def __init__(self, phone: str) -> None:
        self.phone = phone
        super().__init__(phone=phone)


class DuplicateShop(Conflict):
    code = "duplicate_shop"

    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(slug=slug)


class DuplicateInvoice(Conflict):
    code = "duplicate_invoice"

    def __init__(self, invoice_no: str, party: str, voucher: str) -> None:
        self.invoice_no = invoice_no
        self.party = party
        self.voucher = voucher  # the number of the voucher that already books it
        super().__init__(invoice_no=invoice_no, party=party, voucher=voucher)


class DuplicateMessage(Conflict):
    code = "duplicate_message"

    def __init__(self, source_message_id: str, voucher: str) -> None:
        self.source_message_id = source_message_id
        self.voucher = voucher
        super().__init__(source_message_id=source_message_id, voucher=voucher)


class InsufficientStock(DomainError):
    code = "insufficient_stock"

    def __init__(self, item: str, available: Decimal, requested: Decimal, unit: str) -> None:
        self.item = item
        self.available = available
        self.requested = requested
        self.unit = unit
        super().__init__(item=item, available=available, requested=requested, unit=unit)


class NothingToUndo(DomainError):
    code = "nothing_to_undo"

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        super().__init__(user_id=user_id)


class UnbalancedVoucher(DomainError):
    code = "unbalanced_voucher"

    def __init__(self, difference_paise: int) -> None:
        self.difference_paise = difference_paise
        super().__init__(difference_paise=difference_paise)
