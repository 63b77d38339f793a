"""The two demo shops as plain data, read from `domain/demo/shops/<slug>/` (shop.json, catalog.csv,
parties.csv in the format of `../shared/demo/`).

Pure: no database. Quantities and money are Decimals (rupees), never floats.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from domain.money import D

SHOPS_DIR = Path(__file__).with_name("shops")
DEMO_SLUGS = ("sharma-kirana", "murugan-stores")


@dataclass(frozen=True, slots=True)
class DemoItem:
    sku: str
    name: str
    aliases: tuple[str, ...]
    unit: str
    rate: Decimal  # selling price per unit, GST included
    cost: Decimal  # purchase cost per unit
    hsn: str
    gst_rate: Decimal  # percent
    stock: Decimal  # opening stock in `unit`
    reorder_level: Decimal


@dataclass(frozen=True, slots=True)
class DemoParty:
    name: str
    aliases: tuple[str, ...]
    kind: str  # "customer" | "supplier"
    phone: str | None
    gstin: str | None


@dataclass(frozen=True, slots=True)
class DemoUser:
    name: str
    phone: str
    role: str  # "owner" | "manager" | "accountant" | "staff"


@dataclass(frozen=True, slots=True)
class DemoShop:
    slug: str
    name: str
    city: str
    state_code: str
    gstin: str | None
    gst_scheme: str  # "regular" | "composition"
    language: str
    users: tuple[DemoUser, ...]  # the owner first
    items: tuple[DemoItem, ...]
    parties: tuple[DemoParty, ...]
    address: str | None = None
    pincode: str | None = None

    @property
    def owner(self) -> DemoUser:
        return self.users[0]

    @property
    def upi_id(self) -> str:
        """The shop's UPI address for payment links: the owner's number at a payments bank."""
        return f"{self.owner.phone.lstrip('+')[-10:]}@upi"

    def customers(self) -> tuple[DemoParty, ...]:
        return tuple(p for p in self.parties if p.kind == "customer")

    def suppliers(self) -> tuple[DemoParty, ...]:
        return tuple(p for p in self.parties if p.kind == "supplier")


def _aliases(cell: str) -> tuple[str, ...]:
    seen: list[str] = []
    for alias in (a.strip() for a in (cell or "").split("|")):
        if alias and alias.lower() not in (s.lower() for s in seen):
            seen.append(alias)
    return tuple(seen)


def read_shop_dir(path: Path, slug: str | None = None) -> DemoShop:
    """A shop folder (shop.json, catalog.csv, parties.csv) as a `DemoShop`."""
    path = Path(path)
    info = json.loads((path / "shop.json").read_text(encoding="utf-8"))
    owner = DemoUser(name=info["owner"], phone=info["phone"], role="owner")
    staff = tuple(DemoUser(name=s["name"], phone=s["phone"], role=s["role"]) for s in info.get("staff", []))
    with (path / "catalog.csv").open(encoding="utf-8", newline="") as fh:
        items = tuple(
            DemoItem(
                sku=row["sku"].strip(),
                name=row["name"].strip(),
                aliases=_aliases(row["aliases"]),
                unit=row["unit"].strip(),
                rate=D(row["rate"]),
                cost=D(row["cost"]),
                hsn=row["hsn"].strip(),
                gst_rate=D(row["gst_rate"]),
                stock=D(row["stock"]),
                reorder_level=D(row["reorder_level"]),
            )
            for row in csv.DictReader(fh)
        )
    with (path / "parties.csv").open(encoding="utf-8", newline="") as fh:
        parties = tuple(
            DemoParty(
                name=row["name"].strip(),
                aliases=_aliases(row["aliases"]),
                kind=row["kind"].strip(),
                phone=(row.get("phone") or "").strip() or None,
                gstin=(row.get("gstin") or "").strip() or None,
            )
            for row in csv.DictReader(fh)
        )
    return DemoShop(
        slug=slug or path.name,
        name=info["name"],
        city=info.get("city", ""),
        state_code=info["state_code"],
        gstin=info.get("gstin") or None,
        gst_scheme=info.get("gst_scheme", "regular"),
        language=info.get("language", "hi"),
        users=(owner, *staff),
        items=items,
        parties=parties,
        address=info.get("address") or None,
        pincode=info.get("pincode") or None,
    )


def demo_shop(slug: str) -> DemoShop:
    """One of the shipped demo shops by slug."""
    if slug not in DEMO_SLUGS:
        raise KeyError(slug)
    return read_shop_dir(SHOPS_DIR / slug, slug)


def demo_shops() -> tuple[DemoShop, ...]:
    return tuple(demo_shop(slug) for slug in DEMO_SLUGS)
