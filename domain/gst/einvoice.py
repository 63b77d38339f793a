"""E-invoice (FORM GST INV-01, schema 1.1) for a B2B sale (gst.md §3), and the e-way bill for a
consignment above ₹50,000 in the portal's bulk-upload form (gst.md §4).

What the schema requires and the books lack (a PIN code, an address, 6-digit HSN) comes back as a
problem; what does not make the file wrong (e-invoicing not mandatory at the shop's turnover, an
e-way bill below the threshold) as a notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.gst.classify import amount, pos_of, rate_number, registered, slash_date
from domain.gst.master import (
    EINVOICE_AATO_ABOVE_PAISE,
    EWAY_BILL_ABOVE_PAISE,
    hsn_digits_required,
    hsn_problem,
    is_invoice_number,
    is_service,
    uqc_of,
)
from domain.gst.model import GstDoc, GstLine, Problem

EWB_VERSION = "1.0.0621"
VEHICLE = "^[A-Z]{2}[0-9A-Z]{1,3}[A-Z]{0,3}[0-9]{4}$"


@dataclass(frozen=True, slots=True)
class Seller:
    gstin: str
    name: str
    address: str | None
    city: str | None
    pincode: str | None
    state: str
    composition: bool = False


def _q3(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def _pin(pincode: str | None, who: str, problems: list[Problem]) -> int | None:
    if pincode and pincode.isdigit() and 100000 <= int(pincode) <= 999999:
        return int(pincode)
    problems.append(Problem("pincode_missing", {"party": who}))
    return None


def _text(value: str | None, low: int, high: int, field: str, problems: list[Problem]) -> str | None:
    if value and low <= len(value.strip()) <= high:
        return value.strip()
    problems.append(Problem("field_missing", {"field": field}))
    return value.strip()[:high] if value else None


def _item(n: int, line: GstLine, problems: list[Problem], aato_paise: int) -> dict:
    qty = Decimal(abs(line.qty_milli)) / 1000
    hsn = line.hsn or ""
    if hsn_problem(hsn, aato_paise) or len(hsn) > 8:
        problems.append(Problem("hsn_invalid", {"item": line.item, "hsn": hsn, "digits": hsn_digits_required(aato_paise)}))
    unit_price = Decimal(line.taxable) / 100 / qty if qty else Decimal(0)
    return {
        "SlNo": str(n), "PrdDesc": line.item[:300], "IsServc": "Y" if is_service(hsn) else "N", "HsnCd": hsn,
        "Qty": _q3(qty), "Unit": uqc_of(line.unit, hsn), "UnitPrice": _q3(unit_price),
        "TotAmt": amount(line.taxable), "Discount": 0, "AssAmt": amount(line.taxable), "GstRt": rate_number(line.rate_bp),
        "IgstAmt": amount(line.igst), "CgstAmt": amount(line.cgst), "SgstAmt": amount(line.sgst),
        "CesRt": 0, "CesAmt": 0, "CesNonAdvlAmt": 0, "StateCesRt": 0, "StateCesAmt": 0, "StateCesNonAdvlAmt": 0,
        "OthChrg": 0, "TotItemVal": amount(line.taxable + line.tax),
    }


def build_einvoice(seller: Seller, doc: GstDoc, aato_paise: int) -> tuple[dict, list[Problem], list[Problem]]:
    """(INV-01 payload, problems, notices) for a sale or credit note to a registered buyer."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    if doc.type not in ("sale", "sale_return") or not registered(doc):
        problems.append(Problem("einvoice_needs_registered_buyer", {"voucher": doc.number}))
    if not doc.live:
        problems.append(Problem("voucher_cancelled", {"voucher": doc.number}))
    if aato_paise <= EINVOICE_AATO_ABOVE_PAISE:
        notices.append(Problem("einvoice_not_mandatory", {"aato": aato_paise / 100, "above": EINVOICE_AATO_ABOVE_PAISE / 100}))
    if not is_invoice_number(doc.number):
        problems.append(Problem("invoice_number_invalid", {"voucher": doc.number}))
    pos = pos_of(doc, seller.state)
    items = [_item(n, ln, problems, aato_paise) for n, ln in enumerate(doc.lines, start=1)]
    sums = {k: sum(getattr(ln, k) for ln in doc.lines) for k in ("taxable", "cgst", "sgst", "igst")}
    total = sum(sums.values())
    payload = {
        "Version": "1.1",
        "TranDtls": {"TaxSch": "GST", "SupTyp": "B2B", "RegRev": "N", "IgstOnIntra": "N"},
        "DocDtls": {"Typ": "INV" if doc.type == "sale" else "CRN", "No": doc.number, "Dt": slash_date(doc.date)},
        "SellerDtls": {"Gstin": seller.gstin, "LglNm": _text(seller.name, 3, 100, "seller.LglNm", problems),
                       "Addr1": _text(seller.address, 1, 100, "seller.Addr1", problems),
                       "Loc": _text(seller.city, 3, 50, "seller.Loc", problems),
                       "Pin": _pin(seller.pincode, "seller", problems), "Stcd": seller.state},
        "BuyerDtls": {"Gstin": doc.party_gstin, "LglNm": _text(doc.party, 3, 100, "buyer.LglNm", problems), "Pos": pos,
                      "Addr1": _text(doc.party_address, 1, 100, "buyer.Addr1", problems),
                      "Loc": _text(doc.party_city, 3, 100, "buyer.Loc", problems),
                      "Pin": _pin(doc.party_pincode, "buyer", problems), "Stcd": (doc.party_gstin or "")[:2]},
        "ItemList": items,
        "ValDtls": {"AssVal": amount(sums["taxable"]), "CgstVal": amount(sums["cgst"]), "SgstVal": amount(sums["sgst"]),
                    "IgstVal": amount(sums["igst"]), "CesVal": 0, "StCesVal": 0, "Discount": 0, "OthChrg": 0,
                    "RndOffAmt": amount(doc.total - total), "TotInvVal": amount(doc.total)},
    }
    if abs(doc.total - total) > 9999:
        problems.append(Problem("round_off_too_large", {"round_off": (doc.total - total) / 100}))
    return payload, problems, notices


def build_ewaybill(seller: Seller, doc: GstDoc, *, vehicle: str | None = None,
                   distance_km: int | None = None) -> tuple[dict, list[Problem], list[Problem]]:
    """(bulk-upload payload with one bill, problems, notices) for a sale's consignment."""
    problems: list[Problem] = []
    notices: list[Problem] = []
    if doc.type != "sale" or not doc.live:
        problems.append(Problem("ewaybill_needs_live_sale", {"voucher": doc.number}))
    value = sum(ln.taxable + ln.tax for ln in doc.lines if ln.rate_bp) or doc.total
    if value <= EWAY_BILL_ABOVE_PAISE:
        notices.append(Problem("ewaybill_not_required", {"value": value / 100, "above": EWAY_BILL_ABOVE_PAISE / 100}))
    if distance_km is None:
        notices.append(Problem("distance_not_given", {}))
    pos = pos_of(doc, seller.state)
    to_pin = _pin(doc.party_pincode, "buyer", problems)
    sums = {k: sum(getattr(ln, k) for ln in doc.lines) for k in ("taxable", "cgst", "sgst", "igst")}
    main_hsn = max(doc.lines, key=lambda ln: ln.taxable).hsn if doc.lines else None
    bill = {
        "userGstin": seller.gstin, "supplyType": "O", "subSupplyType": 1, "subSupplyDesc": "",
        "docType": "BIL" if seller.composition else "INV", "docNo": doc.number, "docDate": slash_date(doc.date),
        "transType": 1,
        "fromGstin": seller.gstin, "fromTrdName": seller.name, "fromAddr1": seller.address or "", "fromAddr2": "",
        "fromPlace": seller.city or "", "fromPincode": _pin(seller.pincode, "seller", problems),
        "fromStateCode": int(seller.state), "actualFromStateCode": int(seller.state),
        "toGstin": doc.party_gstin if registered(doc) else "URP", "toTrdName": doc.party or "",
        "toAddr1": doc.party_address or "", "toAddr2": "", "toPlace": doc.party_city or "", "toPincode": to_pin,
        "toStateCode": int(pos), "actualToStateCode": int(pos),
        "totalValue": amount(sums["taxable"]), "cgstValue": amount(sums["cgst"]), "sgstValue": amount(sums["sgst"]),
        "igstValue": amount(sums["igst"]), "cessValue": 0, "TotNonAdvolVal": 0,
        "OthValue": amount(doc.total - sum(sums.values())), "totInvValue": amount(doc.total),
        "transMode": 1, "transDistance": str(distance_km or 0), "transporterName": "", "transporterId": "",
        "transDocNo": "", "transDocDate": "", "vehicleNo": (vehicle or "").replace(" ", "").upper(), "vehicleType": "R",
        "mainHsnCode": int(main_hsn) if main_hsn and main_hsn.isdigit() else None,
        "itemList": [_ewb_item(n, ln, seller.state, pos) for n, ln in enumerate(doc.lines[:250], start=1)],
    }
    if len(doc.lines) > 250:
        problems.append(Problem("ewaybill_too_many_items", {"items": len(doc.lines)}))
    return {"version": EWB_VERSION, "billLists": [bill]}, problems, notices


def _ewb_item(n: int, line: GstLine, home: str, pos: str) -> dict:
    rate = rate_number(line.rate_bp)
    inter = pos != home
    return {
        "itemNo": n, "productName": line.item, "productDesc": line.item,
        "hsnCode": int(line.hsn) if line.hsn and line.hsn.isdigit() else None,
        "quantity": float(Decimal(abs(line.qty_milli)) / 1000), "qtyUnit": uqc_of(line.unit, line.hsn),
        "taxableAmount": amount(line.taxable), "sgstRate": 0 if inter else rate / 2,
        "cgstRate": 0 if inter else rate / 2, "igstRate": rate if inter else 0, "cessRate": 0, "cessNonAdvol": 0,
    }
