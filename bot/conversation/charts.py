"""Pictures where a picture beats a sentence: a sales trend, a forecast with its band, the top items.

Each chart is a PNG (matplotlib's Agg backend, no display) labelled from the reply catalogs in the
user's language, with Indian number formats (lakh grouping through the translator) and Noto fonts that
cover every Indian script (Debian's fonts-noto-core, installed by the Makefile). `chart_replies` turns
a read's outcome into the media replies of a turn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from locales.catalog import Translator

NOTO_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
# Latin first, then one face per script: matplotlib falls back glyph by glyph along this list.
NOTO_FAMILIES = ("Noto Sans", "Noto Sans Devanagari", "Noto Sans Tamil", "Noto Sans Bengali", "Noto Sans Telugu",
                 "Noto Sans Gujarati", "Noto Sans Kannada", "Noto Sans Malayalam", "Noto Sans Gurmukhi",
                 "DejaVu Sans")
COLOURS = {"actual": "#1f4e79", "forecast": "#d35400", "band": "#f5b041", "bar": "#2e86c1"}
CHART_TOOLS = frozenset({"forecast", "top_items"})
_fonts_ready = False


def _mpl():
    """matplotlib on the Agg backend (memory, never a screen). Imported on the first chart: it is heavy and
    most turns draw nothing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    from matplotlib.ticker import FuncFormatter

    return plt, mdates, font_manager, FuncFormatter


def _use_noto() -> None:
    """Register the Noto faces once (fonts installed outside matplotlib's cache are not found by name)."""
    global _fonts_ready
    if _fonts_ready:
        return
    plt, _, font_manager, _ = _mpl()
    for folder in NOTO_DIRS:
        for path in sorted(folder.glob("NotoSans*-Regular.tt[fc]")) if folder.exists() else ():
            if "Mono" not in path.name and "Display" not in path.name:
                font_manager.fontManager.addfont(str(path))
    available = {f.name for f in font_manager.fontManager.ttflist}
    plt.rcParams["font.family"] = [f for f in NOTO_FAMILIES if f in available] or ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    _fonts_ready = True


def _png(fig) -> bytes:
    plt = _mpl()[0]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _axes(title: str):
    _use_noto()
    plt = _mpl()[0]
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    ax.set_title(title, fontsize=13)
    ax.grid(axis="y", alpha=0.3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _date_axis(ax, t: Translator, days: Sequence[date]) -> None:
    _, mdates, _, FuncFormatter = _mpl()
    span = (max(days) - min(days)).days + 1 if days else 1
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, span // 7)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: t.date(mdates.num2date(x).date())))
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")


def sales_trend(days: Sequence[date], amounts: Sequence[float], t: Translator) -> bytes:
    """Daily sales in rupees over the days, with a 7-day average line."""
    FuncFormatter = _mpl()[3]
    fig, ax = _axes(t("chart.sales_trend", days=len(days)))
    ax.bar(days, amounts, color=COLOURS["bar"], alpha=0.45, label=t("chart.daily"))
    if len(amounts) >= 7:
        week = [sum(amounts[max(0, i - 6): i + 1]) / len(amounts[max(0, i - 6): i + 1]) for i in range(len(amounts))]
        ax.plot(days, week, color=COLOURS["actual"], linewidth=2, label=t("chart.week_average"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.money(round(v))))
    _date_axis(ax, t, days)
    ax.legend(frameon=False)
    return _png(fig)


def forecast_band(item: str, unit: str | None, history: Sequence[tuple[date, float]],
                  ahead: Sequence[tuple[date, float, float, float]], t: Translator) -> bytes:
    """Recent daily sales, then the forecast with its 80% band."""
    FuncFormatter = _mpl()[3]
    fig, ax = _axes(t("chart.forecast", item=item, days=len(ahead)))
    if history:
        ax.plot([d for d, _ in history], [q for _, q in history], color=COLOURS["actual"], marker="o",
                markersize=3, linewidth=1.5, label=t("chart.actual"))
    if ahead:
        days = [row[0] for row in ahead]
        ax.fill_between(days, [row[2] for row in ahead], [row[3] for row in ahead], color=COLOURS["band"],
                        alpha=0.35, label=t("chart.band80"))
        ax.plot(days, [row[1] for row in ahead], color=COLOURS["forecast"], linewidth=2, label=t("chart.expected"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.qty(round(v, 1), unit) if unit else t.number(v)))
    _date_axis(ax, t, [d for d, _ in history] + [row[0] for row in ahead])
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False)
    return _png(fig)


def top_items(rows: Sequence[tuple[str, float]], t: Translator, period: str = "") -> bytes:
    """The best sellers by rupees, largest on top."""
    FuncFormatter = _mpl()[3]
    fig, ax = _axes(t("chart.top_items", period=period))
    names = [name for name, _ in rows][::-1]
    values = [value for _, value in rows][::-1]
    bars = ax.barh(names, values, color=COLOURS["bar"])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: t.money(round(v))))
    ax.grid(axis="x", alpha=0.3)
    ax.grid(axis="y", visible=False)
    for bar, value in zip(bars, values, strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + t.money(round(value)), va="center",
                fontsize=9)
    ax.margins(x=0.18)
    return _png(fig)


def chart_for(tool: str, data: dict[str, Any], t: Translator, period: str = "") -> bytes | None:
    """The chart that goes with a read's data, or None when a sentence says it all."""
    if tool == "forecast":
        items = data.get("items") or []
        if len(items) != 1 or not items[0].get("daily"):
            return None
        row = items[0]
        history = [(date.fromisoformat(h["date"]), float(h["qty"])) for h in row.get("history") or []]
        ahead = [(date.fromisoformat(d["date"]), float(d["qty"]), float(d["low"]), float(d["high"]))
                 for d in row["daily"]]
        return forecast_band(row.get("item", ""), row.get("unit"), history, ahead, t)
    if tool == "top_items":
        items = data.get("items") or []
        if len(items) < 2:
            return None
        rows = [(str(r.get("item", "")), float(r.get("amount") or r.get("sales") or r.get("total") or 0))
                for r in items]
        return top_items(rows, t, period)
    return None
