"""Units convert within their dimension and nowhere else."""

from decimal import Decimal

import pytest

from domain.errors import IncompatibleUnits, InvalidQuantity, InvalidUnit
from domain.units import convert, from_milli, normalise_unit, to_milli


def test_half_a_kilo_in_grams_is_half_a_kilo():
    assert to_milli(Decimal(500), "g", "kg") == 500
    assert from_milli(to_milli(Decimal(500), "g", "kg")) == Decimal("0.5")


def test_a_dozen_is_twelve_pieces_and_a_litre_a_thousand_ml():
    assert to_milli(1, "dozen", "pc") == 12000
    assert convert(Decimal("1.5"), "l", "ml") == Decimal(1500)
    assert to_milli(Decimal(250), "ml", "l") == 250


def test_kilos_cannot_become_pieces_nor_packs_boxes():
    with pytest.raises(IncompatibleUnits):
        to_milli(1, "kg", "pc")
    with pytest.raises(IncompatibleUnits):
        to_milli(1, "pack", "box")


def test_unit_spellings_are_normalised_and_unknown_units_refused():
    assert normalise_unit(" Kgs ") == "kg"
    assert normalise_unit("litre") == "l"
    with pytest.raises(InvalidUnit):
        normalise_unit("bucket")


@pytest.mark.parametrize("qty", ["0", "-1", "NaN", "1e20"])
def test_absurd_quantities_are_refused(qty):
    with pytest.raises(InvalidQuantity):
        to_milli(Decimal(qty), "kg", "kg")


def test_a_quantity_finer_than_a_thousandth_of_the_unit_is_refused():
    with pytest.raises(InvalidQuantity):
        to_milli(Decimal("0.1"), "g", "kg")
