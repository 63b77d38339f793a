"""Replies to the profile writes: the shop's profile, a party's phone or GSTIN, an opening balance."""

from __future__ import annotations

from typing import Any


def _scheme(t, data: dict[str, Any]) -> str:
    scheme = "unregistered" if data.get("unregistered") else data.get("gst_scheme") or "regular"
    return t(f"profile.scheme.{scheme}")


def profile_set(t, d: dict[str, Any], _ctx) -> str:
    parts = []
    for changed in d.get("changed") or []:
        if changed == "upi_id":
            parts.append(f"UPI {d.get('upi_id')}")
        elif changed == "gstin":
            parts.append(f"GSTIN {d.get('gstin')} ({d.get('state')})")
        elif changed == "name":
            parts.append(f"{t('profile.field.name')}: {d.get('shop')}")
        elif changed == "state":
            parts.append(f"{t('profile.field.state')}: {d.get('state')}")
        elif changed == "gst_scheme":
            parts.append(f"{t('profile.field.scheme')}: {_scheme(t, d)}")
        elif changed == "city":
            parts.append(f"{t('profile.field.city')}: {d.get('city')}")
    return t("profile.updated", details=" · ".join(parts))


def party_details_set(t, d: dict[str, Any], _ctx) -> str:
    parts = [f"📞 {d['phone']}" if d.get("phone") else "", f"GSTIN {d['gstin']}" if d.get("gstin") else ""]
    return t("party.details_set", party=d.get("party", ""), details=" · ".join(p for p in parts if p))


def opening_set(t, d: dict[str, Any], _ctx) -> str:
    balance = d.get("party_balance")
    balance = abs(balance) if isinstance(balance, int | float) else d.get("amount")
    key = "opening.customer" if d.get("kind") != "supplier" else "opening.supplier"
    return t(key, party=d.get("party", ""), amount=t.money(d.get("amount") or 0), balance=t.money(balance or 0))


def pack_set(t, d: dict[str, Any], _ctx) -> str:
    return t("pack.set", pack=t(f"unit.{d.get('pack') or 'bag'}"), item=d.get("item", ""),
             qty=t.qty(d.get("qty") or 0, d.get("unit")))


RENDERERS = {
    "set_pack_size": pack_set,
    "set_shop_profile": profile_set,
    "set_party_details": party_details_set,
    "set_opening_balance": opening_set,
}
