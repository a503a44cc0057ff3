"""Charts and the offline map of the twinning links (assistant/ui/charts.py)."""

from __future__ import annotations

import json
import math
import time
from collections import Counter

import numpy as np
import pytest

from assistant import i18n
from assistant.aliases import Gazetteer
from assistant.registry import Registry
from assistant.ui import charts
from conftest import DATA_DIR

WORLD = DATA_DIR / charts.WORLD_FILE
ARABIC = set(chr(c) for c in range(0x0600, 0x0700))


def labels(lang: str) -> dict[str, str]:
    """The chart's words (chart.* and status.* in the catalogue) by their short name."""
    return {k.split(".", 1)[1]: i18n.t(k, lang) for k in i18n.keys("chart.") + i18n.keys("status.")}


@pytest.fixture(scope="module")
def registry():
    return Registry(DATA_DIR, Gazetteer.from_dir(DATA_DIR))


def bar_counts(fig) -> dict:
    """{category id: {status label: count}} from a bar figure (ids are in customdata)."""
    out: dict = {}
    for trace in fig.data:
        assert trace.type == "bar"
        values = trace.x if trace.orientation == "h" else trace.y
        for key, v in zip(trace.customdata, values):
            if v:
                out.setdefault(key, {})[trace.name] = out.setdefault(key, {}).get(trace.name, 0) + v
    return out


def totals(fig) -> dict:
    return {k: sum(v.values()) for k, v in bar_counts(fig).items()}


def has_arabic(text: str) -> bool:
    return any(ch in ARABIC for ch in str(text))


def line_segments(fig) -> list[tuple[str, np.ndarray, np.ndarray, str]]:
    """(agreement id, xs, ys, dash) for every link drawn on the map."""
    out = []
    for trace in fig.data:
        if trace.mode != "lines" or trace.name == "world":
            continue
        xs, ys = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
        breaks = np.flatnonzero(np.isnan(xs))
        starts = np.r_[0, breaks[:-1] + 1]
        assert len(breaks) == len(trace.meta)  # one NaN after each link
        for aid, s, e in zip(trace.meta, starts, breaks):
            out.append((aid, xs[s:e], ys[s:e], trace.line.dash))
    return out


# -- places.yaml ----------------------------------------------------------------------------------


def test_every_commune_and_partner_in_the_registry_has_coordinates(registry):
    ids = {p for a in registry.agreements for p in (a.commune, a.partner) if p}
    coords = charts.place_coordinates(ids, DATA_DIR)  # raises PlacesError naming any missing id
    assert set(coords) == ids
    for pid, (lon, lat) in coords.items():
        assert -180 <= lon <= 180 and -90 <= lat <= 90, pid
    # the southern-province communes are where they should be (roughly 20-29 N, 8-18 W)
    for a in registry.agreements:
        if a.commune:
            lon, lat = coords[a.commune]
            assert 20 < lat < 29 and -18 < lon < -8, a.commune


def test_every_commune_and_city_of_an_agreement_has_coordinates(registry):
    """aliases.yaml also lists communes with no agreement (Guelmim…), which have no place on the map."""
    places = charts.load_places(DATA_DIR)
    named = {x for a in registry.agreements for x in (a.commune, a.partner) if x}
    missing = sorted(x for x in named if x not in places)
    assert not missing, f"places.yaml lacks: {missing}"


def test_a_missing_place_is_named_in_the_error(tmp_path):
    (tmp_path / "places.yaml").write_text("places:\n- {id: dakhla, lat: 23.68, lon: -15.96}\n", encoding="utf-8")
    with pytest.raises(charts.PlacesError, match="no coordinates .* for: atlantis, el-dorado"):
        charts.place_coordinates(["dakhla", "atlantis", "el-dorado"], tmp_path)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "places.yaml").write_text(
        "places:\n- {id: dakhla, lat: 23.68}\n- {id: smara, lat: 26.7, lon: -11.7}\n", encoding="utf-8"
    )
    with pytest.raises(charts.PlacesError, match="no valid lat/lon for: dakhla"):
        charts.load_places(tmp_path / "bad")


def test_the_map_raises_on_an_agreement_whose_place_lacks_coordinates(registry, tmp_path):
    (tmp_path / "places.yaml").write_text("places:\n- {id: dakhla, lat: 23.68, lon: -15.96}\n", encoding="utf-8")
    with pytest.raises(charts.PlacesError, match="vibo-valentia"):
        charts.twinning_map(registry, registry.filter(commune="dakhla"), "fr", data_dir=tmp_path)


# -- bar charts: counts ------------------------------------------------------------------------------


def test_by_country_bars_add_up_to_the_agreements(registry):
    fig = charts.by_country(registry, registry.agreements, "en")
    got = totals(fig)
    assert sum(got.values()) == len(registry.agreements)
    assert got == dict(Counter(a.country for a in registry.agreements))
    # signed + renewed per country = the registry's own statistics (which leave out announced ones)
    stats = registry.stats()["country"]
    counts = bar_counts(fig)
    L = labels("en")
    for country, row in stats.items():
        assert counts[country].get(L["signed"], 0) + counts[country].get(L["renewed"], 0) == row["total"]
    assert sum(v.get(L["announced"], 0) for v in counts.values()) == registry.stats()["announced"]


@pytest.mark.parametrize(
    "filters",
    [
        dict(commune="smara"),
        dict(commune="laayoune"),
        dict(continent="africa"),
        dict(country="italy"),
        dict(year=2025),
        dict(status="announced"),
    ],
)
def test_the_charts_follow_the_filtered_list(registry, filters):
    agreements = registry.filter(**filters)
    assert agreements
    assert totals(charts.by_country(registry, agreements, "fr")) == dict(Counter(a.country for a in agreements))
    assert totals(charts.by_continent(registry, agreements, "fr")) == dict(Counter(a.continent for a in agreements))
    assert totals(charts.by_year(registry, agreements, "fr")) == dict(Counter(a.year for a in agreements))
    themes = Counter(t for a in agreements for t in (set(a.themes) or {""}))
    assert totals(charts.by_theme(registry, agreements, "fr")) == dict(themes)


def test_by_theme_counts_each_agreement_once_per_theme_and_unthemed_last(registry):
    fig = charts.by_theme(registry, registry.agreements, "fr")
    got = totals(fig)
    expected = Counter(t for a in registry.agreements for t in set(a.themes))
    expected[""] = sum(1 for a in registry.agreements if not a.themes)
    assert got == dict(expected)
    # the registry's own theme statistics (signed + renewed) agree
    for theme, row in registry.stats()["theme"].items():
        assert (
            got[theme] - sum(1 for a in registry.agreements if a.status == "announced" and theme in a.themes)
            == row["total"]
        )
    names = list(fig.layout.yaxis.categoryarray)
    assert names[-1] == labels("fr")["no_theme"]
    assert names[0] == charts.theme_name(registry, max(got, key=lambda k: (got[k], k != "")), "fr")
    assert len(names) == len(set(names))  # no two themes share a label


def test_by_year_is_a_time_axis_in_order(registry):
    fig = charts.by_year(registry, registry.agreements, "en")
    assert fig.layout.xaxis.type == "linear"
    xs = list(fig.data[0].x)
    assert xs == sorted(xs) and min(xs) == 2009 and max(xs) == 2025
    assert sum(totals(fig).values()) == len(registry.agreements)


def test_status_is_a_stacked_colour(registry):
    fig = charts.by_country(registry, registry.agreements, "en")
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    L = labels("en")
    assert names == [L["signed"], L["renewed"], L["announced"]]
    present = {a.status for a in registry.agreements}
    assert [t.marker.color for t in fig.data] == [charts.STATUS_COLORS[s] for s in charts.STATUSES if s in present]
    only_signed = charts.by_country(registry, registry.filter(commune="amgala"), "en")
    assert [t.name for t in only_signed.data] == [L["signed"]]  # no empty status traces


def test_every_known_theme_and_continent_has_a_name_in_each_language(registry):
    for lang in charts.LANGS:
        for theme in registry.known("theme"):
            name = charts.theme_name(registry, theme, lang)
            assert name and "_" not in name
            assert has_arabic(name) == (lang == "ar"), (theme, lang, name)
        for continent in registry.known("continent"):
            assert has_arabic(registry.name(continent, lang)) == (lang == "ar"), continent


# -- languages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_labels_are_in_the_requested_language(registry, lang):
    figs = charts.all_figures(registry, registry.agreements, lang)
    L = labels(lang)
    for name, fig in figs.items():
        title = fig.layout.title.text.replace(charts.RLM, "")
        assert title == L["by_" + name.removeprefix("by_")] if name != "twinning_map" else title == L["map"]
        assert has_arabic(title) == (lang == "ar")
    country = figs["by_country"]
    assert list(country.layout.yaxis.categoryarray)[0] == registry.name("italy", lang)
    assert all(has_arabic(n) == (lang == "ar") for n in country.layout.yaxis.categoryarray)
    assert country.layout.xaxis.title.text.replace(charts.RLM, "") == L["count"]
    assert {t.name.replace(charts.RLM, "") for t in country.data} == {
        L[s] for s in charts.STATUSES if s in {a.status for a in registry.agreements}
    }
    continent = figs["by_continent"]
    assert registry.name("africa", lang) in continent.layout.xaxis.categoryarray
    legend = [
        t.name.replace(charts.RLM, "")
        for t in figs["twinning_map"].data
        if t.showlegend is not False and t.name != "world"
    ]
    assert registry.name("dakhla", lang) in legend and L["partners"] in legend
    # Arabic reads right to left: category labels on the right, bars growing leftwards
    rtl = lang == "ar"
    assert (country.layout.yaxis.side == "right") == rtl
    assert (country.layout.xaxis.autorange == "reversed") == rtl
    assert (country.layout.title.xanchor == "right") == rtl


def test_an_unknown_language_falls_back_to_french(registry):
    fig = charts.by_year(registry, registry.agreements, "de")
    assert fig.layout.title.text == labels("fr")["by_year"]


def test_arabic_dates_keep_their_order(registry):
    """After Arabic letters "2009-10" would display as "10-2009": dates are wrapped in LRMs."""
    fig = charts.twinning_map(registry, registry.filter(partner="creil"), "ar")
    partners = next(t for t in fig.data if t.name.replace(charts.RLM, "") == labels("ar")["partners"])
    assert f"{charts.LRM}2009-10{charts.LRM}" in partners.hovertext[0]


# -- the map -----------------------------------------------------------------------------------------


def test_the_map_has_one_link_per_agreement_between_its_places(registry):
    fig = charts.twinning_map(registry, registry.agreements, "en")
    mapped = [a for a in registry.agreements if a.commune and a.partner]
    segments = line_segments(fig)
    assert sorted(s[0] for s in segments) == sorted(a.id for a in mapped)
    coords = charts.place_coordinates([p for a in mapped for p in (a.commune, a.partner)], DATA_DIR)
    by_id = {a.id: a for a in mapped}
    for aid, xs, ys, dash in segments:
        a = by_id[aid]
        assert (xs[0], ys[0]) == coords[a.commune] and (xs[-1], ys[-1]) == coords[a.partner]
        assert not np.isnan(xs).any() and len(xs) >= 2
        assert dash == ("dash" if a.status == "announced" else "solid")
    # the agreements naming no commune or city are counted in a note, not drawn
    unmapped = len(registry.agreements) - len(mapped)
    assert unmapped == 2
    notes = [an.text for an in fig.layout.annotations]
    assert labels("en")["unmapped"].format(n=unmapped) in notes


def test_links_are_coloured_by_commune_with_one_legend_entry_each(registry):
    fig = charts.twinning_map(registry, registry.agreements, "fr")
    communes = {a.commune for a in registry.agreements if a.commune}
    legend = [t for t in fig.data if t.showlegend is not False and t.legendgroup in communes]
    assert sorted(t.legendgroup for t in legend) == sorted(communes)
    for t in fig.data:
        if t.legendgroup in communes:
            color = t.line.color if t.mode == "lines" else t.marker.color
            assert color == charts.commune_color(registry, t.legendgroup)
    assert len({charts.commune_color(registry, c) for c in communes}) == len(communes)
    # colours stay the same whatever the filters
    smara = charts.twinning_map(registry, registry.filter(commune="smara"), "fr")
    assert {t.line.color for t in smara.data if t.mode == "lines" and t.name != "world"} == {
        charts.commune_color(registry, "smara")
    }


def test_announced_links_are_dashed(registry):
    a = registry.filter(commune="smara")[0]
    announced = a.model_copy(update={"status": "announced", "id": "test--announced"})
    fig = charts.twinning_map(registry, [a, announced], "fr")
    dashes = {aid: dash for aid, *_, dash in line_segments(fig)}
    assert dashes == {a.id: "solid", "test--announced": "dash"}


def test_map_hover_gives_names_country_date_and_status(registry):
    for lang in charts.LANGS:
        fig = charts.twinning_map(registry, registry.agreements, lang)
        partners = next(t for t in fig.data if t.customdata is not None and "creil" in list(t.customdata))
        text = partners.hovertext[list(partners.customdata).index("creil")]
        for piece in (
            registry.name("creil", lang),
            registry.name("france", lang),
            registry.name("dakhla", lang),
            registry.name("laayoune", lang),
            "2009-10",
            labels(lang)["signed"],
        ):
            assert piece in text, (lang, piece, text)
        dakhla = next(t for t in fig.data if t.customdata is not None and list(t.customdata) == ["dakhla"])
        assert registry.name("vibo-valentia", lang) in dakhla.hovertext[0]


def test_the_map_view_covers_the_links_with_a_fixed_aspect(registry):
    fig = charts.twinning_map(registry, registry.agreements, "fr")
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    assert x0 < -97 and x1 > 80.6  # Arlington (Texas) to Vijayawada (India)
    assert y0 < -36.7 and y1 > 49.3  # Talcahuano (Chile) to Creil (France)
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    # a filtered map zooms in
    dx0, dx1 = charts.twinning_map(registry, registry.filter(commune="boujdour"), "fr").layout.xaxis.range
    assert dx1 - dx0 < (x1 - x0) / 2


def test_no_geo_traces_so_the_figures_render_offline(registry):
    for lang in charts.LANGS:
        for agreements in (
            registry.agreements,
            registry.filter(commune="dakhla"),
            registry.filter(status="announced"),
            [],
        ):
            for name, fig in charts.all_figures(registry, agreements, lang).items():
                assert {t.type for t in fig.data} <= {"bar", "scatter"}, name
                spec = fig.to_plotly_json()
                assert not {"geo", "mapbox", "map"} & set(spec["layout"]), name
                text = fig.to_json()
                assert "cdn.plot.ly" not in text and "topojson" not in text
                json.loads(text)  # what gr.Plot sends to the browser


def test_empty_filters_give_figures_that_say_so(registry):
    for lang in charts.LANGS:
        for name, fig in charts.all_figures(registry, [], lang).items():
            notes = [an.text.replace(charts.RLM, "") for an in fig.layout.annotations]
            assert labels(lang)["empty"] in notes, name
            assert not [t for t in fig.data if t.type == "bar"]


def test_the_charts_are_pure(registry):
    before = [a.model_dump() for a in registry.agreements]
    first = {k: f.to_json() for k, f in charts.all_figures(registry, registry.agreements, "ar").items()}
    second = {k: f.to_json() for k, f in charts.all_figures(registry, registry.agreements, "ar").items()}
    assert first == second
    assert [a.model_dump() for a in registry.agreements] == before


def test_all_five_figures_build_quickly(registry):
    charts.all_figures(registry, registry.agreements, "fr")  # warm: plotly's lazy imports, file caches
    best = min(_timed(lambda: charts.all_figures(registry, registry.agreements, lang)) for lang in charts.LANGS * 2)
    assert best < 0.2, f"{best * 1000:.0f} ms"


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# -- the base geometry --------------------------------------------------------------------------------


def point_in_ring(x: float, y: float, ring) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def test_the_world_geometry_is_small_valid_geojson_with_provenance():
    assert WORLD.stat().st_size < 300_000
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert "Natural Earth" in data["provenance"]["source"]
    assert "make_world_geojson.py" in data["provenance"]["made_by"]
    assert 150 <= len(data["features"]) <= 200
    isos = set()
    for f in data["features"]:
        assert f["type"] == "Feature" and f["properties"]["name"]
        isos.add(f["properties"]["iso_a3"])
        geom = f["geometry"]
        assert geom["type"] in ("Polygon", "MultiPolygon")
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90
                    assert round(lon, 1) == lon and round(lat, 1) == lat
    assert {"MAR", "FRA", "ITA", "USA", "PER", "CHL", "IND", "TZA", "NER", "GMB", "SEN"} <= isos


def test_the_communes_lie_inside_the_morocco_outline():
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    morocco = next(f for f in data["features"] if f["properties"]["iso_a3"] == "MAR")
    assert "ESH" not in {f["properties"]["iso_a3"] for f in data["features"]}  # merged by the build script
    polygons = (
        morocco["geometry"]["coordinates"]
        if morocco["geometry"]["type"] == "MultiPolygon"
        else [morocco["geometry"]["coordinates"]]
    )
    places = charts.load_places(DATA_DIR)
    for commune in ("laayoune", "smara", "boujdour", "amgala", "tifariti"):
        lon, lat = places[commune]
        assert any(point_in_ring(lon, lat, p[0]) for p in polygons), commune


def test_the_outline_trace_has_one_nan_after_each_ring():
    x, y = charts.world_outline(DATA_DIR)
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    rings = sum(
        len(f["geometry"]["coordinates"]) if f["geometry"]["type"] == "MultiPolygon" else 1 for f in data["features"]
    )
    assert int(np.isnan(x).sum()) == int(np.isnan(y).sum()) == rings
    assert math.isnan(x[-1]) and not np.isnan(x[0])
