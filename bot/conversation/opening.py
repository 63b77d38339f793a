"""A shop's opening stock from a file: a CSV or Excel sheet of items (name, unit, price, stock) sent in
chat, or a photo of a handwritten or printed stock or price list captioned as one (read by the OCR
engine, one item a line: "Sugar 50 kg 44"). Each row adds the item (with the kirana master's HSN and GST rate when it is one of its items)
and its opening stock, or, for an item the shop has, sets its price and counts its stock. Rows that
cannot be read are named back by number; nothing else is guessed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook

from bot.conversation.messages import Reply

SHEET_TYPES = frozenset({
    "text/csv", "text/comma-separated-values", "application/csv", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
})
MAX_ROWS = 2000
SHEET_FORMATS = "CSV / Excel"
# Header words in the languages shops write them, for each column.
HEADERS = {
    "item": ("name", "item", "items", "product", "saamaan", "saman", "samaan", "naam", "नाम", "सामान", "वस्तु",
             "பொருள்", "பெயர்", "ಹೆಸರು", "పేరు", "নাম", "नाव", "નામ", "പേര്", "ਨਾਮ", "description", "particulars"),
    "unit": ("unit", "uom", "ikai", "इकाई", "यूनिट", "அலகு", "unit name"),
    "rate": ("price", "rate", "mrp", "bhav", "daam", "selling price", "sale price", "भाव", "दाम", "रेट", "कीमत",
             "விலை", "ధర", "দাম", "किंमत", "ભાવ", "ಬೆಲೆ", "വില", "ਕੀਮਤ"),
    "qty": ("stock", "qty", "quantity", "opening stock", "maal", "स्टॉक", "मात्रा", "இருப்பு", "ஸ்டாக்", "నిల్వ",
            "মজুত", "साठा", "સ્ટોક", "ಸ್ಟಾಕ್", "സ്റ്റോക്ക്", "ਸਟਾਕ"),
    "cost": ("cost", "purchase price", "kharid", "खरीद", "கொள்முதல்"),
}


def is_sheet(content_type: str, filename: str | None) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    name = (filename or "").lower()
    return kind in SHEET_TYPES or name.endswith((".csv", ".xlsx"))


def _fold(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().strip(" :*#").split())


def read_rows(data: bytes, filename: str | None) -> list[list[str]]:
    """The sheet's rows as text cells (the first sheet of a workbook)."""
    if data[:2] == b"PK" or (filename or "").lower().endswith(".xlsx"):
        # openpyxl is imported here only: most messages are not spreadsheets

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows[: MAX_ROWS + 1]
    text = data.decode("utf-8-sig", errors="replace")
    dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))[: MAX_ROWS + 1]


def columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        word = _fold(cell)
        for column, words in HEADERS.items():
            if column not in found and (word in words or any(word.startswith(w + " ") for w in words)):
                found[column] = index
                break
    return found


def _number(cell: str) -> Decimal | None:
    text = re.sub(r"[₹,\s]|rs\.?|/-", "", str(cell or "").lower())
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and value >= 0 else None


def _row_args(row: list[str], cols: dict[str, int]) -> dict | None:
    def cell(name: str) -> str:
        index = cols.get(name)
        return row[index].strip() if index is not None and index < len(row) and row[index] else ""

    name = cell("item")
    if not name:
        return None
    args: dict = {"item": " ".join(name.split())}
    if cell("unit"):
        args["unit"] = cell("unit")
    for column in ("rate", "qty", "cost"):
        if cell(column):
            value = _number(cell(column))
            if value is None:
                return None
            if value > 0 or column == "qty":
                args[column] = float(value)
    return args


# A caption that says the photo is a list of the shop's items, not a supplier's bill.
LIST_WORDS = ("stock", "list", "opening", "inventory", "maal", "स्टॉक", "लिस्ट", "सूची", "माल", "இருப்பு", "பட்டியல்",
              "ஸ்டாக்", "నిల్వ", "জাবিতা", "মজুত", "तालिका", "यादी", "યાદી", "ಪಟ್ಟಿ", "പട്ടിക", "ਸੂਚੀ")
LIST_LINE = re.compile(r"^\W*(?:\d{1,3}[.)]\s+)?(?P<item>[^\d₹]{2,60}?)\s+(?P<qty>\d+(?:\.\d+)?)\s*"
                       r"(?P<unit>kg|kgs|kilo|g|gm|l|ltr|litre|ml|pc|pcs|nos|packet|packets|pkt|box|bag|dozen|doz)?\.?"
                       r"\s*(?:@|x|rs\.?|₹|/-)?\s*(?P<rate>\d+(?:\.\d+)?)?\s*(?:/-|rs)?\s*$", re.IGNORECASE)


def is_list_photo(kind: str, caption: str) -> bool:
    words = _fold(caption)
    return kind == "image" and any(w in words for w in LIST_WORDS)


TOTAL_LINE = re.compile(r"^\W*(total|grand total|kul|कुल|योग|மொத்தம்|ಒಟ್ಟು|మొత్తం|মোট|एकूण|કુલ|ആകെ|ਕੁੱਲ)\b", re.IGNORECASE)
LIST_UNITS = {"kgs": "kg", "kilo": "kg", "gm": "g", "ltr": "l", "litre": "l", "pcs": "pc", "nos": "pc",
              "packet": "pack", "packets": "pack", "pkt": "pack", "doz": "dozen"}


def list_rows(text: str) -> list[list[str]]:
    """A photographed list as sheet rows (a header, then name, unit, price, stock), one item a line."""
    rows = [["name", "unit", "price", "stock"]]
    for line in text.splitlines():
        found = LIST_LINE.match(line.strip())
        if found and not TOTAL_LINE.match(line):
            unit = (found["unit"] or "").lower()
            rows.append([found["item"].strip(" .:-"), LIST_UNITS.get(unit, unit), found["rate"] or "", found["qty"]])
    return rows


def import_photo(ctx, data: bytes, engine) -> list[Reply]:
    """The items of a photographed stock or price list, as `import_items` adds a sheet's."""
    try:
        text = engine.read(data).text
    except Exception:  # noqa: BLE001 - an unreadable photo is answered, never raised
        return [Reply(text=ctx.t("import.unreadable", formats=SHEET_FORMATS))]
    rows = list_rows(text)
    if len(rows) < 2:
        return [Reply(text=ctx.t("import.unreadable", formats=SHEET_FORMATS))]
    return import_rows(ctx, rows)


def import_items(ctx, data: bytes, filename: str | None) -> list[Reply]:
    """Add or update the items of a sheet; one reply saying how many, and which rows were skipped."""
    try:
        rows = read_rows(data, filename)
    except Exception:  # noqa: BLE001 - a broken file is answered, never raised
        return [Reply(text=ctx.t("import.unreadable", formats=SHEET_FORMATS))]
    return import_rows(ctx, rows)


def import_rows(ctx, rows: list[list[str]]) -> list[Reply]:
    header = next((i for i, row in enumerate(rows[:5]) if "item" in columns(row)), None)
    if header is None:
        return [Reply(text=ctx.t("import.unreadable", formats=SHEET_FORMATS))]
    cols = columns(rows[header])
    added = updated = 0
    skipped: list[str] = []
    mid = ctx.inbound.message_key
    for number, row in enumerate(rows[header + 1:], start=header + 2):
        if not any(str(c).strip() for c in row):
            continue
        args = _row_args(row, cols)
        outcome = ctx.run_tool("add_item", args, message_id=f"{mid}:row:{number}") if args else None
        if outcome is not None and outcome.ok:
            added += 1
        elif outcome is not None and outcome.error and outcome.error.details.get("reason") == "already_exists":
            updated += _update(ctx, args, f"{mid}:row:{number}")
        else:
            skipped.append(str(number))
    text = ctx.t("import.done", added=added, updated=updated)
    if skipped:
        text += "\n" + ctx.t("import.skipped", rows=", ".join(skipped[:20]))
    return [Reply(text=text)]


def _update(ctx, args: dict, message_id: str) -> int:
    """An item the shop has: its new price and its counted stock."""
    ok = True
    if args.get("rate"):
        ok = ctx.run_tool("set_price", {"item": args["item"], "rate": args["rate"]}, message_id=message_id).ok
    if args.get("qty") is not None:
        stock = {"item": args["item"], "qty": args["qty"], **({"unit": args["unit"]} if args.get("unit") else {})}
        ok = ctx.run_tool("adjust_stock", stock, message_id=message_id + ":stock").ok and ok
    return int(ok)
