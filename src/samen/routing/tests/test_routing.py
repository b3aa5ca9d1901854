import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.geo.models import Municipality
from samen.routing import engine
from samen.routing.facts import signal_facts
from samen.routing.models import RoutingRule, Track
from samen.routing.services import rule_delete, rule_save

pytestmark = pytest.mark.django_db

FORMS = ["SEKS", "SEKS-PROST", "ARBEID", "ARBEID-BEDEL", "CRIM", "ORGAAN", "ONBEKEND"]
CHANNELS = ["public", "professional", "phone", "email", "walk_in", "api", ""]


def _facts(place: str, **kwargs):
    return signal_facts(municipality=Municipality.objects.get(name=place), **kwargs)


def test_an_adult_victim_in_utrecht_goes_to_the_care_coordinator_with_the_reason_in_words(demo_rules):
    victim = engine.route(_facts("Utrecht", form_codes=["ARBEID"], is_minor=False, roles=["victim"]), Track.VICTIM)
    assert victim.owner_name == "Zorgcoördinatie Mensenhandel Midden-Nederland"
    assert victim.reason.startswith("Zorgcoördinatie Mensenhandel Midden-Nederland: Utrecht ligt in")
    assert "Midden-Nederland" in victim.reason.split(":", 1)[1]


def test_a_minor_goes_to_veilig_thuis_of_the_safety_region(demo_rules):
    decision = engine.route(_facts("Zaanstad", is_minor=True), Track.VICTIM)
    assert decision.owner_name == "Veilig Thuis Zaanstreek-Waterland"


def test_labour_exploitation_goes_to_the_labour_inspectorate_on_the_perpetrator_track(demo_rules):
    decision = engine.route(_facts("Westland", form_codes=["ARBEID-BEDEL"]), Track.PERPETRATOR)
    assert decision.owner_name == "Nederlandse Arbeidsinspectie"
    assert "bedelarij" in decision.reason


def test_the_forms_in_a_reason_read_in_the_reader_s_language(demo_rules):
    from django.utils import translation

    decision = engine.route(_facts("Westland", form_codes=["ARBEID-BEDEL"]), Track.PERPETRATOR)
    with translation.override("en"):
        english = engine.reason_text(decision.reason_parts)
    with translation.override("nl"):
        dutch = engine.reason_text(decision.reason_parts)
    assert "forced begging" in english and "bedelarij" not in english
    assert "gedwongen bedelarij" in dutch
    assert decision.reason == dutch  # stored in Dutch for the record


def test_the_region_in_a_reason_made_by_an_english_user_reads_in_dutch_for_dutch_readers(demo_rules):
    from django.utils import translation

    with translation.override("en"):
        decision = engine.route(_facts("Utrecht", is_minor=False, roles=["victim"]), Track.VICTIM)
    with translation.override("nl"):
        assert "Utrecht ligt in Politie-eenheid Midden-Nederland" in engine.reason_text(decision.reason_parts)
    with translation.override("en"):
        assert "Police unit Midden-Nederland" in engine.reason_text(decision.reason_parts)
    assert "Politie-eenheid" in decision.reason  # stored in Dutch for the record


def test_a_reason_stored_with_the_forms_in_dutch_only_still_reads(demo_rules):
    older = {"owner": "Nederlandse Arbeidsinspectie", "parts": [["", {"text": "gedwongen bedelarij"}]]}
    assert engine.reason_text(older) == "Nederlandse Arbeidsinspectie: gedwongen bedelarij"


def test_a_region_without_a_care_coordinator_falls_back_to_the_national_owner(demo_rules):
    decision = engine.route(_facts("Vlissingen", is_minor=False), Track.VICTIM)
    assert decision.owner_name.startswith("CoMensha")
    assert "vangnet" in decision.reason or "landelijk" in decision.reason.lower()


def test_a_signal_without_a_place_still_gets_an_owner_on_both_tracks(demo_rules):
    victim, perpetrator = engine.route_both(signal_facts(municipality=None))
    assert victim.owner_id and perpetrator.owner_id


def test_a_changed_rule_is_used_at_once(demo_rules, django_capture_on_commit_callbacks):
    rule = RoutingRule.objects.get(track=Track.PERPETRATOR, name="Arbeidsuitbuiting")
    rule.is_active = False
    with django_capture_on_commit_callbacks(execute=True):
        rule_save(rule=rule)
    decision = engine.route(_facts("Westland", form_codes=["ARBEID"]), Track.PERPETRATOR)
    assert decision.owner_name == "Politie eenheid Den Haag – AVIM"


def test_the_last_national_fallback_of_a_track_cannot_be_removed_or_switched_off(demo_rules):
    fallback = RoutingRule.objects.get(track=Track.VICTIM, priority=9000)
    with pytest.raises(ValidationError):
        rule_delete(rule=fallback)
    fallback.is_active = False
    with pytest.raises(ValidationError):
        rule_save(rule=fallback)


def test_routing_asks_the_database_nothing_once_rules_are_compiled(demo_rules, django_assert_num_queries):
    facts = _facts("Utrecht", is_minor=False)
    engine.route_both(facts)
    with django_assert_num_queries(0):
        for _ in range(100):
            engine.route_both(facts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    municipality_index=st.one_of(st.none(), st.integers(min_value=0, max_value=341)),
    forms=st.sets(st.sampled_from(FORMS), max_size=3),
    is_minor=st.sampled_from([None, True, False]),
    roles=st.sets(st.sampled_from(["victim", "perpetrator", "other"])),
    channel=st.sampled_from(CHANNELS),
)
def test_every_possible_signal_gets_an_owner_on_both_tracks(
    demo_rules, municipality_index, forms, is_minor, roles, channel
):
    municipalities = _municipalities()
    place = None if municipality_index is None else municipalities[municipality_index]
    facts = signal_facts(municipality=place, form_codes=forms, is_minor=is_minor, roles=roles, channel=channel)
    victim, perpetrator = engine.route_both(facts)
    for decision in (victim, perpetrator):
        assert decision.owner_id
        assert decision.reason.startswith(decision.owner_name + ": ")


_CACHE: list = []


def _municipalities() -> list[Municipality]:
    if not _CACHE:
        _CACHE.extend(
            Municipality.objects.select_related("province", "safety_region", "police_unit", "riec").order_by("code")
        )
    return _CACHE
