"""Municipal boundaries (行政区域) as small SVG paths for choropleth maps.

Input formats
-------------
* **TopoJSON** (e.g. the 国土数値情報 N03 boundaries converted with mapshaper): a ``Topology``
  whose shared ``arcs`` are stitched into rings; an arc index ``i`` below zero means arc ``~i``
  reversed. With a ``transform``, arcs are quantized and delta-encoded: each position is an
  integer offset from the previous one, and ``position * scale + translate`` gives lon/lat.
  Without one, arcs hold absolute lon/lat.
* **GeoJSON**: a ``FeatureCollection`` (or a single ``Feature``) of ``Polygon`` and
  ``MultiPolygon`` geometries; other geometry types are ignored.

Either way the result maps each 6-digit 全国地方公共団体コード to a list of polygons, each a list
of closed rings (first ring outer, the rest holes) of ``(lon, lat)`` tuples. The code is taken
from the first of :data:`CODE_KEYS` a feature has; 5-digit codes get their check digit (検査数字),
features without a code (N03's 所属未定地) are skipped, and features sharing a code (wards,
islands) are merged.

Projection
----------
Equirectangular: ``x = lon * cos(φ0)``, ``y = -lat``, with ``φ0`` the middle latitude of the
drawn area, so shapes keep their proportions at Japanese latitudes without a projection library.
The result is scaled to fit the requested box with a small margin, preserving aspect ratio;
points closer than a tolerance to the last kept point are dropped, which shrinks the paths by an
order of magnitude at choropleth sizes. Pure Python plus numpy: no Django imports.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from typing import Final

import numpy as np

from sousei.areas.codes import AreaCodeError, normalize_area_code

__all__ = ["CODE_KEYS", "Boundaries", "Point", "Polygon", "Ring", "read_boundaries", "svg_paths"]

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]
Boundaries = dict[str, list[Polygon]]

# Property names that hold the area code, in order of preference (N03, common exports, Japanese).
CODE_KEYS: Final = ("N03_007", "code", "area_code", "団体コード", "JISCODE")
# Margin around the drawing, as a fraction of the smaller side of the box.
_MARGIN_FRACTION: Final = 0.02
_MIN_RING_POINTS: Final = 3


# --- reading -----------------------------------------------------------------------------------


def read_boundaries(data: bytes | str | dict) -> Boundaries:
    """Read TopoJSON or GeoJSON into polygons per 6-digit area code.

    One entry point for both formats, so callers need not know what an uploader sent.
    Raises ValueError when the input is not JSON, not TopoJSON/GeoJSON, or has no usable feature.
    """
    doc = _load_json(data)
    try:
        features = list(_features(doc))
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed boundary file: {type(exc).__name__}: {exc}") from exc
    result: Boundaries = {}
    for properties, polygons in features:
        code = _area_code(properties)
        if code is not None and polygons:
            result.setdefault(code, []).extend(polygons)
    if not result:
        raise ValueError("no feature with an area code and a polygon geometry in the file")
    return result


def _load_json(data: bytes | str | dict) -> dict:
    """Parse the input, turning every JSON failure into a ValueError that says so."""
    if isinstance(data, dict):
        return data
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        doc = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
        raise ValueError(f"boundary file is not UTF-8 JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise ValueError("boundary file is JSON but not a TopoJSON or GeoJSON object")
    return doc


def _features(doc: dict) -> Iterator[tuple[dict, list[Polygon]]]:
    """Yield (properties, polygons) per feature, whichever format the document is in."""
    kind = doc.get("type")
    if kind == "Topology":
        arcs = _decode_arcs(doc["arcs"], doc.get("transform"))
        for obj in doc["objects"].values():
            yield from _topo_features(obj, arcs)
    elif kind == "FeatureCollection":
        for feature in doc["features"]:
            yield _geo_feature(feature)
    elif kind == "Feature":
        yield _geo_feature(doc)
    else:
        raise ValueError(
            f"boundary file type {kind!r} is neither TopoJSON (Topology) "
            "nor GeoJSON (FeatureCollection)"
        )


def _area_code(properties: dict | None) -> str | None:
    """The 6-digit code from the first code property present; None when the feature has none."""
    if not isinstance(properties, dict):
        return None
    for key in CODE_KEYS:
        value = properties.get(key)
        if value is not None and str(value).strip():
            return _six_digits(value)
    return None


def _six_digits(value: object) -> str:
    """The master's 6-digit form (`normalize_area_code`), as this module's ValueError."""
    try:
        return normalize_area_code(value)  # type: ignore[arg-type] - it refuses other types
    except AreaCodeError as exc:
        raise ValueError(f"area code {value!r} in the boundary file: {exc.message_en}") from exc


# --- TopoJSON ----------------------------------------------------------------------------------


def _decode_arcs(arcs: list, transform: dict | None) -> list[Ring]:
    """Absolute lon/lat per arc: undo delta encoding and quantization when there is a transform."""
    decoded: list[Ring] = []
    for number, arc in enumerate(arcs):
        try:
            points = np.asarray(arc, dtype=float)[:, :2]
        except ValueError as exc:  # ragged or non-numeric positions
            raise ValueError(f"malformed TopoJSON arc {number}: {exc}") from exc
        if transform is not None:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        decoded.append([(float(x), float(y)) for x, y in points])
    return decoded


def _topo_features(obj: dict, arcs: list[Ring]) -> Iterator[tuple[dict, list[Polygon]]]:
    """Flatten GeometryCollections; each remaining geometry is one feature."""
    if obj.get("type") == "GeometryCollection":
        for child in obj["geometries"]:
            yield from _topo_features(child, arcs)
        return
    kind = obj.get("type")
    if kind == "Polygon":
        polygons = [_topo_polygon(obj["arcs"], arcs)]
    elif kind == "MultiPolygon":
        polygons = [_topo_polygon(rings, arcs) for rings in obj["arcs"]]
    else:
        polygons = []
    yield obj.get("properties") or {}, polygons


def _topo_polygon(rings: list[list[int]], arcs: list[Ring]) -> Polygon:
    return [_stitch(indices, arcs) for indices in rings]


def _stitch(indices: list[int], arcs: list[Ring]) -> Ring:
    """Join a ring's arcs; consecutive arcs share an end point, which is kept once."""
    ring: Ring = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return _closed(ring)


# --- GeoJSON -----------------------------------------------------------------------------------


def _geo_feature(feature: dict) -> tuple[dict, list[Polygon]]:
    geometry = feature.get("geometry") or {}
    kind = geometry.get("type")
    if kind == "Polygon":
        polygons = [_geo_polygon(geometry["coordinates"])]
    elif kind == "MultiPolygon":
        polygons = [_geo_polygon(rings) for rings in geometry["coordinates"]]
    else:
        polygons = []
    return feature.get("properties") or {}, polygons


def _geo_polygon(rings: list) -> Polygon:
    # Positions may carry an altitude; only lon/lat matter for a map.
    return [_closed([(float(p[0]), float(p[1])) for p in ring]) for ring in rings]


def _closed(ring: Ring) -> Ring:
    """Both formats close rings explicitly; repair the ones that forgot, so output is uniform."""
    if ring and ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


# --- SVG ---------------------------------------------------------------------------------------


def svg_paths(
    boundaries: Boundaries,
    codes: Iterable[str],
    *,
    width: float = 600,
    height: float = 600,
    tolerance_px: float = 0.5,
) -> tuple[dict[str, str], tuple[float, float]]:
    """SVG path data per code, fitted together into a width × height box.

    Codes missing from ``boundaries`` are ignored, so a map of a prefecture can ask for every
    code of the area master. Returns the paths and the (width, height) actually used: the box
    shrinks on one side to keep the aspect ratio. A code whose every ring collapses (degenerate
    geometry) gets no path.
    """
    chosen = {code: boundaries[code] for code in dict.fromkeys(codes) if code in boundaries}
    points = [p for polygons in chosen.values() for poly in polygons for ring in poly for p in ring]
    if not points:
        return {}, (float(width), float(height))
    project, size = _fit(np.asarray(points), width, height)
    paths = {}
    for code, polygons in chosen.items():
        d = "".join(_polygon_path(poly, project, tolerance_px) for poly in polygons)
        if d:
            paths[code] = d
    return paths, size


def _fit(
    lonlat: np.ndarray, width: float, height: float
) -> tuple[Callable[[Ring], Ring], tuple[float, float]]:
    """A lon/lat → pixel function fitting all points in the box, and the box size used."""
    (lon0, lat0), (lon1, lat1) = lonlat.min(axis=0).tolist(), lonlat.max(axis=0).tolist()
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    margin = _MARGIN_FRACTION * min(width, height)
    span_x, span_y = (lon1 - lon0) * kx, lat1 - lat0
    scales = [(w - 2 * margin) / s for w, s in ((width, span_x), (height, span_y)) if s > 0]
    scale = min(scales, default=1.0)

    def project(ring: Ring) -> Ring:
        return [(margin + (x - lon0) * kx * scale, margin + (lat1 - y) * scale) for x, y in ring]

    size = (round(span_x * scale + 2 * margin, 1), round(span_y * scale + 2 * margin, 1))
    return project, size


def _polygon_path(polygon: Polygon, project: Callable[[Ring], Ring], tolerance: float) -> str:
    """Subpaths of one polygon; if the outer ring collapses its holes go with it."""
    rings = [_simplify(project(ring), tolerance) for ring in polygon]
    if not rings or not rings[0]:
        return ""
    return "".join(_ring_path(ring) for ring in rings if ring)


def _simplify(ring: Ring, tolerance: float) -> Ring:
    """Drop points within tolerance of the last kept one, keeping start, end and 3 points.

    Returns the open ring rounded to 0.1 px, or [] if it collapses to no area.
    """
    open_ring = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    if len(open_ring) < _MIN_RING_POINTS:
        return []
    kept = [open_ring[0]]
    for point in open_ring[1:-1]:
        if math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    kept.append(open_ring[-1])
    if len(kept) < _MIN_RING_POINTS:
        n = len(open_ring)
        kept = [open_ring[0], open_ring[n // 3], open_ring[2 * n // 3]]
    rounded = _dedupe([(round(x, 1), round(y, 1)) for x, y in kept])
    return rounded if len(rounded) >= _MIN_RING_POINTS and _area(rounded) else []


def _dedupe(ring: Ring) -> Ring:
    """Rounding can merge neighbours; repeated points add characters and nothing else."""
    out = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def _area(ring: Ring) -> float:
    """Twice the shoelace area: zero means the ring drew nothing."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs))


def _ring_path(ring: Ring) -> str:
    head, *rest = (f"{_num(x)},{_num(y)}" for x, y in ring)
    return f"M{head}L{' '.join(rest)}Z"


def _num(value: float) -> str:
    """Shortest text for a 0.1-rounded number: "12" for 12.0, never "-0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text
