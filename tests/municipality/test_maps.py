"""The map contract's pure parts: folding names for search, naming places, layer JSON."""

import pytest

from municipality.maps import MapLayer, Place, search_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("hassan ii", "Avenue Hassan II"),
        ("ecole", "École Ibn Khaldoun"),
        ("مدرسة", "مدرسه ابن خلدون"),
        ("احمد", "شارع أحمد"),
        ("مصطفي", "ساحة مُصْطَفَى"),
    ],
)
def test_a_name_is_found_however_it_is_typed(typed, stored):
    assert search_key(typed) in search_key(stored)


def test_both_names_are_searched_and_blank_ones_dropped():
    assert search_key("Rue  des   Oliviers", "", "شارع") == "rue des oliviers شارع"


def test_a_place_is_named_in_the_readers_script_when_it_can_be():
    place = Place("السوق", "Le marché", "market", -6.8, 34.0)
    only_french = Place("", "Le marché", "market", -6.8, 34.0)
    assert (place.name("ar"), place.name("fr"), only_french.name("ar")) == (
        "السوق",
        "Le marché",
        "Le marché",
    )


def test_a_layer_leaves_out_what_it_does_not_set():
    layer = MapLayer(url="/c/sale/gis/streets.geojson", title="Streets", color="#555", kind="line")
    assert layer.as_json() == {
        "url": "/c/sale/gis/streets.geojson",
        "title": "Streets",
        "color": "#555",
        "kind": "line",
        "style": "outline",
    }
