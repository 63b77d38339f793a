"""GSTINs in OCR text: validation (python-stdnum), confusion repair, and finding them in lines.

A repair (O/0, I/1, S/5, B/8, Z/2, G/6 ...) is made position by position against the GSTIN
pattern and is accepted only when the checksum confirms it and no other repair does; otherwise
the number is reported as read, unvalidated. A GSTIN is never invented.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from stdnum.in_ import gstin as std_gstin

from domain.gst.master import STATES

# Letters OCR mistakes for digits and back.
TO_DIGIT = {"O": "0", "D": "0", "Q": "0", "U": "0", "I": "1", "L": "1", "J": "1", "T": "7", "S": "5",
            "B": "8", "Z": "2", "G": "6", "A": "4"}
TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z", "6": "G", "4": "A", "7": "T"}

# What each of the 15 positions holds: d digit, l letter, x either (entity no., check char), z 'Z'.
SHAPE = "ddllllldddd" + "lxzx"

STATE_NAMES = STATES  # the GST master's state codes and names

_CANDIDATE = re.compile(r"[0-9A-Z]{15}")
MAX_FIXES = 3  # more misread characters than this is not a GSTIN we can trust
# Punctuation OCR produces for letters inside a GSTIN (the shape and checksum still decide).
_GLYPHS = str.maketrans({"]": "J", "}": "J", ")": "J", "|": "I", "!": "I", "$": "S", "§": "S", "€": "E", "£": "E",
                         "©": "C", "¢": "C", "@": "0", "¥": "Y"})


@dataclass(frozen=True, slots=True)
class GstinRead:
    """A GSTIN found in text: the value (repaired when confirmed), what was read, and how sure."""

    value: str
    raw: str
    valid: bool
    repaired: bool
    confidence: float
    position: int = 0  # character offset in the searched line


def is_valid(value: str) -> bool:
    return bool(value) and std_gstin.is_valid(value)


def state_code(value: str | None) -> str | None:
    """The two-digit state code of a GSTIN, when it has a known one."""
    if value and len(value) >= 2 and value[:2] in STATE_NAMES:
        return value[:2]
    return None


def _shape_ok(text: str) -> bool:
    """Loose shape test: each position is, or could be misread as, what it should hold."""
    for ch, kind in zip(text, SHAPE, strict=True):
        if kind == "d" and not (ch.isdigit() or ch in TO_DIGIT):
            return False
        if kind in "lz" and not (ch.isalpha() or ch in TO_LETTER):
            return False
    return True


def repair(text: str) -> str | None:
    """The one checksum-valid GSTIN that OCR confusions turn `text` into, or None.

    Forced positions (digits, letters) are mapped; the either-kind positions (13 and 15) try
    both readings; more than one valid outcome means we cannot tell, so nothing is repaired.
    """
    text = text.upper()
    if len(text) != 15 or not _shape_ok(text):
        return None
    if is_valid(text):
        return text
    options: list[list[str]] = []
    for ch, kind in zip(text, SHAPE, strict=True):
        if kind == "d":
            options.append([TO_DIGIT.get(ch, ch)])
        elif kind == "l":
            options.append([TO_LETTER.get(ch, ch)])
        elif kind == "z":
            options.append(["Z"] if ch in "Z2" else [ch])
        else:
            alts = [ch]
            if ch in TO_DIGIT:
                alts.append(TO_DIGIT[ch])
            if ch in TO_LETTER:
                alts.append(TO_LETTER[ch])
            options.append(alts)
    fixes: dict[str, int] = {}
    for cand in ("".join(p) for p in itertools.product(*options)):
        changed = sum(a != b for a, b in zip(cand, text, strict=True))
        if changed <= MAX_FIXES and is_valid(cand):
            fixes[cand] = changed
    return _fewest(fixes)


def _fewest(fixes: dict[str, int]) -> str | None:
    """The one candidate needing the fewest changes; None when none, or when two tie."""
    if not fixes:
        return None
    least = min(fixes.values())
    best = [cand for cand, n in fixes.items() if n == least]
    return best[0] if len(best) == 1 else None


_LOOKALIKE = [set("1IL|J7"), set("0ODQU"), set("5S$"), set("8B"), set("2Z"), set("6G")]


def _echo(run: str, i: int) -> bool:
    """Whether character i repeats, or looks like, a neighbour: a glyph OCR read twice."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(run) and (run[j] == run[i] or any(run[i] in g and run[j] in g for g in _LOOKALIKE)):
            return True
    return False


def repair_counting(text: str) -> tuple[str, int] | None:
    """`repair` with the number of characters it changed."""
    fixed = repair(text)
    return (fixed, sum(a != b for a, b in zip(fixed, text.upper(), strict=True))) if fixed else None


def _compact(line: str) -> tuple[str, list[int]]:
    """Upper-case the line without spaces, dots and hyphens, keeping where each char came from."""
    chars, where = [], []
    for i, ch in enumerate(line.upper().translate(_GLYPHS)):
        if ch.isalnum() and ch.isascii():
            chars.append(ch)
            where.append(i)
        elif ch in " .-:":
            continue
        elif ch == "/":
            chars.append("/")  # a J or I read as a slash; only a repair may take it as one
            where.append(i)
        else:
            chars.append("#")
            where.append(i)
    return "".join(chars), where


def find_gstins(line: str, confidence: float = 0.9) -> list[GstinRead]:
    """Every GSTIN in a line: valid ones, confirmed repairs, and GSTIN-shaped but invalid reads.

    Spaces inside the number (a common OCR artefact) are tolerated.
    """
    compact, where = _compact(line)
    found: list[GstinRead] = []
    taken: set[int] = set()

    def contiguous(start: int, length: int) -> bool:
        """No space or punctuation inside: only an unbroken token is repaired."""
        return all(where[i + 1] == where[i] + 1 for i in range(start, start + length - 1))

    def longer(start: int) -> bool:
        """The 15 characters run on into a 16th with no gap: a character was inserted (or merged)."""
        end = start + 15
        return end < len(compact) and compact[end] != "#" and where[end] == where[end - 1] + 1

    def from_run(start: int) -> str | None:
        """The one valid GSTIN a 16-character run gives by dropping a character, if exactly one."""
        run = compact[start:start + 16]
        fixes: dict[str, int] = {}
        doubled: set[str] = set()
        for i in range(16):
            got = repair_counting(run[:i] + run[i + 1:])
            if got is not None:
                fixes[got[0]] = min(got[1], fixes.get(got[0], 99))
                if _echo(run, i):
                    doubled.add(got[0])
        least = min(fixes.values(), default=0)
        tied = {c for c, n in fixes.items() if n == least}
        if len(tied) > 1 and len(tied & doubled) == 1:  # OCR read one glyph twice ("1I" for "I")
            return (tied & doubled).pop()
        return _fewest(fixes)

    # Exact valid matches first, then repairs, then invalid shapes next to a GSTIN label.
    for exact in (True, False):
        for start in range(len(compact) - 14):
            window = compact[start:start + 15]
            if "#" in window or any(i in taken for i in range(start, start + 16 if longer(start) else start + 15)):
                continue
            if not exact and not contiguous(start, 15):
                continue
            if "/" in window:
                if exact or window.count("/") > 1:
                    continue
                fixes = {}
                for glyph in "JI17":
                    got = repair_counting(window.replace("/", glyph))
                    if got is not None:
                        fixes[got[0]] = got[1]
                fixed = _fewest(fixes)
                if fixed:
                    found.append(GstinRead(fixed, window, True, True, confidence * 0.7, where[start]))
                    taken.update(range(start, start + 15))
                continue
            fixed = window if exact and is_valid(window) else (None if exact else repair(window))
            if not exact and longer(start) and contiguous(start, 16):
                fixed = from_run(start)
                if fixed is None:
                    continue
                found.append(GstinRead(fixed, compact[start:start + 16], True, True, confidence * 0.7, where[start]))
                taken.update(range(start, start + 16))
            elif fixed:
                found.append(GstinRead(fixed, window, True, not exact, confidence * (1.0 if exact else 0.85),
                                       where[start]))
                taken.update(range(start, start + 15))
    if not found and re.search(r"GST|GSTIN|जीएसटी", line.upper()):
        for start in range(len(compact) - 14):
            window = compact[start:start + 15]
            if _CANDIDATE.fullmatch(window) and window[:2].isdigit() and _shape_ok(window):
                found.append(GstinRead(window, window, False, False, 0.2, where[start]))
                break
    found.sort(key=lambda g: g.position)
    return found
