"""Daily demand forecasts per series with statsforecast, the model chosen per series by a rolling-origin
backtest (Amazon Forecast's automatic selection done in the open).

    forecast_demand(sales, horizon=30, state="MH") -> DataFrame series,date,mean,lo80,hi80,lo95,hi95,model

`sales` holds `series, date, units` (missing days are zero sales). Regular series choose among
AutoETS, MSTL, AutoTheta, their ensemble and SeasonalNaive; intermittent ones (a sale every 1.32 days
or rarer) among CrostonOptimized, ADIDA, IMAPA and TSB, shaped by the shop's weekday rhythm. Days the
shop was shut are filled before fitting and forecast as zero ahead; festivals move the forecast by
what they did to the shop before (`domain.insight.calendar`). Intervals are conformal: the backtest's
own errors, scaled by the square root of the level, give every model (intermittent ones too) its
80% and 95% band.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from statsforecast import StatsForecast
from statsforecast.models import (
    ADIDA,
    IMAPA,
    MSTL,
    TSB,
    AutoETS,
    AutoTheta,
    CrostonOptimized,
    SeasonalExponentialSmoothingOptimized,
    SeasonalNaive,
    SeasonalWindowAverage,
)

from domain.insight.calendar import WEEK, ShopCalendar, learn_calendar

log = logging.getLogger(__name__)

INTERMITTENT_ADI = 1.32  # Syntetos-Boylan: mean days between sales above this is intermittent
MIN_HISTORY = 3 * WEEK  # shorter series get the weekday-shaped recent mean
TRAIN_DAYS = 182  # half a year: enough for a weekly rhythm, recent enough for today's level
FAST_TRAIN_DAYS = 126  # the fast path fits eighteen weeks
OUT_COLUMNS = ["series", "date", "mean", "lo80", "hi80", "lo95", "hi95", "model"]
ENSEMBLE = "Ensemble"
FALLBACK = "RecentMean"
BASELINE_MARGIN = 1.1


@dataclass(frozen=True, slots=True)
class Options:
    horizon: int = 30
    state: str | None = None
    fast: bool = False  # cheap models only, for tens of thousands of series
    windows: int = 3  # backtest origins
    n_jobs: int = 1


def _models(kind: str, fast: bool) -> list:
    if kind == "intermittent":
        return [CrostonOptimized(), ADIDA(), IMAPA(), TSB(alpha_d=0.1, alpha_p=0.1), SeasonalNaive(WEEK)]
    if fast:
        return [SeasonalExponentialSmoothingOptimized(season_length=WEEK),
                SeasonalWindowAverage(season_length=WEEK, window_size=4), SeasonalNaive(WEEK)]
    return [AutoETS(season_length=WEEK, model="ZZA"), MSTL(season_length=WEEK), AutoTheta(season_length=WEEK),
            SeasonalNaive(WEEK)]


def _flat(kind: str) -> bool:
    """Intermittent models forecast one rate for every day: the weekday rhythm is laid over them."""
    return kind == "intermittent"


# ---------------------------------------------------------------------------- the panel


@dataclass(frozen=True, slots=True)
class Panel:
    """The sales as a matrix: one row per series, one column per day from `start`."""

    start: date
    names: list[str]
    y: np.ndarray  # float, NaN before a series' first day
    first: np.ndarray  # index of each series' first day

    @property
    def days(self) -> int:
        return self.y.shape[1]


def panel_from_sales(sales: pd.DataFrame) -> Panel:
    series = sales["series"].astype(str).to_numpy()
    days = pd.to_datetime(sales["date"]).dt.normalize()
    units = pd.to_numeric(sales["units"], errors="coerce").fillna(0.0).clip(lower=0.0).to_numpy(dtype=float)
    start = days.min()
    column = (days - start).dt.days.to_numpy()
    codes, names = pd.factorize(series, sort=True)
    width = int(column.max()) + 1
    y = np.zeros((len(names), width))
    np.add.at(y, (codes, column), units)
    first = np.full(len(names), width, dtype=int)
    np.minimum.at(first, codes, column)
    y[np.arange(width)[None, :] < first[:, None]] = np.nan
    return Panel(start.date(), [str(n) for n in names], y, first)


def _centred_mean(values: np.ndarray, half: int) -> np.ndarray:
    """Mean of the non-missing values within `half` days either side, per row (NaN where none)."""
    present = ~np.isnan(values)
    sums = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(np.where(present, values, 0.0), axis=1)], axis=1)
    counts = np.concatenate([np.zeros((values.shape[0], 1)), np.cumsum(present, axis=1)], axis=1)
    n = values.shape[1]
    lo = np.clip(np.arange(n) - half, 0, n)
    hi = np.clip(np.arange(n) + half + 1, 0, n)
    total, count = sums[:, hi] - sums[:, lo], counts[:, hi] - counts[:, lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _impute_closed(y: np.ndarray, closed: np.ndarray) -> np.ndarray:
    """Shut days take the mean of the open days within a week either side, so no model mistakes them
    for demand."""
    filled = y.copy()
    if not closed.any():
        return filled
    open_y = np.where(closed[None, :], np.nan, y)
    local = _centred_mean(open_y, WEEK)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a series with no open day yet
        overall = np.nanmean(open_y, axis=1, keepdims=True)
    local = np.where(np.isnan(local), np.nan_to_num(overall, nan=0.0), local)
    cols = np.where(closed)[0]
    filled[:, cols] = np.where(np.isnan(y[:, cols]), np.nan, local[:, cols])
    return filled


def _kind(row: np.ndarray, closed: np.ndarray) -> str:
    values = row[~np.isnan(row) & ~closed]
    recent = values[-TRAIN_DAYS:]
    sold = int((recent > 0).sum())
    if recent.size < MIN_HISTORY or sold < 4:
        return "short"
    return "intermittent" if recent.size / sold >= INTERMITTENT_ADI else "regular"


# ---------------------------------------------------------------------------- fitting


def _long(panel: Panel, y: np.ndarray, rows: list[int], end: int, days: int = TRAIN_DAYS) -> pd.DataFrame:
    """statsforecast's long frame of the chosen rows, over the last `days` days before `end`."""
    lo = max(0, end - days)
    dates = pd.date_range(panel.start + timedelta(days=lo), periods=end - lo, freq="D").to_numpy()
    block = y[rows, lo:end]
    keep = ~np.isnan(block)
    names = np.array([panel.names[r] for r in rows], dtype=object)
    return pd.DataFrame({
        "unique_id": np.repeat(names, keep.sum(axis=1)),
        "ds": np.broadcast_to(dates, block.shape)[keep],
        "y": block[keep],
    })


def _run(models: list, frame: pd.DataFrame, horizon: int, n_jobs: int, windows: int = 0) -> pd.DataFrame:
    sf = StatsForecast(models=models, freq="D", n_jobs=n_jobs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if windows:
            return sf.cross_validation(df=frame, h=horizon, n_windows=windows, step_size=horizon, refit=True)
        return sf.forecast(df=frame, h=horizon)


def _model_columns(frame: pd.DataFrame) -> list[str]:
    skip = {"unique_id", "ds", "cutoff", "y", "index"}
    return [c for c in frame.columns if c not in skip]


def _shape(frame: pd.DataFrame, columns: list[str], cal: ShopCalendar, flat: bool) -> pd.DataFrame:
    """Lay the weekday rhythm over flat forecasts, zero the shut days, add the ensemble, keep >= 0."""
    weekdays = pd.DatetimeIndex(frame["ds"]).weekday.to_numpy()
    weekday = cal.profile[weekdays]
    shut = np.isin(weekdays, list(cal.weekly_closed))
    out = frame.copy()
    for c in columns:
        values = out[c].to_numpy(dtype=float)
        if flat and not c.startswith("SeasonalNaive"):
            values = values * weekday
        out[c] = np.where(shut, 0.0, np.clip(np.nan_to_num(values), 0.0, None))
    ensemble = [c for c in columns if not c.startswith("SeasonalNaive")]
    if len(ensemble) > 1:
        out[ENSEMBLE] = out[ensemble].mean(axis=1)
    return out


def _choose(cv: pd.DataFrame, columns: list[str], closed_dates: set) -> tuple[dict[str, str], pd.DataFrame]:
    """Per series the model of least absolute error over the backtest (open days only)."""
    is_open = ~pd.DatetimeIndex(cv["ds"]).isin(pd.DatetimeIndex(sorted(closed_dates)))
    scored = cv[is_open]
    errors = scored[columns].sub(scored["y"], axis=0).abs()
    errors["unique_id"] = scored["unique_id"].to_numpy()
    mae = errors.groupby("unique_id").mean()
    # The baseline must beat the best smooth model clearly: on a short backtest it often wins by luck.
    baseline = [c for c in columns if c.startswith("SeasonalNaive")]
    mae[baseline] = mae[baseline] * BASELINE_MARGIN
    choice = mae.idxmin(axis=1).to_dict()
    return {str(k): str(v) for k, v in choice.items()}, scored


def _residual_quantiles(scored: pd.DataFrame, choice: dict[str, str]) -> pd.DataFrame:
    """Conformal quantiles of the chosen model's backtest errors per series, on the sqrt-of-level scale:
    one row per series, columns q025 q10 q90 q975."""
    pred = _picked(scored, choice)
    scaled = (scored["y"].to_numpy(dtype=float) - pred) / np.sqrt(pred + 1.0)
    frame = pd.DataFrame({"unique_id": scored["unique_id"].to_numpy(), "z": scaled})
    n = int(frame.groupby("unique_id").size().median()) if len(frame) else 0
    levels = _widened((0.025, 0.10, 0.90, 0.975), n)
    quantiles = frame.groupby("unique_id")["z"].quantile(list(levels)).unstack()
    quantiles.columns = ["q025", "q10", "q90", "q975"]
    quantiles.index = quantiles.index.astype(str)
    return quantiles


def _picked(scored: pd.DataFrame, choice: dict[str, str]) -> np.ndarray:
    """Each row's prediction by its series' chosen model."""
    models = scored["unique_id"].astype(str).map(choice)
    columns = [str(m) for m in models.unique()]
    index = models.map({m: i for i, m in enumerate(columns)}).to_numpy(dtype=int)
    values = scored[columns].to_numpy(dtype=float)
    return values[np.arange(len(scored)), index]


def _widened(levels: tuple[float, ...], n: int) -> tuple[float, ...]:
    """Finite-sample conformal levels: the band widens by (n + 1) / n on few errors."""
    if n <= 0:
        return levels
    return tuple(float(np.clip(0.5 + (q - 0.5) * (n + 1) / n, 0.0, 1.0)) for q in levels)


# ---------------------------------------------------------------------------- the groups


@dataclass(frozen=True, slots=True)
class GroupForecast:
    frame: pd.DataFrame  # unique_id, ds, mean, lo80, hi80, lo95, hi95, model
    backtest: pd.DataFrame  # unique_id, ds, y, prediction of the chosen model


def _forecast_group(panel: Panel, y: np.ndarray, rows: list[int], kind: str, cal: ShopCalendar,
                    opts: Options) -> GroupForecast:
    frame = _long(panel, y, rows, panel.days, FAST_TRAIN_DAYS if opts.fast else TRAIN_DAYS)
    models = _models(kind, opts.fast)
    step = min(opts.horizon, 14)
    shortest = frame.groupby("unique_id").size().min()
    windows = opts.windows if shortest >= step * opts.windows + 2 * WEEK else 0
    flat = _flat(kind)
    closed_dates = {panel.start + timedelta(days=int(i)) for i in np.where(cal.closed)[0]}
    if windows:
        cv = _run(models, frame, step, opts.n_jobs, windows)
        columns = _model_columns(cv)
        cv = _shape(cv, columns, cal, flat)
        candidates = _model_columns(cv)
        choice, scored = _choose(cv, candidates, closed_dates)
        quantiles = _residual_quantiles(scored, choice)
    else:
        scored, choice, quantiles = pd.DataFrame(), {}, pd.DataFrame()
    ahead = _run(models, frame, opts.horizon, opts.n_jobs)
    ahead = _shape(ahead, _model_columns(ahead), cal, flat)
    default = ENSEMBLE if ENSEMBLE in ahead.columns else _model_columns(ahead)[0]
    return GroupForecast(_assemble(ahead, choice, quantiles, default), _backtest_of(scored, choice))


DEFAULT_Z = {"q025": -2.0, "q10": -1.3, "q90": 1.3, "q975": 2.0}


def _assemble(ahead: pd.DataFrame, choice: dict[str, str], quantiles: pd.DataFrame, default: str) -> pd.DataFrame:
    uid = ahead["unique_id"].astype(str)
    full_choice = {u: choice.get(u, default) for u in uid.unique()}
    mean = _picked(ahead.assign(unique_id=uid), full_choice)
    scale = np.sqrt(mean + 1.0)
    q = quantiles.reindex(uid.to_numpy()) if len(quantiles) else pd.DataFrame(index=uid.to_numpy(), columns=list(DEFAULT_Z))
    z = {c: q[c].astype(float).fillna(v).to_numpy() for c, v in DEFAULT_Z.items()}
    return pd.DataFrame({
        "unique_id": uid.to_numpy(), "ds": ahead["ds"].to_numpy(), "mean": mean,
        "lo95": mean + z["q025"] * scale, "lo80": mean + z["q10"] * scale,
        "hi80": mean + z["q90"] * scale, "hi95": mean + z["q975"] * scale,
        "model": uid.map(full_choice).to_numpy(),
    })


def _backtest_of(scored: pd.DataFrame, choice: dict[str, str]) -> pd.DataFrame:
    if scored.empty:
        return pd.DataFrame(columns=["unique_id", "ds", "y", "pred", "model"])
    return pd.DataFrame({"unique_id": scored["unique_id"].to_numpy(), "ds": scored["ds"].to_numpy(),
                         "y": scored["y"].to_numpy(), "pred": _picked(scored, choice),
                         "model": scored["unique_id"].astype(str).map(choice).to_numpy()})


def _short_forecast(panel: Panel, y: np.ndarray, rows: list[int], cal: ShopCalendar, horizon: int) -> pd.DataFrame:
    """Too little history to choose a model: the last four weeks' mean, shaped by the weekday rhythm."""
    future = [panel.start + timedelta(days=panel.days + k) for k in range(horizon)]
    weekday = cal.profile[[d.weekday() for d in future]]
    parts = []
    for r in rows:
        recent = y[r, -4 * WEEK:]
        recent = recent[~np.isnan(recent) & ~cal.closed[-4 * WEEK:][: recent.size]] if recent.size else recent
        level = float(recent.mean()) if recent.size else 0.0
        mean = level * weekday
        spread = np.sqrt(mean + 1.0)
        parts.append(pd.DataFrame({
            "unique_id": panel.names[r], "ds": pd.to_datetime(future), "mean": mean,
            "lo95": mean - 2.0 * spread, "lo80": mean - 1.3 * spread, "hi80": mean + 1.3 * spread,
            "hi95": mean + 2.0 * spread, "model": FALLBACK,
        }))
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------- the whole


@dataclass(frozen=True, slots=True)
class DemandForecast:
    forecast: pd.DataFrame  # OUT_COLUMNS
    backtest: pd.DataFrame  # series, date, actual, predicted, model: the chosen models' own backtest
    calendar: ShopCalendar | None  # None when read back from a store


def forecast_demand(sales: pd.DataFrame, horizon: int = 30, state: str | None = None, *,
                    fast: bool = False, n_jobs: int = 1, windows: int = 3) -> DemandForecast:
    """Forecast every series of `sales` `horizon` days past its last date."""
    if horizon < 1:
        raise ValueError("horizon must be at least one day")
    # The fast path backtests over two origins only: selection among cheap models needs less evidence.
    opts = Options(horizon=horizon, state=state, fast=fast, windows=min(windows, 2) if fast else windows,
                   n_jobs=n_jobs)
    panel = panel_from_sales(sales)
    totals = np.nansum(panel.y, axis=0)
    cal = learn_calendar(panel.start, totals, horizon, state)
    y = _impute_closed(panel.y, cal.closed)
    groups: dict[str, list[int]] = {"regular": [], "intermittent": [], "short": []}
    for r in range(len(panel.names)):
        groups[_kind(panel.y[r], cal.closed)].append(r)
    frames, backtests = [], []
    for kind in ("regular", "intermittent"):
        if groups[kind]:
            result = _forecast_group(panel, y, groups[kind], kind, cal, opts)
            frames.append(result.frame)
            backtests.append(result.backtest)
    if groups["short"]:
        frames.append(_short_forecast(panel, y, groups["short"], cal, horizon))
    return DemandForecast(_finish(pd.concat(frames, ignore_index=True), cal, panel.names),
                          _finish_backtest(backtests), cal)


def _finish(frame: pd.DataFrame, cal: ShopCalendar, order: list[str]) -> pd.DataFrame:
    stamps = pd.DatetimeIndex(frame["ds"])
    unique = stamps.unique()
    days = [d.date() for d in unique]
    position = unique.get_indexer(stamps)
    factor = cal.future_factor(days)[position]
    shut = cal.future_closed(days)[position]
    out = pd.DataFrame({"series": frame["unique_id"].astype(str).to_numpy(),
                        "date": np.array(days, dtype=object)[position]})
    for col in ("mean", "lo80", "hi80", "lo95", "hi95"):
        out[col] = np.where(shut, 0.0, np.clip(frame[col].to_numpy(dtype=float) * factor, 0.0, None))
    out["lo80"] = np.minimum(out["lo80"], out["mean"])
    out["lo95"] = np.minimum(out["lo95"], out["lo80"])
    out["hi80"] = np.maximum(out["hi80"], out["mean"])
    out["hi95"] = np.maximum(out["hi95"], out["hi80"])
    out["model"] = frame["model"].to_numpy()
    rank = {name: i for i, name in enumerate(order)}
    out = out.sort_values(["series", "date"], key=lambda s: s.map(rank) if s.name == "series" else s)
    return out.reset_index(drop=True)[OUT_COLUMNS]


def _finish_backtest(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=["series", "date", "actual", "predicted", "model"])
    frame = pd.concat(parts, ignore_index=True)
    return pd.DataFrame({"series": frame["unique_id"].astype(str), "date": pd.to_datetime(frame["ds"]).dt.date,
                         "actual": frame["y"], "predicted": frame["pred"], "model": frame["model"]})
