"""The shop's profile and its parties' details said in chat, and the old khata:

"mera UPI ramesh@okaxis hai" / "GSTIN 09AAACR5055K1Z5" / "dukaan ka naam Sharma General Store" /
"state UP" / "composition scheme" -> `set_shop_profile`; "Ramesh ka number 98765 43210" ->
`set_party_details`; "Ramesh ka purana udhaar 2500" -> `set_opening_balance`; "naya samaan kaju
katli 600" / "cheeni add karo 45 rupay kilo" -> `add_item`. Decided from the raw text's shapes (a
VPA, a GSTIN, a mobile number) and a few cue words in the ten languages; None when none fits.
"""

from __future__ import annotations

import re

from intents.alerts import ALERT_TOOLS
from intents.analysis import Analysis
from intents.newparty import stem_of
from intents.translit import display_latin

VPA = re.compile(r"(?<![\w.@-])([A-Za-z0-9][A-Za-z0-9._-]{1,255}@[A-Za-z][A-Za-z0-9]{1,63})(?![\w@])")
GSTIN = re.compile(r"(?<![0-9A-Za-z])(\d{2}[A-Za-z]{5}\d{4}[A-Za-z][1-9A-Za-z][Zz][0-9A-Za-z])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?91[\s-]?|0)?([6-9]\d{4})[\s-]?(\d{5})(?!\d)")
PIN = re.compile(r"(?<!\d)([1-8]\d{2})\s?(\d{3})(?!\d)")

_SHOP = r"(?:dukaan|dukan|dukkan|shop|store|दुकान|दूकान|கடை|கடையின்|షాపు|అంగడి|দোকানের|দোকান|दुकानाचे|દુકાનનું|ಅಂಗಡಿ|കടയുടെ|ਦੁਕਾਨ)"
_NAME = r"(?:naam|name|नाम|பெயர்|పేరు|নাম|नाव|નામ|ಹೆಸರು|പേര്|ਨਾਮ)"
SHOP_NAME = re.compile(rf"{_SHOP}\s*(?:ka|ki|ke|का|की|के|ದ|దా|ਦਾ|'s)?\s*{_NAME}\s*(?:is|hai|है|:|-|=)?\s*(?P<v>.+)$",
                       re.IGNORECASE)
SHOP_NAME_TAIL = re.compile(r"\s*(?:hai|he|h|है|रखो|rakho|kar\s*do|karo|कर\s*दो|करो|கொடு|வை|ആണ്|ਹੈ|છે|आहे|আছে|ಆಗಿದೆ)?[\s.!।]*$",
                            re.IGNORECASE)
STATE = re.compile(r"(?:^|\s)(?:state|rajya|राज्य|மாநிலம்|రాష్ట్రం|রাজ্য|રાજ્ય|ರಾಜ್ಯ|സംസ്ഥാനം|ਰਾਜ|pin\s*code|pincode|pin|पिन)"
                   r"(?=[\s:\-]|$)\s*(?:is|hai|है|:|-)?\s*(?P<v>.+)$", re.IGNORECASE)
UPI_WORDS = ("upi", "vpa", "यूपीआई", "யுபிஐ")
GST_WORDS = ("gst", "जीएसटी", "ஜிஎஸ்டி")
COMPOSITION = ("composition", "कंपोज़िशन", "कंपोजिशन", "காம்போசிஷன்")
UNREGISTERED = ("unregistered", "not registered", "no gst", "gst nahi", "gst nahin", "gst नहीं", "जीएसटी नहीं",
                "gst illa", "gst இல்லை", "without gst", "gst नाही")
REGULAR = ("regular gst", "gst regular", "regular scheme", "रेगुलर")
OLD_WORDS = ("purana", "puraana", "purani", "pichla", "pichhla", "pichala", "old", "opening", "पुराना", "पुरानी",
             "पिछला", "पिछली", "பழைய", "பழைய", "పాత", "পুরনো", "পুরানো", "जुनी", "जुना", "જૂની", "જૂનું", "ಹಳೆಯ",
             "പഴയ", "ਪੁਰਾਣਾ", "pazhaya", "palaya", "pathu")
OWE_WORDS = ("udhaar", "udhar", "udhari", "baaki", "baki", "bakaya", "dues", "due", "balance", "उधार", "बाकी", "बाक़ी",
             "बकाया", "பாக்கி", "கடன்", "బాకీ", "বাকি", "उधारी", "ઉધારી", "બાકી", "ಬಾಕಿ", "കടം", "ബാക്കി", "ਉਧਾਰ",
             "ਬਕਾਇਆ", "paaki", "kadan", "lena", "dena", "लेना", "देना")
WE_OWE = ("dena hai", "dena h", "देना है", "dene hai", "we owe", "i owe", "owe them", "தர வேண்டும்", "கொடுக்கணும்",
          "ko dena", "को देना")
ADD_WORDS = ("add karo", "add kar do", "add kardo", "jodo", "jod do", "jodna", "जोड़ो", "जोड़ दो", "जोडो", "add",
             "சேர்", "சேர்க்க", "naya samaan", "naya saman", "naya item", "new item", "नया सामान", "नया आइटम",
             "புதிய பொருள்")
NEW_ITEM = re.compile(r"(?:naya\s+sa+ma+n|naya\s+item|new\s+item|नया\s+सामान|नया\s+आइटम|புதிய\s+பொருள்)\s+(?P<name>.+?)"
                      r"\s+(?:₹|rs\.?\s*)?(?P<rate>\d+(?:\.\d+)?)\b", re.IGNORECASE)
PHONE_WORDS = ("number", "nambar", "no", "phone", "mobile", "नंबर", "नम्बर", "फोन", "मोबाइल", "நம்பர்", "எண்",
               "போன்", "నంబర్", "ফোন", "নম্বর", "नंबर", "નંબર", "ನಂಬರ್", "നമ്പർ", "ਨੰਬਰ")
POSSESSIVE = frozenset("ka ki ke का की के da di de ਦਾ ਦੀ nu no ni નો નું ની cha chi che चा ची चे ಅವರ ఉ".split())


_NOT_NAME = frozenset(w.casefold() for w in (*OLD_WORDS, *OWE_WORDS, *PHONE_WORDS, *UPI_WORDS, *GST_WORDS))


def _has(text: str, words: tuple[str, ...]) -> bool:
    low = f" {text.casefold()} "
    return any(f" {w} " in low or (not w.isascii() and w in low) for w in words)


def _name_before(a: Analysis, stops: set[int], learnable: frozenset[str] = frozenset()) -> str | None:
    """A party named at the start: a known party, else the words before a possessive ("Ramesh ka ...");
    a word the lexicon also knows as an item the shop does not sell counts ("Guddu" is Telugu for eggs)."""
    if a.parties:
        return a.parties[0].name
    unknown = set(a.unknown_tokens()) | {i for m in a.items if m.names & learnable for i in range(m.start, m.end)}
    run = []
    for i, tok in enumerate(a.tokens):
        if tok in POSSESSIVE or i in stops or tok.casefold() in _NOT_NAME or (tok.isascii() and len(tok) < 2):
            break
        if i in unknown and any(c.isalpha() for c in tok) and not any(c.isdigit() for c in tok):
            run.append(tok)
        elif run:
            break
    if run and len(run[0]) >= 3 and len(run) <= 3:
        run[-1] = stem_of(run[-1]) or run[-1]  # "রতনের পুরনো বাকি": Ratan's
        return display_latin(" ".join(run))
    return None


def _shop_profile(raw: str) -> tuple[str, dict, float] | None:
    vpa = VPA.search(raw)
    if vpa:
        return "set_shop_profile", {"upi_id": vpa.group(1).lower()}, 0.95 if _has(raw, UPI_WORDS) else 0.85
    named = SHOP_NAME.search(raw.strip())
    if named:
        value = SHOP_NAME_TAIL.sub("", named.group("v")).strip(" \"'“”")
        if len(value) >= 2:
            return "set_shop_profile", {"name": value}, 0.92
    if _has(raw, COMPOSITION):
        return "set_shop_profile", {"gst_scheme": "composition"}, 0.9
    if _has(raw, UNREGISTERED):
        return "set_shop_profile", {"gst_scheme": "unregistered"}, 0.85
    if _has(raw, REGULAR) and _has(raw, GST_WORDS + ("regular",)):
        return "set_shop_profile", {"gst_scheme": "regular"}, 0.85
    state = STATE.search(raw.strip())
    if state:
        return "set_shop_profile", {"state": state.group("v").strip(" .।")}, 0.85
    return None


def decide_profile(a: Analysis, raw: str, learnable: frozenset[str] = frozenset()) -> tuple[str, dict, float] | None:
    """A profile write, a party's details, an opening balance or a new item with its price, or None."""
    raw = raw or ""
    gstin = GSTIN.search(raw)
    mobile = MOBILE.search(raw)
    if gstin:
        value = gstin.group(1).upper()
        party = a.parties[0].name if a.parties else None
        if party:
            return "set_party_details", {"party": party, "gstin": value}, 0.9
        return "set_shop_profile", {"gstin": value}, 0.93
    if mobile and _has(raw, PHONE_WORDS) and not _has(raw, ("mera", "my", "मेरा", "என்")):
        party = _name_before(a, set(), learnable)
        if party:
            return "set_party_details", {"party": party, "phone": "+91" + mobile.group(1) + mobile.group(2)}, 0.9
    found = _shop_profile(raw) or _pack_size(a)
    if found:
        return found
    # "ne purana udhaar chuka diya" settles old dues; "ko purana 5000 dena hai" is what the shop owes
    settled = a.has("c:recv", "c:sell", "c:buy", "c:came", "c:return") or (a.has("c:give") and not _has(raw, WE_OWE))
    if _has(raw, OLD_WORDS) and _has(raw, OWE_WORDS) and a.numbers and not settled:
        party = _name_before(a, set(), learnable)
        if party:
            args = {"party": party, "amount": _num(a.numbers[-1].value)}
            known_kind = a.index.party_kind.get(party)
            if _has(raw, WE_OWE) or known_kind == "supplier":
                args["kind"] = "supplier"
            else:
                args["kind"] = "customer"
            return "set_opening_balance", args, 0.9
    return None


PROFILE_TOOLS = frozenset({"set_shop_profile", "set_party_details", "set_opening_balance", "set_pack_size"}) | ALERT_TOOLS


PACKS = ("bag", "box", "pack", "dozen")


def _pack_size(a: Analysis) -> tuple[str, dict, float] | None:
    """"1 bori chawal = 25 kilo", "chawal ki 1 peti mein 24 packet": how much one pack of an item holds."""
    if len(a.numbers) != 2 or not a.items or a.has("c:sell", "c:buy", "c:came", "c:give", "c:recv", "c:return"):
        return None
    first, second = a.numbers
    unit_one, unit_two = a.units.get(first.end), a.units.get(second.end)
    if first.value != 1 or unit_one not in PACKS or unit_two is None or unit_two == unit_one:
        return None
    return "set_pack_size", {"item": a.items[0].name, "unit": unit_one, "qty": _num(second.value),
                             "qty_unit": unit_two}, 0.9


def _num(value):
    return int(value) if value == int(value) else float(value)


def decide_new_item(a: Analysis, raw: str) -> tuple[str, dict, float] | None:
    """"cheeni add karo 45 rupay kilo", "naya samaan kaju katli 600": an item with its price (tried after
    the administration parser, which reads the fuller phrasings)."""
    if not _has(raw, ADD_WORDS) or not a.numbers or a.parties:
        return None
    priced = a.has("c:money", "c:per") or any(n.end not in a.units for n in a.numbers)
    if not priced:
        return None  # "add 2 kg paneer to ramesh's account": a quantity, not a price
    named = NEW_ITEM.search(raw)
    if named:
        return "add_item", {"item": named.group("name").strip().title(), "rate": _num(float(named.group("rate")))}, 0.85
    if a.items:
        item = a.items[0].name
        args: dict = {"item": item, "rate": _num(a.numbers[-1].value)}
        unit = next(iter(a.units.values()), None)
        if unit:
            args["unit"] = unit
        return "add_item", args, 0.9
    return None
