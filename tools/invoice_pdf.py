"""A sale voucher as a one-page GST invoice PDF (fpdf2, DejaVu Sans so ₹ prints).

A regular shop issues a TAX INVOICE (Rule 46): supplier and recipient GSTIN, place of supply, HSN,
taxable value and the CGST+SGST or IGST split per line. A composition shop issues a BILL OF SUPPLY
(Rule 49) headed with the Rule 5(1)(f) words "composition taxable person, not eligible to collect
tax on supplies", and shows no tax.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from num2words import num2words

from domain.books.types import PartyInfo, PostedLine, PostedVoucher, ShopInfo
from domain.money import Money, round_to_int

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
FONT_FILES = {"": ("DejaVuSans.ttf", "NotoSans-Regular.ttf"), "B": ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf")}
COMPOSITION_LEGEND = "composition taxable person, not eligible to collect tax on supplies"


class FontMissing(RuntimeError):
    """No Unicode TTF font found (install fonts-dejavu-core or fonts-noto-core)."""


@dataclass(frozen=True, slots=True)
class InvoiceInput:
    shop: ShopInfo
    voucher: PostedVoucher
    party: PartyInfo | None
    hsn: dict[str, str | None]  # item name -> HSN


def _font(style: str) -> Path:
    for name in FONT_FILES[style]:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return folder / name
    raise FontMissing(", ".join(FONT_FILES[style]))


def _money(value: Money) -> str:
    whole, paise = divmod(abs(value.paise), 100)
    digits = str(whole)
    if len(digits) > 3:  # Indian grouping: 12,34,567
        head, tail = digits[:-3], digits[-3:]
        groups: list[str] = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        digits = ",".join([head, *groups, tail]) if head else ",".join([*groups, tail])
    return f"{'-' if value.paise < 0 else ''}₹{digits}.{paise:02d}"


def _rate(line: PostedLine) -> str:
    """The rate per the item's own unit when it was sold in another (500 g of ghee: ₹620.00/kg)."""
    if line.unit == line.item_unit or not line.item_qty:
        return _money(line.rate)
    per_unit = Money(round_to_int(Decimal(line.total.paise) / line.item_qty))
    return f"{_money(per_unit)}/{line.item_unit}"


def amount_in_words(value: Money) -> str:
    whole, paise = divmod(value.paise, 100)
    words = f"Rupees {num2words(whole, lang='en_IN').replace(',', '')}"
    if paise:
        words += f" and {num2words(paise, lang='en_IN')} paise"
    return words.title().replace(" And ", " and ") + " only"


def heading(shop: ShopInfo) -> tuple[str | None, str]:
    """(the legend at the top, the title): Rule 5(1)(f) and Rule 49 for a composition shop."""
    if shop.gst_scheme == "composition":
        return COMPOSITION_LEGEND, "BILL OF SUPPLY"
    return None, "TAX INVOICE"


def render_invoice(data: InvoiceInput) -> bytes:
    shop, v, party = data.shop, data.voucher, data.party
    composition = shop.gst_scheme == "composition"
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("Body", "", str(_font("")))
    pdf.add_font("Body", "B", str(_font("B")))
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    legend, title = heading(shop)
    if legend:
        pdf.set_font("Body", "B", 9)
        pdf.cell(width, 5, legend, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "B", 15)
    pdf.cell(width, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "B", 12)
    pdf.cell(width, 7, shop.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 9)
    place = ", ".join(x for x in (shop.city, f"State code {shop.state_code}") if x)
    pdf.cell(width, 5, place, align="C", new_x="LMARGIN", new_y="NEXT")
    if shop.gstin:
        pdf.cell(width, 5, f"GSTIN: {shop.gstin}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    pdf.set_font("Body", "", 10)
    half = width / 2
    pdf.cell(half, 6, f"{'Bill' if composition else 'Invoice'} no: {v.number}")
    pdf.cell(half, 6, f"Date: {v.date.strftime('%d/%m/%Y')}", align="R", new_x="LMARGIN", new_y="NEXT")
    buyer = party.name if party else (v.party or "Cash customer")
    pdf.cell(half, 6, f"Billed to: {buyer}")
    supply_state = (party.state_code if party and party.state_code else None) or shop.state_code
    pdf.cell(half, 6, f"Place of supply: state {supply_state}", align="R", new_x="LMARGIN", new_y="NEXT")
    if party and party.gstin:
        pdf.cell(width, 6, f"Buyer GSTIN: {party.gstin}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 6, f"Payment: {v.payment or '-'}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    inter = v.igst.paise != 0
    if composition:
        heads = [("#", 8), ("Item", 62), ("HSN", 18), ("Qty", 24), ("Rate", 28), ("Amount", 30)]
    else:
        tax_heads = [("IGST", 20)] if inter else [("CGST", 17), ("SGST", 17)]
        heads = [("#", 7), ("Item", 42), ("HSN", 14), ("Qty", 18), ("Rate", 20), ("Taxable", 22), ("GST%", 11),
                 *tax_heads, ("Amount", 22)]
    scale = width / sum(w for _, w in heads)
    widths = [w * scale for _, w in heads]
    pdf.set_font("Body", "B", 8)
    for (title, _), w in zip(heads, widths, strict=True):
        pdf.cell(w, 7, title, border=1, align="C")
    pdf.ln()
    pdf.set_font("Body", "", 8)
    for index, line in enumerate(v.lines, start=1):
        qty = f"{line.qty.normalize():f} {line.unit}"
        row = [str(index), line.item, data.hsn.get(line.item) or "", qty, _rate(line)]
        if composition:
            row.append(_money(line.total))
        else:
            row += [_money(line.taxable), f"{line.gst_rate.normalize():f}"]
            row += [_money(line.igst)] if inter else [_money(line.cgst), _money(line.sgst)]
            row.append(_money(line.total))
        for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(w, 6, cell, border=1, align="L" if i == 1 else "R")
        pdf.ln()

    pdf.ln(2)
    label_w, value_w = width - 40, 40
    rows = [] if composition else [("Taxable value", v.taxable)] + (
        [("IGST", v.igst)] if inter else [("CGST", v.cgst), ("SGST", v.sgst)])
    for label, value in rows:
        pdf.cell(label_w, 6, label, align="R")
        pdf.cell(value_w, 6, _money(value), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "B", 11)
    pdf.cell(label_w, 8, "Total", align="R")
    pdf.cell(value_w, 8, _money(v.total), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 9)
    pdf.multi_cell(width, 5, amount_in_words(v.total), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.cell(width, 5, f"For {shop.name}", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", 7)
    pdf.cell(width, 5, "Computer-generated bill by Munshi.", align="C")
    return bytes(pdf.output())
