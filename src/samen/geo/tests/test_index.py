"""The per-process municipality index follows the tables: at once after a load, within a second otherwise."""

import pytest

from samen.geo import index
from samen.geo.models import Municipality, MunicipalityAlias
from samen.geo.reference import load_geography
from samen.geo.selectors import lookup_municipality

pytestmark = pytest.mark.django_db


def _add_alias(name: str) -> None:
    MunicipalityAlias.objects.create(
        municipality=Municipality.objects.get(name="Zaanstad"), name=name, search_name=name.lower()
    )


def test_an_alias_added_elsewhere_is_found_once_the_index_rechecks(monkeypatch):
    assert lookup_municipality("Samenstad").municipality is None
    _add_alias("Samenstad")
    # Within the recheck interval the index answers from memory ...
    assert lookup_municipality("Samenstad").municipality is None
    # ... and after it, the changed table version rebuilds it.
    monkeypatch.setattr(index._cache, "recheck_seconds", 0)
    assert lookup_municipality("Samenstad").municipality.name == "Zaanstad"


def test_loading_the_reference_data_refreshes_the_index_at_once():
    assert lookup_municipality("Samendorp").municipality is None
    _add_alias("Samendorp")
    load_geography()
    assert lookup_municipality("Samendorp").municipality.name == "Zaanstad"


def test_the_index_answers_without_queries(django_assert_num_queries):
    lookup_municipality("Utrecht")
    with django_assert_num_queries(0):
        for text in ("Zaanstad", "Den Haag", "1503 AB", "GM0363", "Ber", "Atlantis"):
            lookup_municipality(text)
