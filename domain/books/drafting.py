"""The steps every voucher use case shares: starting a draft (shop, user, party, payment checked),
reading a line's quantities in the said and the item's unit, pricing it, adding it with its tax
split, and committing. Pure arithmetic lives in `domain.gst` and `domain.units`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from domain.books.common import positive_paise, require_shop, require_user, resolve_item, resolve_party
from domain.books.posting import Draft, commit_draft, lock_items, posted
from domain.books.types import LineInput, PostedVoucher
from domain.chart import PAYMENT_MODES
from domain.errors import InvalidAmount, InvalidArgument
from domain.gst import TaxSplit, is_inter_state, rate_to_bp
from domain.money import round_to_int
from domain.store.models import Item, VoucherLine
from domain.units import normalise_unit, to_milli

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork


def start_draft(
    uow: UnitOfWork,
    shop_id: int,
    voucher_type: str,
    *,
    user_id: int | None,
    on: date,
    party: str | None,
    payment: str | None,
    narration: str | None,
    source_message_id: str | None,
) -> Draft:
    shop = require_shop(uow, shop_id)
    if user_id is not None:
        require_user(uow, shop_id, user_id)
    mode = payment.strip().lower() if payment else None
    if mode is not None and mode not in PAYMENT_MODES:
        raise InvalidArgument("payment", "unknown_mode")
    found = resolve_party(uow, shop_id, party) if party and party.strip() else None
    return Draft(
        shop=shop,
        type=voucher_type,
        on=on,
        user_id=user_id,
        party=found,
        payment=mode,
        narration=narration,
        source_message_id=source_message_id or None,
    )


def party_kind(draft: Draft) -> str | None:
    return draft.party.kind if draft.party else None


def quantities(item: Item, line: LineInput) -> tuple[str, int, int]:
    """(unit said, qty in that unit in milli, qty in the item's unit in milli)."""
    unit_said = normalise_unit(line.unit) if line.unit else item.unit
    qty_milli = to_milli(line.qty, unit_said, item.unit)
    qty_said_milli = to_milli(line.qty, unit_said, unit_said)
    return unit_said, qty_said_milli, qty_milli


def line_gross(line: LineInput, qty_said_milli: int, qty_milli: int, default_rate_paise: int | Decimal) -> int:
    """The line's money: the amount said, else rate said x qty said, else the default rate (paise
    per the item's unit, exact when it is a Decimal)."""
    if line.amount is not None:
        return positive_paise(line.amount)
    if line.rate is not None:
        rate = positive_paise(line.rate, "rate")
        gross = round_to_int(Decimal(rate) * qty_said_milli / 1000)
    else:
        if default_rate_paise <= 0:
            raise InvalidAmount(None, "no_price")
        gross = round_to_int(Decimal(default_rate_paise) * qty_milli / 1000)
    if gross <= 0:
        raise InvalidAmount(gross, "not_positive")
    return gross


def line_rate_bp(line: LineInput, item: Item) -> int:
    return rate_to_bp(line.gst_rate) if line.gst_rate is not None else item.gst_rate_bp


def add_line(
    draft: Draft,
    item: Item,
    unit_said: str,
    qty_said_milli: int,
    qty_milli: int,
    split: TaxSplit,
    rate_bp: int,
    cost: int,
) -> None:
    draft.lines.append(
        VoucherLine(
            line_no=len(draft.lines) + 1,
            item_id=item.id,
            qty_said_milli=qty_said_milli,
            unit_said=unit_said,
            qty_milli=qty_milli,
            rate_paise=round_to_int(Decimal(split.total) * 1000 / qty_said_milli) if qty_said_milli else 0,
            taxable_paise=split.taxable,
            gst_rate_bp=rate_bp,
            cgst_paise=split.cgst,
            sgst_paise=split.sgst,
            igst_paise=split.igst,
            total_paise=split.total,
            cost_paise=cost,
        )
    )
    draft.line_names.append((item.name, item.unit))
    draft.total += split.total
    draft.taxable += split.taxable
    draft.add_tax(split.cgst, split.sgst, split.igst)


def post_tax(draft: Draft, split: TaxSplit, side: str, sign: int) -> None:
    """Post a split's tax on the output (sales) or input (ITC) accounts, debit when sign > 0."""
    draft.post(f"gst_{side}_cgst", sign * split.cgst)
    draft.post(f"gst_{side}_sgst", sign * split.sgst)
    draft.post(f"gst_{side}_igst", sign * split.igst)


def locked_items(uow: UnitOfWork, shop_id: int, lines: Sequence[LineInput]) -> list[Item]:
    if not lines:
        raise InvalidArgument("items", "empty")
    found = [resolve_item(uow, shop_id, line.item) for line in lines]
    locked = lock_items(uow, shop_id, found)
    return [locked[item.id] for item in found]


def inter_state(draft: Draft, place_of_supply: str | None = None) -> bool:
    party_state = draft.party.state_code if draft.party else None
    return is_inter_state(draft.shop.state_code, party_state, place_of_supply)


def finish(uow: UnitOfWork, draft: Draft, count: int = 1) -> PostedVoucher:
    voucher = commit_draft(uow, draft, count=count)
    return posted(draft, voucher)
