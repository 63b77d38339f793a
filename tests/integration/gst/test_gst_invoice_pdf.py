"""The tax invoice PDF from `munshi gst ... invoice`, rendered to PNG with pdftoppm and read back:
state names (not codes), the taxable rate and value per line, the HSN summary, the amount in
words in English and Hindi, and a UPI QR code that decodes to the shop's payment link."""

from __future__ import annotations

import json
import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import cv2
import pytest
from sqlalchemy import text

from bot.app.cli import main
from domain.store.db import make_engine

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) not installed")
TODAY = "2026-11-20"


def run(capsys, *argv: str) -> dict:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out) if out.strip().startswith("{") else {}


@pytest.fixture
def sale(sqlite_url, capsys) -> tuple[str, str]:
    assert main(["demo", "--db", sqlite_url, "--today", TODAY]) == 0
    capsys.readouterr()
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE shops SET upi_id = 'sharmakirana@upi' WHERE slug = 'sharma-kirana'"))
    engine.dispose()
    shop = ("tool", "--db", sqlite_url, "--today", TODAY, "--shop", "sharma-kirana")
    run(capsys, *shop, "set_address", '{"address": "12 Aminabad Road", "city": "Lucknow", "pincode": "226018"}')
    run(capsys, *shop, "add_party", json.dumps({"party": "Patil Traders", "kind": "customer",
                                                "gstin": "27AAPFU0939F1ZV", "city": "Nagpur"}))
    data = run(capsys, *shop, "record_sale", json.dumps({
        "items": [{"item": "Sugar", "qty": 10, "unit": "kg"}, {"item": "Ghee", "qty": 500, "unit": "g"},
                  {"item": "Surf Excel", "qty": 2, "unit": "kg"}],
        "party": "Patil Traders", "payment": "credit"}))["data"]
    return sqlite_url, data["voucher"]


def test_the_invoice_reads_right_and_its_qr_pays_the_shop(sale, tmp_path, capsys):
    url, number = sale
    pdf = tmp_path / "invoice.pdf"
    assert main(["gst", "--db", url, "--shop", "sharma-kirana", "invoice", number, "--out", str(pdf)]) == 0
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    image = cv2.imread(str(tmp_path / "page.png"))
    assert image is not None and image.shape[0] > 1000

    link, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert link.startswith("upi://pay?")
    query = parse_qs(urlparse(link).query)
    assert query["pa"] == ["sharmakirana@upi"] and query["cu"] == ["INR"]
    assert query["am"] == ["1030.00"]  # 440 + 310 + 280: the catalog prices, GST included
    assert query["tn"] == [f"Invoice {number}"]

    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "TAX INVOICE" in words and "Uttar Pradesh (09)" in words and "Maharashtra (27)" in words
    assert "State code" not in words and "state 09" not in words
    assert "HSN summary" in words and "IGST" in words and "CGST" not in words
    assert "Rupees One Thousand and Thirty only" in words
    assert "मात्र" in words  # the total in Hindi words too
    # Sugar: 10 kg at ₹41.91 taxable a kg (₹41.905 to the paisa) = ₹419.05 taxable value, not ₹44 with GST
    assert "₹41.91" in words and "₹419.05" in words and "₹44.00" not in words
    # Ghee sold by the gram is priced by the kg: 0.5 kg x ₹590.48/kg = ₹295.24
    assert "₹590.48/kg" in words and "₹295.24" in words
