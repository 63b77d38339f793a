"""Synthetic GST invoices with known ground truth, rendered with PIL and Debian's fonts.

Layouts: A4 tax invoice, thermal receipt (narrow, monospaced), Hindi-labelled bill ("कुल राशि"),
handwritten-style cash memo (Humor Sans); each may be degraded: rotated, blurred, photographed
at an angle on a table, or JPEG-compressed. Everything is a pure function of the seed.

    python -m tests.ocr_synth.generator OUT_DIR [N]   # writes N images and truth.jsonl
"""

from __future__ import annotations

import io
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from stdnum import luhn

FONT_DIRS = [Path("/usr/share/fonts/truetype")]
FONTS = {
    "sans": ["dejavu/DejaVuSans.ttf", "noto/NotoSans-Regular.ttf"],
    "bold": ["dejavu/DejaVuSans-Bold.ttf", "noto/NotoSans-Bold.ttf"],
    "mono": ["dejavu/DejaVuSansMono.ttf", "noto/NotoSansMono-Regular.ttf"],
    "serif": ["noto/NotoSerif-Regular.ttf", "dejavu/DejaVuSerif.ttf"],
    "deva": ["noto/NotoSansDevanagari-Regular.ttf", "lohit-devanagari/Lohit-Devanagari.ttf"],
    "hand": ["humor-sans/Humor-Sans.ttf", "comic-neue/ComicNeue-Regular.ttf"],
}
PRINTED = ("a4", "thermal", "hindi")
LAYOUTS = PRINTED + ("handwritten",)
DEGRADATIONS = ("clean", "rotated", "blurred", "photo", "jpeg")

SUPPLIER_FIRST = ["Gupta", "Shree Balaji", "Lakshmi", "Agarwal", "Murugan", "Sai Krishna", "Jain", "Patel",
                  "Annapurna", "Mahalaxmi", "Bharat", "Ganesh", "Sri Venkateswara", "Om Sai", "Kaveri"]
SUPPLIER_LAST = ["Traders", "Enterprises", "Agencies", "Distributors", "Wholesale", "Trading Co",
                 "& Sons", "Marketing", "Stores", "Suppliers"]
PRODUCTS = [  # description, HSN, GST rate, unit, rate range (rupees)
    ("Sugar", "1701", 5, "kg", (38, 46)), ("Toor Dal", "0713", 5, "kg", (110, 160)),
    ("Basmati Rice", "1006", 5, "kg", (70, 140)), ("Wheat Atta 10kg", "1101", 5, "bag", (320, 460)),
    ("Tata Salt 1kg", "2501", 5, "pc", (20, 28)), ("Sunflower Oil 1L", "1512", 5, "pc", (120, 170)),
    ("Parle-G Biscuit", "1905", 18, "pack", (5, 10)), ("Surf Excel 1kg", "3402", 18, "pc", (110, 140)),
    ("Colgate 200g", "3306", 18, "pc", (95, 130)), ("Maggi Noodles", "1902", 18, "pack", (12, 15)),
    ("Tea Powder 500g", "0902", 5, "pc", (180, 260)), ("Dettol Soap", "3401", 18, "pc", (35, 48)),
    ("Moong Dal", "0713", 5, "kg", (100, 130)), ("Poha", "1904", 5, "kg", (45, 60)),
    ("Bournvita 500g", "1806", 18, "pc", (220, 260)), ("Agarbatti", "3307", 5, "box", (40, 80)),
]
STATES = ["27", "09", "07", "33", "29", "24", "08", "36"]
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%y", "%d.%m.%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%y"]
HINDI_MONTHS = ["जनवरी", "फरवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर",
                "नवंबर", "दिसंबर"]
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    for name in FONTS[kind]:
        for base in FONT_DIRS:
            if (base / name).exists():
                return ImageFont.truetype(str(base / name), size)
    raise FileNotFoundError(f"no {kind} font; install fonts-dejavu-core fonts-noto-core fonts-humor-sans")


def make_gstin(rng: random.Random, state: str) -> str:
    pan = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)) + rng.choice("PCHF") + \
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "".join(rng.choice("0123456789") for _ in range(4)) + \
        rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    body = state + pan + rng.choice("123456789") + "Z"
    return body + luhn.calc_check_digit(body, ALNUM)


def _r(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Item:
    description: str
    hsn: str
    qty: int
    unit: str
    rate: str
    taxable: str
    gst_rate: int


@dataclass
class Truth:
    layout: str
    degradation: str
    supplier_name: str
    supplier_gstin: str
    buyer_gstin: str
    invoice_no: str
    invoice_date: str
    date_text: str
    place_of_supply: str
    taxable: str
    cgst: str
    sgst: str
    igst: str
    round_off: str
    total: str
    items: list[Item] = field(default_factory=list)


def make_truth(rng: random.Random, layout: str, degradation: str) -> Truth:
    buyer_state = rng.choice(STATES)
    supplier_state = buyer_state if rng.random() < 0.7 else rng.choice(STATES)
    name = f"{rng.choice(SUPPLIER_FIRST)} {rng.choice(SUPPLIER_LAST)}"
    number = rng.choice([
        str(rng.randint(100, 9999)), f"{name[0]}T/{rng.randint(1, 9999)}", f"INV-{rng.randint(2025, 2026)}-{rng.randint(1, 999):04d}",
        f"A/25-26/{rng.randint(1, 999):04d}", f"SB{rng.randint(1000, 99999)}", f"{rng.randint(1, 99)}/{rng.randint(2025, 2026)}",
    ])
    when = date(2025, 4, 1) + timedelta(days=rng.randint(0, 600))
    if layout == "hindi" and rng.random() < 0.4:
        date_text = f"{when.day} {HINDI_MONTHS[when.month - 1]} {when.year}"
    else:
        date_text = when.strftime(rng.choice(DATE_FORMATS))
    items = []
    for desc, hsn, gst, unit, (lo, hi) in rng.sample(PRODUCTS, rng.randint(2, 6)):
        qty = rng.choice([1, 2, 3, 5, 6, 10, 12, 20, 24, 25, 50])
        rate = Decimal(rng.randint(lo * 100, hi * 100)) / 100
        rate = _r(rate if rng.random() < 0.5 else Decimal(int(rate)))
        items.append(Item(desc, hsn, qty, unit, str(rate), str(_r(rate * qty)), gst))
    taxable = sum((Decimal(i.taxable) for i in items), Decimal(0))
    tax = sum((_r(Decimal(i.taxable) * i.gst_rate / 100) for i in items), Decimal(0))
    intra = supplier_state == buyer_state
    cgst = sgst = _r(tax / 2) if intra else Decimal(0)
    igst = Decimal(0) if intra else tax
    tax = cgst + sgst + igst
    exact = taxable + tax
    total = exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return Truth(layout, degradation, name, make_gstin(rng, supplier_state), make_gstin(rng, buyer_state), number,
                 when.isoformat(), date_text, buyer_state, str(taxable), str(cgst), str(sgst), str(igst),
                 str(_r(total - exact)), str(_r(total)), items)


def _money(value: str | Decimal, commas: bool = True) -> str:
    value = Decimal(value)
    if not commas:
        return f"{value:.2f}"
    whole, frac = f"{value:.2f}".split(".")
    head, tail = whole[:-3], whole[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail]) + "." + frac if groups else f"{tail}.{frac}"


class Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.image = Image.new("L", (width, height), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.y = 0

    def mixed(self, x: int, text: str, deva: ImageFont.FreeTypeFont, latin: ImageFont.FreeTypeFont, *,
              align: str = "left", width: int = 0) -> None:
        """Devanagari runs in the Devanagari font, everything else in the Latin one."""
        runs: list[tuple[str, ImageFont.FreeTypeFont]] = []
        for ch in text:
            font = deva if "\u0900" <= ch <= "\u097f" else (runs[-1][1] if ch == " " and runs else latin)
            if runs and runs[-1][1] is font:
                runs[-1] = (runs[-1][0] + ch, font)
            else:
                runs.append((ch, font))
        total = sum(self.draw.textlength(r, font=f) for r, f in runs)
        if align == "center":
            x = int(x + (width - total) / 2)
        elif align == "right":
            x = int(x + width - total)
        for run, font in runs:
            self.draw.text((x, self.y + (4 if font is latin else 0)), run, font=font, fill=0)
            x += int(self.draw.textlength(run, font=font))

    def text(self, x: int, text: str, font: ImageFont.FreeTypeFont, *, align: str = "left", width: int = 0,
             jitter: random.Random | None = None) -> None:
        w = self.draw.textlength(text, font=font)
        if align == "center":
            x = int(x + (width - w) / 2)
        elif align == "right":
            x = int(x + width - w)
        dy = jitter.randint(-2, 2) if jitter else 0
        dx = jitter.randint(-4, 4) if jitter else 0
        self.draw.text((x + dx, self.y + dy), text, font=font, fill=0)

    def line(self, x0: int, x1: int) -> None:
        self.draw.line([(x0, self.y), (x1, self.y)], fill=0, width=2)


def render_a4(t: Truth, rng: random.Random) -> Image.Image:
    c = Canvas(1240, 1754)
    big, sans, bold = _font("bold", 44), _font("sans", 24), _font("bold", 26)
    c.y = 60
    c.text(0, t.supplier_name.upper(), big, align="center", width=1240)
    c.y += 64
    c.text(0, f"{rng.randint(1, 99)}, Main Bazar Road, {rng.choice(['Pune', 'Indore', 'Chennai', 'Jaipur'])}", sans,
           align="center", width=1240)
    c.y += 36
    c.text(0, f"GSTIN: {t.supplier_gstin}   Ph: 98{rng.randint(10000000, 99999999)}", sans, align="center", width=1240)
    c.y += 50
    c.line(60, 1180)
    c.y += 14
    c.text(0, "TAX INVOICE", bold, align="center", width=1240)
    c.y += 50
    c.text(80, f"Invoice No: {t.invoice_no}", sans)
    c.text(760, f"Date: {t.date_text}", sans)
    c.y += 40
    c.text(80, f"Bill To: {rng.choice(['Sharma Kirana Store', 'Murugan Stores', 'New Bharat Provision'])}", sans)
    c.y += 36
    c.text(80, f"Buyer GSTIN: {t.buyer_gstin}", sans)
    c.text(760, f"Place of Supply: {t.place_of_supply}", sans)
    c.y += 50
    c.line(60, 1180)
    c.y += 12
    cols = [80, 140, 560, 700, 800, 960]
    for x, head in zip(cols, ["No", "Description", "HSN", "Qty", "Rate", "Amount"], strict=True):
        c.text(x, head, bold)
    c.y += 40
    c.line(60, 1180)
    c.y += 12
    for n, item in enumerate(t.items, 1):
        c.text(cols[0], str(n), sans)
        c.text(cols[1], item.description, sans)
        c.text(cols[2], item.hsn, sans)
        c.text(cols[3], f"{item.qty} {item.unit}", sans)
        c.text(cols[4], _money(item.rate, False), sans)
        c.text(cols[5], _money(item.taxable), sans, align="right", width=200)
        c.y += 40
    c.line(60, 1180)
    c.y += 20
    rows = [("Taxable Value", t.taxable)]
    rates = sorted({i.gst_rate for i in t.items})
    rate_text = f"{rates[0] / 2:g}%" if len(rates) == 1 else ""
    if Decimal(t.igst):
        rows.append((f"IGST {'@ ' + str(rates[0]) + '%' if len(rates) == 1 else ''}".strip(), t.igst))
    else:
        rows += [(f"CGST {('@ ' + rate_text) if rate_text else ''}".strip(), t.cgst),
                 (f"SGST {('@ ' + rate_text) if rate_text else ''}".strip(), t.sgst)]
    rows.append(("Round Off", t.round_off))
    for label, value in rows:
        c.text(640, label, sans)
        c.text(960, _money(value), sans, align="right", width=200)
        c.y += 40
    c.text(640, "Grand Total", bold)
    c.text(960, _money(t.total), bold, align="right", width=200)
    c.y += 80
    c.text(80, "Thank you for your business", sans)
    return c.image


def render_thermal(t: Truth, rng: random.Random) -> Image.Image:
    mono, bold = _font("mono", 22), _font("bold", 26)
    c = Canvas(560, 380 + 34 * (len(t.items) + 14))
    c.y = 30
    c.text(0, t.supplier_name, bold, align="center", width=560)
    c.y += 40
    c.text(0, f"GSTIN {t.supplier_gstin}", mono, align="center", width=560)
    c.y += 34
    c.text(0, "CASH MEMO / TAX INVOICE", mono, align="center", width=560)
    c.y += 40
    c.text(16, f"Bill No: {t.invoice_no}", mono)
    c.y += 32
    c.text(16, f"Date: {t.date_text}", mono)
    c.y += 40
    c.text(16, "-" * 38, mono)
    c.y += 30
    c.text(16, "Item            Qty   Rate    Amount", mono)
    c.y += 30
    for item in t.items:
        desc = item.description[:14]
        row = f"{desc:<15}{item.qty:>4} {_money(item.rate, False):>7} {_money(item.taxable, False):>9}"
        c.text(16, row, mono)
        c.y += 32
    c.text(16, "-" * 38, mono)
    c.y += 30
    rows = [("Sub Total", t.taxable)]
    if Decimal(t.igst):
        rows.append(("IGST", t.igst))
    else:
        rows += [("CGST", t.cgst), ("SGST", t.sgst)]
    rows += [("Round Off", t.round_off)]
    for label, value in rows:
        c.text(16, f"{label:<20}{_money(value, False):>17}", mono)
        c.y += 32
    c.text(16, f"{'TOTAL':<14}{'Rs ' + _money(t.total):>23}", bold)
    c.y += 50
    c.text(0, "** Thank You, Visit Again **", mono, align="center", width=560)
    return c.image


def render_hindi(t: Truth, rng: random.Random) -> Image.Image:
    c = Canvas(1240, 1400 + 44 * len(t.items))
    deva, big, sans = _font("deva", 28), _font("bold", 44), _font("sans", 26)
    c.y = 60
    c.text(0, t.supplier_name.upper(), big, align="center", width=1240)
    c.y += 70
    c.text(0, f"GSTIN: {t.supplier_gstin}", sans, align="center", width=1240)
    c.y += 46
    c.mixed(0, "कर बीजक", deva, sans, align="center", width=1240)
    c.y += 56
    c.mixed(80, f"बिल नं: {t.invoice_no}", deva, sans)
    c.mixed(760, f"दिनांक: {t.date_text}", deva, sans)
    c.y += 48
    c.mixed(80, f"ग्राहक GSTIN: {t.buyer_gstin}", deva, sans)
    c.y += 56
    c.line(60, 1180)
    c.y += 12
    cols = [80, 540, 700, 840, 980]
    for x, head in zip(cols, ["विवरण", "HSN", "मात्रा", "दर", "राशि"], strict=True):
        c.mixed(x, head, deva, sans)
    c.y += 48
    for item in t.items:
        c.text(cols[0], item.description, sans)
        c.text(cols[1], item.hsn, sans)
        c.text(cols[2], str(item.qty), sans)
        c.text(cols[3], _money(item.rate, False), sans)
        c.text(cols[4], _money(item.taxable), sans, align="right", width=180)
        c.y += 44
    c.line(60, 1180)
    c.y += 20
    rows = [("कर योग्य राशि", t.taxable)]
    if Decimal(t.igst):
        rows.append(("IGST", t.igst))
    else:
        rows += [("CGST", t.cgst), ("SGST", t.sgst)]
    rows += [("राउंड ऑफ", t.round_off), ("कुल राशि", t.total)]
    for label, value in rows:
        c.mixed(640, label, deva, sans)
        c.text(980, _money(value), sans, align="right", width=180)
        c.y += 48
    c.y += 40
    c.mixed(80, "धन्यवाद", deva, sans)
    return c.image


def render_handwritten(t: Truth, rng: random.Random) -> Image.Image:
    hand, big = _font("hand", 34), _font("hand", 50)
    c = Canvas(1100, 900 + 54 * len(t.items))
    c.y = 50
    c.text(0, t.supplier_name, big, align="center", width=1100, jitter=rng)
    c.y += 76
    c.text(60, f"GSTIN {t.supplier_gstin}", hand, jitter=rng)
    c.y += 60
    c.text(60, f"Bill No. {t.invoice_no}", hand, jitter=rng)
    c.text(620, f"Date {t.date_text}", hand, jitter=rng)
    c.y += 70
    for item in t.items:
        c.text(60, item.description, hand, jitter=rng)
        c.text(520, f"{item.qty} x {_money(item.rate, False)}", hand, jitter=rng)
        c.text(840, _money(item.taxable, False), hand, jitter=rng)
        c.y += 54
    c.y += 20
    c.line(500, 1040)
    c.y += 16
    for label, value in [("Sub Total", t.taxable)] + (
            [("IGST", t.igst)] if Decimal(t.igst) else [("CGST", t.cgst), ("SGST", t.sgst)]):
        c.text(520, label, hand, jitter=rng)
        c.text(840, _money(value, False), hand, jitter=rng)
        c.y += 54
    c.text(520, "Total", big, jitter=rng)
    c.text(840, _money(t.total, False), big, jitter=rng)
    return c.image


RENDERERS = {"a4": render_a4, "thermal": render_thermal, "hindi": render_hindi, "handwritten": render_handwritten}


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for pt in src for c in pt], dtype=float)
    return list(np.linalg.solve(a, b))


def degrade(image: Image.Image, kind: str, rng: random.Random) -> Image.Image:
    if kind == "rotated":
        turn = rng.choice([90, 180, 270])
        return image.rotate(turn + rng.uniform(-3, 3), expand=True, fillcolor=255, resample=Image.BICUBIC)
    if kind == "blurred":
        return image.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.6)))
    if kind == "photo":
        w, h = image.size
        bw, bh = int(w * 1.35), int(h * 1.3)
        ramp = np.linspace(70, 130, bw)[None, :] + np.linspace(0, 40, bh)[:, None]
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 6, (bh, bw))
        background = Image.fromarray(np.clip(ramp + noise, 0, 255).astype(np.uint8))
        ox, oy = (bw - w) / 2, (bh - h) / 2
        j = lambda s: rng.uniform(-s, s)  # noqa: E731
        corners = [(ox + j(w * .06), oy + j(h * .04)), (ox + w + j(w * .06), oy + j(h * .04)),
                   (ox + w + j(w * .06), oy + h + j(h * .04)), (ox + j(w * .06), oy + h + j(h * .04))]
        coeffs = _perspective_coeffs([(0, 0), (w, 0), (w, h), (0, h)], corners)
        shade = np.linspace(1.0, 0.8, w)[None, :] * np.ones((h, 1))
        page = Image.fromarray((np.asarray(image, dtype=float) * shade).astype(np.uint8))
        warped = page.transform((bw, bh), Image.PERSPECTIVE, coeffs, resample=Image.BICUBIC, fillcolor=0)
        mask = Image.new("L", (w, h), 255).transform((bw, bh), Image.PERSPECTIVE, coeffs, fillcolor=0)
        background.paste(warped, (0, 0), mask)
        return background.filter(ImageFilter.GaussianBlur(0.6))
    return image


def encode(image: Image.Image, kind: str, rng: random.Random) -> bytes:
    out = io.BytesIO()
    if kind == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=rng.randint(18, 30))
    else:
        image.convert("RGB").save(out, "JPEG", quality=88)
    return out.getvalue()


def generate(seed: int, layout: str | None = None, degradation: str | None = None) -> tuple[bytes, Truth]:
    """One invoice image (JPEG bytes) and its ground truth; the same seed gives the same bytes."""
    rng = random.Random(seed)
    layout = layout or rng.choice(LAYOUTS)
    degradation = degradation or rng.choice(DEGRADATIONS)
    truth = make_truth(rng, layout, degradation)
    image = degrade(RENDERERS[layout](truth, rng), degradation, rng)
    return encode(image, degradation, rng), truth


def generate_pdf(seed: int, *, text_layer: bool = True) -> tuple[bytes, Truth]:
    """A supplier's PDF bill (A4 layout) and its ground truth: typeset text when `text_layer`, else a
    scanned page (the rendered image only, no text), as a phone's scanner app would send it."""
    from fpdf import FPDF

    rng = random.Random(seed)
    truth = make_truth(rng, "a4", "clean")
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    if not text_layer:
        image = render_a4(truth, rng).convert("RGB")
        pdf.image(image, x=0, y=0, w=210, h=297)
        return bytes(pdf.output()), truth
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, truth.supplier_name.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, f"GSTIN: {truth.supplier_gstin}   Ph: 98{rng.randint(10000000, 99999999)}", align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 9, "TAX INVOICE", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(95, 6, f"Invoice No: {truth.invoice_no}")
    pdf.cell(95, 6, f"Date: {truth.date_text}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(95, 6, f"Buyer GSTIN: {truth.buyer_gstin}")
    pdf.cell(95, 6, f"Place of Supply: {truth.place_of_supply}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for n, item in enumerate(truth.items, 1):
        pdf.cell(10, 6, str(n))
        pdf.cell(70, 6, item.description)
        pdf.cell(25, 6, item.hsn)
        pdf.cell(25, 6, f"{item.qty} {item.unit}")
        pdf.cell(25, 6, _money(item.rate, False))
        pdf.cell(30, 6, _money(item.taxable), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    rows = [("Taxable Value", truth.taxable)]
    if Decimal(truth.igst):
        rows.append(("IGST", truth.igst))
    else:
        rows += [("CGST", truth.cgst), ("SGST", truth.sgst)]
    rows += [("Round Off", truth.round_off), ("Grand Total", truth.total)]
    for label, value in rows:
        pdf.cell(120, 6, "")
        pdf.cell(40, 6, label)
        pdf.cell(25, 6, _money(value), align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output()), truth


def suite(n_per_cell: int = 2, seed: int = 1) -> list[tuple[bytes, Truth]]:
    """Every layout x degradation, `n_per_cell` invoices each."""
    out = []
    for li, layout in enumerate(LAYOUTS):
        for di, degradation in enumerate(DEGRADATIONS):
            for k in range(n_per_cell):
                out.append(generate(seed * 100_000 + li * 1000 + di * 100 + k, layout, degradation))
    return out


def truth_dict(truth: Truth) -> dict:
    return asdict(truth)


if __name__ == "__main__":  # pragma: no cover - a developer's helper
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with (target / "truth.jsonl").open("w") as fh:
        for n, (data, truth) in enumerate(suite(count)):
            name = f"{n:03d}_{truth.layout}_{truth.degradation}.jpg"
            (target / name).write_bytes(data)
            fh.write(json.dumps({"file": name, **truth_dict(truth)}, ensure_ascii=False) + "\n")
