"""Unit words of the ten languages mapped onto the contract's units (kg g l ml pc dozen pack box bag).

`unit_of(token)` accepts case suffixes glued to Indic unit words ("ಕೆಜಿಗೆ", "கிலோவுக்கு").
"""

from __future__ import annotations

from functools import lru_cache

UNITS = {
    "kg": "kg kgs kilo kilos kilogram kilograms kilogramme kila किलो किग्रा केजी kg. கிலோ కిలో కిలోలు కిలోల কেজি কিলো ಕೆಜಿ ಕಿಲೋ ಕೇಜಿ "
          "കിലോ കി.ഗ്രാം કિલો કિગ્રા ਕਿਲੋ ਕਿੱਲੋ",
    "g": "g gm gms gram grams gramme grm ग्राम ग्रॅम கிராம் గ్రాములు గ్రాము গ্রাম ಗ್ರಾಂ ಗ್ರಾಮ್ ഗ്രാം ગ્રામ ਗ੍ਰਾਮ",
    "l": "l litre liter litres liters ltr ltrs lit लीटर लिटर லிட்டர் லிட்டர லீட்டர் లీటర్ లీటర్లు లీటరు লিটার ಲೀಟರ್ ಲೀಟರ "
         "ലിറ്റർ ലിറ്റര് લિટર લીટર ਲੀਟਰ ਲਿਟਰ",
    "ml": "ml mls millilitre milliliter एमएल मिली மிலி మి.లీ মিলি ಮಿಲಿ മില്ലി મિલી ਮਿਲੀ",
    "pc": "pc pcs piece pieces nag nug pis peace tikki tikiya tikia टिकिया टिक्की पीस नग अदद பீஸ் ఒక్కటి పీస్ পিস ಪೀಸ್ പീസ് પીસ નંગ ਪੀਸ ਨਗ",
    "dozen": "dozen dozens darjan darjen दर्जन डजन டஜன் డజను డజన్ ডজন ಡಜನ್ ഡസൻ ડઝન ਦਰਜਨ",
    "pack": "pack packs packet packets pkt pkts pouch pouches पाउच paket pocket packt पाकीट पाकिटं पाकिटे पाकिट पुडा पैकेट्स पैकेट पाकेट पॅकेट பாக்கெட் பேக்கெட் ப்பாக்கெட் పాకెట్ ప్యాకెట్ "
            "প্যাকেট ಪ್ಯಾಕೆಟ್ ಪ್ಯಾಕ್ പാക്കറ്റ് പാക്കറ്റ പായ്ക്കറ്റ് પેકેટ પૅકેટ ਪੈਕੇਟ",
    "box": "box boxes dabba dibba dabbe dibbe peti carton tray trays crate crates डिब्बा डिब्बे डब्बा डब्बे पेटी बॉक्स बाक्स பெட்டி டப்பா బాక్స్ డబ్బా বাক্স ಬಾಕ್ಸ್ ಡಬ್ಬ ബോക്സ് ડબ્બો બોક્સ ਡੱਬਾ ਬਾਕਸ",
    "bag": "bag bags bori bora bore boriyan katta sack sacks बैग बोरी बोरा बोरे बोरियां कट्टा மூட்டை பை பேக் బస్తా సంచి ব্যাগ বস্তা ಚೀಲ ಮೂಟೆ ಬ್ಯಾಗ್ "
           "ചാക്ക് ബാഗ് થેલી બેગ ગુણ ਬੋਰੀ ਬੈਗ",
}
WORD_TO_UNIT = {word: unit for unit, words in UNITS.items() for word in words.split()}
_INDIC_STEMS = sorted((w for w in WORD_TO_UNIT if not w.isascii() and len(w) >= 3), key=len, reverse=True)


@lru_cache(maxsize=8192)
def unit_of(token: str) -> str | None:
    """The contract unit a token names, or None."""
    if token in WORD_TO_UNIT:
        return WORD_TO_UNIT[token]
    if token.isascii():
        return None
    for stem in _INDIC_STEMS:
        if token.startswith(stem) and len(token) - len(stem) <= 7:
            return WORD_TO_UNIT[stem]
    return None

