"""Build corpus/data/world-110m.geojson: the base geometry of the twinning map.

The map in assistant/ui/charts.py draws country outlines as plain Plotly
`Scatter` polygons, so it renders without network access (Plotly's geo traces
fetch their topojson from a CDN at render time).  This one-off script makes the
committed GeoJSON; nothing at run time depends on it or on its tools.

Source
    Natural Earth 1:110m "Admin 0 - Countries" (public domain,
    https://www.naturalearthdata.com/about/terms-of-use/), as bundled in the
    geopandas 0.14.4 wheel from PyPI (geopandas/datasets/naturalearth_lowres/,
    the last geopandas series that ships it).

Exactly how the committed file was made (Python 3.11)::

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne
    #   geopandas-0.14.4-py3-none-any.whl
    #   sha256 3bb6473cb59d51e1a7fe2dbc24a1a063fb0ebdeddf3ce08ddbf8c7ddc99689aa
    pip install --target /tmp/ne/lib --no-deps pyshp==3.1.6 shapely==2.2.0
    PYTHONPATH=/tmp/ne/lib python corpus/data/tools/make_world_geojson.py \
        /tmp/ne/geopandas-0.14.4-py3-none-any.whl corpus/data/world-110m.geojson

(shapely needs numpy, which the project already installs.)  The script reads the
shapefile straight out of the wheel (no unpacking, no geopandas import) and:

1. merges "W. Sahara" (ESH) into "Morocco" (MAR): the communes on the map are the
   Moroccan southern-province communes of the registry (aliases.yaml gives them
   country: morocco), so the base map does not draw a border through them.
   `--keep-esh` keeps Natural Earth's separate polygon instead;
2. drops Antarctica (never in view);
3. simplifies each country (shapely `simplify`, tolerance 0.1 degree, topology
   preserved), drops polygons smaller than 0.5 square degree (small islands)
   except a country's largest one, rounds coordinates to 0.1 degree and removes
   the points that rounding made repeat;
4. writes a FeatureCollection with one Feature per country (properties: name,
   iso_a3, continent; geometry Polygon or MultiPolygon, lon/lat WGS84), one
   feature per line, plus a `provenance` member saying all this.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path

import shapefile  # pyshp (build time only)
from shapely.geometry import MultiPolygon, shape
from shapely.ops import unary_union

INNER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def read_countries(wheel: Path) -> list[tuple[dict, object]]:
    with zipfile.ZipFile(wheel) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{INNER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        encoding = zf.read(f"{INNER}.cpg").decode("ascii").strip()  # the .dbf's code page
    reader = shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding=encoding)
    out = []
    for rec in reader.iterShapeRecords():
        props = {"name": rec.record["name"], "iso_a3": rec.record["iso_a3"], "continent": rec.record["continent"]}
        out.append((props, shape(rec.shape.__geo_interface__)))
    return out


def _ring(coords, precision: int) -> list[list[float]] | None:
    ring: list[list[float]] = []
    for x, y in coords:
        p = [round(x, precision), round(y, precision)]
        if not ring or ring[-1] != p:
            ring.append(p)
    if len(ring) < 4:  # a closed ring needs 3 distinct points + the closing one
        return None
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def simplify(geom, tolerance: float, min_area: float, precision: int):
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    polys.sort(key=lambda p: -p.area)
    kept = [polys[0]] + [p for p in polys[1:] if p.area >= min_area]
    out = []
    for poly in kept:
        poly = poly.simplify(tolerance, preserve_topology=True)
        if poly.is_empty:
            continue
        for piece in poly.geoms if isinstance(poly, MultiPolygon) else [poly]:
            outer = _ring(piece.exterior.coords, precision)
            if outer is None:
                continue
            holes = [h for h in (_ring(i.coords, precision) for i in piece.interiors) if h is not None]
            out.append([outer] + holes)
    if not out:
        return None
    return {"type": "Polygon", "coordinates": out[0]} if len(out) == 1 else {"type": "MultiPolygon", "coordinates": out}


def build(
    wheel: Path, *, keep_esh: bool = False, tolerance: float = 0.1, min_area: float = 0.5, precision: int = 1
) -> dict:
    countries = read_countries(wheel)
    if not keep_esh:
        by_iso = {p["iso_a3"]: i for i, (p, _) in enumerate(countries)}
        mar, esh = by_iso["MAR"], by_iso["ESH"]
        merged = unary_union([countries[mar][1], countries[esh][1]])
        countries[mar] = (countries[mar][0], merged)
        del countries[esh]
    features = []
    for props, geom in countries:
        if props["continent"] == "Antarctica":
            continue
        geometry = simplify(geom, tolerance, min_area, precision)
        if geometry is not None:
            features.append({"type": "Feature", "properties": props, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["name"])
    return {
        "type": "FeatureCollection",
        "provenance": {
            "source": "Natural Earth 1:110m Admin 0 - Countries (public domain, naturalearthdata.com), "
            "as bundled in the geopandas 0.14.4 wheel on PyPI "
            "(geopandas/datasets/naturalearth_lowres)",
            "made_by": "corpus/data/tools/make_world_geojson.py (see its docstring for the exact commands)",
            "changes": ("" if keep_esh else "W. Sahara merged into Morocco; ")
            + f"Antarctica dropped; simplified with tolerance {tolerance} deg (topology preserved); "
            f"polygons under {min_area} sq deg dropped except each country's largest; "
            f"coordinates rounded to {precision} decimal(s)",
            "crs": "WGS84 lon/lat",
            "use": "base map of assistant/ui/charts.py twinning_map (drawn as Plotly Scatter, offline)",
        },
        "features": features,
    }


def dump(collection: dict) -> str:
    """Compact JSON, one feature per line (readable diffs)."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    return (
        json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
        + ',"features":[\n'
        + ",\n".join(lines)
        + "\n]}\n"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("wheel", type=Path, help="geopandas-0.14.4-py3-none-any.whl")
    ap.add_argument("out", type=Path, help="output GeoJSON (corpus/data/world-110m.geojson)")
    ap.add_argument("--keep-esh", action="store_true", help="keep Natural Earth's separate W. Sahara polygon")
    ap.add_argument("--tolerance", type=float, default=0.1)
    ap.add_argument("--min-area", type=float, default=0.5)
    ap.add_argument("--precision", type=int, default=1)
    args = ap.parse_args(argv)
    collection = build(
        args.wheel, keep_esh=args.keep_esh, tolerance=args.tolerance, min_area=args.min_area, precision=args.precision
    )
    text = dump(collection)
    json.loads(text)  # valid JSON
    args.out.write_text(text, encoding="utf-8")
    n_points = sum(
        len(r)
        for f in collection["features"]
        for poly in (
            f["geometry"]["coordinates"] if f["geometry"]["type"] == "MultiPolygon" else [f["geometry"]["coordinates"]]
        )
        for r in poly
    )
    print(
        f"{args.out}: {len(collection['features'])} countries, {n_points} points, {len(text.encode()) / 1024:.0f} KB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
