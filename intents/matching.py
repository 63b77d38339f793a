"""Find the shop's items and parties in a message, in any script.

Matching goes from exact phonetic keys of word sequences (longest first), to keys with a case
ending glued on ("செல்வத்துக்கு", "ઈરફાનભાઈને"), to fuzzy keys (rapidfuzz) for misspellings.
Each mention carries a score: 1.0 exact, 0.9 with an ending, lower when fuzzy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from intents.script import script_of
from intents.translit import key, strict_key, word_key
from intents.vocab import VocabIndex, skeleton


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    kind: str  # "item" | "foreign" | "party"
    names: frozenset[str]
    score: float

    @property
    def name(self) -> str:
        return sorted(self.names)[0]


def _schwa(token: str) -> bool:
    return any(0x0900 <= ord(c) <= 0x0AFF for c in token)


@lru_cache(maxsize=16384)
def _is_indic(token: str) -> bool:
    return any(0x0900 <= ord(c) <= 0x0D7F for c in token)


GENITIVES = frozenset("ka ki ke da di de cha chi che nu no ni ra er का की के दा दी दे चा ची चे ਦਾ ਦੀ ਦੇ નું ની નો".split())
CLASS_KEYS = frozenset(word_key(w) for w in (
    "dal daal dhal paruppu parupu pappu bele parippu dali पप्पु दाल डाळ ਦਾਲ দাল ডাল డాల్ పప్పు ಬೇಳೆ ದಾಲ್ પરિપ્પ "
    "ദാൽ പരിപ്പ് દાળ પરુપ્પુ பருப்பு").split())
# "basmati chawal", "mungfali tel": a class word after an item of that class names the same item
CLASS_OF = {word_key(w): cls for cls, words in (
    ("rice", "chawal chaval chawl rice arisi அரிசி चावल চাল బియ్యం ಅಕ್ಕಿ അരി ચોખા ਚੌਲ तांदूळ"),
    ("oil", "tel oil ennai ennei ennay तेल எண்ணெய் তেল నూనె ಎಣ್ಣೆ എണ്ണ તેલ ਤੇਲ"),
    ("powder", "powder podi thool पाउडर பொடி தூள்")) for w in words.split()}
LATIN_SUFFIXES = ("ukku", "kku", "ku", "la", "le", "oda", "ode", "ai", "ke", "ki", "ka", "ko", "ne", "se", "nu",
                  "ji", "bhai", "wala", "wale", "s")


def find_mentions(tokens: list[str], blocked: set[int], stop: frozenset[str], index: VocabIndex,
                  exact_only: set[int] | None = None, units: set[int] | None = None) -> list[Mention]:
    """Item and party mentions, left to right, never overlapping. Tokens in `exact_only` (cue words)
    may only be part of an exact match."""
    exact_only = exact_only or set()
    keys = [word_key(t) for t in tokens]
    out: list[Mention] = []
    i, n = 0, len(tokens)
    units = units or set()
    while i < n:
        if i in blocked or tokens[i] in stop or not keys[i]:
            i += 1
            continue
        found = None
        if keys[i] in CLASS_KEYS and i + 1 < n and i + 1 not in blocked and tokens[i + 1] not in stop:
            swapped = tokens[i + 1] + " " + tokens[i]  # "dal chana", "दाल मूंग": the class word first
            hit = _lookup(swapped, key(swapped), i, i + 2, index, 0.95, foreign_ok=False)
            if hit is not None and hit.kind == "item":
                found = hit
        found = found or _exact(tokens, keys, i, blocked, stop, index, i in exact_only)
        if found is not None and found.end - found.start == 1 and i in units:
            found = None  # "box", "packet" alone are units, not names
        if found is None and i + 1 < n and not {i, i + 1} & (exact_only | units | blocked) \
                and tokens[i + 1] not in stop:
            found = _misspelt_pair(tokens, i, index)
        if found is None and i not in exact_only and i not in units:
            found = _fuzzy(tokens[i], keys[i], i, index)
        if found is None:
            i += 1
            continue
        if out and out[-1].kind == found.kind == "item" and out[-1].end == found.start \
                and found.end - found.start == 1 and (keys[found.start] in CLASS_KEYS or (
                    CLASS_OF.get(keys[found.start]) and all(CLASS_OF[keys[found.start]] in n.lower() for n in out[-1].names))):
            # "ulundhu paruppu", "तुवर दाल": a class word after an item names the same item
            out[-1] = Mention(out[-1].start, found.end, "item", out[-1].names, out[-1].score)
        else:
            out.append(found)
        i = found.end
    return out


def _span_ok(tokens: list[str], i: int, j: int, blocked: set[int]) -> bool:
    return all(k not in blocked for k in range(i, j))


_VIRAMA = {"Mlym": "\u0d4d", "Taml": "\u0bcd", "Telu": "\u0c4d", "Knda": "\u0ccd"}


def _exact(tokens, keys, i, blocked, stop, index: VocabIndex, exact_only: bool) -> Mention | None:
    n = len(tokens)
    for size in range(min(index.max_words + 1, n - i), 0, -1):
        j = i + size
        if not _span_ok(tokens, i, j, blocked) or tokens[j - 1] in stop:
            continue
        raw = " ".join(tokens[i:j])
        names = index.raw_items.get(raw)
        if names:
            return Mention(i, j, "item", frozenset(names), 1.0 if len(names) == 1 else 0.6)
        if exact_only and size == 1:
            # a cue word ("ਕੀਤਾ" did) may still be a party's name, but only as spelt in Latin
            party = index.parties.get(keys[i]) if raw.isascii() and len(keys[i]) >= 4 else None
            return Mention(i, j, "party", frozenset(party), 1.0) if party else None
        hit = _whole_span(tokens, keys, i, j, raw, index, exact_only)
        if hit:
            return hit
        if exact_only:
            continue
        hit = _with_ending(tokens, i, j, index)
        if hit:
            return hit
    return None


def _whole_span(tokens, keys, i: int, j: int, raw: str, index: VocabIndex, exact_only: bool) -> Mention | None:
    """The words i..j as a name: by their key, without a genitive inside, or as a party said loosely."""
    size = j - i
    loose = key(raw)
    short = len(loose.replace(" ", "")) <= (2 if _is_indic(raw) else 3)
    if short and raw.isascii() and len(raw) >= 4 and len(strict_key(raw)) >= 3:
        short = False  # "aalu" is long enough to be read as "alu"; "ki" is not ghee
    hit = _lookup(raw, loose, i, j, index, 1.0, parties_only=short, foreign_ok=not exact_only)
    if hit:
        return hit
    if size >= 3 and any(t in GENITIVES for t in tokens[i + 1:j - 1]):
        # "sarso ka tel", "सरसों का तेल": a name said with a genitive the lexicon leaves out
        bare = " ".join(t for k, t in enumerate(tokens[i:j]) if not (0 < k < size - 1 and t in GENITIVES))
        hit = _lookup(bare, key(bare), i, j, index, 0.95, foreign_ok=not exact_only)
        if hit and hit.kind == "item":
            return hit
    if size >= 2:
        hit = _fuzzy_party_phrase(loose, i, j, index)
        if hit:
            return hit
    if size == 1 and not exact_only:
        return _fuzzy_party(keys[i], i, index, _is_indic(tokens[i]))
    return None


def _with_ending(tokens, i: int, j: int, index: VocabIndex) -> Mention | None:
    """The last word with a case ending glued on (Indic) or a Latin suffix, taken off."""
    last_tok = tokens[j - 1]
    head_raw = " ".join(tokens[i:j - 1])
    if _is_indic(last_tok):
        return _indic_stem(last_tok, head_raw, i, j, index)
    if last_tok.isascii():
        for suffix in LATIN_SUFFIXES:
            stem = last_tok[: -len(suffix)]
            if last_tok.endswith(suffix) and len(stem) >= 3:
                stem_raw = (head_raw + " " + stem).strip()
                hit = _lookup(stem_raw, key(stem_raw), i, j, index, 0.9, parties_only=len(stem) < 4)
                if hit:
                    return hit
    return None


def _indic_stem(last_tok: str, head_raw: str, i: int, j: int, index: VocabIndex) -> Mention | None:
    # a case ending glued on: drop up to seven letters and marks from the end
    # a Dravidian ending is two letters or more; dropping one vowel sign makes another word
    first_cut = 1 if _schwa(last_tok) else 2
    for cut in range(first_cut, min(8, len(last_tok) - 1)):
        stem_raw = (head_raw + " " + last_tok[:-cut]).strip()
        # "ബ്രെഡും" -> "ബ്രെഡ" -> "ബ്രെഡ്": a closing consonant's virama goes with the ending
        names = index.raw_items.get(stem_raw) or index.raw_items.get(stem_raw + _VIRAMA.get(script_of(last_tok), ""))
        if names:
            return Mention(i, j, "item", frozenset(names), 0.9 if len(names) == 1 else 0.5)
        stem_key = key(stem_raw)
        if len(stem_key.replace(" ", "")) < 3:
            break
        variants = (stem_key, stem_key + "a") if _schwa(last_tok) else (stem_key,)
        for variant in variants:  # "कांदे" -> "कांद" -> "कांदा"
            hit = _lookup(None, variant, i, j, index, 0.9, script=script_of(last_tok),
                          tiers=(script_of(last_tok),), foreign_ok=False)
            if hit:
                return hit
    for cut in range(first_cut, min(8, len(last_tok) - 1)):
        stem_key = key((head_raw + " " + last_tok[:-cut]).strip())
        if len(stem_key.replace(" ", "")) < 5:
            break  # across scripts only a long stem is safe ("குடு" is not "guddu")
        hit = _lookup(None, stem_key, i, j, index, 0.85, script=script_of(last_tok), tiers=("Latn", "Deva"))
        if hit:
            return hit
    return None


def _fuzzy_party_phrase(phrase: str, i: int, j: int, index: VocabIndex) -> Mention | None:
    best, best_name = 0.0, None
    for pk, name in index.party_keys:
        if " " in pk and pk.count(" ") == phrase.count(" ") and pk[0] == phrase[0]:
            score = fuzz.ratio(phrase, pk)
            if score >= 85 and score > best:
                best, best_name = score, name
    if best_name is None:
        return None
    return Mention(i, j, "party", frozenset([best_name]), 0.8 + best / 1000)


def _lookup(raw: str | None, loose: str, i: int, j: int, index: VocabIndex, score: float,
            parties_only: bool = False, foreign_ok: bool = True, script: str | None = None,
            tiers: tuple[str, ...] | None = None) -> Mention | None:
    """Look a phrase up: romanized phrases by their strict key against romanized forms and by their
    loose key against native-script forms; native-script phrases by their loose key against all."""
    if len(loose) < 2:
        return None
    party = index.parties.get(loose)
    if party and (parties_only or len(loose) >= 3):
        return Mention(i, j, "party", frozenset(party), score)
    if parties_only:
        return None
    latin = raw is not None and raw.isascii()
    if latin:
        strict = strict_key(raw)
        item = index.items_latin.get(strict)
        foreign = index.foreign_latin.get(strict)
    else:
        # A native-script word meets forms of its own script, romanized forms, then Hindi's
        # (which stand for the languages the lexicon leaves blank) - never another script's.
        script = script or (script_of(raw) if raw else "Deva")
        item = foreign = None
        for sc in tiers or (script, "Latn", "Deva"):
            size = len(loose.replace(" ", ""))
            if sc != script and size < 5:
                continue  # short words meet only their own script ("बाद" is not "bhaat", "அந்த" not "अंडा")
            item = item or index.items_by_script.get(sc, {}).get(loose)
            foreign = foreign or index.foreign_by_script.get(sc, {}).get(loose)
    if item:
        return Mention(i, j, "item", frozenset(item), score * (1.0 if len(item) == 1 else 0.6))
    if foreign and foreign_ok and len(loose) >= 3:
        return Mention(i, j, "foreign", frozenset([foreign]), score)
    return None


def _fuzzy_party(k: str, i: int, index: VocabIndex, indic: bool = False) -> Mention | None:
    """A party name with a case ending or honorific glued on, or slightly misspelt."""
    if len(k) < 3:
        return None
    best_party, best = None, 0.0
    for pk, name in index.party_keys:
        if " " in pk or len(pk) < 3 or pk[0] != k[0]:
            continue
        score = fuzz.ratio(k[: len(pk)], pk)
        need = 80 if len(k) > len(pk) or (indic and len(pk) >= 5) else 85
        if score >= need and len(k) - len(pk) <= 8 and score > best:
            best_party, best = name, score
    if best_party is None:
        return None
    return Mention(i, i + 1, "party", frozenset([best_party]), 0.75 + best / 1000)


def _misspelt_pair(tokens: list[str], i: int, index: VocabIndex) -> Mention | None:
    """"mugfali tel": a two-word name with the consonants of one catalog name - asked back."""
    pair = tokens[i:i + 2]
    if not all(t.isascii() and t.isalpha() for t in pair):
        return None
    sk = " ".join(skeleton(t) for t in pair)
    size = len(" ".join(pair))
    names = {name for form_size, name in index.skeletons.get(sk, ()) if abs(form_size - size) <= 1}
    return Mention(i, i + 2, "item", frozenset(names), 0.65) if len(names) == 1 else None


def _fuzzy(token: str, k: str, i: int, index: VocabIndex) -> Mention | None:
    if not token.isascii() or not token.isalpha() or len(token) < 4:
        return None
    got = process.extractOne(k, index.item_keys, scorer=fuzz.ratio, score_cutoff=86) if len(k) >= 5 and index.item_keys \
        else None
    if got is None or got[0][0] != k[0]:
        # "tamater", "hldi": the same consonants as one catalog name (and only one) - asked back
        sk = skeleton(token)
        names = {name for size, name in index.skeletons.get(sk, ()) if abs(size - len(token)) <= 1} \
            if len(sk) >= 3 else None
        if names and len(names) == 1:
            return Mention(i, i + 1, "item", frozenset(names), 0.65)
        return None
    names = index.items[got[0]]
    return Mention(i, i + 1, "item", frozenset(names), 0.7 if len(names) == 1 else 0.4)
