"""GST on a line: carving tax out of an inclusive price or adding it to an exclusive one, split
CGST = SGST within the shop's state and IGST across states, and a GSTIN's state.

Rules (gst.md §7, §11): tax is rounded half up to the paisa per line; CGST and SGST are always
equal (the tax is rounded to an even number of paise), and taxable + tax equals the line total
exactly. Rates are basis points: 500 = 5 %, 25 = 0.25 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from stdnum.in_ import gstin as stdnum_gstin

from domain.errors import InvalidArgument
from domain.money import D, round_to_int

VALID_RATES_BP = (0, 10, 25, 100, 150, 300, 500, 600, 750, 1200, 1800, 2800, 4000)


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


def rate_to_bp(rate: Decimal | int | str) -> int:
    """A percent (`5`, `"0.25"`) as basis points; refuses rates GST does not know."""
    bp = D(rate) * 100
    if bp != bp.to_integral_value() or int(bp) not in VALID_RATES_BP:
        raise InvalidArgument("gst_rate", "unknown_rate")
    return int(bp)


def bp_to_rate(bp: int) -> Decimal:
    value = Decimal(bp) / 100
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


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


def normalise_gstin(value: str | None) -> str | None:
    """Upper-cased, trimmed and checksum-validated GSTIN, or None; InvalidArgument when invalid."""
    if value is None or not value.strip():
        return None
    try:
        return str(stdnum_gstin.validate(value.strip().upper()))
    except Exception as exc:  # stdnum raises its own ValidationError subclasses
        raise InvalidArgument("gstin", "invalid") from exc


def state_of(gstin: str | None) -> str | None:
    """The two-digit state code that opens a GSTIN."""
    return gstin[:2] if gstin else None


def is_inter_state(shop_state: str, party_state: str | None, place_of_supply: str | None = None) -> bool:
    """Inter-state when the place of supply (else the party's GSTIN state) differs from the shop's;
    a sale with no party and no place of supply is intra-state (a counter sale)."""
    where = place_of_supply or party_state
    return bool(where) and where != shop_state
