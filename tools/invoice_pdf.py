"""A sale voucher as a one-page GST invoice PDF (fpdf2; DejaVu Sans so ₹ prints, Noto for the
shop's own script, shaped with HarfBuzz).

A regular shop issues a TAX INVOICE (Rule 46): supplier and recipient with GSTIN, address and
state name, place of supply by name and code, and per line the HSN, the taxable rate per unit and
the taxable value (GST excluded, so rate x quantity = taxable value), the rate and the CGST+SGST
or IGST; then an HSN summary. A composition shop issues a BILL OF SUPPLY (Rule 49) headed with the
Rule 5(1)(f) words "composition taxable person, not eligible to collect tax on supplies", and
shows no tax. Both carry the amount in words (English, and the shop's language when given) and,
when the shop has a UPI id, a QR code of `upi://pay?pa=...&pn=...&am=...&cu=INR&tn=...`.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import segno
from fpdf import FPDF
from num2words import num2words

from domain.books.types import PartyInfo, PostedLine, PostedVoucher, ShopInfo
from domain.gst import place_of_supply, state_name, state_of
from domain.money import Money, round_to_int

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/noto"))
FONT_FILES = {"": ("DejaVuSans.ttf", "NotoSans-Regular.ttf"), "B": ("DejaVuSans-Bold.ttf", "NotoSans-Bold.ttf")}
SCRIPT_FONTS = {"hi": "Devanagari", "mr": "Devanagari", "bn": "Bengali", "te": "Telugu", "ta": "Tamil",
                "kn": "Kannada", "ml": "Malayalam", "pa": "Gurmukhi", "gu": "Gujarati"}
COMPOSITION_LEGEND = "composition taxable person, not eligible to collect tax on supplies"


class FontMissing(RuntimeError):
    """No Unicode TTF font found (install fonts-dejavu-core or fonts-noto-core)."""


@dataclass(frozen=True, slots=True)
class InvoiceInput:
    shop: ShopInfo
    voucher: PostedVoucher
    party: PartyInfo | None
    hsn: dict[str, str | None]  # item name -> HSN
    local_words: str | None = None  # the total in words in the shop's language, when it can be spelt


def _font(style: str) -> Path:
    for name in FONT_FILES[style]:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return folder / name
    raise FontMissing(", ".join(FONT_FILES[style]))


def _script_font(lang: str) -> Path | None:
    script = SCRIPT_FONTS.get(lang.split("_")[0])
    path = FONT_DIRS[1] / f"NotoSans{script}-Regular.ttf" if script else None
    return path if path and path.exists() else None


def _money(value: Money | int) -> str:
    paise_value = value.paise if isinstance(value, Money) else value
    whole, paise = divmod(abs(paise_value), 100)
    digits = str(whole)
    if len(digits) > 3:  # Indian grouping: 12,34,567
        head, tail = digits[:-3], digits[-3:]
        groups: list[str] = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        digits = ",".join([head, *groups, tail]) if head else ",".join([*groups, tail])
    return f"{'-' if paise_value < 0 else ''}₹{digits}.{paise:02d}"


def taxable_rate(line: PostedLine, value: Money | None = None) -> str:
    """The taxable value per unit (GST excluded), so that rate x quantity = taxable value; per the
    item's own unit when it was sold in a smaller one (50 g of a kg item: ₹228.40/kg)."""
    value = value if value is not None else line.taxable
    if line.unit == line.item_unit or not line.item_qty:
        return _money(Money(round_to_int(Decimal(value.paise) / line.qty)) if line.qty else Money(0))
    return f"{_money(Money(round_to_int(Decimal(value.paise) / line.item_qty)))}/{line.item_unit}"


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


def upi_link(shop: ShopInfo, voucher: PostedVoucher) -> str | None:
    """The UPI deep link paying this invoice to the shop (None without a UPI id)."""
    if not shop.upi_id:
        return None
    amount = f"{Decimal(voucher.total.paise) / 100:.2f}"
    return (f"upi://pay?pa={quote(shop.upi_id, safe='@.')}&pn={quote(shop.name)}&am={amount}&cu=INR"
            f"&tn={quote('Invoice ' + voucher.number)}")


def state_label(code: str | None) -> str:
    return f"{state_name(code)} ({code})" if code and state_name(code) else (code or "-")


def supply_state(data: InvoiceInput) -> str:
    party, v = data.party, data.voucher
    return place_of_supply(data.shop.state_code, party.gstin if party else None,
                           party.state_code if party else None, v.place_of_supply)


class _Doc:
    def __init__(self, data: InvoiceInput) -> None:
        self.data = data
        self.pdf = FPDF(orientation="P", unit="mm", format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_font("Body", "", str(_font("")))
        self.pdf.add_font("Body", "B", str(_font("B")))
        self.pdf.add_page()
        self.width = self.pdf.w - self.pdf.l_margin - self.pdf.r_margin
        self.composition = data.shop.gst_scheme == "composition"
        self.inter = supply_state(data) != data.shop.state_code

    def line(self, text: str, size: float = 9, style: str = "", align: str = "L", h: float = 5) -> None:
        self.pdf.set_font("Body", style, size)
        self.pdf.cell(self.width, h, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def header(self) -> None:
        shop, v = self.data.shop, self.data.voucher
        legend, title = heading(shop)
        if legend:
            self.line(legend, 9, "B", "C")
        self.line(title, 15, "B", "C", 8)
        self.line(shop.name, 12, "B", "C", 7)
        place = ", ".join(x for x in (shop.address, shop.city, shop.pincode) if x)
        if place:
            self.line(place, 9, "", "C")
        self.line(f"State: {state_label(shop.state_code)}" + (f"   GSTIN: {shop.gstin}" if shop.gstin else ""), 9, "", "C")
        self.pdf.ln(3)
        half = self.width / 2
        self.pdf.set_font("Body", "", 10)
        self.pdf.cell(half, 6, f"{'Bill' if self.composition else 'Invoice'} no: {v.number}")
        self.pdf.cell(half, 6, f"Date: {v.date.strftime('%d/%m/%Y')}", align="R", new_x="LMARGIN", new_y="NEXT")

    def buyer(self) -> None:
        party, v = self.data.party, self.data.voucher
        name = party.name if party else (v.party or "Cash customer")
        self.line(f"Billed to: {name}", 10, "B", h=6)
        if party:
            address = ", ".join(x for x in (party.address, party.city, party.pincode) if x)
            if address:
                self.line(address)
            state = party.state_code or state_of(party.gstin)
            if state or party.gstin:
                self.line(f"State: {state_label(state)}" + (f"   GSTIN: {party.gstin}" if party.gstin else ""))
        self.line(f"Place of supply: {state_label(supply_state(self.data))}")
        self.line(f"Payment: {v.payment or '-'}")
        self.pdf.ln(2)

    def table(self, heads: list[tuple[str, float]], rows: list[list[str]], bold_last: bool = False,
              left: int = 1) -> None:
        scale = self.width / sum(w for _, w in heads)
        widths = [w * scale for _, w in heads]
        self.pdf.set_font("Body", "B", 8)
        for (title, _), w in zip(heads, widths, strict=True):
            self.pdf.cell(w, 7, title, border=1, align="C")
        self.pdf.ln()
        for n, row in enumerate(rows):
            self.pdf.set_font("Body", "B" if bold_last and n == len(rows) - 1 else "", 8)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
                self.pdf.cell(w, 6, cell, border=1, align="L" if i == left else "R")
            self.pdf.ln()

    def lines(self) -> None:
        v, hsn = self.data.voucher, self.data.hsn
        if self.composition:
            heads = [("#", 8), ("Item", 62), ("HSN", 18), ("Qty", 24), ("Rate", 28), ("Amount", 30)]
        else:
            tax = [("IGST", 20)] if self.inter else [("CGST", 17), ("SGST", 17)]
            heads = [("#", 7), ("Item", 36), ("HSN", 13), ("Qty", 17), ("Rate excl. GST", 25), ("Taxable value", 24),
                     ("GST %", 11), *tax, ("Amount", 22)]
        rows = []
        for index, line in enumerate(v.lines, start=1):
            qty = f"{line.qty.normalize():f} {line.unit}"
            if self.composition:
                rows.append([str(index), line.item, hsn.get(line.item) or "", qty, taxable_rate(line, line.total),
                             _money(line.total)])
                continue
            taxes = [_money(line.igst)] if self.inter else [_money(line.cgst), _money(line.sgst)]
            rows.append([str(index), line.item, hsn.get(line.item) or "", qty, taxable_rate(line),
                         _money(line.taxable), f"{line.gst_rate.normalize():f}", *taxes, _money(line.total)])
        self.table(heads, rows)

    def hsn_summary(self) -> None:
        groups: dict[tuple[str, Decimal], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for line in self.data.voucher.lines:
            g = groups[(self.data.hsn.get(line.item) or "-", line.gst_rate)]
            for i, value in enumerate((line.taxable, line.cgst, line.sgst, line.igst)):
                g[i] += value.paise
        tax = [("IGST", 22)] if self.inter else [("CGST", 20), ("SGST", 20)]
        heads = [("HSN", 20), ("GST %", 14), ("Taxable value", 28), *tax, ("Total tax", 24)]
        rows = []
        total = [0, 0, 0, 0]
        for (code, rate), (taxable, c, s, i) in sorted(groups.items()):
            taxes = [_money(i)] if self.inter else [_money(c), _money(s)]
            rows.append([code, f"{rate.normalize():f}", _money(taxable), *taxes, _money(c + s + i)])
            total = [a + b for a, b in zip(total, (taxable, c, s, i), strict=True)]
        taxes = [_money(total[3])] if self.inter else [_money(total[1]), _money(total[2])]
        rows.append(["Total", "", _money(total[0]), *taxes, _money(total[1] + total[2] + total[3])])
        self.pdf.ln(2)
        self.line("HSN summary", 9, "B")
        self.table(heads, rows, bold_last=True, left=0)

    def totals(self) -> None:
        v = self.data.voucher
        self.pdf.ln(2)
        label_w, value_w = self.width - 40, 40
        rows = [] if self.composition else [("Taxable value", v.taxable)] + (
            [("IGST", v.igst)] if self.inter else [("CGST", v.cgst), ("SGST", v.sgst)])
        self.pdf.set_font("Body", "", 9)
        for label, value in rows:
            self.pdf.cell(label_w, 6, label, align="R")
            self.pdf.cell(value_w, 6, _money(value), align="R", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("Body", "B", 11)
        self.pdf.cell(label_w, 8, "Total", align="R")
        self.pdf.cell(value_w, 8, _money(v.total), align="R", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("Body", "", 9)
        self.pdf.multi_cell(self.width, 5, amount_in_words(v.total), new_x="LMARGIN", new_y="NEXT")
        self.local_words()

    def local_words(self) -> None:
        words, font = self.data.local_words, _script_font(self.data.shop.language)
        if not words:
            return
        if font is not None:
            self.pdf.add_font("Local", "", str(font))
            self.pdf.set_font("Local", "", 10)
            self.pdf.set_text_shaping(True)
        self.pdf.multi_cell(self.width, 6, words, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_shaping(False)

    def footer(self) -> None:
        shop = self.data.shop
        link = upi_link(shop, self.data.voucher)
        self.pdf.ln(4)
        top = self.pdf.get_y()
        if link:
            png = io.BytesIO()
            segno.make(link, error="m").save(png, kind="png", scale=8, border=4)
            png.seek(0)
            self.pdf.image(png, x=self.pdf.l_margin, y=top, w=38, h=38)
            self.pdf.set_xy(self.pdf.l_margin, top + 38)
            self.pdf.set_font("Body", "", 8)
            self.pdf.cell(60, 4, f"Scan to pay by UPI: {shop.upi_id}", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_xy(self.pdf.l_margin, top)
        self.pdf.set_font("Body", "", 9)
        self.pdf.cell(self.width, 5, f"For {shop.name}", align="R", new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_xy(self.pdf.l_margin, top + (44 if link else 8))
        self.pdf.set_font("Body", "", 7)
        self.pdf.cell(self.width, 5, "Computer-generated bill by Munshi.", align="C")


def render_invoice(data: InvoiceInput) -> bytes:
    doc = _Doc(data)
    doc.header()
    doc.buyer()
    doc.lines()
    if not doc.composition:
        doc.hsn_summary()
    doc.totals()
    doc.footer()
    return bytes(doc.pdf.output())
