"""A bill whose first reading leaves the total unconfirmed is read a second time with another page
segmentation; the second reading's total is taken only when the bill's arithmetic confirms it."""

from __future__ import annotations

from decimal import Decimal

from domain.ocr import OcrResult
from domain.ocr.read import read_photo

FIRST = "ABC TRADING SDN BHD\nDate 25/12/2018\nTotal 7.90\nThank you"
SECOND = "ABC TRADING SDN BHD\nDate 25/12/2018\nTotal 7.50\nCash 10.00\nChange 2.50"


class Pages:
    """Stands in for Tesseract: the reading depends on the page segmentation mode."""

    name = "tesseract"

    def __init__(self, second: str, psm: int = 4) -> None:
        self.second, self.psm, self.reads = second, psm, []
        self.latin = self.languages = self.tamil_languages = "eng+hin"

    def read(self, image: bytes) -> OcrResult:
        self.reads.append(self.psm)
        return OcrResult.from_text(FIRST if self.psm == 4 else self.second, engine=self.name)


def test_the_confirmed_total_of_the_second_reading_replaces_an_unconfirmed_one():
    engine = Pages(SECOND)
    draft = read_photo(b"jpeg", engine)
    assert draft.total.value == Decimal("7.50")
    assert "total_unchecked" not in {p.code for p in draft.problems}


def test_an_unconfirmed_second_reading_leaves_the_first_standing_and_flagged():
    draft = read_photo(b"jpeg", Pages("ABC TRADING SDN BHD\nTotal 9.99"))
    assert draft.total.value == Decimal("7.90")
    assert "total_unchecked" in {p.code for p in draft.problems}


def test_a_confirmed_first_reading_is_not_read_again():
    engine = Pages(SECOND, psm=6)  # its first reading is already the confirmed one
    draft = read_photo(b"jpeg", engine)
    assert draft.total.value == Decimal("7.50") and engine.reads == [6]
