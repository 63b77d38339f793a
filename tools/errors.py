"""Domain errors as structured refusals: each fact becomes one of the tool error codes with its
fields as JSON-able details (the bot turns the code into `error.<code>` in the user's language).

| domain error                                  | code                 | details                              |
| --------------------------------------------- | -------------------- | ------------------------------------ |
| UnknownItem                                   | `unknown_item`       | item, suggestions                    |
| UnknownParty                                  | `unknown_party`      | party, suggestions, can_add          |
| InvalidQuantity/Amount/Unit/Period/Argument,  | `invalid_arguments`  | field, reason (and value)            |
| IncompatibleUnits                             |                      |                                      |
| DuplicateItem/Party/Phone/Shop                | `invalid_arguments`  | field, reason "already_exists", value |
| InsufficientStock                             | `insufficient_stock` | item, available, requested, unit     |
| DuplicateInvoice                              | `duplicate_invoice`  | invoice_no, party, voucher           |
| NothingToUndo                                 | `nothing_to_undo`    | -                                    |
| UnknownVoucher/User/Shop                      | `not_found`          | what, value                          |
| anything else (a bug)                         | `internal`           | -                                    |
"""

from __future__ import annotations

import logging

from domain import errors as e
from tools.context import ToolOutcome
from tools.present import jsonable

log = logging.getLogger(__name__)


def _invalid(exc: e.InvalidInput) -> tuple[str, dict]:
    if isinstance(exc, e.InvalidQuantity):
        return f"quantity {exc.qty}: {exc.reason}", {"field": "qty", "reason": exc.reason, "value": exc.qty}
    if isinstance(exc, e.InvalidAmount):
        return f"amount {exc.amount}: {exc.reason}", {"field": "amount", "reason": exc.reason, "value": exc.amount}
    if isinstance(exc, e.InvalidUnit):
        return f"unknown unit {exc.unit!r}", {"field": "unit", "reason": "unknown_unit", "value": exc.unit}
    if isinstance(exc, e.IncompatibleUnits):
        return (f"{exc.from_unit} cannot be converted to {exc.to_unit}",
                {"field": "unit", "reason": "incompatible_units", "value": exc.from_unit, "item_unit": exc.to_unit})
    if isinstance(exc, e.InvalidPeriod):
        return f"unknown period {exc.period!r}", {"field": "period", "reason": "unknown_period", "value": exc.period}
    if isinstance(exc, e.InvalidArgument):
        return f"{exc.field}: {exc.reason}", {"field": exc.field, "reason": exc.reason}
    return str(exc), {"field": "args", "reason": str(exc)}


_CONFLICT_FIELD = {e.DuplicateItem: "item", e.DuplicateParty: "party", e.DuplicatePhone: "phone", e.DuplicateShop: "shop"}


def refusal(tool: str, exc: e.DomainError, is_write: bool) -> ToolOutcome:
    """The structured refusal for a domain error raised while running `tool`."""
    if isinstance(exc, e.UnknownItem):
        names = ", ".join(exc.suggestions)
        return ToolOutcome.refused(
            tool, "unknown_item", f"no item {exc.name!r} in this shop" + (f"; closest: {names}" if names else ""),
            is_write, item=exc.name, suggestions=list(exc.suggestions),
        )
    if isinstance(exc, e.UnknownParty):
        names = ", ".join(exc.suggestions)
        return ToolOutcome.refused(
            tool, "unknown_party",
            f"no party {exc.name!r} in this shop" + (f"; closest: {names}" if names else "; add it with add_party"),
            is_write, party=exc.name, suggestions=list(exc.suggestions), can_add=True,
        )
    if isinstance(exc, e.InsufficientStock):
        return ToolOutcome.refused(
            tool, "insufficient_stock", f"only {exc.available} {exc.unit} of {exc.item} in stock", is_write,
            **jsonable({"item": exc.item, "available": exc.available, "requested": exc.requested, "unit": exc.unit}),
        )
    if isinstance(exc, e.DuplicateInvoice):
        return ToolOutcome.refused(
            tool, "duplicate_invoice", f"invoice {exc.invoice_no} of {exc.party} is already booked as {exc.voucher}",
            is_write, invoice_no=exc.invoice_no, party=exc.party, voucher=exc.voucher,
        )
    if isinstance(exc, e.NothingToUndo):
        return ToolOutcome.refused(tool, "nothing_to_undo", "nothing of yours is left to undo", is_write)
    if isinstance(exc, e.InvalidInput):
        message, details = _invalid(exc)
        return ToolOutcome.refused(tool, "invalid_arguments", message, is_write, **jsonable(details))
    for kind, field in _CONFLICT_FIELD.items():
        if isinstance(exc, kind):
            value = next(iter(exc.fields.values()), None)
            return ToolOutcome.refused(
                tool, "invalid_arguments", f"{field} {value!r} already exists", is_write,
                field=field, reason="already_exists", value=jsonable(value),
            )
    if isinstance(exc, e.NotFound):
        what, value = next(iter(exc.fields.items()), ("record", None))
        return ToolOutcome.refused(tool, "not_found", f"no {what} {value!r}", is_write, what=what, value=jsonable(value))
    log.error("tool %s failed with %r", tool, exc)
    return ToolOutcome.refused(tool, "internal", f"{type(exc).__name__}", is_write)
