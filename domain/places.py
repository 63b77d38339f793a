"""Where a shop is: its GST state code from a state's name (English, Hindi or the state's own
script), a city, or a PIN code. `state_from_text(text)` -> (code, how) or None; never raises.

PIN codes: the first two or three digits name a postal circle, which lies in one state (the
India Post circle map); a few circles span two states and are split by their first three digits.
"""

from __future__ import annotations

import re
import unicodedata

from domain.ocr.gstin import STATE_NAMES

# Names people write for their state besides the English one.
STATE_WORDS: dict[str, tuple[str, ...]] = {
    "01": ("jammu", "kashmir", "j&k", "जम्मू", "कश्मीर"),
    "02": ("himachal", "हिमाचल"), "03": ("punjab", "panjab", "पंजाब", "ਪੰਜਾਬ"), "04": ("chandigarh", "चंडीगढ़", "ਚੰਡੀਗੜ੍ਹ"),
    "05": ("uttarakhand", "uttaranchal", "उत्तराखंड"), "06": ("haryana", "हरियाणा"),
    "07": ("delhi", "dilli", "new delhi", "दिल्ली"), "08": ("rajasthan", "राजस्थान"),
    "09": ("uttar pradesh", "up", "u.p.", "उत्तर प्रदेश", "यूपी"), "10": ("bihar", "बिहार"),
    "11": ("sikkim",), "12": ("arunachal",), "13": ("nagaland",), "14": ("manipur",), "15": ("mizoram",),
    "16": ("tripura",), "17": ("meghalaya",), "18": ("assam", "असम", "অসম"),
    "19": ("west bengal", "bengal", "paschim banga", "पश्चिम बंगाल", "পশ্চিমবঙ্গ", "বাংলা"),
    "20": ("jharkhand", "झारखंड"), "21": ("odisha", "orissa", "ओडिशा"), "22": ("chhattisgarh", "छत्तीसगढ़"),
    "23": ("madhya pradesh", "mp", "m.p.", "मध्य प्रदेश"), "24": ("gujarat", "गुजरात", "ગુજરાત"),
    "26": ("daman", "diu", "dadra"), "27": ("maharashtra", "महाराष्ट्र"),
    "29": ("karnataka", "कर्नाटक", "ಕರ್ನಾಟಕ"), "30": ("goa", "गोवा"), "31": ("lakshadweep",),
    "32": ("kerala", "केरल", "കേരളം"), "33": ("tamil nadu", "tamilnadu", "tn", "तमिलनाडु", "தமிழ்நாடு", "தமிழகம்"),
    "34": ("puducherry", "pondicherry", "pondy", "புதுச்சேரி"), "35": ("andaman",),
    "36": ("telangana", "तेलंगाना", "తెలంగాణ"), "37": ("andhra pradesh", "andhra", "आंध्र प्रदेश", "ఆంధ్రప్రదేశ్"),
    "38": ("ladakh", "लद्दाख"),
}

CITIES: dict[str, tuple[str, ...]] = {
    "09": ("lucknow", "kanpur", "varanasi", "banaras", "agra", "allahabad", "prayagraj", "meerut", "ghaziabad",
           "noida", "gorakhpur", "bareilly", "aligarh", "moradabad", "jhansi", "mathura", "ayodhya", "लखनऊ",
           "कानपुर", "वाराणसी", "बनारस", "आगरा", "प्रयागराज", "मेरठ", "गाज़ियाबाद", "गाजियाबाद", "नोएडा", "गोरखपुर"),
    "07": ("new delhi", "दिल्ली"),
    "27": ("mumbai", "bombay", "pune", "nagpur", "nashik", "thane", "aurangabad", "kolhapur", "solapur",
           "मुंबई", "पुणे", "नागपुर", "नाशिक", "ठाणे"),
    "33": ("chennai", "madras", "coimbatore", "kovai", "madurai", "trichy", "tiruchirappalli", "salem",
           "tirunelveli", "erode", "vellore", "thanjavur", "tiruppur", "சென்னை", "கோயம்புத்தூர்", "கோவை", "மதுரை",
           "திருச்சி", "சேலம்", "திருநெல்வேலி", "ஈரோடு", "வேலூர்", "தஞ்சாவூர்", "திருப்பூர்"),
    "29": ("bengaluru", "bangalore", "mysuru", "mysore", "mangaluru", "mangalore", "hubli", "belgaum",
           "ಬೆಂಗಳೂರು", "ಮೈಸೂರು"),
    "36": ("hyderabad", "secunderabad", "warangal", "హైదరాబాద్"),
    "37": ("vijayawada", "visakhapatnam", "vizag", "guntur", "tirupati", "nellore", "విజయవాడ", "విశాఖపట్నం"),
    "32": ("kochi", "cochin", "thiruvananthapuram", "trivandrum", "kozhikode", "calicut", "thrissur",
           "കൊച്ചി", "തിരുവനന്തപുരം"),
    "19": ("kolkata", "calcutta", "howrah", "siliguri", "durgapur", "asansol", "কলকাতা", "হাওড়া"),
    "24": ("ahmedabad", "surat", "vadodara", "baroda", "rajkot", "bhavnagar", "jamnagar", "અમદાવાદ", "સુરત"),
    "08": ("jaipur", "jodhpur", "udaipur", "kota", "ajmer", "bikaner", "जयपुर", "जोधपुर", "उदयपुर"),
    "23": ("bhopal", "indore", "gwalior", "jabalpur", "ujjain", "भोपाल", "इंदौर", "ग्वालियर"),
    "10": ("patna", "gaya", "bhagalpur", "muzaffarpur", "पटना"),
    "03": ("ludhiana", "amritsar", "jalandhar", "patiala", "bathinda", "ਲੁਧਿਆਣਾ", "ਅੰਮ੍ਰਿਤਸਰ"),
    "06": ("gurgaon", "gurugram", "faridabad", "panipat", "ambala", "rohtak", "hisar"),
    "20": ("ranchi", "jamshedpur", "dhanbad"),
    "21": ("bhubaneswar", "cuttack", "puri"),
    "22": ("raipur", "bilaspur", "bhilai"),
    "05": ("dehradun", "haridwar", "rishikesh", "haldwani"),
    "18": ("guwahati",),
    "30": ("panaji", "margao"),
}

# PIN prefixes: two digits, refined by three where a circle spans states.
PIN2 = {
    "11": "07", "12": "06", "13": "06", "14": "03", "15": "03", "16": "03", "17": "02", "18": "01", "19": "01",
    "20": "09", "21": "09", "22": "09", "23": "09", "24": "09", "25": "09", "26": "09", "27": "09", "28": "09",
    "30": "08", "31": "08", "32": "08", "33": "08", "34": "08", "36": "24", "37": "24", "38": "24", "39": "24",
    "40": "27", "41": "27", "42": "27", "43": "27", "44": "27", "45": "23", "46": "23", "47": "23", "48": "23",
    "49": "22", "50": "36", "51": "37", "52": "37", "53": "37", "56": "29", "57": "29", "58": "29", "59": "29",
    "60": "33", "61": "33", "62": "33", "63": "33", "64": "33", "67": "32", "68": "32", "69": "32", "70": "19",
    "71": "19", "72": "19", "73": "19", "74": "19", "75": "21", "76": "21", "77": "21", "78": "18", "80": "10",
    "81": "20", "82": "20", "83": "20", "84": "10", "85": "10",
}
PIN3 = {"160": "04", "403": "30", "605": "34", "609": "34", "737": "11", "744": "35", "682": "32",
        "246": "05", "247": "05", "248": "05", "249": "05", "262": "05", "263": "05", "194": "38", "396": "26",
        "500": "36", "501": "36", "502": "36", "503": "36", "504": "36", "505": "36", "506": "36", "507": "36",
        "508": "36", "509": "36", "790": "12", "791": "12", "792": "12", "797": "13", "798": "13", "795": "14",
        "796": "15", "799": "16", "793": "17", "794": "17"}
_PIN = re.compile(r"(?<!\d)([1-8]\d{2})\s?(\d{3})(?!\d)")


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace(",", " ").replace(".", " ").split())


def state_from_pin(pin: str) -> str | None:
    digits = re.sub(r"\D", "", pin)
    if len(digits) != 6:
        return None
    return PIN3.get(digits[:3]) or PIN2.get(digits[:2])


def _words_hit(text: str, words: tuple[str, ...]) -> bool:
    padded = f" {text} "
    return any(f" {_fold(w)} " in padded for w in words)


def state_from_text(text: str) -> tuple[str, str] | None:
    """(state code, "pin" | "state" | "city") for a PIN code, a state's name or a city in `text`."""
    if not text:
        return None
    match = _PIN.search(text)
    if match:
        code = state_from_pin(match.group(1) + match.group(2))
        if code:
            return code, "pin"
    folded = _fold(text)
    for code, name in STATE_NAMES.items():
        if _words_hit(folded, (name,)):
            return code, "state"
    for code, words in STATE_WORDS.items():
        if _words_hit(folded, words):
            return code, "state"
    for code, words in CITIES.items():
        if _words_hit(folded, words):
            return code, "city"
    return None


def is_place(text: str) -> bool:
    """Whether `text` is only a place's name (a city or a state), as a person's name never is."""
    folded = _fold(text)
    every = [*STATE_NAMES.values(), *(w for ws in STATE_WORDS.values() for w in ws),
             *(w for ws in CITIES.values() for w in ws)]
    return any(folded == _fold(w) for w in every)


def state_name(code: str) -> str:
    return STATE_NAMES.get(code, code)
