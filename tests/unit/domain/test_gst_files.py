"""GSTR-1, GSTR-3B, CMP-08, e-invoice and e-way bill files against the shapes and rules of gst.md
§1-§4 and its conformance checks, built from a small month of documents of a Lucknow shop."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from domain.gst import checks
from domain.gst.cmp08 import build_cmp08
from domain.gst.einvoice import Seller, build_einvoice, build_ewaybill
from domain.gst.gstr1 import build_gstr1
from domain.gst.gstr3b import build_gstr3b, inward
from domain.gst.master import is_valid_gstin
from domain.gst.model import GstDoc, GstLine

HOME, GSTIN = "09", "09AAKFS4521M1ZR"
REG_UP, REG_MH = "09AACFA3317H1ZS", "27AAPFU0939F1ZV"
END = date(2026, 11, 30)
DATE_RE = re.compile(r"^((0[1-9]|[12][0-9]|3[01])-(0[1-9]|1[012])-((19|20)\d\d))$")
POS_RE = re.compile(r"^(3[0-8]|[12][0-9]|0[1-9]|97)$")


def line(item, hsn, unit, qty, bp, taxable, c=0, s=0, i=0) -> GstLine:
    return GstLine(item, hsn, unit, qty * 1000, bp, taxable, c, s, i)


def doc(n, kind, day, lines, **party) -> GstDoc:
    prefix = {"sale": "SL", "sale_return": "SR", "purchase": "PU"}[kind]
    taxable = sum(x.taxable for x in lines)
    c, s, i = (sum(getattr(x, k) for x in lines) for k in ("cgst", "sgst", "igst"))
    return GstDoc(n, kind, f"{prefix}/26-27/{n % 100:04d}", date(2026, 11, day), taxable + c + s + i, taxable, c, s,
                  i, lines=lines, **party)


def month() -> list[GstDoc]:
    sugar = line("Sugar", "1701", "kg", 25, 500, 100000, 2500, 2500)
    rice = line("Rice", "1006", "kg", 10, 0, 50000)
    return [
        doc(1, "sale", 3, [sugar, rice], party="Verma Sweets", party_gstin=REG_UP, party_state=HOME),
        doc(2, "sale", 4, [line("Ghee", "0405", "l", 4, 1800, 200000, i=36000)], party="Patil Traders",
            party_gstin=REG_MH, party_state="27", party_address="44 Sitabuldi", party_city="Nagpur",
            party_pincode="440012"),
        doc(3, "sale", 5, [line("Dry Fruits", "0802", "kg", 100, 1800, 10000000, i=1800000)], party="Mr Rao",
            place_said="27"),
        doc(4, "sale", 6, [line("Soap", "3401", "pc", 3, 1800, 11100, i=1998)], party="Mr Singh", party_state="06"),
        doc(5, "sale", 7, [line("Sugar", "1701", "kg", 50, 500, 200000, 5000, 5000)]),
        doc(6, "sale", 8, [line("Sugar", "1701", "kg", 1, 500, 4000, 100, 100)], reversed_by=7),
        doc(7, "sale", 8, [line("Sugar", "1701", "kg", -1, 500, -4000, -100, -100)], reverses=6),
        doc(101, "sale_return", 9, [line("Sugar", "1701", "kg", 1, 500, 10000, 250, 250)], party="Verma Sweets",
            party_gstin=REG_UP, party_state=HOME),
        doc(102, "sale_return", 10, [line("Sugar", "1701", "kg", 5, 500, 20000, 500, 500)]),
        doc(201, "purchase", 11, [line("Ghee", "0405", "l", 2, 1800, 50000, i=9000)], party="Deshmukh Agro",
            party_gstin="27AAGCG4576J1Z6", party_state="27"),
        doc(202, "purchase", 12, [line("Sugar", "1701", "kg", 30, 500, 126000, 3150, 3150),
                                  line("Rice", "1006", "kg", 6, 0, 30000)], party="Gupta Traders",
            party_gstin="09ABCPS6721D1ZP", party_state=HOME),
    ]


@pytest.fixture(scope="module")
def files():
    docs = month()
    g1, totals, problems = build_gstr1(GSTIN, HOME, END, docs)
    g3b = build_gstr3b(GSTIN, END, totals, inward(docs, HOME))
    return g1, g3b, problems


def amounts(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("txval", "iamt", "camt", "samt", "csamt", "val", "nil_amt", "expt_amt", "ngsup_amt"):
                yield k, v
            else:
                yield from amounts(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from amounts(v)


def test_gstr1_envelope_and_sections(files):
    g1, _, problems = files
    assert problems == []
    assert {"gstin", "fp", "version", "hash"} <= set(g1)
    assert g1["fp"] == "112026" and g1["gstin"] == GSTIN and g1["hash"] == "hash"
    assert set(g1) - {"gstin", "fp", "version", "hash"} == {"b2b", "b2cl", "b2cs", "cdnr", "nil", "hsn", "doc_issue"}
    assert all(row["ctin"] != GSTIN for row in g1["b2b"])


def test_every_amount_is_a_number_with_at_most_two_decimals_and_zero_keys_are_present(files):
    g1, g3b, _ = files
    for _, value in [*amounts(g1), *amounts(g3b)]:
        assert isinstance(value, (int, float)) and not isinstance(value, bool)
        assert round(value, 2) == value
    for row in g1["b2b"]:
        for inv in row["inv"]:
            for itm in inv["itms"]:
                assert {"iamt", "camt", "samt", "csamt"} <= set(itm["itm_det"])


def test_dates_and_places_of_supply_have_the_portal_forms(files):
    g1, _, _ = files
    for row in g1["b2b"]:
        for inv in row["inv"]:
            assert DATE_RE.match(inv["idt"]) and POS_RE.match(inv["pos"])
    assert all(POS_RE.match(row["pos"]) for row in g1["b2cl"] + g1["b2cs"])


def test_b2b_is_one_row_per_buyer_with_the_tax_split_by_states(files):
    g1, _, _ = files
    by = {row["ctin"]: row["inv"] for row in g1["b2b"]}
    assert set(by) == {REG_UP, REG_MH}
    intra = by[REG_UP][0]
    assert intra["val"] == 1550.0 and intra["pos"] == "09" and intra["rchrg"] == "N" and intra["inv_typ"] == "R"
    assert intra["itms"] == [{"num": 1, "itm_det": {"rt": 5, "txval": 1000.0, "iamt": 0.0, "camt": 25.0,
                                                    "samt": 25.0, "csamt": 0}}]
    inter = by[REG_MH][0]["itms"][0]["itm_det"]
    assert inter["iamt"] == 360.0 and inter["camt"] == 0 and inter["samt"] == 0


def test_b2cl_holds_the_unregistered_inter_state_invoice_above_one_lakh(files):
    g1, _, _ = files
    assert g1["b2cl"] == [{"pos": "27", "inv": [{"inum": "SL/26-27/0003", "idt": "05-11-2026", "val": 118000.0,
                                                  "itms": [{"num": 1, "itm_det": {"rt": 18, "txval": 100000.0,
                                                                                  "iamt": 18000.0, "csamt": 0}}]}]}]


def test_b2cs_nets_unregistered_credit_notes_and_marks_intra_and_inter(files):
    g1, _, _ = files
    rows = {(r["pos"], r["rt"]): r for r in g1["b2cs"]}
    assert rows[("09", 5)]["sply_ty"] == "INTRA" and rows[("09", 5)]["typ"] == "OE"
    assert rows[("09", 5)]["txval"] == 1800.0 and rows[("09", 5)]["camt"] == 45.0  # 2000 sale - 200 credit note
    assert rows[("06", 18)]["sply_ty"] == "INTER" and rows[("06", 18)]["iamt"] == 19.98
    assert "cdnur" not in g1


def test_cancelled_invoices_are_left_out_and_counted_in_doc_issue(files):
    g1, _, _ = files
    numbers = [inv["inum"] for row in g1["b2b"] + g1["b2cl"] for inv in row["inv"]]
    assert "SL/26-27/0006" not in numbers and "SL/26-27/0007" not in numbers
    docs = {d["doc_num"]: d["docs"] for d in g1["doc_issue"]["doc_det"]}
    assert docs[1] == [{"num": 1, "from": "SL/26-27/0001", "to": "SL/26-27/0007", "totnum": 7, "cancel": 2,
                        "net_issue": 5}]
    assert docs[5][0]["totnum"] == 2 and docs[5][0]["net_issue"] == 2
    for d in g1["doc_issue"]["doc_det"]:
        for row in d["docs"]:
            assert row["net_issue"] == row["totnum"] - row["cancel"]


def test_credit_notes_to_registered_buyers_are_positive_in_cdnr(files):
    g1, _, _ = files
    note = g1["cdnr"][0]["nt"][0]
    assert g1["cdnr"][0]["ctin"] == REG_UP
    assert note["ntty"] == "C" and note["val"] == 105.0 and note["itms"][0]["itm_det"]["txval"] == 100.0


def test_nil_has_all_four_rows_with_all_three_amounts(files):
    g1, _, _ = files
    rows = g1["nil"]["inv"]
    assert [r["sply_ty"] for r in rows] == ["INTRB2B", "INTRAB2B", "INTRB2C", "INTRAB2C"]
    assert all({"nil_amt", "expt_amt", "ngsup_amt"} <= set(r) for r in rows)
    assert rows[1]["nil_amt"] == 500.0


def test_hsn_is_split_for_b2b_and_b2c_and_agrees_with_the_sections(files):
    g1, _, _ = files
    assert set(g1["hsn"]) == {"hsn_b2b", "hsn_b2c"}
    for rows in g1["hsn"].values():
        assert [r["num"] for r in rows] == list(range(1, len(rows) + 1))
        assert len({(r["hsn_sc"], r["uqc"], r["rt"]) for r in rows}) == len(rows)
        assert all(len(r["desc"]) <= 30 and r["uqc"] in ("KGS", "LTR", "PCS") for r in rows)
    assert checks.check_hsn(g1) == []
    sugar_b2b = next(r for r in g1["hsn"]["hsn_b2b"] if r["hsn_sc"] == "1701")
    assert sugar_b2b["qty"] == 24 and sugar_b2b["txval"] == 900.0  # 25 kg sold, 1 kg returned


def test_before_may_2025_the_hsn_table_is_not_split():
    g1, _, _ = build_gstr1(GSTIN, HOME, date(2025, 4, 30), [
        doc(1, "sale", 3, [line("Sugar", "1701", "kg", 1, 500, 4000, 100, 100)])])
    assert list(g1["hsn"]) == ["data"]


def test_gstr3b_follows_gstr1_and_the_purchase_register(files):
    g1, g3b, _ = files
    assert g3b["gstin"] == GSTIN and g3b["ret_period"] == "112026" and "fp" not in g3b
    osup = g3b["sup_details"]["osup_det"]
    # b2b 1000+2000, b2cl 100000, b2cs 1800+111, less the 100 credit note
    assert osup == {"txval": 104811.0, "iamt": 18379.98, "camt": 67.5, "samt": 67.5, "csamt": 0}
    assert g3b["sup_details"]["osup_nil_exmp"] == {"txval": 500.0}
    assert set(g3b["sup_details"]["osup_zero"]) == {"txval", "iamt", "csamt"}
    assert g3b["inter_sup"]["unreg_details"] == [{"pos": "06", "txval": 111.0, "iamt": 19.98},
                                                 {"pos": "27", "txval": 100000.0, "iamt": 18000.0}]
    assert [r["ty"] for r in g3b["itc_elg"]["itc_avl"]] == ["IMPG", "IMPS", "ISRC", "ISD", "OTH"]
    assert [r["ty"] for r in g3b["itc_elg"]["itc_rev"]] == ["RUL", "OTH"]
    assert g3b["itc_elg"]["itc_avl"][4] == {"ty": "OTH", "iamt": 90.0, "camt": 31.5, "samt": 31.5, "csamt": 0}
    assert g3b["itc_elg"]["itc_net"] == {"iamt": 90.0, "camt": 31.5, "samt": 31.5, "csamt": 0}
    assert g3b["inward_sup"]["isup_details"] == [{"ty": "GST", "inter": 0.0, "intra": 300.0},
                                                 {"ty": "NONGST", "inter": 0, "intra": 0}]
    assert checks.check_3b_against_gstr1(g1, g3b) == []


def test_table_6_1_sets_off_credit_and_leaves_the_rest_to_cash(files):
    _, g3b, _ = files
    pay = g3b["tx_pmt"]
    assert pay["tx_py"][0]["igst"]["tx"] == 18379.98
    assert pay["pditc"]["i_pdi"] == 90.0 and pay["pditc"]["c_pdc"] == 31.5 and pay["pditc"]["s_pds"] == 31.5
    cash = pay["pdcash"][0]
    assert (cash["ipd"], cash["cpd"], cash["spd"]) == (18289.98, 36.0, 36.0)


def test_cross_checks_catch_books_that_differ_and_bad_gstins(files):
    g1, g3b, _ = files
    books = checks.BookTotals(sales=105311_00, output_igst=18379_98, output_cgst=67_50, output_sgst=67_50,
                              input_igst=90_00, input_cgst=31_50, input_sgst=31_50)
    assert checks.check_gstr1_against_books(g1, books) == []
    assert checks.check_itc(g3b, books) == []
    off = replace(books, output_cgst=67_49)
    found = checks.check_gstr1_against_books(g1, off)
    assert [p.code for p in found] == ["gstr1_differs_from_books"] and found[0].detail["what"] == "cgst"
    bad = {**g1, "b2b": [{"ctin": "27AAPFU0939F1ZO", "inv": []}]}
    assert [p.code for p in checks.check_b2b_gstins(bad)] == ["b2b_gstin_invalid"]


def test_rates_out_of_force_on_the_date_are_problems():
    late = GstDoc(1, "sale", "SL/25-26/0001", date(2025, 10, 1), 1120, 1000, 60, 60, 0,
                  lines=[line("Namkeen", "2106", "kg", 1, 1200, 1000, 60, 60)])
    found = checks.check_documents([late], 0)
    assert [p.code for p in found] == ["rate_not_in_force"]


SELLER = Seller(GSTIN, "Sharma Kirana Store", "12 Aminabad Road", "Lucknow", "226018", HOME)


def test_einvoice_follows_inv01_v1_1():
    sale = month()[1]
    payload, problems, notices = build_einvoice(SELLER, sale, 0)
    assert problems == [] and [n.code for n in notices] == ["einvoice_not_mandatory"]
    assert payload["Version"] == "1.1" and payload["TranDtls"]["SupTyp"] == "B2B"
    assert payload["DocDtls"] == {"Typ": "INV", "No": "SL/26-27/0002", "Dt": "04/11/2026"}
    assert re.match(r"^([A-Z1-9][A-Z0-9/-]{0,15})$", payload["DocDtls"]["No"])
    assert payload["SellerDtls"]["Pin"] == 226018 and payload["BuyerDtls"]["Pin"] == 440012
    assert payload["BuyerDtls"]["Pos"] == "27" and payload["BuyerDtls"]["Stcd"] == "27"
    for item in payload["ItemList"]:
        assert item["AssAmt"] == item["TotAmt"] - item["Discount"]
        assert item["TotItemVal"] == round(item["AssAmt"] + item["IgstAmt"] + item["CgstAmt"] + item["SgstAmt"]
                                           + item["CesAmt"] + item["OthChrg"], 2)
        assert item["IsServc"] == "N" and item["Unit"] == "LTR"
        assert 4 <= len(item["HsnCd"]) <= 8
    val = payload["ValDtls"]
    assert val["AssVal"] == sum(i["AssAmt"] for i in payload["ItemList"])
    assert val["TotInvVal"] == round(val["AssVal"] + val["IgstVal"] + val["CgstVal"] + val["SgstVal"]
                                     + val["OthChrg"] - val["Discount"] + val["RndOffAmt"], 2)
    assert 3 <= len(payload["SellerDtls"]["LglNm"]) <= 100


def test_einvoice_refuses_an_unregistered_buyer_and_needs_pin_codes():
    _, problems, _ = build_einvoice(SELLER, month()[2], 0)
    codes = {p.code for p in problems}
    assert "einvoice_needs_registered_buyer" in codes and "pincode_missing" in codes
    _, _, notices = build_einvoice(SELLER, month()[1], 6 * 10**9)
    assert notices == []


def test_eway_bill_is_the_bulk_upload_form_and_noted_when_not_required():
    payload, problems, notices = build_ewaybill(SELLER, month()[2], vehicle="up32 ab 1234", distance_km=700)
    assert payload["version"] == "1.0.0621" and len(payload["billLists"]) == 1
    bill = payload["billLists"][0]
    assert {"transType", "actualFromStateCode", "actualToStateCode", "OthValue", "TotNonAdvolVal"} <= set(bill)
    assert not {"transactionType", "actFromStateCode", "otherValue", "cessNonAdvolValue"} & set(bill)
    assert bill["docDate"] == "05/11/2026" and bill["fromStateCode"] == 9 and bill["toStateCode"] == 27
    assert bill["vehicleNo"] == "UP32AB1234" and bill["transDistance"] == "700" and bill["toGstin"] == "URP"
    assert bill["totInvValue"] >= bill["totalValue"] + bill["igstValue"] + bill["cgstValue"] + bill["sgstValue"] - 2
    assert bill["itemList"][0]["igstRate"] == 18 and bill["itemList"][0]["cgstRate"] == 0
    assert [p.code for p in problems] == ["pincode_missing"] and notices == []
    _, _, small = build_ewaybill(SELLER, month()[3], distance_km=10)
    assert [n.code for n in small] == ["ewaybill_not_required"]


def test_an_eway_bill_is_not_required_at_exactly_fifty_thousand():
    exact = doc(9, "sale", 3, [line("Ghee", "0405", "l", 10, 1800, 4237288, i=762712)])
    assert exact.total == 5_000_000
    _, _, notices = build_ewaybill(SELLER, exact, distance_km=5)
    assert [n.code for n in notices] == ["ewaybill_not_required"]


def test_cmp08_is_one_percent_of_turnover_split_half_and_half():
    payload = build_cmp08("33AABFM7812Q1ZZ", "2026-Q2", date(2026, 9, 30), 12_345_67)
    assert payload["ret_period"] == "092026"
    assert payload["tax_payable"] == {"iamt": 0, "camt": 61.73, "samt": 61.73, "csamt": 0}
    assert payload["outward_supplies"]["txval"] == 12345.67


def test_the_sample_gstins_are_valid():
    assert all(is_valid_gstin(g) for g in (GSTIN, REG_UP, REG_MH, "27AAGCG4576J1Z6", "09ABCPS6721D1ZP"))
