"""The words bills use for their fields, in English, Hindi and Tamil, as compiled patterns.

Kept apart from the extraction logic so a new label is a one-line change. Patterns match on
lower-cased text with zero-width joiners removed.
"""

from __future__ import annotations

import re


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


INVOICE_NO = _rx(
    r"\b(?:tax\s*)?(?:invoice|inv|bill|receipt|rcpt|voucher|vch|document|doc|memo|challan|serial|ref)"
    r"\s*\.?\s*(?:no|number|num|#|nº|n0)\b\.?",
    r"\b(?:invoice|bill)\s*#",
    r"\binv(?:oice)?\s*(?:id)\b",
    r"बिल\s*(?:नं|नंबर|नम्बर|संख्या|सं)\.?",
    r"बिल\s*\S{0,4}\s*:",  # "बिल नं:" as the hin model often reads it ("बिल 4:")
    r"बीजक\s*(?:सं|संख्या|नं)\.?",
    r"चालान\s*(?:नं|संख्या)\.?",
    r"इनवॉइस\s*(?:नं|संख्या|नंबर)\.?",
    r"रसीद\s*(?:नं|संख्या)\.?",
    r"பில்\s*(?:எண்|நம்பர்)",
    r"ரசீது\s*எண்",
    r"விலைப்பட்டியல்\s*எண்",
)

DATE = _rx(
    r"\b(?:invoice|inv|bill|receipt|doc)?\s*date\b",
    r"\bdated\b",
    r"\bdt\b\.?",
    r"दिनांक",
    r"तारीख",
    r"तिथि",
    r"தேதி",
    r"நாள்",
)
NOT_INVOICE_DATE = _rx(r"\bdue\b", r"\bvalid", r"\bexp(?:iry)?\b", r"\bmfg\b", r"\bdelivery\b", r"\border\b",
                       r"\bsupply\s*date", r"\bpo\b")

GSTIN = _rx(r"gstin", r"gst\s*(?:no|number|reg|in)", r"gst\s*#", r"जीएसटीआईएन", r"जीएसटी\s*(?:नं|संख्या)")
BUYER = _rx(
    r"\bbuyer", r"\bbill(?:ed)?\s*to\b", r"\bship(?:ped)?\s*to\b", r"\bcustomer", r"\brecipient",
    r"\bconsignee", r"\bsold\s*to\b", r"\bparty\b", r"\breceiver", r"\bpurchaser", r"\bdetails\s*of\s*receiver",
    r"क्रेता", r"खरीदार", r"ग्राहक", r"प्राप्तकर्ता", r"வாங்குபவர்", r"வாடிக்கையாளர்",
)
SELLER = _rx(r"\bsupplier\b", r"\bseller\b", r"\bsold\s*by\b", r"\bfrom\s*:", r"\bvendor\b", r"विक्रेता",
             r"आपूर्तिकर्ता", r"விற்பனையாளர்")

PLACE_OF_SUPPLY = _rx(r"place\s*of\s*supply", r"\bpos\b", r"आपूर्ति\s*का\s*स्थान", r"விநியோக\s*இடம்")

# Totals, strongest first. Each entry: (pattern, strength).
TOTAL_STRONG = _rx(
    r"grand\s*total", r"net\s*(?:amount|amt|payable|total|value)", r"amount\s*payable", r"total\s*payable",
    r"total\s*(?:invoice\s*)?(?:amount|amt|value)", r"invoice\s*(?:total|value|amount)", r"bill\s*amount",
    r"total\s*rounded", r"rounded\s*total", r"total\s*(?:\(\s*)?(?:rs|inr|₹|rm|myr)\b", r"total\s*sales\s*\(?incl",
    r"(?:amount|amt|total|balance)\s*due", r"total\s*(?:incl|inclusive|after|with)", r"nett?\s*(?:total|amt|amount)",
    r"grand\s*ttl", r"\bjumlah\b", r"total\s*to\s*pay", r"to\s*pay\b",
    r"कुल\s*(?:राशि|योग|रकम|देय|भुगतान|बिल)", r"देय\s*राशि", r"कुल\s*मूल्य",
    r"மொத்த\s*(?:தொகை|மதிப்பு)", r"நிகர\s*தொகை", r"செலுத்த\s*வேண்டிய",
)
TOTAL_WEAK = _rx(r"\btotal\b", r"\bttl\b", r"\bamount\b", r"\btotai\b", r"\bt[o0]ta[l1i]\b", r"कुल", r"योग",
                 r"மொத்தம்", r"மொத்த")
# A total printed after rounding ("Rounded Total", "Total after rounding"): a total, not a round-off.
TOTAL_ROUNDED = _rx(r"round(?:ed|ing)?\s*total", r"total\s*(?:\(\s*)?round", r"total\s*after\s*round",
                    r"(?:net|grand)\s*total")
DISCOUNT = _rx(r"\bdiscount", r"\bdisc\b", r"\bless\b", r"\bsavings?\b", r"\bpromo", r"\bvoucher\b",
               r"\bcoupon\b", r"छूट", r"தள்ளுபடி")
NOT_TOTAL = _rx(
    r"sub\s*-?\s*total", r"\bs\W?[u0o]\W?[b8]\W?\s*-?\s*total", r"total\s*(?:qty|quantity|items?|pcs|nos|units|no\.?\s*of)", r"total\s*(?:tax|gst|cgst|sgst|igst|cess)",
    r"taxable", r"total\s*discount", r"before\s*tax", r"excl", r"total\s*savings", r"total\s*weight",
    r"कुल\s*(?:कर|मात्रा|नग|वस्तु)", r"कर\s*योग्य", r"உப\s*மொத்தம்", r"in\s*words", r"total\s*tax\s*amount",
    r"total\s*includes?\s*\d+(?:\.\d+)?\s*%", r"total\s*included\s*(?:gst|tax)",  # the tax a total includes
    r"included\s*in\s*(?:the\s*)?total",
)
PAID = _rx(r"\bcash\b", r"\btender(?:ed)?\b", r"\breceived\b", r"\btunai\b", r"\bpaid\b", r"\bpay\b", r"\bpayment\b", r"\bcard\b", r"\bvisa\b",
           r"\bmaster\b", r"\bupi\b", r"\bpaytm\b", r"नकद", r"भुगतान")
CHANGE = _rx(r"\bchange\b", r"\bchg\b", r"\brefund\b", r"\bbaki\b", r"\bbalance\b(?!\s*due)", r"वापसी", r"बाकी")
COMPANY = _rx(r"\bpvt\b", r"\bltd\b", r"\blimited\b", r"\bllp\b", r"\btraders\b", r"\btrading\b", r"\benterprises?\b",
              r"\bagenc(?:y|ies)\b", r"\bstores?\b", r"\bmart\b", r"&\s*co\b", r"\bcompany\b", r"\bdistributors?\b",
              r"\bwholesale\b", r"\bindustries\b", r"\bsdn\b", r"\bbhd\b", r"\bs/b\b", r"\binc\b", r"\bcorp",
              r"\bsons\b", r"\bbros\b", r"\bbrothers\b", r"\bsuppliers?\b", r"\bmarketing\b", r"\bemporium\b",
              r"\bbhandar\b", r"\bkirana\b", r"\bhardware\b", r"\brestaurants?\b", r"\bpharma", r"\bmedical",
              r"\bgeneral\b", r"\bhouse\b", r"\bcentre\b|\bcenter\b", r"ट्रेडर्स", r"भंडार", r"स्टोर")
# A registered legal form: the line naming the legal entity (the GST registrant), stronger than a
# trade word such as "stores" in a shop's brand line.
LEGAL_FORM = _rx(r"\bpvt\.?\s*ltd\b", r"\bprivate\s*limited\b", r"\bltd\b", r"\blimited\b", r"\bllp\b",
                 r"\bsdn\.?\s*bhd\b", r"(?<!\w)[s§$5]\s*/\s*b\b", r"\binc\b", r"\bcorp(?:oration)?\b", r"\bplc\b",
                 r"प्राइवेट\s*लिमिटेड", r"लिमिटेड")
TAXABLE = _rx(
    r"taxable\s*(?:value|amount|amt|total)?", r"sub\s*-?\s*total", r"\bs\W?[u0o]\W?[b8]\W?\s*-?\s*total", r"total\s*before\s*tax", r"amount\s*before\s*tax",
    r"total\s*excl(?:uding|\.)?\s*(?:of\s*)?(?:tax|gst)?", r"net\s*taxable", r"assessable\s*value",
    r"\bexcl(?:uding|usive|\.)?\b", r"\bnett?\s*of\s*(?:tax|gst|vat)", r"before\s*(?:tax|gst|vat)", r"without\s*(?:tax|gst|vat)",
    r"कर\s*योग्य\s*(?:राशि|मूल्य|रकम)?", r"उप\s*-?\s*योग", r"வரிக்குட்பட்ட", r"உப\s*மொத்தம்",
)
CGST = _rx(r"\bcgst\b", r"\bc\W?[g6]\W?[g6s5$]?\W?[s5$]\W?t\b", r"central\s*(?:tax|gst)", r"सीजीएसटी", r"केंद्रीय\s*कर", r"மத்திய\s*வரி")
SGST = _rx(r"\b(?:sgst|utgst)\b", r"\bs\W?[g6]\W?[g6s5$]?\W?[s5$]\W?t\b", r"state\s*(?:tax|gst)", r"एसजीएसटी", r"राज्य\s*कर", r"மாநில\s*வரி")
IGST = _rx(r"\bigst\b", r"integrated\s*(?:tax|gst)", r"आईजीएसटी", r"एकीकृत\s*कर", r"ஒருங்கிணைந்த\s*வரி")
CESS = _rx(r"\bcess\b", r"उपकर")
TAX_TOTAL = _rx(r"total\s*(?:tax|gst)(?:\s*amount)?", r"included\s*in\s*(?:the\s*)?total", r"\b(?:gst|tax|vat)\s*(?:amount|amt|total)?\b",
                r"कुल\s*कर", r"जीएसटी", r"மொத்த\s*வரி", r"ஜிஎஸ்டி")
ROUND_OFF = _rx(r"round(?:ed|ing)?\s*-?\s*(?:off|adj(?:ustment)?)", r"\br\s*/\s*o\b", r"roundoff", r"rounding",
                r"पूर्णांकन", r"राउंड\s*ऑफ", r"முழுமையாக்கல்")

# Words that are headings or boilerplate, never the supplier's name.
NOT_A_NAME = _rx(
    r"tax\s*invoice", r"\binvoice\b", r"bill\s*of\s*supply", r"cash\s*(?:memo|bill)", r"\breceipt\b",
    r"\boriginal\b", r"\bduplicate\b", r"\btriplicate\b", r"\bcopy\b", r"gstin", r"\bgst\b", r"\bph(?:one)?\b",
    r"\bmob(?:ile)?\b", r"\btel\b", r"e-?mail", r"www\.", r"\.com\b", r"\bpan\b", r"\bfssai\b", r"\bcin\b",
    r"\bdate\b", r"\bbill\s*to\b", r"\bwelcome\b", r"\bthank", r"कर\s*बीजक", r"बिल", r"रसीद", r"चालान",
    r"दिनांक", r"फोन", r"விலைப்பட்டியல்", r"ரசீது", r"\bstate\s*code\b", r"\bcash\b",
)

# Table heading words, to find where the item rows begin.
HEAD_DESC = _rx(r"\b(?:description|item|items|particulars|product|goods|name\s*of|desc)\b", r"विवरण", r"सामान",
                r"वस्तु", r"பொருள்", r"விவரம்")
HEAD_QTY = _rx(r"\b(?:qty|quantity|qnty|nos)\b", r"मात्रा", r"नग", r"அளவு")
HEAD_RATE = _rx(r"\b(?:rate|price|mrp|unit\s*price)\b", r"\bदर\b", r"मूल्य", r"விலை")
HEAD_AMOUNT = _rx(r"\b(?:amount|amt|value|total)\b", r"राशि", r"रकम", r"தொகை")
HEAD_HSN = _rx(r"\bhsn\b", r"\bsac\b", r"hsn/sac")

UNITS = {
    "kg": "kg", "kgs": "kg", "kilo": "kg", "किलो": "kg", "கிலோ": "kg",
    "g": "g", "gm": "g", "gms": "g", "gram": "g", "grams": "g", "ग्राम": "g",
    "l": "l", "ltr": "l", "ltrs": "l", "litre": "l", "liter": "l", "लीटर": "l", "லிட்டர்": "l",
    "ml": "ml", "pc": "pc", "pcs": "pc", "piece": "pc", "pieces": "pc", "nos": "pc", "no": "pc", "no.": "pc",
    "unit": "pc", "units": "pc", "ea": "pc", "pce": "pc", "नग": "pc",
    "dozen": "dozen", "doz": "dozen", "dz": "dozen", "pack": "pack", "pkt": "pack", "pkts": "pack",
    "packet": "pack", "box": "box", "boxes": "box", "bag": "bag", "bags": "bag", "bori": "bag", "बोरी": "bag",
}
