"""HTML of the dashboard and the login page: plain, escaped, mobile-first (readable at 320 px), in
the user's language with Indian number formats. The 7-day chart is inline SVG with a text equivalent."""

from __future__ import annotations

from html import escape
from typing import Any

from locales import Translator

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="/dashboard/static/dashboard.css"></head>
<body><header><h1>{title}</h1>{nav}</header><main id="main">{body}</main>{script}</body></html>"""


def page(t: Translator, title: str, body: str, *, nav: str = "", script: bool = False) -> str:
    tag = '<script src="/dashboard/static/dashboard.js" defer></script>' if script else ""
    return PAGE.format(lang=escape(t.lang), title=escape(title), nav=nav, body=body, script=tag)


def _money(t: Translator, value: Any) -> str:
    return escape(t.money(value or 0))


def login(t: Translator, *, phone: str = "", code_sent: bool = False, error: str = "") -> str:
    alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    if not code_sent:
        form = (f'<form method="post" action="/login/code"><label for="phone">{escape(t("dash.phone"))}</label>'
                f'<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required '
                f'value="{escape(phone)}"><button type="submit">{escape(t("dash.send_code"))}</button></form>')
    else:
        form = (f'<form method="post" action="/login"><input type="hidden" name="phone" value="{escape(phone)}">'
                f'<label for="code">{escape(t("dash.code"))}</label>'
                f'<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{{6}}" '
                f'maxlength="6" required><button type="submit">{escape(t("dash.login"))}</button></form>')
    return page(t, "Munshi", alert + form)


def _chart(t: Translator, week: list[dict[str, Any]]) -> str:
    peak = max([float(d["total"]) for d in week] + [1.0])
    width, height, gap = 300, 120, 6
    bar = (width - gap * (len(week) - 1)) / max(len(week), 1)
    bars, labels = [], []
    for i, day in enumerate(week):
        h = round(float(day["total"]) / peak * (height - 20), 1)
        x = round(i * (bar + gap), 1)
        text = f'{t.date(day["date"])}: {t.money(day["total"])}'
        bars.append(f'<rect x="{x}" y="{height - 16 - h}" width="{round(bar, 1)}" height="{h}" rx="3">'
                    f'<title>{escape(text)}</title></rect>')
        bars.append(f'<text x="{round(x + bar / 2, 1)}" y="{height - 2}" text-anchor="middle">'
                    f'{escape(day["date"][8:10])}</text>')
        labels.append(f"<li>{escape(text)}</li>")
    return (f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" class="chart">'
            f'<title id="chart-title">{escape(t("dash.last7"))}</title>{"".join(bars)}</svg>'
            f'<ul class="sr-only">{"".join(labels)}</ul>')


def _section(title: str, inner: str, ident: str) -> str:
    return f'<section aria-labelledby="{ident}"><h2 id="{ident}">{escape(title)}</h2>{inner}</section>'


def _rows(t: Translator, rows: list[tuple[str, str]]) -> str:
    if not rows:
        return f'<p class="muted">{escape(t("dash.none"))}</p>'
    return "<dl>" + "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def headline(t: Translator, d: dict[str, Any]) -> str:
    today = d["today"]
    change = float(today["change"])
    sign = "up" if change > 0 else "down" if change < 0 else "flat"
    arrow = {"up": "▲", "down": "▼", "flat": "•"}[sign]
    inner = (f'<p class="big" id="today-total">{_money(t, today["total"])}</p>'
             f'<p class="change {sign}">{arrow} {escape(t("dash.change", change=t.money(abs(change))))}</p>')
    insight = d.get("insight")
    if insight and insight.get("top_item"):
        text = t("dash.insight", item=insight["top_item"], sales=t.money(insight["top_item_sales"]))
        inner += f'<p class="insight">💡 {escape(text)}</p>'
    return _section(t("dash.sales_today"), inner, "today")


def quick_sale(t: Translator) -> str:
    form = (f'<form method="post" action="/dashboard/sale" class="inline"><label for="amount">'
            f'{escape(t("dash.amount"))}</label><input id="amount" name="amount" inputmode="decimal" '
            f'pattern="[0-9]+([.][0-9]{{1,2}})?" required><button type="submit">{escape(t("dash.save"))}</button></form>')
    return _section(t("dash.quick_sale"), form, "quick")


def low_stock(t: Translator, items: list[dict[str, Any]]) -> str:
    low = [(s["item"], f'{escape(t.qty(s["qty"], s["unit"]))} / {escape(t.qty(s["reorder_level"], s["unit"]))}')
           for s in items]
    return _section(t("dash.low_stock"), _rows(t, low), "low")


def books(t: Translator, d: dict[str, Any], day_book: dict[str, Any], pnl: dict[str, Any] | None,
          sheet: dict[str, Any] | None, statement: dict[str, Any] | None, parties: list[str]) -> str:
    parts = [_section(t("dash.last7"), _chart(t, d["week"]), "week")]
    parts.append(low_stock(t, d["low_stock"]))
    dues = d["dues"]
    ageing = " · ".join(f'{escape(k)}: {_money(t, v)}' for k, v in dues["ageing"].items() if v)
    rows = [(p["party"], f'{_money(t, p["balance"])} <span class="muted">({p["days"]}d)</span>') for p in dues["parties"]]
    parts.append(_section(t("dash.dues"), f'<p><strong>{_money(t, dues["total"])}</strong></p>'
                          f'<p class="muted">{ageing}</p>' + _rows(t, rows), "dues"))
    entries = [(f'{e["number"]}', f'{escape(e["party"] or "")} {_money(t, e["total"])}') for e in day_book["entries"]]
    parts.append(_section(t("dash.day_book"), f'<div id="daybook">{_rows(t, entries)}</div>', "daybook-title"))
    if pnl is not None:
        pl = [(t("dash.net_profit"), f'<strong>{_money(t, pnl["net_profit"])}</strong>')]
        parts.append(_section(t("dash.profit_loss"), _rows(t, pl), "pnl"))
    if sheet is not None:
        bs = [(t("dash.assets"), _money(t, sheet["total_assets"])),
              (t("dash.liabilities"), _money(t, sheet["total_liabilities_and_equity"]))]
        parts.append(_section(t("dash.balance_sheet"), _rows(t, bs), "bs"))
    if parties:
        options = "".join(f'<option{" selected" if statement and statement["party"] == p else ""}>{escape(p)}</option>'
                          for p in parties)
        inner = (f'<form method="get" action="/dashboard" class="inline"><label for="party">{escape(t("dash.statement"))}'
                 f'</label><select id="party" name="party">{options}</select>'
                 f'<button type="submit">{escape(t("dash.show"))}</button></form>')
        if statement:
            lines = [(f'{t.date(li["date"])} {li["number"]}', _money(t, li["balance"])) for li in statement["lines"]]
            inner += _rows(t, lines) + f'<p><strong>{_money(t, statement["closing"])}</strong></p>'
        parts.append(_section(t("dash.statement"), inner, "statement"))
    return "".join(parts)
