"""A multi-state month entered through `munshi tool` (registered and unregistered buyers, inside
and outside Uttar Pradesh, nil-rated lines, an undone sale, an out-of-state supplier), then
`munshi gst ... return` checked figure by figure, on SQLite and PostgreSQL. Also the command
line's contract: JSON on standard output or --out, problems on standard error with exit 1,
notices with exit 0."""

from __future__ import annotations

import json

import pytest

from bot.app.cli import main
from tests.databases import remember

TODAY = "2026-12-02"
DAY = "2026-11-10"
SHOP = ("--shop", "sharma-kirana")


def tool(capsys, url: str, name: str, args: dict) -> dict:
    code = main(["tool", "--db", url, "--today", TODAY, *SHOP, name, json.dumps(args)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0, out
    return out["data"]


def gst(capsys, url: str, *argv: str) -> tuple[int, dict | None, dict | None]:
    code = main(["gst", "--db", url, *SHOP, *argv])
    captured = capsys.readouterr()
    out = json.loads(captured.out) if captured.out.strip() else None
    err = json.loads(captured.err) if captured.err.strip() else None
    return code, out, err


def sale(capsys, url, items, **extra) -> str:
    return tool(capsys, url, "record_sale", {"items": items, "date": DAY, **extra})["voucher"]


@pytest.fixture
def month(database_url, engine, capsys) -> str:
    remember(engine, f"a multi-state month to {TODAY}", lambda: _enter_the_month(capsys, database_url))
    return database_url


def _enter_the_month(capsys, url: str) -> None:
    """The month through `munshi demo` and `munshi tool` (run once per backend, then copied)."""
    assert main(["demo", "--db", url, "--today", TODAY]) == 0
    capsys.readouterr()
    tool(capsys, url, "add_party", {"party": "Patil Traders", "kind": "customer", "gstin": "27AAPFU0939F1ZV",
                                    "address": "44 Sitabuldi", "city": "Nagpur", "pincode": "440012"})
    tool(capsys, url, "add_party", {"party": "Mr Rao", "kind": "customer", "city": "Bengaluru"})
    tool(capsys, url, "add_party", {"party": "Singh Dhaba", "kind": "customer"})
    tool(capsys, url, "set_address", {"party": "Singh Dhaba", "state": "Haryana", "pincode": "132001"})
    tool(capsys, url, "add_party", {"party": "Deshmukh Agro", "kind": "supplier", "gstin": "27AAGCG4576J1Z6"})
    tool(capsys, url, "set_address", {"address": "12 Aminabad Road", "city": "Lucknow", "pincode": "226018"})
    sale(capsys, url, [{"item": "Sugar", "qty": 238.636, "unit": "kg", "amount": 10500},
                       {"item": "Rice", "qty": 10, "unit": "kg", "amount": 520}], party="Verma Sweets",
         payment="credit")
    sale(capsys, url, [{"item": "Surf Excel", "qty": 100, "unit": "kg", "amount": 23600}], party="Patil Traders",
         payment="credit")
    sale(capsys, url, [{"item": "Ghee", "qty": 200, "unit": "kg", "amount": 126000}], payment="upi",
         place_of_supply="Nagpur")
    sale(capsys, url, [{"item": "Surf Excel", "qty": 5, "unit": "kg", "amount": 1180}], party="Mr Rao",
         payment="credit")
    sale(capsys, url, [{"item": "Sugar", "qty": 40, "unit": "kg", "amount": 2100}], party="Singh Dhaba")
    sale(capsys, url, [{"item": "Sugar", "qty": 90, "unit": "kg", "amount": 4200},
                       {"item": "Rice", "qty": 20, "unit": "kg", "amount": 1040}])
    sale(capsys, url, [{"item": "Sugar", "qty": 10, "unit": "kg", "amount": 420}])
    tool(capsys, url, "undo_last", {})
    tool(capsys, url, "record_purchase_invoice", {
        "supplier": "Deshmukh Agro", "supplier_gstin": "27AAGCG4576J1Z6", "invoice_no": "DA/778",
        "invoice_date": "2026-11-05", "lines": [{"description": "Sugar", "qty": 100, "unit": "kg", "taxable": 4000,
                                                 "gst_rate": 5}], "igst": 200, "total": 4200})
    tool(capsys, url, "record_purchase", {"items": [{"item": "Sugar", "qty": 50, "unit": "kg", "amount": 2100}],
                                          "party": "Gupta Traders", "payment": "credit", "date": "2026-11-06"})


def test_gstr3b_of_the_multi_state_month_figure_by_figure(month, capsys):
    code, g3b, err = gst(capsys, month, "return", "GSTR3B", "2026-11")
    assert code == 0 and err is None
    assert g3b["gstin"] == "09AAKFS4521M1ZR" and g3b["ret_period"] == "112026"
    sup = g3b["sup_details"]
    assert sup["osup_det"] == {"txval": 157000.0, "iamt": 9880.0, "camt": 350.0, "samt": 350.0, "csamt": 0}
    assert sup["osup_zero"] == {"txval": 0, "iamt": 0, "csamt": 0}
    assert sup["osup_nil_exmp"] == {"txval": 1560.0}
    assert sup["isup_rev"] == {"txval": 0, "iamt": 0, "camt": 0, "samt": 0, "csamt": 0}
    assert sup["osup_nongst"] == {"txval": 0}
    assert g3b["inter_sup"]["unreg_details"] == [{"pos": "06", "txval": 2000.0, "iamt": 100.0},
                                                 {"pos": "27", "txval": 120000.0, "iamt": 6000.0},
                                                 {"pos": "29", "txval": 1000.0, "iamt": 180.0}]
    assert g3b["itc_elg"]["itc_avl"][4] == {"ty": "OTH", "iamt": 200.0, "camt": 50.0, "samt": 50.0, "csamt": 0}
    assert g3b["itc_elg"]["itc_net"] == {"iamt": 200.0, "camt": 50.0, "samt": 50.0, "csamt": 0}
    cash = g3b["tx_pmt"]["pdcash"][0]
    assert (cash["ipd"], cash["cpd"], cash["spd"]) == (9680.0, 300.0, 300.0)


def test_gstr1_of_the_month_puts_each_sale_in_its_section(month, capsys, tmp_path):
    out = tmp_path / "gstr1.json"
    code, printed, err = gst(capsys, month, "return", "GSTR1", "2026-11", "--out", str(out))
    assert code == 0 and printed is None and err is None
    g1 = json.loads(out.read_text())
    assert [row["ctin"] for row in g1["b2b"]] == ["09AACFA3317H1ZS", "27AAPFU0939F1ZV"]
    assert g1["b2cl"][0]["pos"] == "27" and g1["b2cl"][0]["inv"][0]["val"] == 126000.0
    assert {(r["pos"], r["sply_ty"], r["rt"], r["txval"]) for r in g1["b2cs"]} == {
        ("06", "INTER", 5, 2000.0), ("29", "INTER", 18, 1000.0), ("09", "INTRA", 5, 4000.0)}
    nil = {r["sply_ty"]: r["nil_amt"] for r in g1["nil"]["inv"]}
    assert nil == {"INTRB2B": 0, "INTRAB2B": 520.0, "INTRB2C": 0, "INTRAB2C": 1040.0}
    series = g1["doc_issue"]["doc_det"][0]["docs"][0]
    assert (series["totnum"], series["cancel"], series["net_issue"]) == (8, 2, 6)


def test_the_einvoice_and_eway_bill_of_the_inter_state_b2b_sale(month, capsys):
    code, einv, err = gst(capsys, month, "einvoice", "SL/26-27/0002")
    assert code == 0 and [n["code"] for n in err["notices"]] == ["einvoice_not_mandatory"]
    assert einv["BuyerDtls"]["Pin"] == 440012 and einv["SellerDtls"]["Pin"] == 226018
    assert einv["ValDtls"]["IgstVal"] == 3600.0 and einv["ValDtls"]["TotInvVal"] == 23600.0
    code, ewb, err = gst(capsys, month, "ewaybill", "SL/26-27/0003", "--vehicle", "UP32AB1234", "--distance", "1100")
    assert code == 1 and [p["code"] for p in err["problems"]] == ["pincode_missing"]  # the cash buyer has no PIN
    assert ewb["billLists"][0]["toStateCode"] == 27 and ewb["billLists"][0]["totInvValue"] == 126000.0


def test_problems_go_to_standard_error_with_exit_1(month, capsys):
    code, out, err = gst(capsys, month, "einvoice", "SL/26-27/0003")  # an unregistered buyer
    assert code == 1 and out is not None
    assert "einvoice_needs_registered_buyer" in [p["code"] for p in err["problems"]]
    code, out, err = gst(capsys, month, "return", "CMP08", "2026-Q3")
    assert code == 1 and out is None and err["problems"][0]["reason"] == "regular_files_gstr1_gstr3b"
    code, out, err = gst(capsys, month, "einvoice", "SL/26-27/9999")
    assert code == 1 and err["problems"][0]["code"] == "unknown_voucher"


def test_a_composition_shop_files_cmp08_on_taxable_turnover_and_no_gstr3b(database_url, capsys):
    assert main(["demo", "--db", database_url, "--today", "2026-11-20"]) == 0
    capsys.readouterr()
    murugan = ("tool", "--db", database_url, "--today", "2026-11-20", "--shop", "murugan-stores", "record_sale")
    for items in ([{"item": "Sugar", "qty": 100, "unit": "kg", "amount": 12345.67}],
                  [{"item": "Rice", "qty": 10, "unit": "kg", "amount": 520}]):
        assert main([*murugan, json.dumps({"items": items, "date": "2026-10-15"})]) == 0
    capsys.readouterr()
    code, _, err = gst(capsys, database_url, "--shop", "murugan-stores", "return", "GSTR3B", "2026-10")
    assert code == 1 and err["problems"][0]["reason"] == "composition_files_cmp08"
    code, cmp08, err = gst(capsys, database_url, "--shop", "murugan-stores", "return", "CMP08", "2026-Q3")
    assert code == 0 and [n["code"] for n in err["notices"]] == ["cmp08_enter_on_portal"]
    assert cmp08["ret_period"] == "122026"
    assert cmp08["outward_supplies"]["txval"] == 12345.67 and cmp08["exempt_supplies"] == {"txval": 520.0}
    assert cmp08["tax_payable"] == {"iamt": 0, "camt": 61.73, "samt": 61.73, "csamt": 0}


def test_the_gst_return_tool_answers_with_the_figures_in_hindi(month, capsys):
    data = tool(capsys, month, "gst_return", {"form": "GSTR-3B", "period": "last_month"})
    assert data["label"] == "2026-11" and data["filename"] == "GSTR3B_2026-11_09AAKFS4521M1ZR.json"
    assert (data["taxable"], data["igst"], data["cgst"], data["itc"], data["payable"]) == (
        157000.0, 9880.0, 350.0, 300.0, 10280.0)
    assert data["problems"] == []
    code = main(["tool", "--db", month, "--today", TODAY, *SHOP, "gst_return", '{"form": "GSTR1", "period": "2026-11"}'])
    text = json.loads(capsys.readouterr().out)["text"]
    assert code == 0 and "GSTR1" in text and "₹1,57,000" in text and "मेल खाता" in text


def test_a_bill_whose_printed_tax_contradicts_its_gstins_is_refused_before_booking(database_url, capsys):
    assert main(["demo", "--db", database_url, "--today", TODAY]) == 0
    capsys.readouterr()
    bill = {"supplier": "Deshmukh Agro", "supplier_gstin": "27AAGCG4576J1Z6", "invoice_no": "DA/901",
            "lines": [{"description": "Sugar", "qty": 100, "unit": "kg", "taxable": 4000, "gst_rate": 5}],
            "total": 4200}
    run = ["tool", "--db", database_url, "--today", TODAY, *SHOP, "record_purchase_invoice"]
    assert main([*run, json.dumps({**bill, "cgst": 100, "sgst": 100})]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["error"]["details"]["reason"] == "cgst_sgst_on_inter_state" and "IGST" in refused["text"]
    assert main([*run, json.dumps({**bill, "igst": 200})]) == 0
    booked = json.loads(capsys.readouterr().out)["data"]
    assert (booked["igst"], booked["cgst"], booked["sgst"]) == (200, 0, 0)
    # Read from a photo without the tax split, the supplier's GSTIN still decides IGST.
    assert main([*run, json.dumps({**bill, "invoice_no": "DA/902"})]) == 0
    assert json.loads(capsys.readouterr().out)["data"]["igst"] == 200
