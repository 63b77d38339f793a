"""GSTR-1 as the portal's offline tool takes it (gst.md §1): b2b, b2cl, b2cs, cdnr, cdnur, nil,
hsn (split into hsn_b2b and hsn_b2c from the May-2025 period) and doc_issue, built from the live
sales and credit notes of a month (or a QRMP quarter).

An undone invoice and its undo are not reported as supplies; both numbers count as cancelled in
doc_issue, whose rows cover each series from its first to its last number in the period (every
gap is cancelled). Amounts are the books' own paise, summed exactly, written with 2 decimals.
Credit notes carry positive amounts with `ntty` C; against b2cs they are netted into its rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from domain.gst.classify import (
    B2CS,
    CDNR,
    CDNUR,
    amount,
    gst_date,
    pos_of,
    rate_number,
    registered,
    return_period,
    section_of,
)
from domain.gst.master import is_invoice_number, supply_type, uqc_of
from domain.gst.model import GstDoc, GstLine, Problem

VERSION = "GST3.2.3"
HSN_SPLIT_FROM = date(2025, 5, 1)
DOC_NATURE = {"sale": 1, "sale_return": 5}
_SERIAL = re.compile(r"^(.*?)(\d+)$")
TAX_KEYS = ("iamt", "camt", "samt", "csamt")


@dataclass
class Totals:
    """Taxable value and tax by head, in paise."""

    txval: int = 0
    iamt: int = 0
    camt: int = 0
    samt: int = 0

    def add(self, line: GstLine, sign: int = 1) -> None:
        self.txval += sign * line.taxable
        self.iamt += sign * line.igst
        self.camt += sign * line.cgst
        self.samt += sign * line.sgst

    def merge(self, other: Totals, sign: int = 1) -> None:
        self.txval += sign * other.txval
        self.iamt += sign * other.iamt
        self.camt += sign * other.camt
        self.samt += sign * other.samt

    def taxes(self, only_igst: bool = False) -> dict[str, float]:
        if only_igst:
            return {"iamt": amount(self.iamt), "csamt": 0}
        return {"iamt": amount(self.iamt), "camt": amount(self.camt), "samt": amount(self.samt), "csamt": 0}

    @property
    def tax(self) -> int:
        return self.iamt + self.camt + self.samt


@dataclass
class _HsnRow:
    desc: str
    qty_milli: int = 0
    totals: Totals = field(default_factory=Totals)


@dataclass
class Gstr1Totals:
    """What the return reports, by section, for the cross-checks and the summary."""

    sections: dict[str, Totals] = field(default_factory=lambda: defaultdict(Totals))
    nil: int = 0
    hsn_b2b: Totals = field(default_factory=Totals)
    hsn_b2c: Totals = field(default_factory=Totals)
    inter_unreg: dict[str, Totals] = field(default_factory=lambda: defaultdict(Totals))
    invoices: int = 0
    cancelled: int = 0

    @property
    def outward(self) -> Totals:
        """Taxable outward supplies (3.1(a)): every section, credit notes netted."""
        total = Totals()
        for name, t in self.sections.items():
            total.merge(t, -1 if name in (CDNR, CDNUR) else 1)
        return total


def _rate_groups(lines: list[GstLine]) -> dict[int, Totals]:
    groups: dict[int, Totals] = defaultdict(Totals)
    for line in lines:
        if line.rate_bp:
            groups[line.rate_bp].add(line)
    return groups


def _itms(lines: list[GstLine], only_igst: bool = False) -> list[dict]:
    return [
        {"num": n, "itm_det": {"rt": rate_number(bp), "txval": amount(t.txval), **t.taxes(only_igst)}}
        for n, (bp, t) in enumerate(sorted(_rate_groups(lines).items()), start=1)
    ]


class Gstr1Builder:
    def __init__(self, gstin: str, home: str, month_end: date) -> None:
        self.gstin, self.home, self.month_end = gstin, home, month_end
        self.b2b: dict[str, list[dict]] = defaultdict(list)
        self.b2cl: dict[str, list[dict]] = defaultdict(list)
        self.b2cs: dict[tuple[str, int], Totals] = defaultdict(Totals)
        self.cdnr: dict[str, list[dict]] = defaultdict(list)
        self.cdnur: list[dict] = []
        self.nil: dict[str, int] = {"INTRB2B": 0, "INTRAB2B": 0, "INTRB2C": 0, "INTRAB2C": 0}
        self.hsn: dict[str, dict[tuple[str, str, int], _HsnRow]] = {"b2b": {}, "b2c": {}}
        self.series: dict[tuple[int, str], list[tuple[int, str, bool]]] = defaultdict(list)
        self.totals = Gstr1Totals()
        self.problems: list[Problem] = []
        self.missing_hsn: dict[str, str] = {}  # item -> the first voucher selling it

    # -- one document --------------------------------------------------------------------------

    def add(self, doc: GstDoc) -> None:
        self._count(doc)
        if not doc.live:
            return
        if (doc.party_gstin or "").upper() == self.gstin:
            self.problems.append(Problem("own_gstin_as_buyer", {"voucher": doc.number}))
            return
        if not is_invoice_number(doc.number):
            self.problems.append(Problem("invoice_number_invalid", {"voucher": doc.number}))
        pos = pos_of(doc, self.home)
        section = section_of(doc, self.home)
        sign = 1 if doc.type == "sale" else -1
        taxed = [ln for ln in doc.lines if ln.rate_bp]
        self._nil(doc, pos, sign)
        self._hsn(doc, sign)
        if taxed:
            getattr(self, f"_{section}")(doc, pos, taxed)
            bucket = self.totals.sections[section]
            netted = -1 if section == B2CS and doc.type == "sale_return" else 1
            for line in taxed:
                bucket.add(line, netted)
            if pos != self.home and not registered(doc):
                for line in taxed:
                    self.totals.inter_unreg[pos].add(line, sign)

    def _count(self, doc: GstDoc) -> None:
        match = _SERIAL.match(doc.number)
        if match:
            self.series[(DOC_NATURE[doc.type], match.group(1))].append((int(match.group(2)), doc.number, doc.live))

    def _invoice(self, doc: GstDoc, pos: str) -> dict:
        return {"inum": doc.number, "idt": gst_date(doc.date), "val": amount(abs(doc.total)), "pos": pos}

    def _b2b(self, doc: GstDoc, pos: str, taxed: list[GstLine]) -> None:
        inv = {**self._invoice(doc, pos), "rchrg": "N", "inv_typ": "R", "itms": _itms(taxed)}
        self.b2b[str(doc.party_gstin).upper()].append(inv)
        self.totals.invoices += 1

    def _b2cl(self, doc: GstDoc, pos: str, taxed: list[GstLine]) -> None:
        inv = {"inum": doc.number, "idt": gst_date(doc.date), "val": amount(doc.total),
               "itms": _itms(taxed, only_igst=True)}
        self.b2cl[pos].append(inv)
        self.totals.invoices += 1

    def _b2cs(self, doc: GstDoc, pos: str, taxed: list[GstLine]) -> None:
        sign = 1 if doc.type == "sale" else -1
        for line in taxed:
            self.b2cs[(pos, line.rate_bp)].add(line, sign)
        self.totals.invoices += doc.type == "sale"

    def _note(self, doc: GstDoc, pos: str, taxed: list[GstLine], only_igst: bool = False) -> dict:
        return {"ntty": "C", "nt_num": doc.number, "nt_dt": gst_date(doc.date), "val": amount(abs(doc.total)),
                "pos": pos, "itms": _itms([_positive(ln) for ln in taxed], only_igst)}

    def _cdnr(self, doc: GstDoc, pos: str, taxed: list[GstLine]) -> None:
        note = self._note(doc, pos, taxed)
        note.update(rchrg="N", inv_typ="R")
        self.cdnr[str(doc.party_gstin).upper()].append(note)

    def _cdnur(self, doc: GstDoc, pos: str, taxed: list[GstLine]) -> None:
        self.cdnur.append({"typ": "B2CL", **self._note(doc, pos, taxed, only_igst=True)})

    def _nil(self, doc: GstDoc, pos: str, sign: int) -> None:
        value = sum(ln.taxable for ln in doc.lines if not ln.rate_bp)
        if value:
            key = ("INTRA" if pos == self.home else "INTR") + ("B2B" if registered(doc) else "B2C")
            self.nil[key] += sign * abs(value)
            self.totals.nil += sign * abs(value)

    def _hsn(self, doc: GstDoc, sign: int) -> None:
        table = self.hsn["b2b" if registered(doc) else "b2c"]
        total = self.totals.hsn_b2b if registered(doc) else self.totals.hsn_b2c
        for line in doc.lines:
            line = _positive(line)
            key = (line.hsn or "", uqc_of(line.unit, line.hsn), line.rate_bp)
            row = table.get(key)
            if row is None:
                row = table[key] = _HsnRow(line.item[:30].upper())
            row.qty_milli += sign * line.qty_milli
            row.totals.add(line, sign)
            total.add(line, sign)
            if not line.hsn:
                self.missing_hsn.setdefault(line.item, doc.number)

    # -- the file ------------------------------------------------------------------------------

    def payload(self) -> dict:
        body: dict = {"gstin": self.gstin, "fp": return_period(self.month_end), "version": VERSION, "hash": "hash"}
        sections = {
            "b2b": [{"ctin": c, "inv": invs} for c, invs in sorted(self.b2b.items())],
            "b2cl": [{"pos": p, "inv": invs} for p, invs in sorted(self.b2cl.items())],
            "b2cs": self._b2cs_rows(),
            "cdnr": [{"ctin": c, "nt": nts} for c, nts in sorted(self.cdnr.items())],
            "cdnur": self.cdnur,
        }
        body.update({k: v for k, v in sections.items() if v})
        if any(self.nil.values()):
            body["nil"] = {"inv": [{"sply_ty": k, "nil_amt": amount(v), "expt_amt": 0, "ngsup_amt": 0}
                                   for k, v in self.nil.items()]}
        hsn = self._hsn_payload()
        if hsn:
            body["hsn"] = hsn
        docs = self._doc_issue()
        if docs:
            body["doc_issue"] = {"doc_det": docs}
        return body

    def _b2cs_rows(self) -> list[dict]:
        rows = []
        for (pos, bp), t in sorted(self.b2cs.items()):
            if not (t.txval or t.tax):
                continue
            rows.append({"sply_ty": supply_type(self.home, pos), "pos": pos, "typ": "OE", "rt": rate_number(bp),
                         "txval": amount(t.txval), **t.taxes()})
        return rows

    def _hsn_rows(self, table: dict[tuple[str, str, int], _HsnRow]) -> list[dict]:
        rows: list[dict] = []
        for (hsn, uqc, bp), row in sorted(table.items()):
            t = row.totals
            rows.append({"num": len(rows) + 1, "hsn_sc": hsn, "desc": row.desc, "uqc": uqc,
                         "qty": round(row.qty_milli / 1000, 2), "rt": rate_number(bp), "txval": amount(t.txval),
                         **t.taxes()})
        return rows

    def _hsn_payload(self) -> dict:
        b2b, b2c = self._hsn_rows(self.hsn["b2b"]), self._hsn_rows(self.hsn["b2c"])
        if self.month_end >= HSN_SPLIT_FROM:
            return {k: v for k, v in (("hsn_b2b", b2b), ("hsn_b2c", b2c)) if v}
        merged: dict[tuple[str, str, int], _HsnRow] = {}
        for table in (self.hsn["b2b"], self.hsn["b2c"]):
            for key, row in table.items():
                into = merged.setdefault(key, _HsnRow(row.desc))
                into.qty_milli += row.qty_milli
                into.totals.merge(row.totals)
        rows = self._hsn_rows(merged)
        return {"data": rows} if rows else {}

    def _doc_issue(self) -> list[dict]:
        out = []
        for nature in sorted({n for n, _ in self.series}):
            docs: list[dict] = []
            for (n, _prefix), numbers in sorted(self.series.items()):
                if n != nature:
                    continue
                numbers.sort()
                total = numbers[-1][0] - numbers[0][0] + 1
                live = sum(1 for _, _, is_live in numbers if is_live)
                docs.append({"num": len(docs) + 1, "from": numbers[0][1], "to": numbers[-1][1], "totnum": total,
                             "cancel": total - live, "net_issue": live})
                self.totals.cancelled += total - live
            out.append({"doc_num": nature, "docs": docs})
        return out


def _positive(line: GstLine) -> GstLine:
    """A credit note's line with positive amounts (the direction is `ntty`)."""
    if line.taxable >= 0:
        return line
    return GstLine(line.item, line.hsn, line.unit, -line.qty_milli, line.rate_bp, -line.taxable, -line.cgst,
                   -line.sgst, -line.igst, line.catalog_rate_bp)


def build_gstr1(gstin: str, home: str, month_end: date, docs: list[GstDoc]) -> tuple[dict, Gstr1Totals, list[Problem]]:
    """The GSTR-1 payload of these documents, its totals, and what is wrong with it."""
    builder = Gstr1Builder(gstin, home, month_end)
    for doc in docs:
        if doc.type in DOC_NATURE:
            builder.add(doc)
    payload = builder.payload()
    problems = builder.problems + [Problem("hsn_missing", {"item": item, "voucher": number})
                                   for item, number in builder.missing_hsn.items()]
    return payload, builder.totals, problems
