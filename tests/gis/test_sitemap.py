"""The site map a document prints: kept as plain rings, drawn as inline SVG."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import pytest
import shapely

from gis import sitemap
from gis.geometry import to_projected
from municipality.db import set_commune_scope
from municipality.models import Commune
from tests.gis import mapdata

SVG = "{http://www.w3.org/2000/svg}"
LAT = 34.04


def _square(metres: float, lon: float = -6.8, lat: float = LAT) -> sitemap.Ring:
    """A square of ``metres`` a side, its south-west corner at (lon, lat)."""
    d_lat = metres / sitemap.METRES_PER_DEGREE
    d_lon = d_lat / math.cos(math.radians(lat))
    return (
        (lon, lat),
        (lon + d_lon, lat),
        (lon + d_lon, lat + d_lat),
        (lon, lat + d_lat),
        (lon, lat),
    )


def _drawn(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _path(root: ET.Element, kind: str) -> str:
    return next(p for p in root.iter(f"{SVG}path") if p.get("class") == kind).get("d")


def test_a_square_site_is_one_closed_path_of_its_corners_with_a_50_m_bar():
    root = _drawn(sitemap.site_map_svg(sitemap.SiteMap((_square(100),))))
    site = _path(root, "site")
    assert site.startswith("M")
    assert site.endswith("Z")
    assert site.count("L") == 4
    texts = [t.text for t in root.iter(f"{SVG}text")]
    # 100 m site framed 220 m across: a fifth of the width is 66 m, the bar 50 m.
    assert "50 m" in texts
    assert "N" in texts


def test_the_drawing_keeps_true_proportions_north_up():
    root = _drawn(sitemap.site_map_svg(sitemap.SiteMap((_square(100),))))
    numbers = [
        float(v)
        for v in _path(root, "site").replace("M", "").replace("L", "").replace("Z", "").split()
    ]
    xs, ys = numbers[0::2], numbers[1::2]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert width == pytest.approx(height, rel=0.01)
    assert max(xs) <= sitemap.WIDTH
    assert max(ys) <= sitemap.HEIGHT
    # The first corner is the south-west one: left and low (SVG's y grows downwards).
    assert (numbers[0], numbers[1]) == (min(xs), max(ys))


def test_a_bigger_site_gets_a_longer_bar_and_neighbours_in_grey():
    kept = sitemap.SiteMap((_square(1000),), (_square(300, lon=-6.81), _square(200, lon=-6.79)))
    root = _drawn(sitemap.site_map_svg(kept))
    assert "500 m" in [t.text for t in root.iter(f"{SVG}text")]
    around = _path(root, "around")
    assert around.count("M") == 2
    assert (
        next(p for p in root.iter(f"{SVG}path") if p.get("class") == "around").get("stroke")
        == sitemap.AROUND_COLOUR
    )


def test_the_kept_text_reads_back_to_the_same_picture():
    kept = sitemap.SiteMap((_square(80),), (_square(40, lon=-6.801),))
    again = sitemap.parse_site_map(kept.to_json())
    assert sitemap.site_map_svg(again) == sitemap.site_map_svg(kept)


def test_the_title_is_escaped():
    svg = sitemap.site_map_svg(sitemap.SiteMap((_square(50),)), title='<script>"x"</script>')
    assert "<script>" not in svg
    assert _drawn(svg).find(f"{SVG}title").text == '<script>"x"</script>'


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        json.dumps({"site": []}),
        json.dumps({"site": [[[0, 0], [1, 1]]]}),
        json.dumps({"site": [[[0, 0], [1, 1], ["<svg>", 1]]]}),
        json.dumps({"site": [[[0, 0], [1, 1], [True, 1]]]}),
        json.dumps({"site": [[[0, 0], [1, 1], [200, 1]]]}),
        json.dumps({"site": [[[0, 0], [0, 1], [1, 1]]], "around": "x"}),
        json.dumps({"site": [[[0, 0], [0, 1], [1, 1]] * 2500]}),
    ],
)
def test_what_is_not_a_site_map_is_refused(text):
    with pytest.raises(sitemap.UnreadableSiteMap):
        sitemap.parse_site_map(text)
    assert sitemap.site_map_value({"site_map": text}, "site_map") is None


@pytest.fixture
def alpha(db):
    with db() as session:
        return mapdata.build(session, "alpha")


def test_the_data_holds_the_site_and_the_parcels_around_it(db, alpha):
    west, south, east, north = alpha.parcel_box(0)
    with db() as session:
        commune = session.get(Commune, alpha.commune.id)
        set_commune_scope(session, commune.id)
        site = to_projected(
            shapely.set_srid(shapely.box(west, south, east, north), 4326), commune.projected_crs
        )
        kept = sitemap.site_map_data(session, commune, site)
    assert len(kept.site) == 1
    assert len(kept.site[0]) == 5
    lons = [p[0] for p in kept.site[0]]
    assert min(lons) == pytest.approx(west, abs=1e-6)
    assert max(lons) == pytest.approx(east, abs=1e-6)
    # Parcel 0 itself and its neighbour 46 m east are in the frame; parcel 5 is not.
    assert 2 <= len(kept.around) < mapdata.PARCELS
    assert all(min(p[0] for p in ring) < alpha.parcel_box(4)[0] for ring in kept.around)
    assert sitemap.parse_site_map(kept.to_json()) == kept
