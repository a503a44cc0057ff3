"""Plotly figures of the agreements registry: bar charts and an offline map.

Pure functions: each takes the registry, the (already filtered) list of
agreements and a language for names and labels (ar / fr / en), and returns a
`plotly.graph_objects.Figure` for `gr.Plot`. Nothing is fetched at render time:
the map draws the world from `corpus/data/world-110m.geojson` (Natural Earth,
made by corpus/data/tools/make_world_geojson.py) as plain `Scatter` polygons on
a longitude/latitude plane, because Plotly's geo traces (`scattergeo`,
`choropleth`) download their base map from a CDN when shown.

    by_country(registry, agreements, lang)    stacked by status, partner countries
    by_continent(registry, agreements, lang)  the study's continent grouping
    by_year(registry, agreements, lang)
    by_theme(registry, agreements, lang)      an agreement counts once per theme
    twinning_map(registry, agreements, lang)  commune → partner links

Coordinates come from `corpus/data/places.yaml` (`place_coordinates`, which
names any place lacking them); theme names from `corpus/data/themes.yaml`
(`Registry.theme_name`).
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import numpy as np
import plotly.graph_objects as go
import yaml

from assistant.i18n import t
from assistant.registry import Agreement, Registry

DATA_DIR = Path(__file__).resolve().parents[2] / "corpus" / "data"  # the default ASSISTANT_DATA_DIR
WORLD_FILE = "world-110m.geojson"
LANGS = ("ar", "fr", "en")
STATUSES = ("signed", "renewed", "announced", "approved")
STATUS_COLORS = {"signed": "#2f6f9f", "renewed": "#5aa469", "announced": "#e0a030", "approved": "#9a6fb0"}
# one colour per commune, stable whatever the filters (order of first appearance in the registry)
COMMUNE_COLORS = ["#c0392b", "#2471a3", "#239b56", "#8e44ad", "#d68910", "#17a589", "#7b7d7d", "#a04000"]
FONT = "Noto Sans, Noto Naskh Arabic, DejaVu Sans, Arial, sans-serif"


class PlacesError(ValueError):
    """places.yaml is unreadable or lacks coordinates for a place on the map."""


def _lang(lang: str | None) -> str:
    return lang if lang in LANGS else "fr"


def theme_name(registry: Registry, theme: str, lang: str) -> str:
    """A theme's label (corpus/data/themes.yaml, through the registry)."""
    return registry.theme_name(theme, _lang(lang))


# -- data files ----------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _places(path: str) -> dict[str, tuple[float, float]]:
    try:
        items = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("places") or []
        out, bad = {}, []
        for item in items:
            try:
                out[str(item["id"])] = (float(item["lon"]), float(item["lat"]))
            except (KeyError, TypeError, ValueError):
                bad.append(str(item.get("id", item)) if isinstance(item, dict) else repr(item))
    except (OSError, yaml.YAMLError, AttributeError) as exc:
        raise PlacesError(f"{path}: cannot read coordinates ({type(exc).__name__}: {exc})") from exc
    if bad:
        raise PlacesError(f"{path}: no valid lat/lon for: {', '.join(bad)}")
    return out


def load_places(data_dir: Path | str | None = None) -> dict[str, tuple[float, float]]:
    """{place id: (lon, lat)} from places.yaml."""
    return _places(str((Path(data_dir) if data_dir else DATA_DIR) / "places.yaml"))


def place_coordinates(
    ids: Iterable[str], data_dir: Path | str | None = None, gazetteer=None, *, strict: bool = True
) -> dict[str, tuple[float, float]]:
    """(lon, lat) of each id: places.yaml first, then the gazetteer's (GeoNames gives every
    city it knows coordinates); PlacesError naming every id neither has."""
    places = dict(load_places(data_dir))
    wanted = list(dict.fromkeys(i for i in ids if i))
    for i in wanted:
        entry = gazetteer.places.get(i) if gazetteer is not None and i not in places else None
        if entry is not None and entry.data.get("lat") is not None and entry.data.get("lon") is not None:
            places[i] = (float(entry.data["lon"]), float(entry.data["lat"]))
    missing = [i for i in wanted if i not in places]
    if missing and strict:
        where = (Path(data_dir) if data_dir else DATA_DIR) / "places.yaml"
        raise PlacesError(
            f"no coordinates in {where} for: {', '.join(missing)} (add lat/lon entries with the aliases.yaml id)"
        )
    return {i: places[i] for i in wanted if i in places}


@lru_cache(maxsize=2)
def _world(path: str) -> tuple[np.ndarray, np.ndarray]:
    """Outer rings of every country as one x/y pair of arrays, NaN between rings."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    xs: list[float] = []
    ys: list[float] = []
    for feature in data["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            ring = polygon[0]  # holes are drawn over by the countries inside them
            xs += [p[0] for p in ring] + [np.nan]
            ys += [p[1] for p in ring] + [np.nan]
    x, y = np.array(xs, dtype=float), np.array(ys, dtype=float)
    x.flags.writeable = y.flags.writeable = False
    return x, y


def world_outline(data_dir: Path | str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Country outlines (lon, lat arrays with NaN separators) from world-110m.geojson."""
    path = (Path(data_dir) if data_dir else DATA_DIR) / WORLD_FILE
    if not path.exists():
        path = DATA_DIR / WORLD_FILE
    return _world(str(path))


# -- shared layout ---------------------------------------------------------------------------------

AXIS = dict(gridcolor="#ebebeb", linecolor="#bbbbbb", zerolinecolor="#d5d5d5", automargin=True)
RLM, LRM = "\u200f", "\u200e"


def _bidi(text: str, lang: str) -> str:
    """Arabic text for Plotly's SVG, whose base direction is left to right: each line between
    right-to-left marks, so leading/trailing numbers and punctuation stay on the right side."""
    if lang != "ar" or not text:
        return text
    return "<br>".join(f"{RLM}{line}{RLM}" for line in str(text).split("<br>"))


def _date(date: str | None, lang: str) -> str:
    """An ISO date that stays "2009-10" in Arabic text (not "10-2009": after Arabic letters the
    bidi algorithm treats digits as Arabic numbers and reorders around the hyphen)."""
    if not date:
        return "?"
    return f"{LRM}{date}{LRM}" if lang == "ar" else date


def _sort_key(text) -> str:
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold() or str(text)


def _layout(
    lang: str, title: str, *, height: int = 420, subtitle: str | None = None, notes: list[str] = (), **extra
) -> dict:
    """The shared layout, as one dict: building a Figure in one go is much faster than
    updating it step by step (and no template is deep-copied)."""
    rtl = lang == "ar"
    side = "right" if rtl else "left"
    title_d = dict(
        text=_bidi(title, lang),
        x=0.98 if rtl else 0.02,
        xanchor=side,
        font=dict(size=16),
        yref="container",
        y=1,
        yanchor="top",
        pad=dict(t=14),
    )
    if subtitle:
        title_d["subtitle"] = dict(text=_bidi(subtitle, lang), font=dict(size=12, color="#666"))
    layout = dict(
        template="none",
        title=title_d,
        font=dict(family=FONT, size=13, color="#2a2a2a"),
        height=height,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=20, r=20, t=105 if subtitle else 80, b=30 + 20 * len(notes)),
        # legend items in reading order: right to left in Arabic
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.01,
            xanchor=side,
            x=1 if rtl else 0,
            traceorder="reversed" if rtl else "normal",
        ),
        hoverlabel=dict(align=side, font=dict(family=FONT)),
        annotations=[
            dict(
                text=_bidi(note, lang),
                showarrow=False,
                xref="paper",
                yref="paper",
                x=1 if rtl else 0,
                y=0,
                yshift=-8 - 18 * i,
                xanchor=side,
                yanchor="top",
                font=dict(size=11, color="#555"),
            )
            for i, note in enumerate(notes)
        ],
    )
    layout.update(extra)
    return layout


def _empty(lang: str, title: str) -> go.Figure:
    layout = _layout(lang, title, xaxis=dict(visible=False), yaxis=dict(visible=False))
    layout["annotations"].append(
        dict(
            text=_bidi(t("chart.empty", lang), lang),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            font=dict(size=15, color="#666"),
        )
    )
    return go.Figure(layout=layout)


# -- bar charts ------------------------------------------------------------------------------------


def _agreement_line(registry: Registry, a: Agreement, lang: str) -> str:
    commune = registry.name(a.commune, lang) if a.commune else "—"
    partner = registry.name(a.partner, lang) if a.partner else a.partner_as_written
    return f"{commune} – {partner} ({_date(a.date, lang)})"


def _hover_list(lines: list[str], limit: int = 12) -> str:
    more = len(lines) - limit
    return "<br>".join(lines[:limit] + ([f"… +{more}"] if more > 0 else []))


def _bars(
    registry: Registry,
    agreements: list[Agreement],
    lang: str,
    *,
    kind: str,
    keys_of,
    name_of,
    order=None,
    horizontal: bool = True,
    note: str | None = None,
) -> go.Figure:
    """Stacked bars: one bar per key (an agreement may have several keys), one trace per status
    present. Hover lists the agreements behind each segment."""
    lang = _lang(lang)
    title = t(f"chart.by_{kind}", lang)
    if not agreements:
        return _empty(lang, title)
    lines: dict = defaultdict(lambda: defaultdict(list))  # key -> status -> [agreement lines]
    for a in agreements:
        for key in keys_of(a):
            lines[key][a.status].append(_agreement_line(registry, a, lang))
    totals = {k: sum(len(v) for v in by_status.values()) for k, by_status in lines.items()}
    keys = order(list(lines)) if order else sorted(lines, key=lambda k: (-totals[k], _sort_key(name_of(k))))
    names = [name_of(k) for k in keys]
    data = []
    for status in STATUSES:
        values = [len(lines[k].get(status, [])) for k in keys]
        if not any(values):
            continue
        hover = [
            _bidi(f"<b>{n}</b> · {t(f'status.{status}', lang)}: {v}<br>{_hover_list(lines[k].get(status, []))}", lang)
            if v
            else ""
            for k, n, v in zip(keys, names, values)
        ]
        trace = dict(
            type="bar",
            name=_bidi(t(f"status.{status}", lang), lang),
            marker=dict(color=STATUS_COLORS[status]),
            hovertext=hover,
            hoverinfo="text",
            customdata=keys,
            text=[v or "" for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            textfont=dict(size=11),
        )
        trace.update(dict(x=values, y=names, orientation="h") if horizontal else dict(x=names, y=values))
        data.append(trace)
    rtl = lang == "ar"
    top = max(totals.values())
    count_axis = dict(
        AXIS, title=dict(text=_bidi(t("chart.count", lang), lang)), rangemode="tozero", dtick=1 if top <= 12 else None
    )
    if horizontal:  # category labels on the reading side, bars growing away from them
        xaxis = dict(count_axis, autorange="reversed" if rtl else True)
        yaxis = dict(
            AXIS,
            categoryorder="array",
            categoryarray=names,
            autorange="reversed",
            showgrid=False,
            side="right" if rtl else "left",
            ticksuffix=" ",
        )
        height = max(300, 140 + 22 * len(keys))
    elif kind == "year":  # a time axis: years in order, gaps shown
        xaxis = dict(
            AXIS,
            title=dict(text=_bidi(t(f"chart.{kind}", lang), lang)),
            type="linear",
            tickformat="d",
            showgrid=False,
            dtick=1 if max(keys) - min(keys) <= 20 else 5,
            range=[min(keys) - 0.7, max(keys) + 0.7],
        )
        yaxis, height = dict(count_axis, side="right" if rtl else "left"), 400
    else:
        xaxis = dict(
            AXIS,
            title=dict(text=_bidi(t(f"chart.{kind}", lang), lang)),
            categoryorder="array",
            categoryarray=names,
            showgrid=False,
            autorange="reversed" if rtl else True,
        )
        yaxis, height = dict(count_axis, side="right" if rtl else "left"), 400
    return go.Figure(
        data=data,
        layout=_layout(
            lang, title, height=height, subtitle=note, barmode="stack", bargap=0.25, xaxis=xaxis, yaxis=yaxis
        ),
    )


def by_country(registry: Registry, agreements: list[Agreement], lang: str = "fr") -> go.Figure:
    """Agreements per partner country, stacked by status (the bars add up to len(agreements))."""
    lang = _lang(lang)
    unknown = t("chart.unknown", lang)
    return _bars(
        registry,
        agreements,
        lang,
        kind="country",
        keys_of=lambda a: [a.country or ""],
        name_of=lambda k: registry.name(k, lang) if k else unknown,
    )


def by_continent(registry: Registry, agreements: list[Agreement], lang: str = "fr") -> go.Figure:
    """Agreements per continent (the study's grouping), stacked by status."""
    lang = _lang(lang)
    unknown = t("chart.unknown", lang)
    return _bars(
        registry,
        agreements,
        lang,
        kind="continent",
        keys_of=lambda a: [a.continent or ""],
        name_of=lambda k: registry.name(k, lang) if k else unknown,
        horizontal=False,
        note=t("chart.continent_note", lang),
    )


def by_year(registry: Registry, agreements: list[Agreement], lang: str = "fr") -> go.Figure:
    """Agreements per year of signature (or announcement), stacked by status, on a time axis."""
    return _bars(
        registry,
        agreements,
        lang,
        kind="year",
        keys_of=lambda a: [a.year] if a.year is not None else [],
        name_of=lambda k: k,
        order=sorted,
        horizontal=False,
    )


def _themes(a: Agreement) -> list[str]:
    return list(dict.fromkeys(a.themes)) or [""]  # "" = no theme stated


def by_theme(registry: Registry, agreements: list[Agreement], lang: str = "fr") -> go.Figure:
    """Agreements per theme: an agreement counts once under each of its themes; those stating
    none are counted under "theme not stated", shown last."""
    lang = _lang(lang)
    totals: dict[str, int] = defaultdict(int)
    for a in agreements:
        for tag in _themes(a):
            totals[tag] += 1

    def order(keys):
        named = sorted((k for k in keys if k), key=lambda k: (-totals[k], _sort_key(theme_name(registry, k, lang))))
        return named + ([""] if "" in keys else [])

    return _bars(
        registry,
        agreements,
        lang,
        kind="theme",
        keys_of=_themes,
        order=order,
        note=t("chart.theme_note", lang),
        name_of=lambda k: theme_name(registry, k, lang) if k else t("chart.no_theme", lang),
    )


# -- map ----------------------------------------------------------------------------------------------


def _arc(a: tuple[float, float], b: tuple[float, float], n: int = 24) -> tuple[np.ndarray, np.ndarray]:
    """A gentle curve from a to b (quadratic Bézier bulging poleward of the straight line, for
    eastward and westward links alike), so links to nearby partners stay apart; exact endpoints."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    dist = float(np.hypot(dx, dy)) or 1.0
    side = 1.0 if dx >= 0 else -1.0
    bend = 0.18 * dist * side / dist
    cx, cy = (x0 + x1) / 2 - dy * bend, (y0 + y1) / 2 + dx * bend
    t = np.linspace(0.0, 1.0, n)
    xs = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
    ys = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
    xs[0], ys[0], xs[-1], ys[-1] = x0, y0, x1, y1
    return xs, ys


def commune_color(registry: Registry, commune: str) -> str:
    """A commune's colour: fixed by its first appearance in the registry, whatever the filters."""
    order = list(dict.fromkeys(a.commune for a in registry.agreements if a.commune))
    i = order.index(commune) if commune in order else len(order) + sum(map(ord, commune))
    return COMMUNE_COLORS[i % len(COMMUNE_COLORS)]


def _view(points: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """Axis ranges around the points (with a margin and a minimum span); the fixed aspect ratio
    then widens one of them to fit the plot."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, y0, y1 = min(xs) - 12, max(xs) + 12, min(ys) - 10, max(ys) + 14
    if x1 - x0 < 50:
        x0, x1 = (x0 + x1) / 2 - 25, (x0 + x1) / 2 + 25
    if y1 - y0 < 30:
        y0, y1 = (y0 + y1) / 2 - 15, (y0 + y1) / 2 + 15
    return [max(x0, -180.0), min(x1, 180.0)], [max(y0, -60.0), min(y1, 85.0)]


def twinning_map(
    registry: Registry, agreements: list[Agreement], lang: str = "fr", *, data_dir: Path | str | None = None
) -> go.Figure:
    """Links from each Moroccan commune to its partner cities on an offline world map.

    One curve per agreement that names both a commune and a partner city (dashed when only
    announced), coloured by commune, one legend entry per commune (clicking it hides the
    commune and its links); hovering a marker gives names in `lang`, country, dates and status.
    Agreements without both places are counted in a note under the map. Raises PlacesError if
    places.yaml lacks a place the agreements name."""
    lang = _lang(lang)
    mapped = [a for a in agreements if a.commune and a.partner]
    curated = [p for a in mapped if a.method == "curated" for p in (a.commune, a.partner)]
    place_coordinates(curated, data_dir)  # curated rows must all be on the map (a data error otherwise)
    coords = place_coordinates(
        [p for a in mapped for p in (a.commune, a.partner)], data_dir, registry.gazetteer, strict=False
    )
    # a place no data gives coordinates (a commune GeoNames lacks): off the map, counted in the note
    known = set(coords)
    mapped = (
        [a for a in mapped if a.commune in known and a.partner in known]
        if len(known) < len({p for a in mapped for p in (a.commune, a.partner)})
        else mapped
    )

    wx, wy = world_outline(data_dir)
    data: list[dict] = [
        dict(
            type="scatter",
            x=wx,
            y=wy,
            mode="lines",
            fill="toself",
            fillcolor="#e2e2de",
            line=dict(color="#ffffff", width=0.6),
            hoverinfo="skip",
            showlegend=False,
            name="world",
        )
    ]
    by_commune: dict[str, list[Agreement]] = defaultdict(list)
    for a in mapped:
        by_commune[a.commune].append(a)
    partner_hover: dict[str, list[str]] = defaultdict(list)
    markers = []
    for commune, links in by_commune.items():
        color = commune_color(registry, commune)
        cname = registry.name(commune, lang)
        for dashed in (False, True):
            chosen = [a for a in links if (a.status == "announced") == dashed]
            if not chosen:
                continue
            xs: list[np.ndarray] = []
            ys: list[np.ndarray] = []
            for a in chosen:
                ax, ay = _arc(coords[a.commune], coords[a.partner])
                xs += [ax, np.array([np.nan])]
                ys += [ay, np.array([np.nan])]
            data.append(
                dict(
                    type="scatter",
                    x=np.concatenate(xs),
                    y=np.concatenate(ys),
                    mode="lines",
                    line=dict(color=color, width=1.6, dash="dash" if dashed else "solid"),
                    opacity=0.85,
                    hoverinfo="skip",
                    name=_bidi(cname, lang),
                    legendgroup=commune,
                    showlegend=False,
                    meta=[a.id for a in chosen],
                )
            )
        for a in links:
            partner_hover[a.partner].append(f"{cname} · {_date(a.date, lang)} · {t(f'status.{a.status}', lang)}")
        lon, lat = coords[commune]
        text = (
            f"<b>{cname}</b> — {t('chart.commune', lang)}<br>{t('chart.agreements_n', lang, n=len(links))}<br>"
            + _hover_list([f"{registry.name(a.partner, lang)} ({_date(a.date, lang)})" for a in links])
        )
        markers.append(
            dict(
                type="scatter",
                x=[lon],
                y=[lat],
                mode="markers",
                name=_bidi(cname, lang),
                legendgroup=commune,
                marker=dict(size=12, color=color, line=dict(color="#222", width=1.2)),
                hovertext=[_bidi(text, lang)],
                hoverinfo="text",
                customdata=[commune],
            )
        )
    if partner_hover:
        country_of = {a.partner: a.country for a in mapped}
        pids = list(partner_hover)
        hover = []
        for pid in pids:
            country = registry.name(country_of[pid], lang) if country_of.get(pid) else t("chart.unknown", lang)
            hover.append(
                _bidi(f"<b>{registry.name(pid, lang)}</b> — {country}<br>" + "<br>".join(partner_hover[pid]), lang)
            )
        markers.append(
            dict(
                type="scatter",
                x=[coords[p][0] for p in pids],
                y=[coords[p][1] for p in pids],
                mode="markers",
                name=_bidi(t("chart.partners", lang), lang),
                hovertext=hover,
                hoverinfo="text",
                marker=dict(size=7, color="#ffffff", line=dict(color="#333", width=1.3)),
                customdata=pids,
            )
        )

    xr, yr = _view(list(coords.values()) or [(-13.0, 26.0)])
    notes = (
        [t("chart.empty", lang)]
        if not agreements
        else [t("chart.unmapped", lang, n=len(agreements) - len(mapped))]
        if len(mapped) < len(agreements)
        else []
    )
    hidden = dict(visible=False, showgrid=False, zeroline=False)
    layout = _layout(
        lang,
        t("chart.map", lang),
        height=540,
        notes=notes,
        plot_bgcolor="#edf2f6",
        hovermode="closest",
        dragmode="pan",
        xaxis=dict(hidden, range=xr),
        yaxis=dict(hidden, range=yr, scaleanchor="x", scaleratio=1),
    )
    layout["margin"] = dict(l=10, r=10, t=80, b=10 + 20 * len(notes))
    return go.Figure(data=data + markers, layout=layout)


def all_figures(
    registry: Registry, agreements: list[Agreement], lang: str = "fr", *, data_dir: Path | str | None = None
) -> dict[str, go.Figure]:
    """The five figures at once, keyed by function name."""
    return {
        "by_country": by_country(registry, agreements, lang),
        "by_continent": by_continent(registry, agreements, lang),
        "by_year": by_year(registry, agreements, lang),
        "by_theme": by_theme(registry, agreements, lang),
        "twinning_map": twinning_map(registry, agreements, lang, data_dir=data_dir),
    }
