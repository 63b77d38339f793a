"""The GST master: states and their codes, GST rates by date, HSN rules, GST units (UQC), GSTIN
checks and the thresholds the returns use. Every other part of Munshi asks here (gst.md §5–§9).

Rates are `Decimal` percents. From 22 Sep 2025 (GST 2.0) the slabs are 0/5/18/40 with the special
rates 0.1/0.25/1/1.5/3/6/7.5; 28 % stays only for tobacco and pan masala (with cess); 12 % and
28 % are valid for documents dated before that day.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache

from stdnum import luhn

from domain.errors import InvalidArgument

# -- states (gst.md §5.3) ---------------------------------------------------------------------

STATES: dict[str, str] = {
    "01": "Jammu and Kashmir", "02": "Himachal Pradesh", "03": "Punjab", "04": "Chandigarh",
    "05": "Uttarakhand", "06": "Haryana", "07": "Delhi", "08": "Rajasthan", "09": "Uttar Pradesh",
    "10": "Bihar", "11": "Sikkim", "12": "Arunachal Pradesh", "13": "Nagaland", "14": "Manipur",
    "15": "Mizoram", "16": "Tripura", "17": "Meghalaya", "18": "Assam", "19": "West Bengal",
    "20": "Jharkhand", "21": "Odisha", "22": "Chhattisgarh", "23": "Madhya Pradesh", "24": "Gujarat",
    "25": "Daman and Diu", "26": "Dadra and Nagar Haveli and Daman and Diu", "27": "Maharashtra",
    "28": "Andhra Pradesh (old)", "29": "Karnataka", "30": "Goa", "31": "Lakshadweep", "32": "Kerala",
    "33": "Tamil Nadu", "34": "Puducherry", "35": "Andaman and Nicobar Islands", "36": "Telangana",
    "37": "Andhra Pradesh", "38": "Ladakh", "97": "Other Territory",
}
EXPORT_POS = "96"  # "Other Countries": a place of supply for exports, never a GSTIN prefix
CENTRE_JURISDICTION = "99"
POS_PATTERN = re.compile(r"^(3[0-8]|[12][0-9]|0[1-9]|97)$")

# Other names a shopkeeper or a bill uses for a state (lower case, without punctuation).
_STATE_ALIASES: dict[str, str] = {
    "up": "09", "uttar pradesh": "09", "u p": "09", "mp": "23", "m p": "23", "maharastra": "27", "mh": "27",
    "tn": "33", "tamilnadu": "33", "ap": "37", "andhra": "37", "wb": "19", "bengal": "19", "delhi": "07",
    "new delhi": "07", "nct of delhi": "07", "j&k": "01", "jammu & kashmir": "01", "jk": "01", "hp": "02",
    "uk": "05", "uttaranchal": "05", "orissa": "21", "pondicherry": "34", "andaman": "35", "gj": "24",
    "ka": "29", "kl": "32", "rj": "08", "pb": "03", "hr": "06", "br": "10", "ts": "36", "tg": "36",
    "daman": "26", "dadra": "26", "dnh": "26", "cg": "22", "chattisgarh": "22", "jh": "20", "as": "18",
}

# Cities a place of supply is often named by ("Nagpur bhejna hai"); a city names its state.
CITY_STATE: dict[str, str] = {
    "mumbai": "27", "pune": "27", "nagpur": "27", "nashik": "27", "aurangabad": "27", "thane": "27",
    "lucknow": "09", "kanpur": "09", "varanasi": "09", "agra": "09", "noida": "09", "ghaziabad": "09",
    "prayagraj": "09", "allahabad": "09", "meerut": "09", "gorakhpur": "09", "bareilly": "09",
    "delhi": "07", "gurgaon": "06", "gurugram": "06", "faridabad": "06", "chandigarh": "04",
    "jaipur": "08", "jodhpur": "08", "udaipur": "08", "kota": "08", "ahmedabad": "24", "surat": "24",
    "vadodara": "24", "rajkot": "24", "bhopal": "23", "indore": "23", "gwalior": "23", "jabalpur": "23",
    "patna": "10", "gaya": "10", "kolkata": "19", "howrah": "19", "siliguri": "19", "ranchi": "20",
    "jamshedpur": "20", "bhubaneswar": "21", "cuttack": "21", "raipur": "22", "guwahati": "18",
    "chennai": "33", "madurai": "33", "coimbatore": "33", "trichy": "33", "tiruchirappalli": "33",
    "salem": "33", "bengaluru": "29", "bangalore": "29", "mysuru": "29", "mysore": "29", "mangaluru": "29",
    "hyderabad": "36", "warangal": "36", "vijayawada": "37", "visakhapatnam": "37", "vizag": "37",
    "tirupati": "37", "kochi": "32", "cochin": "32", "thiruvananthapuram": "32", "trivandrum": "32",
    "kozhikode": "32", "panaji": "30", "goa": "30", "dehradun": "05", "haridwar": "05", "shimla": "02",
    "amritsar": "03", "ludhiana": "03", "jalandhar": "03", "srinagar": "01", "jammu": "01", "leh": "38",
    "puducherry": "34", "pondicherry": "34", "port blair": "35", "gangtok": "11", "shillong": "17",
    "imphal": "14", "agartala": "16", "aizawl": "15", "kohima": "13", "itanagar": "12",
}


def state_name(code: str | None) -> str | None:
    """The state's name for its two-digit code (None for an unknown or missing code)."""
    return STATES.get(code or "")


def find_state(text: str | None) -> str | None:
    """The state code a text names: a code ("9", "09"), a state's name or short name, a city, or a
    GSTIN's first two digits. None when it names none."""
    if not text or not text.strip():
        return None
    raw = text.strip()
    if raw.isdigit() and len(raw) <= 2:
        code = f"{int(raw):02d}"
        return code if code in STATES else None
    if len(raw) == 15 and raw[:2].isdigit():
        return raw[:2] if raw[:2] in STATES else None
    key = " ".join(re.sub(r"[^\w&\s]", " ", raw.lower()).split())
    by_name = {name.lower(): code for code, name in STATES.items()}
    return by_name.get(key) or _STATE_ALIASES.get(key) or CITY_STATE.get(key)


def state_of(gstin: str | None) -> str | None:
    """The two-digit state code that opens a GSTIN."""
    return gstin[:2] if gstin else None


# -- GSTIN (gst.md §5) ----------------------------------------------------------------------

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Registration types (gst.md §5.1): normal taxpayer, e-commerce operator (TCS), TDS deductor,
# government department, UN body / embassy (UIN) and non-resident.
GSTIN_FORMS = tuple(re.compile(p) for p in (
    r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$",
    r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]C[0-9A-Z]$",
    r"^[0-9]{2}[A-Z]{4}[A-Z0-9][0-9]{4}[A-Z][1-9A-Z]D[0-9A-Z]$",
    r"^[0-9]{2}[A-Z]{4}[0-9]{5}[A-Z][0-9]Z[0-9]$",
    r"^[0-9]{4}[A-Z]{3}[0-9]{5}[UO]N[A-Z0-9]$",
    r"^[0-9]{4}[A-Z]{3}[0-9]{5}NR[0-9A-Z]$",
))


@lru_cache(maxsize=4096)
def is_valid_gstin(value: str | None) -> bool:
    """A GSTIN of a known state, of a known registration form, whose 15th character is the Luhn
    mod-36 check of the first 14 (python-stdnum); input upper-cased and trimmed first."""
    if not value:
        return False
    clean = value.strip().upper()
    if len(clean) != 15 or clean[:2] not in STATES or not any(f.match(clean) for f in GSTIN_FORMS):
        return False
    return bool(luhn.is_valid(clean, alphabet=GSTIN_ALPHABET))


def normalise_gstin(value: str | None) -> str | None:
    """Upper-cased, trimmed and checked GSTIN, or None; InvalidArgument when invalid."""
    if value is None or not value.strip():
        return None
    clean = value.strip().upper()
    if not is_valid_gstin(clean):
        raise InvalidArgument("gstin", "invalid")
    return clean


# -- place of supply -------------------------------------------------------------------------

def place_of_supply(shop_state: str, party_gstin: str | None = None, party_state: str | None = None,
                    said: str | None = None) -> str:
    """Where a supply of goods is taxed: the place said ("Nagpur bhejna hai"), else the buyer's
    GSTIN state, else the buyer's recorded state, else the shop's own state (a counter sale)."""
    return said or state_of(party_gstin) or party_state or shop_state


def is_inter_state(shop_state: str, party_state: str | None, place_of_supply: str | None = None) -> bool:
    """Inter-state when the place of supply (else the party's state) differs from the shop's;
    a sale with no party and no place of supply is intra-state (a counter sale)."""
    where = place_of_supply or party_state
    return bool(where) and where != shop_state


def supply_type(shop_state: str, pos: str) -> str:
    """`INTRA` when the place of supply is the supplier's own state, else `INTER` (GSTR-1 b2cs)."""
    return "INTRA" if pos == shop_state else "INTER"


# -- rates (gst.md §7) ------------------------------------------------------------------------

GST_2_0 = date(2025, 9, 22)
SPECIAL_RATES = tuple(Decimal(r) for r in ("0.1", "0.25", "1", "1.5", "3", "6", "7.5"))
RATES_BEFORE_GST_2_0 = frozenset((Decimal(0), *SPECIAL_RATES, *(Decimal(r) for r in ("5", "12", "18", "28"))))
RATES_FROM_GST_2_0 = frozenset((Decimal(0), *SPECIAL_RATES, *(Decimal(r) for r in ("5", "18", "40"))))
ALL_RATES = tuple(sorted(RATES_BEFORE_GST_2_0 | RATES_FROM_GST_2_0))
# 28 % after GST 2.0 only for tobacco (chapter 24) and pan masala (2106 90 20), until the
# compensation-cess loans are repaid.
NOTIFIED_28_HSN = ("24", "21069020")
ALL_RATES_BP = tuple(int(r * 100) for r in ALL_RATES)


def rates_on(day: date) -> frozenset[Decimal]:
    """The GST rates in force on a document date."""
    return RATES_FROM_GST_2_0 if day >= GST_2_0 else RATES_BEFORE_GST_2_0


def is_rate_valid(rate: Decimal, on: date, hsn: str | None = None) -> bool:
    """Whether `rate` may be charged on `on` (28 % after GST 2.0 only for notified HSN)."""
    if rate in rates_on(on):
        return True
    return on >= GST_2_0 and rate == 28 and bool(hsn) and str(hsn).startswith(NOTIFIED_28_HSN)


def rate_to_bp(rate: Decimal | int | str) -> int:
    """A percent (`5`, `"0.25"`) as basis points; refuses rates GST does not know."""
    try:
        bp = Decimal(str(rate)) * 100
    except ArithmeticError as exc:
        raise InvalidArgument("gst_rate", "unknown_rate") from exc
    if bp != bp.to_integral_value() or int(bp) not in ALL_RATES_BP:
        raise InvalidArgument("gst_rate", "unknown_rate")
    return int(bp)


def bp_to_rate(bp: int) -> Decimal:
    value = Decimal(bp) / 100
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


# -- HSN (gst.md §6) --------------------------------------------------------------------------

HSN_PATTERN = re.compile(r"^[0-9]{2,8}$")
HSN_SIX_DIGITS_ABOVE_PAISE = 5 * 10**7 * 100  # AATO above ₹5 crore: 6 digits


def hsn_digits_required(aato_paise: int) -> int:
    """Minimum HSN digits on invoices and in GSTR-1 Table 12: 4 up to ₹5 crore AATO, else 6."""
    return 6 if aato_paise > HSN_SIX_DIGITS_ABOVE_PAISE else 4


def is_service(hsn: str | None) -> bool:
    """SAC codes (chapter 99) are services."""
    return bool(hsn) and str(hsn).startswith("99")


def hsn_problem(hsn: str | None, aato_paise: int = 0) -> str | None:
    """Why an HSN code cannot be reported ("missing", "not_digits", "too_short"), or None."""
    if not hsn:
        return "missing"
    if not HSN_PATTERN.match(hsn):
        return "not_digits"
    if len(hsn) < hsn_digits_required(aato_paise):
        return "too_short"
    return None


# -- units (GST UQC) --------------------------------------------------------------------------

UQC: dict[str, str] = {
    "BAG": "BAGS", "BAL": "BALE", "BDL": "BUNDLES", "BKL": "BUCKLES", "BOU": "BILLION OF UNITS",
    "BOX": "BOX", "BTL": "BOTTLES", "BUN": "BUNCHES", "CAN": "CANS", "CBM": "CUBIC METERS",
    "CCM": "CUBIC CENTIMETERS", "CMS": "CENTIMETERS", "CTN": "CARTONS", "DOZ": "DOZENS", "DRM": "DRUMS",
    "GGK": "GREAT GROSS", "GMS": "GRAMMES", "GRS": "GROSS", "GYD": "GROSS YARDS", "KGS": "KILOGRAMS",
    "KLR": "KILOLITRE", "KME": "KILOMETRE", "LTR": "LITRES", "MLT": "MILILITRE", "MTR": "METERS",
    "MTS": "METRIC TON", "NOS": "NUMBERS", "OTH": "OTHERS", "PAC": "PACKS", "PCS": "PIECES",
    "PRS": "PAIRS", "QTL": "QUINTAL", "ROL": "ROLLS", "SET": "SETS", "SQF": "SQUARE FEET",
    "SQM": "SQUARE METERS", "SQY": "SQUARE YARDS", "TBS": "TABLETS", "TGM": "TEN GROSS", "THD": "THOUSANDS",
    "TON": "TONNES", "TUB": "TUBES", "UGS": "US GALLONS", "UNT": "UNITS", "YDS": "YARDS",
}
SERVICE_UQC = "NA"
_UNIT_UQC = {"kg": "KGS", "g": "GMS", "l": "LTR", "ml": "MLT", "pc": "PCS", "dozen": "DOZ", "pack": "PAC",
             "box": "BOX", "bag": "BAG"}


@lru_cache(maxsize=1024)
def uqc_of(unit: str, hsn: str | None = None) -> str:
    """The GST unit code of one of Munshi's units (`NA` for a service, `OTH` for anything else)."""
    if is_service(hsn):
        return SERVICE_UQC
    return _UNIT_UQC.get(unit, "OTH")


# -- thresholds -------------------------------------------------------------------------------

B2CL_NEW_LIMIT_FROM = date(2024, 8, 1)
EWAY_BILL_ABOVE_PAISE = 50_000 * 100
EINVOICE_AATO_ABOVE_PAISE = 5 * 10**7 * 100
COMPOSITION_TRADER_RATE = Decimal("1")  # percent of turnover: 0.5 CGST + 0.5 SGST (Rule 7)


def b2cl_limit_paise(on: date) -> int:
    """An inter-state invoice to an unregistered buyer above this value goes to b2cl (Rule 59(4))."""
    return 100_000 * 100 if on >= B2CL_NEW_LIMIT_FROM else 250_000 * 100


INVOICE_NUMBER = re.compile(r"^[A-Z1-9][A-Z0-9/-]{0,15}$")


def is_invoice_number(number: str) -> bool:
    """At most 16 characters of `A-Z 0-9 / -`, not starting with 0, / or - (Rule 46(b), INV-01)."""
    return bool(INVOICE_NUMBER.match(number))
