"""intents: the offline multilingual intent parser (hi en ta te bn mr gu kn ml pa, native or romanized).

Public API: `parse`, `ParseResult`, `AUTO_APPLY`, `detect_language`, `Detected`, `ShopVocabulary`,
`VocabItem`, `VocabParty`. Knows only the tool contract and a plain snapshot of the shop's vocabulary.
"""

from intents.parser import AUTO_APPLY, WRITES, ParseResult, parse
from intents.script import Detected, detect_language
from intents.vocab import ShopVocabulary, VocabItem, VocabParty

__all__ = [
    "AUTO_APPLY", "WRITES", "Detected", "ParseResult", "ShopVocabulary", "VocabItem", "VocabParty",
    "detect_language", "parse",
]
