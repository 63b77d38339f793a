"""Invoice fields from what an OCR engine read: supplier, GSTINs, number, date, place of supply,
totals and taxes, each with a confidence (the line's OCR confidence times how sure the label is).

Pure Python over `OcrResult` lines; no template is assumed — fields are found by their labels in
English, Hindi or Tamil, values on the label's line, after it, or on the next line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from domain.ocr import labels as L
from domain.ocr.amounts import NumberRead, money, numbers
from domain.ocr.arith import best_total
from domain.ocr.dates import find_dates, plausible
from domain.ocr.gstin import STATE_NAMES, find_gstins
from domain.ocr.items import extract_lines
from domain.ocr.layout import Row, rows_from_lines
from domain.ocr.model import Field, InvoiceDraft, OcrResult
from domain.periods import shop_today


@dataclass(slots=True)
class _Line:
    index: int
    text: str  # normalised
    low: str
    confidence: float
    height: int


def normalise(text: str) -> str:
    """NFC, no zero-width joiners, one space between words."""
    text = unicodedata.normalize("NFC", text).replace("\u200c", "").replace("\u200d", "").replace("\ufeff", "")
    text = text.replace("|", " ").replace("¦", " ")
    return re.sub(r"[ \t]+", " ", text).strip()


def _lines(result: OcrResult) -> list[_Line]:
    out: list[_Line] = []
    for line in result.lines:
        text = normalise(line.text)
        if text:
            out.append(_Line(len(out), text, text.lower(), line.confidence, line.height))
    return out


def extract(result: OcrResult, *, shop_gstin: str | None = None) -> InvoiceDraft:
    """Everything we can read from one bill; fields we cannot find stay empty (value None)."""
    lines = _lines(result)
    draft = InvoiceDraft(engine=result.engine, text="\n".join(ln.text for ln in lines)[:8000])
    _gstins(draft, lines, shop_gstin)
    draft.invoice_no = _invoice_no(lines)
    draft.invoice_date = _invoice_date(lines)
    draft.place_of_supply = _place_of_supply(lines)
    _amounts(draft, lines)
    _total(draft, rows_from_lines(result.lines))
    draft.supplier_name = _supplier_name(lines)
    draft.lines = extract_lines(result.lines)
    return draft


# --- GSTINs -------------------------------------------------------------------------------

def _gstins(draft: InvoiceDraft, lines: list[_Line], shop_gstin: str | None) -> None:
    supplier: Field | None = None
    buyer: Field | None = None
    for ln in lines:
        context = ln.low + " " + (lines[ln.index - 1].low if ln.index else "")
        for read in find_gstins(ln.text, ln.confidence):
            label_bonus = 1.0 if L.GSTIN.search(ln.low) else 0.9
            fld = Field(read.value if read.valid else read.raw, read.confidence * label_bonus if read.valid else 0.2,
                        read.raw)
            is_buyer = (shop_gstin is not None and read.value == shop_gstin) or (
                bool(L.BUYER.search(context)) and not L.SELLER.search(ln.low))
            if shop_gstin is not None and read.valid and read.value != shop_gstin and supplier is None:
                is_buyer = False
            if is_buyer and buyer is None:
                buyer = fld
            elif supplier is None and not is_buyer:
                supplier = fld
            elif buyer is None and read.value != (supplier.value if supplier else None):
                buyer = fld
    draft.supplier_gstin = supplier or Field()
    draft.buyer_gstin = buyer or Field()


# --- number and date ----------------------------------------------------------------------

_INV_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/\-_.]*")
_NOT_INV_TOKEN = re.compile(r"^(?:date|dt|dated|no|number|of|gstin|invoice|bill)$", re.IGNORECASE)


def _invoice_token(text: str) -> str | None:
    text = re.sub(r"(?<![A-Za-z0-9])\$(?=[A-Za-z0-9])", "S", text.lstrip(" :;#.-–=)"))
    for token in _INV_TOKEN.findall(text)[:3]:
        token = token.rstrip(".-/")
        if _NOT_INV_TOKEN.match(token):
            continue
        if any(ch.isdigit() for ch in token) and not find_dates(token):
            letters = [ch for ch in token if ch.isalpha()]
            if letters and sum(ch.isupper() for ch in letters) * 2 >= len(letters):
                token = token.upper()  # "sB6880": OCR lower-cased a capital in a mostly capital number
            return token
        return None
    return None


def _invoice_no(lines: list[_Line]) -> Field:
    for ln in lines:
        m = L.INVOICE_NO.search(ln.text)
        if not m or re.search(r"(?:e\s*-?\s*way|eway|ack|irn|order|po)\W*$", ln.text[:m.start()], re.IGNORECASE):
            continue  # an e-way bill, acknowledgement or order number is not the invoice's
        token = _invoice_token(ln.text[m.end():])
        if token:
            return Field(token, ln.confidence * 0.95, ln.text)
        if ln.index + 1 < len(lines):  # the value printed under its label
            nxt = lines[ln.index + 1]
            token = _invoice_token(nxt.text)
            if token:
                return Field(token, nxt.confidence * 0.7, nxt.text)
    return Field()


def _invoice_date(lines: list[_Line]) -> Field:
    """The bill's date: every date on it scored by its label, its place and its plausibility
    (a bill is not dated in the future: "2/12/48" is a pack size, not 2048)."""
    latest = shop_today() + timedelta(days=1)
    earliest = date(latest.year - 30, 1, 1)
    best: tuple[float, Field] | None = None
    for ln in lines:
        for read in find_dates(ln.text):
            d = plausible(read, latest, earliest)
            if d is None:
                continue
            score = d.confidence * ln.confidence + _date_context(lines, ln, d.position)
            score -= 0.5 * ln.index / max(1, len(lines))  # the bill's date is printed near its head
            if best is None or score > best[0]:
                best = (score, Field(d.value, min(1.0, ln.confidence * d.confidence * (1.0 if score > 1.5 else 0.8)),
                                     d.raw))
    return best[1] if best else Field()


def _date_context(lines: list[_Line], ln: _Line, position: int) -> float:
    """What a date's line says of it: labelled a bill date (+), printed with the time of sale (+),
    or a due, expiry or delivery date (-)."""
    score = 0.0
    before = ln.text[:position]
    if L.NOT_INVOICE_DATE.search(before.lower()) and not re.search(r"invoice\s*date|bill\s*date", before.lower()):
        score -= 2.0
    elif L.DATE.search(before):
        score += 1.0
    elif ln.index > 0 and L.DATE.search(lines[ln.index - 1].text) and not find_dates(lines[ln.index - 1].text):
        score += 0.8  # the label printed above the date
    if re.search(r"\d{1,2}:\d{2}", ln.text):
        score += 0.5
    return score


def _place_of_supply(lines: list[_Line]) -> Field:
    names = {name.lower(): code for code, name in STATE_NAMES.items()}
    for ln in lines:
        m = L.PLACE_OF_SUPPLY.search(ln.text)
        if not m:
            continue
        rest = ln.text[m.end():]
        code = re.search(r"(?<!\d)(\d{2})(?!\d)", rest)
        if code and code.group(1) in STATE_NAMES:
            return Field(code.group(1), ln.confidence, rest.strip(" :-"))
        low = rest.lower()
        for name, c in sorted(names.items(), key=lambda kv: -len(kv[0])):
            if name in low:
                return Field(c, ln.confidence * 0.9, rest.strip(" :-"))
    return Field()


# --- amounts ------------------------------------------------------------------------------

def _amount_after(lines: list[_Line], ln: _Line, start: int) -> tuple[NumberRead | None, float]:
    """The amount a label announces: the last non-percent number after it, or the next line's."""
    found = [n for n in numbers(ln.text[start:]) if not n.is_percent]
    if found:
        return found[-1], ln.confidence
    if ln.index + 1 < len(lines):
        nxt = lines[ln.index + 1]
        found = [n for n in numbers(nxt.text) if not n.is_percent]
        if len(found) == 1 and not re.search(r"[a-zA-Z\u0900-\u097f]{3,}", nxt.text):
            return found[0], nxt.confidence * 0.8
    return None, 0.0


def _percent(text: str) -> Decimal | None:
    for n in numbers(text):
        if n.is_percent:
            return abs(n.value)
    return None


def _amounts(draft: InvoiceDraft, lines: list[_Line]) -> None:
    taxable: list[tuple[Decimal, float, str]] = []
    parts: dict[str, list[tuple[Decimal, float, str]]] = {"cgst": [], "sgst": [], "igst": [], "cess": [], "tax": []}
    rounds: list[tuple[Decimal, float, str]] = []
    for ln in lines:
        low = ln.low
        if (L.CHANGE.search(low) or L.PAID.search(low)) and not L.TOTAL_STRONG.search(low) \
                and not L.TOTAL_WEAK.search(low):
            continue  # cash and change: the total's business (see arith)
        m_round = L.ROUND_OFF.search(low)
        if m_round and "total" not in low:
            n, conf = _amount_after(lines, ln, m_round.end())
            if n is not None and abs(n.value) < 100:
                value = n.value
                if re.search(r"\bless\b|\(-\)|घटा", low) and value > 0:
                    value = -value
                rounds.append((money(value), conf, ln.text))
            continue
        for key, rx in (("cgst", L.CGST), ("sgst", L.SGST), ("igst", L.IGST), ("cess", L.CESS)):
            m = rx.search(low)
            if m and not L.NOT_TOTAL.search(low[: m.start()]) and not re.search(r"total|कुल", low[: m.start()]):
                others = [r for r in (L.CGST, L.SGST, L.IGST) if r is not rx and r.search(low)]
                if others:  # a table heading or an HSN summary row, not a tax line
                    break
                n, conf = _amount_after(lines, ln, m.end())
                if n is not None and n.value >= 0:
                    parts[key].append((money(n.value), conf, ln.text))
                break
        else:
            m_taxable = L.TAXABLE.search(low)
            if m_taxable:
                n, conf = _amount_after(lines, ln, m_taxable.end())
                if n is not None and n.value > 0:
                    taxable.append((money(n.value), conf, ln.text))
                continue
            if (L.TOTAL_STRONG.search(low) or L.TOTAL_WEAK.search(low)) and not L.NOT_TOTAL.search(low):
                continue  # the grand total is chosen by arith over every figure
            m_tax = L.TAX_TOTAL.search(low)
            if m_tax and not re.search(r"gstin|gst\s*(?:no|number|reg)", low):
                n, conf = _amount_after(lines, ln, m_tax.end())
                if n is not None and n.value >= 0:
                    parts["tax"].append((money(n.value), conf * 0.9, ln.text))
    for key, found in parts.items():
        if found:
            value, conf, raw = found[0]
            setattr(draft, key, Field(value, conf, raw))
    if taxable:
        value, conf, raw = max(taxable, key=lambda t: t[0])
        draft.taxable = Field(value, conf, raw)
    if rounds:
        value, conf, raw = rounds[-1]
        draft.round_off = Field(value, conf, raw)


def _total(draft: InvoiceDraft, rows: list[Row]) -> None:
    """The grand total: the figure the bill's printed arithmetic and labels agree on (see arith)."""
    best = best_total(rows)
    if best is None:
        return
    confidence = rows[best.row].confidence
    if best.relations:
        confidence = min(1.0, confidence * 1.05)
    elif best.kind == "total":
        confidence *= 0.9 if best.strength == 2 else 0.8
    else:
        confidence *= 0.5
    draft.total = Field(best.value, confidence, best.raw)


# --- supplier name ------------------------------------------------------------------------

_MS = re.compile(r"^(?:m\s*/\s*s\.?|messrs\.?)\s*", re.IGNORECASE)


def _supplier_name(lines: list[_Line]) -> Field:
    for ln in lines[:15]:  # an explicit "Supplier: ..." / "Sold by ..." label
        m = L.SELLER.search(ln.text)
        if m and not L.BUYER.search(ln.low):
            rest = ln.text[m.end():].strip(" :-")
            if _is_name(rest):
                return Field(_clean_name(rest), ln.confidence * 0.95, ln.text)
            if ln.index + 1 < len(lines) and _is_name(lines[ln.index + 1].text):
                nxt = lines[ln.index + 1]
                return Field(_clean_name(nxt.text), nxt.confidence * 0.9, nxt.text)
    best: tuple[float, _Line] | None = None
    for ln in lines[:8]:
        if L.BUYER.search(ln.low):
            break
        if not _name_like(ln):
            continue
        letters = sum(ch.isalpha() for ch in ln.text)
        words = re.findall(r"[^\W\d_]{2,}", ln.text)
        score = (ln.height or 20) * (1.0 - 0.06 * ln.index) * min(1.0, letters / 6) * ln.confidence ** 2
        score *= min(1.0, len(words) / 2 + 0.25)  # one short word is rarely a name; logos read as junk
        if ln.text.isupper():
            score *= 1.1
        if L.LEGAL_FORM.search(ln.low):
            score *= 4.0  # the registered legal entity (what the tax registration names) over a brand line
        elif L.COMPANY.search(ln.low):
            score *= 1.6
        if ln.text == ln.low != ln.text.upper() and not L.COMPANY.search(ln.low):
            score *= 0.6  # all lower case: a signature or a handwritten logo, rarely a printed name
        if best is None or score > best[0]:
            best = (score, ln)
    if best is None:
        return Field()
    ln = best[1]
    text = ln.text
    # A name printed over two lines ("POPULAR BOOK" / "CO. (M) SDN BHD", "HARDWARE &" / "ELECTRICAL").
    for other, first in ((lines[ln.index + 1] if ln.index + 1 < len(lines) else None, False),
                         (lines[ln.index - 1] if ln.index > 0 else None, True)):
        if other is None or not _name_like(other) or not ln.height or not other.height:
            continue
        if not 0.8 <= other.height / ln.height <= 1.25:
            continue
        upper, lower = (other.text, text) if first else (text, other.text)
        if any(ch.isdigit() for ch in other.text):
            continue
        if upper == upper.lower() != upper.upper():
            continue  # a lower-case scrawl is not half of a printed name
        # "CO. (M) SDN BHD" finishes the line above; "KRISHNA FOODS PVT LTD" is a whole name by itself
        own_words = [w for w in re.findall(r"[^\W\d_]{3,}", lower) if not L.COMPANY.search(w.lower())
                     and not L.LEGAL_FORM.search(w.lower())]
        joins = upper.rstrip().endswith(("&", "-", ",")) or (
            bool(L.COMPANY.search(lower.lower())) and not L.COMPANY.search(upper.lower()) and len(lower.split()) <= 4
            and len(own_words) <= 1)
        if joins:
            text = f"{upper} {lower}"
            break
    return Field(_clean_name(text), ln.confidence * 0.8, ln.text)


_ADDRESS = re.compile(
    r"\b(?:road|rd|street|st|nagar|marg|lane|floor|near|opp|sector|plot|jalan|jln|taman|tmn|"
    r"colony|chowk|gali|mohalla|district|dist|pin|pincode|lot|level|blk|block|wing)\b\.?|\bno\.?\s*\d", re.IGNORECASE)
# Words that name shops as often as addresses ("Viva City", "Gupta Market"): an address only with
# a number or a comma beside them.
_ADDRESS_WEAK = re.compile(r"\b(?:bazaa?r|market|building|complex|city|unit|tower|mall|megamall)\b", re.IGNORECASE)
# A company registration number printed after the name ("273500-U", "(1202152-P)").
_REG_NO = re.compile(r"\s*\(?\b\d{5,}-?[A-Z]?\b\)?.*$|\s*\([^()]*\d{3,}[^()]*\)?\s*$")


def _name_like(ln: _Line) -> bool:
    """Could be the supplier's name: words, not a heading, label or address."""
    if L.NOT_A_NAME.search(ln.low) or L.BUYER.search(ln.low):
        return False
    company = bool(L.COMPANY.search(ln.low))
    tokens = _REG_NO.sub("", ln.text).split()
    short = [t for t in tokens if sum(ch.isalpha() for ch in t) <= 2]
    if not company and len(tokens) >= 4 and len(short) >= 0.6 * len(tokens):
        return False  # "eo he ee ee ee": a smudge or a logo read as letters
    if not company and _ADDRESS_WEAK.search(ln.text) and re.search(r"[\d,]", ln.text):
        return False
    return _is_name(_REG_NO.sub("", ln.text), allow_numbers=company) and (company or not _ADDRESS.search(ln.text))


def _is_name(text: str, allow_numbers: bool = False) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    if allow_numbers:  # "KING'S CONFECTIONERY S/B 273500-U": a registration number beside the name
        return letters >= 3
    return letters >= 3 and digits <= letters / 3 and not re.search(r"\b\d{6}\b", text)


# Symbols OCR reads for capital letters of a printed name.
_LOOKALIKES = str.maketrans({"¥": "Y", "€": "E", "£": "E", "©": "O", "®": "R"})


_DIGIT_LETTERS = str.maketrans("01", "OI")


def _mend_word(word: str) -> str:
    """In a word of letters, a 0 is an O and a 1 an I ("D.1.Y." is "D.I.Y.")."""
    letters = sum(ch.isalpha() for ch in word)
    digits = sum(ch.isdigit() for ch in word)
    if letters >= 2 and digits <= letters // 2 and digits:
        return word.translate(_DIGIT_LETTERS)
    return word


def _clean_name(text: str) -> str:
    text = _MS.sub("", text).strip(" ,.:;-*=।|")
    text = _REG_NO.sub("", text)  # a registration number (and what follows it) after the name
    text = re.sub(r"[§$]+(?=/?[A-Za-z])|(?<=[A-Za-z])[§$]+", "S", text)  # "§$/B" is "S/B"
    text = re.sub(r"\S+", lambda m: _mend_word(m.group(0)), text.translate(_LOOKALIKES))
    # lower-case crumbs before a capitalised name ("a wie UNIHAKKA INTERNATIONAL") are smudges
    return re.sub(r"^(?:[a-z]{1,3}\s+)+(?=[A-Z]{2,})", "", text)

