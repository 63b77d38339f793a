"""Number words a speech recogniser misheard, put right where the grammar wants a number.

Whisper writes a spoken "दो किलो" as "तो किलो", "दस किलो" as "तसा किलो", "तीन पैकेट" as "तीना पैकेट":
the sound is nearly right, the spelling is another word's. Right before a unit, a rupee word or a
hundred/thousand a number is what was said, so a word there that is no number is read as the number
word of the same script that sounds like it — voiced and voiceless consonants alike, a final vowel
dropped — when exactly one number sounds so. Only for transcripts: typed text means what it says.
"""

from __future__ import annotations

from functools import lru_cache

from intents.lexicon import cues
from intents.normalise import normalise
from intents.numbers import classify, loose_key, number_words
from intents.script import script_of
from intents.units import unit_of

_VOICING = str.maketrans("dgbjzv", "tkpcsf")
_PUNCTUATION = ".,;:!?।\"'“”"


def sound_key(word: str) -> str:
    """How a number word sounds, loosely: "दो" and "तो", "दस" and "तसा", "तीन" and "तीना" share one."""
    key = loose_key(word).translate(_VOICING)
    return key.rstrip("aeiou") or key


@lru_cache(maxsize=1)
def _by_sound() -> dict[tuple[str, str], str]:
    """(script, sound key) -> the number word; a sound two numbers share is left out."""
    found: dict[tuple[str, str], dict] = {}
    for word, value in number_words().items():
        found.setdefault((script_of(word), sound_key(word)), {}).setdefault(value, word)
    return {key: next(iter(words.values())) for key, words in found.items() if len(words) == 1 and key[1]}


def _wants_number(word: str) -> bool:
    """A unit, a rupee word or a hundred/thousand: what follows a quantity."""
    token = normalise(word.strip(_PUNCTUATION)).split()[:1]
    if not token:
        return False
    kind = classify(token[0])
    return bool(unit_of(token[0]) or (kind and kind[0] == "mult")
                or any(hit.label == "c:money" for hit in cues().find(token)))


def mend_heard_numbers(text: str) -> str:
    """The transcript with each misheard number word before a unit, rupee word or multiplier put
    right ("तो किलो चीनी" -> "दो किलो चीनी"); everything else as it was heard."""
    words = text.split()
    for i, word in enumerate(words[:-1]):
        bare = normalise(word.strip(_PUNCTUATION)).split()
        if len(bare) != 1 or classify(bare[0]) is not None or not _wants_number(words[i + 1]):
            continue
        heard = _by_sound().get((script_of(bare[0]), sound_key(bare[0])))
        if heard:
            words[i] = heard + word[len(word.rstrip(_PUNCTUATION)):]
    return " ".join(words)
