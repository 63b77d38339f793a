"""What Munshi should say unprompted, said by its own shape: "subah 7 baje report bhejo" / "report band
karo" set the morning digest (`set_digest`); "har 7 din yaad dilao", "500 se upar walon ko", "Geeta ko
kabhi mat bhejna" the udhaar reminders to customers (`set_reminder_rule`)."""

from __future__ import annotations

import re

from intents.analysis import Analysis

REPORT_WORDS = ("report", "digest", "रिपोर्ट", "ரிப்போர்ட்", "அறிக்கை", "రిపోర్ట్", "ರಿಪೋರ್ಟ್", "റിപ്പോർട്ട്",
                "রিপোর্ট", "अहवाल", "રિપોર્ટ", "ਰਿਪੋਰਟ")
REMIND_WORDS = ("yaad", "remind", "reminder", "याद", "नினைவூட்ட", "நினைவூட்டு", "గుర్తు", "ನೆನಪಿಸ",
                "ഓർമ്മിപ്പിക്ക", "মনে করা", "आठवण", "યાદ", "ਯਾਦ")
OFF_WORDS = ("band karo", "band kar do", "mat bhejo", "mat bhejna", "off", "stop", "बंद", "मत भेज", "நிறுத்து",
             "ఆపు", "ನಿಲ್ಲಿಸ", "നിർത്ത", "বন্ধ", "બંધ", "ਬੰਦ")
NEVER_WORDS = ("kabhi mat", "kabhi nahi", "yaad mat", "mat dilana", "never", "याद मत", "कभी मत", "कभी नहीं", "ஒருபோதும்", "ఎప్పుడూ", "ಎಂದಿಗೂ",
               "ഒരിക്കലും", "কখনও", "कधीच", "ક્યારેય", "ਕਦੇ ਨਹੀਂ")
AGAIN_WORDS = ("phir se", "fir se", "dobara", "again", "फिर से", "दोबारा", "மீண்டும்", "మళ్ళీ", "ಮತ್ತೆ",
               "വീണ്ടും", "আবার", "पुन्हा", "ફરી", "ਫਿਰ")
HOUR = re.compile(r"(\d{1,2})\s*(?:baje|am|pm|o'?clock|बजे|மணிக்கு|மணி|గంటలకు|ಗಂಟೆಗೆ|മണിക്ക്|টায়|वाजता|વાગ્યે|ਵਜੇ)",
                  re.IGNORECASE)
EVERY = re.compile(r"(?:har|every|हर|दर|ਹਰ|દર|প্রতি)\s*(\d{1,2})\s*(?:din|days?|दिन|दिवस|ਦਿਨ|દિવસ|দিন)"
                   r"|(\d{1,2})\s*(?:நாளுக்கு|రోజులకు|ದಿನಕ್ಕೆ|ദിവസം)", re.IGNORECASE)
ABOVE = re.compile(r"(\d[\d,]*)\s*(?:se upar|se zyada|से ऊपर|से ज़्यादा|से ज्यादा|above|over|க்கு மேல்|కంటే ఎక్కువ|"
                   r"ಕ್ಕಿಂತ ಹೆಚ್ಚು|ൽ കൂടുതൽ|এর বেশি|पेक्षा जास्त|થી વધુ|ਤੋਂ ਵੱਧ)", re.IGNORECASE)
ALERT_TOOLS = frozenset({"set_digest", "set_reminder_rule"})


def _has(raw: str, words: tuple[str, ...]) -> bool:
    low = f" {raw.casefold()} "
    return any(f" {w} " in low or (not w.isascii() and w in low) or (" " in w and w in low) for w in words)


def _digest(raw: str) -> tuple[str, dict, float] | None:
    if not _has(raw, REPORT_WORDS):
        return None
    if _has(raw, OFF_WORDS):
        return "set_digest", {"off": True}, 0.9
    hour = HOUR.search(raw)
    if hour and 0 <= int(hour.group(1)) <= 23:
        value = int(hour.group(1))
        if re.search(r"\bpm\b|shaam|शाम|raat|रात", raw, re.IGNORECASE) and value < 12:
            value += 12
        return "set_digest", {"hour": value}, 0.9
    return None


def _reminders(a: Analysis, raw: str) -> tuple[str, dict, float] | None:
    if not _has(raw, REMIND_WORDS + ("bhejna", "bhejo", "भेजना", "भेजो")):
        return None
    party = a.parties[0].name if a.parties else None
    if party and _has(raw, NEVER_WORDS):
        return "set_reminder_rule", {"never": party}, 0.9
    if party and _has(raw, AGAIN_WORDS) and _has(raw, REMIND_WORDS):
        return "set_reminder_rule", {"again": party}, 0.85
    args: dict = {}
    every = EVERY.search(raw)
    if every:
        args["every_days"] = int(every.group(1) or every.group(2))
    above = ABOVE.search(raw)
    if above:
        args["min_amount"] = int(above.group(1).replace(",", ""))
    if not args and _has(raw, OFF_WORDS) and _has(raw, REMIND_WORDS):
        return "set_reminder_rule", {"off": True}, 0.85
    return ("set_reminder_rule", args, 0.9) if args else None


def decide_alerts(a: Analysis, raw: str) -> tuple[str, dict, float] | None:
    """The morning digest's hour or off, or a rule of the udhaar reminders; None for anything else."""
    raw = raw or ""
    return _digest(raw) or _reminders(a, raw)
