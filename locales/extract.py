"""A Babel extraction method for Munshi's message ids: `t("sale.recorded", ...)`, `say(...)` and
`N_(...)` calls with a dotted key, including both keys of `t("a.b" if x else "c.d")` — Babel's own
Python extractor glues those two into one bogus id — and `t.plural("count.bills", n)`, which
stands for its keys `count.bills_one` and `count.bills_other`.

Used by locales/babel.cfg (`[locales.extract:extract_keys: **.py]`) and by the catalog tests.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

KEY = re.compile(r"[a-z_]+(\.[a-z_]+)+")
CALLERS = frozenset({"t", "say", "N_", "plural"})
# The CLDR plural categories of the catalogs' languages (English and the Indian languages Munshi
# speaks have "one" and "other"): a counted noun has one key per category, `<key>_<category>`.
PLURAL_CATEGORIES = ("one", "other")


def _choices(node: ast.AST) -> list[str]:
    """The string constants an argument can be: "a", or either branch of `"a" if c else "b"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _choices(node.body) + _choices(node.orelse)
    return []


def keys_in_source(source: str, callers: frozenset[str] = CALLERS) -> Iterator[tuple[int, str, str]]:
    """(line, function name, key) for every dotted key passed first to one of `callers`."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in callers:
            for key in _choices(node.args[0]):
                if not KEY.fullmatch(key):
                    continue
                if name == "plural":
                    for category in PLURAL_CATEGORIES:
                        yield node.lineno, name, f"{key}_{category}"
                else:
                    yield node.lineno, name, key


def keys_in_package(package: Path) -> set[str]:
    """Every key the package's modules call."""
    found: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        found.update(key for _, _, key in keys_in_source(path.read_text(encoding="utf-8")))
    return found


def extract_keys(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    """Babel's extraction-method interface over `keys_in_source`."""
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    callers = frozenset(keywords) & CALLERS if keywords else CALLERS
    for lineno, name, key in keys_in_source(source, callers or CALLERS):
        yield lineno, name, key, []
