"""Tally XML: the shop's masters and a period's vouchers as one TallyPrime import envelope.

    ENVELOPE / HEADER (TALLYREQUEST Import Data)
             / BODY / IMPORTDATA / REQUESTDESC (REPORTNAME Vouchers, SVCURRENTCOMPANY)
                                 / REQUESTDATA / TALLYMESSAGE*: units, ledgers, stock items, then vouchers

Each voucher's ledger entries are its postings: a debit is ISDEEMEDPOSITIVE Yes with a negative
AMOUNT, a credit ISDEEMEDPOSITIVE No with a positive AMOUNT (Tally's signs), so a voucher's AMOUNTs
sum to zero as its postings do. A party's postings on debtors or creditors go to the party's own
ledger under Sundry Debtors or Sundry Creditors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from domain.books.common import require_shop
from domain.chart import CHART
from domain.gst import bp_to_rate
from domain.periods import Period

if TYPE_CHECKING:
    from domain.store.uow import SqlUnitOfWork

# Our account code -> Tally's predefined group.
GROUP_OF = {
    "cash": "Cash-in-Hand",
    "bank": "Bank Accounts",
    "debtors": "Sundry Debtors",
    "stock": "Current Assets",
    "gst_input_cgst": "Duties & Taxes",
    "gst_input_sgst": "Duties & Taxes",
    "gst_input_igst": "Duties & Taxes",
    "creditors": "Sundry Creditors",
    "gst_output_cgst": "Duties & Taxes",
    "gst_output_sgst": "Duties & Taxes",
    "gst_output_igst": "Duties & Taxes",
    "capital": "Capital Account",
    "sales": "Sales Accounts",
    "purchases": "Purchase Accounts",
    "cogs": "Direct Expenses",
}
DUTY_HEAD = {"cgst": "Central Tax", "sgst": "State Tax", "igst": "Integrated Tax"}
VOUCHER_TYPE = {
    "sale": "Sales",
    "purchase": "Purchase",
    "sale_return": "Credit Note",
    "purchase_return": "Debit Note",
    "receipt": "Receipt",
    "payment": "Payment",
    "expense": "Payment",
}
DECIMAL_UNITS = frozenset({"kg", "g", "l", "ml"})
PARTY_GROUP = {"debtors": "Sundry Debtors", "creditors": "Sundry Creditors"}


@dataclass(frozen=True, slots=True)
class TallySummary:
    ledgers: int
    stock_items: int
    units: int
    vouchers: int


def _rupees(paise: int) -> str:
    return f"{Decimal(paise) / 100:.2f}"


def _sub(parent: ET.Element, tag: str, text: Any = None) -> ET.Element:
    node = ET.SubElement(parent, tag)
    if text is not None:
        node.text = str(text)
    return node


def _message(data: ET.Element) -> ET.Element:
    return _sub(data, "TALLYMESSAGE", None)


def _group(code: str) -> str:
    return GROUP_OF.get(code, "Indirect Expenses")


def _account_ledger(data: ET.Element, code: str, name: str) -> None:
    ledger = ET.SubElement(_message(data), "LEDGER", NAME=name, ACTION="Create")
    names = _sub(ledger, "NAME.LIST")
    _sub(names, "NAME", name)
    _sub(ledger, "PARENT", _group(code))
    _sub(ledger, "ISBILLWISEON", "No")
    if code.startswith("gst_"):
        _sub(ledger, "TAXTYPE", "GST")
        _sub(ledger, "GSTDUTYHEAD", DUTY_HEAD[code.rsplit("_", 1)[-1]])


def _party_ledger(data: ET.Element, party: Any) -> None:
    ledger = ET.SubElement(_message(data), "LEDGER", NAME=party.name, ACTION="Create")
    names = _sub(ledger, "NAME.LIST")
    _sub(names, "NAME", party.name)
    _sub(ledger, "PARENT", "Sundry Debtors" if party.kind == "customer" else "Sundry Creditors")
    _sub(ledger, "ISBILLWISEON", "Yes")
    if party.phone:
        _sub(ledger, "LEDGERMOBILE", party.phone)
    _sub(ledger, "GSTREGISTRATIONTYPE", "Regular" if party.gstin else "Unregistered/Consumer")
    if party.gstin:
        _sub(ledger, "PARTYGSTIN", party.gstin)


def _unit(data: ET.Element, unit: str) -> None:
    node = ET.SubElement(_message(data), "UNIT", NAME=unit, ACTION="Create")
    _sub(node, "NAME", unit)
    _sub(node, "ISSIMPLEUNIT", "Yes")
    _sub(node, "DECIMALPLACES", 3 if unit in DECIMAL_UNITS else 0)


def _stock_item(data: ET.Element, item: Any) -> None:
    node = ET.SubElement(_message(data), "STOCKITEM", NAME=item.name, ACTION="Create")
    names = _sub(node, "NAME.LIST")
    _sub(names, "NAME", item.name)
    _sub(node, "PARENT", "")
    _sub(node, "BASEUNITS", item.unit)
    _sub(node, "GSTAPPLICABLE", "Applicable")
    gst = _sub(node, "GSTDETAILS.LIST")
    _sub(gst, "APPLICABLEFROM", "20170701")
    _sub(gst, "HSNCODE", item.hsn or "")
    _sub(gst, "TAXABILITY", "Taxable" if item.gst_rate_bp else "Exempt")
    states = _sub(gst, "STATEWISEDETAILS.LIST")
    _sub(states, "STATENAME", "Any")
    half = bp_to_rate(item.gst_rate_bp) / 2
    for head, rate in (("Central Tax", half), ("State Tax", half), ("Integrated Tax", bp_to_rate(item.gst_rate_bp))):
        details = _sub(states, "RATEDETAILS.LIST")
        _sub(details, "GSTRATEDUTYHEAD", head)
        _sub(details, "GSTRATE", f"{rate.normalize():f}")


def _ledger_name(code: str, account_name: str, party: str | None) -> str:
    return party if party and code in PARTY_GROUP else account_name


def _voucher(data: ET.Element, row: tuple[Any, ...], postings: list[tuple[Any, ...]]) -> None:
    (_, vtype, number, day, party, _, _, _, narration, invoice_no, *_rest) = row
    reverses = row[15]
    tally_type = VOUCHER_TYPE.get(vtype, "Journal")
    node = ET.SubElement(_message(data), "VOUCHER", VCHTYPE=tally_type, ACTION="Create",
                         OBJVIEW="Accounting Voucher View")
    _sub(node, "DATE", day.strftime("%Y%m%d"))
    _sub(node, "EFFECTIVEDATE", day.strftime("%Y%m%d"))
    _sub(node, "VOUCHERTYPENAME", tally_type)
    _sub(node, "VOUCHERNUMBER", number)
    if invoice_no:
        _sub(node, "REFERENCE", invoice_no)
    if party:
        _sub(node, "PARTYLEDGERNAME", party)
    text = narration or ""
    if reverses:
        text = f"Reverses {reverses}. {text}".strip()
    _sub(node, "NARRATION", text)
    _sub(node, "PERSISTEDVIEW", "Accounting Voucher View")
    merged: dict[tuple[str, bool], int] = defaultdict(int)
    for _, code, account_name, _, party_name, amount in postings:
        ledger = _ledger_name(code, account_name, party_name)
        merged[(ledger, code in PARTY_GROUP and bool(party_name))] += int(amount)
    for (ledger, is_party), amount in merged.items():
        if not amount:
            continue
        entry = _sub(node, "ALLLEDGERENTRIES.LIST")
        _sub(entry, "LEDGERNAME", ledger)
        _sub(entry, "ISDEEMEDPOSITIVE", "Yes" if amount > 0 else "No")
        _sub(entry, "ISPARTYLEDGER", "Yes" if is_party else "No")
        _sub(entry, "AMOUNT", _rupees(-amount))


def build(uow: SqlUnitOfWork, shop_id: int, period: Period) -> tuple[ET.ElementTree, TallySummary]:
    """The import envelope for the shop's masters and the vouchers dated within `period`."""
    shop = require_shop(uow, shop_id)
    envelope = ET.Element("ENVELOPE")
    header = _sub(envelope, "HEADER")
    _sub(header, "TALLYREQUEST", "Import Data")
    importdata = _sub(_sub(envelope, "BODY"), "IMPORTDATA")
    desc = _sub(importdata, "REQUESTDESC")
    _sub(desc, "REPORTNAME", "Vouchers")
    _sub(_sub(desc, "STATICVARIABLES"), "SVCURRENTCOMPANY", shop.name)
    data = _sub(importdata, "REQUESTDATA")

    items = uow.items.list(shop_id)
    units = sorted({i.unit for i in items})
    for unit in units:
        _unit(data, unit)
    names = {code: name for code, name, _ in CHART}
    chart = uow.accounts.by_code(shop_id)
    for code in chart:
        _account_ledger(data, code, chart[code].name or names.get(code, code))
    parties = uow.parties.list(shop_id)
    for party in parties:
        _party_ledger(data, party)
    for item in items:
        _stock_item(data, item)

    by_voucher: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for posting in uow.exchange.postings(shop_id, period.start, period.end):
        by_voucher[posting[0]].append(posting)
    vouchers = uow.exchange.vouchers(shop_id, period.start, period.end)
    for row in vouchers:
        _voucher(data, row, by_voucher.get(row[0], []))
    summary = TallySummary(len(chart) + len(parties), len(items), len(units), len(vouchers))
    return ET.ElementTree(envelope), summary


def write(uow: SqlUnitOfWork, shop_id: int, period: Period, out: IO[bytes]) -> TallySummary:
    """Write the envelope as UTF-8 XML to `out`."""
    tree, summary = build(uow, shop_id, period)
    ET.indent(tree, space=" ")
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return summary
