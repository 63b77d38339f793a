"""Undo and look-ups of posted vouchers: a reversing voucher for the user's latest entry, and
finding a voucher by its number, its source message or as the latest of a kind."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from domain.books.common import require_shop, require_user, resolve_party
from domain.books.posting import Draft, commit_draft, lock_items, move_stock, posted
from domain.books.types import PostedVoucher
from domain.errors import NothingToUndo, UnknownVoucher
from domain.store.models import Party, Voucher, VoucherLine

if TYPE_CHECKING:
    from domain.books.ports import UnitOfWork


def undo_last(
    uow: UnitOfWork,
    shop_id: int,
    *,
    user_id: int,
    on: date | None = None,
    source_message_id: str | None = None,
) -> PostedVoucher:
    """Reverse this user's latest voucher not yet reversed (and not itself a reversal) with a
    reversing voucher of the same type and series: postings negated, stock moves reversed at their
    original cost, last first (an undo out of order can leave goods on hand without a value; they
    are revalued as `posting.revaluation` says), totals negative. It is dated like the original,
    so every report of that day nets to zero (`on` is accepted for symmetry and not used). Returns
    the reversal (`reverses` = the original number). NothingToUndo."""
    shop = require_shop(uow, shop_id)
    require_user(uow, shop_id, user_id)
    original = uow.ledger.last_undoable(shop_id, user_id)
    if original is None:
        raise NothingToUndo(user_id)
    party = uow.parties.get(shop_id, original.party_id) if original.party_id else None
    d = Draft(
        shop=shop,
        type=original.type,
        on=original.date,
        user_id=user_id,
        party=party,
        payment=original.payment_mode,
        narration=f"undo {original.number}",
        category=original.category,
        source_message_id=source_message_id or None,
        reverses=original,
        place_of_supply=original.place_of_supply,
    )
    codes = {a.id: a.code for a in uow.accounts.by_code(shop_id).values()}
    for posting in uow.ledger.postings(shop_id, original.id):
        key = (codes[posting.account_id], posting.party_id)
        d.postings[key] = d.postings.get(key, 0) - posting.amount_paise
    moves = uow.ledger.moves(shop_id, original.id)
    items = {m.item_id: uow.items.get(shop_id, m.item_id) for m in moves}
    locked = lock_items(uow, shop_id, [i for i in items.values() if i is not None])
    for move in reversed(moves):  # last move first, so each one meets the stock it left
        move_stock(d, locked[move.item_id], -move.qty_milli, -move.value_paise)
    for line in uow.ledger.lines(shop_id, original.id):
        item = locked.get(line.item_id) or uow.items.get(shop_id, line.item_id)
        assert item is not None
        d.lines.append(
            VoucherLine(
                line_no=line.line_no,
                item_id=line.item_id,
                qty_said_milli=-line.qty_said_milli,
                unit_said=line.unit_said,
                qty_milli=-line.qty_milli,
                rate_paise=line.rate_paise,
                taxable_paise=-line.taxable_paise,
                gst_rate_bp=line.gst_rate_bp,
                cgst_paise=-line.cgst_paise,
                sgst_paise=-line.sgst_paise,
                igst_paise=-line.igst_paise,
                total_paise=-line.total_paise,
                cost_paise=-line.cost_paise,
            )
        )
        d.line_names.append((item.name, item.unit))
    d.total, d.taxable = -original.total_paise, -original.taxable_paise
    d.add_tax(-original.cgst_paise, -original.sgst_paise, -original.igst_paise)
    voucher = commit_draft(uow, d, count=-1)
    if not uow.ledger.mark_reversed(shop_id, original.id, voucher.id):
        raise NothingToUndo(user_id)
    return posted(d, voucher)


def _load(uow: UnitOfWork, shop_id: int, voucher: Voucher) -> PostedVoucher:
    shop = require_shop(uow, shop_id)
    party: Party | None = uow.parties.get(shop_id, voucher.party_id) if voucher.party_id else None
    reverses = uow.ledger.get(shop_id, voucher.reverses_voucher_id) if voucher.reverses_voucher_id else None
    d = Draft(
        shop=shop,
        type=voucher.type,
        on=voucher.date,
        user_id=voucher.created_by_user_id,
        party=party,
        reverses=reverses,
    )
    for line in uow.ledger.lines(shop_id, voucher.id):
        item = uow.items.get(shop_id, line.item_id)
        assert item is not None
        d.lines.append(line)
        d.line_names.append((item.name, item.unit))
    return posted(d, voucher)


def find_by_source_message(uow: UnitOfWork, shop_id: int, source_message_id: str) -> PostedVoucher | None:
    """The voucher posted for this message, if any (idempotent redelivery)."""
    voucher = uow.ledger.by_source_message(shop_id, source_message_id)
    return _load(uow, shop_id, voucher) if voucher else None


def get_voucher(uow: UnitOfWork, shop_id: int, number: str) -> PostedVoucher:
    """A voucher by its number; UnknownVoucher."""
    voucher = uow.ledger.by_number(shop_id, number)
    if voucher is None:
        raise UnknownVoucher(number)
    return _load(uow, shop_id, voucher)


def last_voucher(
    uow: UnitOfWork, shop_id: int, type: str | None = None, party: str | None = None
) -> PostedVoucher | None:
    """The latest live voucher of the shop (optionally of a type and/or party), e.g. for share_bill."""
    party_id = resolve_party(uow, shop_id, party).id if party else None
    voucher = uow.ledger.latest(shop_id, type, party_id)
    return _load(uow, shop_id, voucher) if voucher else None
