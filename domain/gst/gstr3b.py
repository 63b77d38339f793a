"""GSTR-3B (gst.md §2): 3.1 outward supplies, 3.1.1 e-commerce, 3.2 inter-state supplies to
unregistered persons, 4 eligible ITC, 5 exempt/nil inward supplies, 6.1 payment of tax.

Outward figures come from the GSTR-1 totals of the same period (so 3B output equals GSTR-1, as
the portal's hard lock wants); ITC from the live purchases net of purchase returns. Table 6.1
sets ITC off against the liability in the order of section 49 and Rule 88A: IGST credit first
(IGST, then CGST, then SGST), then CGST credit (CGST, then IGST), then SGST credit (SGST, then
IGST); what remains is paid in cash. Every amount field is present, zeros included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.gst.classify import PURCHASE_TYPES, amount, return_period
from domain.gst.gstr1 import Gstr1Totals, Totals
from domain.gst.model import GstDoc

HEADS = ("iamt", "camt", "samt")


def _zero5() -> dict[str, float]:
    return {"txval": 0, "iamt": 0, "camt": 0, "samt": 0, "csamt": 0}


def _tax4(t: Totals | None = None) -> dict[str, float]:
    t = t or Totals()
    return {"iamt": amount(t.iamt), "camt": amount(t.camt), "samt": amount(t.samt), "csamt": 0}


@dataclass
class Inward:
    itc: Totals
    nil_inter: int = 0
    nil_intra: int = 0


def inward(docs: list[GstDoc], home: str) -> Inward:
    """ITC from live purchases (less purchase returns) and nil-rated inward supplies."""
    result = Inward(Totals())
    for doc in docs:
        if doc.type not in PURCHASE_TYPES or not doc.live:
            continue
        sign = 1 if doc.type == "purchase" else -1
        result.itc.iamt += sign * abs(doc.igst)
        result.itc.camt += sign * abs(doc.cgst)
        result.itc.samt += sign * abs(doc.sgst)
        nil = sum(abs(ln.taxable) for ln in doc.lines if not ln.rate_bp)
        if doc.party_state and doc.party_state != home:
            result.nil_inter += sign * nil
        else:
            result.nil_intra += sign * nil
    return result


def set_off(liability: Totals, credit: Totals) -> tuple[dict[str, int], dict[str, int]]:
    """(credit used as {"i_pdi", "c_pdi", ...}, cash payable by head) in paise. IGST credit goes
    first to IGST, then to the CGST and SGST their own credits cannot cover, then to the rest."""
    owe = {"i": max(liability.iamt, 0), "c": max(liability.camt, 0), "s": max(liability.samt, 0)}
    have = {"i": max(credit.iamt, 0), "c": max(credit.camt, 0), "s": max(credit.samt, 0)}
    used: dict[str, int] = {}

    def use(source: str, target: str, limit: int | None = None) -> None:
        take = min(have[source], owe[target], owe[target] if limit is None else max(limit, 0))
        have[source] -= take
        owe[target] -= take
        used[f"{target}_pd{source}"] = used.get(f"{target}_pd{source}", 0) + take

    use("i", "i")
    use("i", "c", owe["c"] - have["c"])
    use("i", "s", owe["s"] - have["s"])
    for source, targets in (("i", ("c", "s")), ("c", ("c", "i")), ("s", ("s", "i"))):
        for target in targets:
            use(source, target)
    return used, owe


def _payment(liability: Totals, credit: Totals) -> dict:
    used, cash = set_off(liability, credit)
    pditc = {k: amount(used.get(k, 0)) for k in ("i_pdi", "i_pdc", "i_pds", "c_pdi", "c_pdc", "s_pdi", "s_pds")}
    pditc["cs_pdcs"] = 0
    return {
        "tx_py": [{"trancd": 30002, "igst": {"tx": amount(max(liability.iamt, 0)), "intr": 0, "fee": 0},
                   "cgst": {"tx": amount(max(liability.camt, 0)), "intr": 0, "fee": 0},
                   "sgst": {"tx": amount(max(liability.samt, 0)), "intr": 0, "fee": 0},
                   "cess": {"tx": 0, "intr": 0, "fee": 0}}],
        "pditc": pditc,
        "pdcash": [{"ipd": amount(cash["i"]), "cpd": amount(cash["c"]), "spd": amount(cash["s"]), "cspd": 0,
                    "i_intrpd": 0, "c_intrpd": 0, "s_intrpd": 0, "cs_intrpd": 0, "c_lfeepd": 0, "s_lfeepd": 0}],
    }


def build_gstr3b(gstin: str, month_end: date, out: Gstr1Totals, inw: Inward) -> dict:
    outward = out.outward
    itc = inw.itc
    return {
        "gstin": gstin,
        "ret_period": return_period(month_end),
        "sup_details": {
            "osup_det": {"txval": amount(outward.txval), **_tax4(outward)},
            "osup_zero": {"txval": 0, "iamt": 0, "csamt": 0},
            "osup_nil_exmp": {"txval": amount(out.nil)},
            "isup_rev": _zero5(),
            "osup_nongst": {"txval": 0},
        },
        "eco_dtls": {"eco_sup": _zero5(), "eco_reg_sup": {"txval": 0}},
        "inter_sup": {
            "unreg_details": [{"pos": pos, "txval": amount(t.txval), "iamt": amount(t.iamt)}
                              for pos, t in sorted(out.inter_unreg.items()) if t.txval or t.iamt],
            "comp_details": [],
            "uin_details": [],
        },
        "itc_elg": {
            "itc_avl": [{"ty": ty, **_tax4(itc if ty == "OTH" else None)} for ty in ("IMPG", "IMPS", "ISRC", "ISD", "OTH")],
            "itc_rev": [{"ty": ty, **_tax4()} for ty in ("RUL", "OTH")],
            "itc_net": _tax4(itc),
            "itc_inelg": [{"ty": ty, **_tax4()} for ty in ("RUL", "OTH")],
        },
        "inward_sup": {"isup_details": [
            {"ty": "GST", "inter": amount(inw.nil_inter), "intra": amount(inw.nil_intra)},
            {"ty": "NONGST", "inter": 0, "intra": 0},
        ]},
        "intr_ltfee": {"intr_details": {"iamt": 0, "camt": 0, "samt": 0, "csamt": 0},
                       "ltfee_details": {"camt": 0, "samt": 0}},
        "tx_pmt": _payment(outward, itc),
    }
