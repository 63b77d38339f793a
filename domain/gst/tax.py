"""GST on a line: carving tax out of an inclusive price or adding it to an exclusive one, split
CGST = SGST within the shop's state and IGST across states.

Rules (gst.md §7, §11): tax is rounded half up to the paisa per line; CGST and SGST are always
equal (the tax is rounded to an even number of paise), and taxable + tax equals the line total
exactly. Rates are basis points: 500 = 5 %, 25 = 0.25 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.money import round_to_int


@dataclass(frozen=True, slots=True)
class TaxSplit:
    taxable: int
    cgst: int
    sgst: int
    igst: int

    @property
    def tax(self) -> int:
        return self.cgst + self.sgst + self.igst

    @property
    def total(self) -> int:
        return self.taxable + self.tax


def carve_inclusive(gross_paise: int, rate_bp: int, inter_state: bool) -> TaxSplit:
    """Split a tax-inclusive amount: tax = gross x r/(100+r), rounded half up (to even paise when
    split into CGST and SGST); taxable = gross - tax, so the total is exactly `gross_paise`."""
    if rate_bp == 0:
        return TaxSplit(gross_paise, 0, 0, 0)
    tax_exact = Decimal(gross_paise) * rate_bp / (10000 + rate_bp)
    if inter_state:
        igst = round_to_int(tax_exact)
        return TaxSplit(gross_paise - igst, 0, 0, igst)
    half = round_to_int(tax_exact / 2)
    return TaxSplit(gross_paise - 2 * half, half, half, 0)


def add_exclusive(taxable_paise: int, rate_bp: int, inter_state: bool) -> TaxSplit:
    """Tax on a tax-exclusive amount: taxable x r/100, half up (each half for CGST and SGST)."""
    if rate_bp == 0:
        return TaxSplit(taxable_paise, 0, 0, 0)
    tax_exact = Decimal(taxable_paise) * rate_bp / 10000
    if inter_state:
        return TaxSplit(taxable_paise, 0, 0, round_to_int(tax_exact))
    half = round_to_int(tax_exact / 2)
    return TaxSplit(taxable_paise, half, half, 0)
