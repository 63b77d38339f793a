"""Cross-checks made before a return is handed over (gst.md §12): GSTR-1 totals equal the books,
HSN totals equal the sections, GSTR-3B output equals GSTR-1, ITC equals the purchase register,
every b2b row has a valid GSTIN, every rate was in force on its date and every HSN has the digits
the turnover asks for. Each check reads the files as written (not the totals they were built
from) and returns problems; an empty list means the files agree with the books to the paisa.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.gst.master import GST_2_0, bp_to_rate, hsn_problem, is_rate_valid, is_valid_gstin
from domain.gst.model import GstDoc, Problem

HEADS = ("txval", "iamt", "camt", "samt")


@dataclass(frozen=True, slots=True)
class BookTotals:
    """The ledger's figures for the period, in paise (sales and output tax as credits turned positive)."""

    sales: int
    output_igst: int
    output_cgst: int
    output_sgst: int
    input_igst: int
    input_cgst: int
    input_sgst: int


def paise(value: float | int) -> int:
    return round(value * 100)


def _sum(rows: Iterable[dict], into: dict[str, int], sign: int = 1) -> None:
    for row in rows:
        for key in HEADS:
            into[key] += sign * paise(row.get(key, 0))


def _details(invoices: Iterable[dict]) -> Iterable[dict]:
    for inv in invoices:
        for item in inv.get("itms", ()):
            yield item.get("itm_det", item)


def gstr1_sums(g1: dict) -> dict[str, dict[str, int]]:
    """Per side ("b2b" = registered, "b2c"), the file's taxable value and taxes, notes netted; and
    "nil" per side under "txval"."""
    sums = {side: dict.fromkeys(HEADS, 0) for side in ("b2b", "b2c", "nil_b2b", "nil_b2c")}
    _sum(_details(inv for row in g1.get("b2b", ()) for inv in row["inv"]), sums["b2b"])
    _sum(_details(nt for row in g1.get("cdnr", ()) for nt in row["nt"]), sums["b2b"], -1)
    _sum(_details(inv for row in g1.get("b2cl", ()) for inv in row["inv"]), sums["b2c"])
    _sum(g1.get("b2cs", ()), sums["b2c"])
    _sum(_details(g1.get("cdnur", ())), sums["b2c"], -1)
    for row in g1.get("nil", {}).get("inv", ()):
        side = "nil_b2b" if row["sply_ty"].endswith("B2B") else "nil_b2c"
        sums[side]["txval"] += paise(row["nil_amt"]) + paise(row["expt_amt"]) + paise(row["ngsup_amt"])
    return sums


def _mismatch(code: str, what: str, expected: int, found: int) -> Problem | None:
    if expected == found:
        return None
    return Problem(code, {"what": what, "expected": expected / 100, "found": found / 100})


def check_gstr1_against_books(g1: dict, books: BookTotals) -> list[Problem]:
    sums = gstr1_sums(g1)
    taxable = sum(sums[s]["txval"] for s in sums)
    pairs = (("taxable_and_nil", books.sales, taxable),
             ("igst", books.output_igst, sums["b2b"]["iamt"] + sums["b2c"]["iamt"]),
             ("cgst", books.output_cgst, sums["b2b"]["camt"] + sums["b2c"]["camt"]),
             ("sgst", books.output_sgst, sums["b2b"]["samt"] + sums["b2c"]["samt"]))
    return [p for what, want, got in pairs if (p := _mismatch("gstr1_differs_from_books", what, want, got))]


def check_hsn(g1: dict) -> list[Problem]:
    """Table 12 equals the sections: hsn_b2b = b2b - cdnr + registered nil, hsn_b2c the rest."""
    hsn = g1.get("hsn", {})
    if "data" in hsn or not hsn:
        return []
    sums = gstr1_sums(g1)
    problems = []
    for side in ("b2b", "b2c"):
        table = dict.fromkeys(HEADS, 0)
        _sum(hsn.get(f"hsn_{side}", ()), table)
        for key in HEADS:
            want = sums[side][key] + (sums[f"nil_{side}"][key] if key == "txval" else 0)
            if p := _mismatch("hsn_differs_from_sections", f"hsn_{side}.{key}", want, table[key]):
                problems.append(p)
    return problems


def check_3b_against_gstr1(g1: dict, g3b: dict) -> list[Problem]:
    sums = gstr1_sums(g1)
    osup = g3b["sup_details"]["osup_det"]
    problems = []
    for key in HEADS:
        want = sums["b2b"][key] + sums["b2c"][key]
        if p := _mismatch("gstr3b_differs_from_gstr1", f"3.1(a).{key}", want, paise(osup[key])):
            problems.append(p)
    nil = sums["nil_b2b"]["txval"] + sums["nil_b2c"]["txval"]
    if p := _mismatch("gstr3b_differs_from_gstr1", "3.1(c).txval", nil, paise(g3b["sup_details"]["osup_nil_exmp"]["txval"])):
        problems.append(p)
    return problems


def check_itc(g3b: dict, books: BookTotals) -> list[Problem]:
    oth = next(r for r in g3b["itc_elg"]["itc_avl"] if r["ty"] == "OTH")
    pairs = (("igst", books.input_igst, paise(oth["iamt"])), ("cgst", books.input_cgst, paise(oth["camt"])),
             ("sgst", books.input_sgst, paise(oth["samt"])))
    return [p for what, want, got in pairs if (p := _mismatch("itc_differs_from_purchases", what, want, got))]


def check_b2b_gstins(g1: dict) -> list[Problem]:
    own = g1.get("gstin", "")
    problems = [Problem("shop_gstin_invalid", {"gstin": own})] if not is_valid_gstin(own) else []
    for row in [*g1.get("b2b", ()), *g1.get("cdnr", ())]:
        if not is_valid_gstin(row["ctin"]) or row["ctin"] == own:
            problems.append(Problem("b2b_gstin_invalid", {"ctin": row["ctin"]}))
    return problems


def check_documents(docs: Iterable[GstDoc], aato_paise: int) -> list[Problem]:
    """Rates in force on each document's date, and HSN codes with enough digits, once per item."""
    rates: dict[tuple[str, int], str] = {}
    hsn: dict[str, tuple[str, str]] = {}
    seen: set[tuple[str, str | None, int, bool]] = set()
    for doc in docs:
        if not doc.live or doc.type not in ("sale", "sale_return"):
            continue
        after = doc.date >= GST_2_0
        for line in doc.lines:
            key = (line.item, line.hsn, line.rate_bp, after)
            if key in seen:
                continue
            seen.add(key)
            if (line.item, line.rate_bp) not in rates and not is_rate_valid(bp_to_rate(line.rate_bp), doc.date, line.hsn):
                rates[(line.item, line.rate_bp)] = doc.number
            reason = hsn_problem(line.hsn, aato_paise) if line.hsn else None
            if reason and line.item not in hsn:
                hsn[line.item] = (reason, doc.number)
    problems = [Problem("rate_not_in_force", {"item": i, "rate": float(bp_to_rate(bp)), "voucher": v})
                for (i, bp), v in rates.items()]
    problems += [Problem("hsn_invalid", {"item": i, "reason": r, "voucher": v}) for i, (r, v) in hsn.items()]
    return problems
