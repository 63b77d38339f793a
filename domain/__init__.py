"""The shop's books: money, ledger, vouchers, inventory, parties, reports, GST and invoice OCR.

Pure domain code lives here; `domain.store` implements its repositories with SQLAlchemy.
"""
