"""GST: the master (states, rates, HSN, UQC, GSTIN), the tax on a line, and the returns built from
the books (GSTR-1, GSTR-3B, CMP-08, e-invoice, e-way bill) with their due dates."""

from domain.gst.master import (
    ALL_RATES,
    ALL_RATES_BP,
    STATES,
    b2cl_limit_paise,
    bp_to_rate,
    find_state,
    is_inter_state,
    is_rate_valid,
    is_valid_gstin,
    normalise_gstin,
    place_of_supply,
    rate_to_bp,
    rates_on,
    state_name,
    state_of,
    uqc_of,
)
from domain.gst.tax import TaxSplit, add_exclusive, carve_inclusive

VALID_RATES_BP = ALL_RATES_BP

__all__ = [
    "ALL_RATES", "ALL_RATES_BP", "STATES", "VALID_RATES_BP", "TaxSplit", "add_exclusive", "b2cl_limit_paise",
    "bp_to_rate", "carve_inclusive", "find_state", "is_inter_state", "is_rate_valid", "is_valid_gstin",
    "normalise_gstin", "place_of_supply", "rate_to_bp", "rates_on", "state_name", "state_of", "uqc_of",
]
