"""Tests for the indicator reference data, the ILO/EC rule and the public-form questions."""

from __future__ import annotations

import pytest
from django.utils.functional import Promise
from hypothesis import given
from hypothesis import strategies as st

from samen.intake.indicators import (
    ILO_DIMENSIONS,
    INDICATORS_CSV,
    SITUATION_QUESTIONS,
    Context,
    Strength,
    assess,
    get_indicator,
    group_positive,
    indicator_ids_for_answers,
    indicators_by_id,
    load_groups,
    load_indicators,
)


def test_the_reference_data_is_read_from_the_partners_package() -> None:
    assert INDICATORS_CSV.parts[-3:] == ("partners", "data", "indicators.csv")
    assert INDICATORS_CSV.is_file()


def test_all_indicators_load_with_unique_ids_and_are_read_once() -> None:
    indicators = load_indicators()
    assert len(indicators) == 119
    assert len({i.id for i in indicators}) == len(indicators)
    assert load_indicators() is indicators


def test_the_six_ilo_dimensions_come_first_and_hold_only_weighted_indicators() -> None:
    groups = load_groups()
    assert tuple(g.code for g in groups[:6]) == ILO_DIMENSIONS
    for group in groups[:6]:
        assert group.is_ilo_dimension
        assert all(i.is_weighted and i.strength(Context.ADULT_LABOUR) is not None for i in group.indicators)


def test_indicators_of_the_dutch_signal_lists_carry_no_strength_in_any_context() -> None:
    dutch = [i for i in load_indicators() if not i.is_weighted]
    assert dutch
    assert all(i.strength(context) is None for i in dutch for context in Context)


def test_an_indicator_knows_its_strength_per_context_and_its_labels() -> None:
    threat = get_indicator("ILO-CR02")
    assert threat.strength(Context.ADULT_LABOUR) is Strength.MEDIUM
    assert threat.strength("kind_arbeid") is Strength.STRONG
    assert threat.strength(Context.ADULT_SEXUAL) is None
    assert threat.label_for("nl") == "Dreiging met geweld tegen het slachtoffer"
    assert threat.label_for("en") == "Threat of violence against the victim"
    assert threat.ilo_dimension == "CR"
    assert "arbeid" in threat.applies_to


def test_group_names_are_available_in_dutch_and_english() -> None:
    coercion = next(g for g in load_groups() if g.code == "CD")
    assert coercion.name_for("nl") == "Dwang op de plaats van bestemming"
    assert coercion.name_for("en") == "Coercion at destination"


def test_strengths_and_contexts_have_translatable_labels() -> None:
    assert all(isinstance(s.label, Promise) for s in Strength)
    assert all(isinstance(c.label, Promise) for c in Context)
    assert str(Strength.STRONG.label)


def test_an_unknown_indicator_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        get_indicator("ILO-XX99")
    with pytest.raises(TypeError):
        indicators_by_id()["ILO-CD01"] = None  # type: ignore[index]


# ------------------------------------------------------------------- ILO rule

S, M, W = Strength.STRONG, Strength.MEDIUM, Strength.WEAK


@pytest.mark.parametrize(
    ("strengths", "positive"),
    [
        ([S, S], True),
        ([S, M], True),
        ([S, W], True),
        ([M, M, M], True),
        ([M, M, W], True),
        (["M", "W", "M"], True),
        ([], False),
        ([S], False),
        ([M, M], False),
        ([M, W, W], False),
        ([W, W, W, W], False),
    ],
)
def test_a_group_is_positive_only_for_the_ilo_combinations(strengths: list[Strength], positive: bool) -> None:
    assert group_positive(strengths) is positive


@given(st.lists(st.sampled_from(list(Strength))), st.sampled_from(list(Strength)))
def test_finding_one_more_indicator_never_makes_a_positive_group_negative(
    strengths: list[Strength], extra: Strength
) -> None:
    if group_positive(strengths):
        assert group_positive([*strengths, extra])


def test_an_unknown_strength_is_refused() -> None:
    with pytest.raises(ValueError):
        group_positive(["X"])


def test_assessment_lists_the_positive_dimensions_and_the_unweighted_signals() -> None:
    result = assess(["ILO-CD01", "ILO-CD02", "ILO-EC02", "NL-VRIJ-04"], Context.ADULT_LABOUR)
    assert [g.code for g in result.positive_groups] == ["CD"]
    assert result.any_positive
    ec = next(d for d in result.dimensions if d.group.code == "EC")
    assert not ec.positive
    assert ec.strengths == (Strength.MEDIUM,)
    assert [i.id for i in result.unweighted] == ["NL-VRIJ-04"]
    assert [i.id for i in result.selected] == ["ILO-EC02", "ILO-CD01", "ILO-CD02", "NL-VRIJ-04"]


def test_the_same_indicators_can_weigh_more_for_a_child_than_for_an_adult() -> None:
    selected = ["ILO-CR02", "ILO-CR09"]  # threat of violence (M adult, S child) + threats to family (M)
    assert assess(selected, Context.ADULT_LABOUR).positive_groups == ()
    assert [g.code for g in assess(selected, Context.CHILD_LABOUR).positive_groups] == ["CR"]


def test_only_dutch_signals_give_no_positive_dimension() -> None:
    result = assess(["NL-AFH-01", "NL-AFH-06", "NL-VRIJ-03"], "volwassen_arbeid")
    assert result.dimensions == ()
    assert len(result.unweighted) == 3
    assert not result.any_positive


def test_assessing_an_unknown_id_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="ILO-XX99"):
        assess(["ILO-CD01", "ILO-XX99"], Context.ADULT_LABOUR)


# ------------------------------------------------------------------ Questions


def test_every_situation_question_maps_to_existing_indicator_ids() -> None:
    known = indicators_by_id()
    for question in SITUATION_QUESTIONS:
        assert question.indicator_ids or question.indicates_minor, question.key
        for indicator_id in question.indicator_ids:
            assert indicator_id in known, (question.key, indicator_id)


def test_situation_questions_have_unique_keys_and_translatable_texts() -> None:
    keys = [q.key for q in SITUATION_QUESTIONS]
    assert len(keys) == len(set(keys))
    assert 10 <= len(SITUATION_QUESTIONS) <= 16
    assert all(isinstance(q.text, Promise) and str(q.text).endswith("?") for q in SITUATION_QUESTIONS)


def test_exactly_one_question_asks_whether_the_person_is_a_minor() -> None:
    assert [q.key for q in SITUATION_QUESTIONS if q.indicates_minor] == ["minor"]


def test_the_passport_question_points_at_confiscation_of_documents() -> None:
    assert "ILO-CD01" in indicator_ids_for_answers(["documents"])
    assert "ILO-CD02" in indicator_ids_for_answers(["debt"])


def test_answers_combine_into_indicator_ids_without_duplicates() -> None:
    ids = indicator_ids_for_answers(["threats", "violence", "minor"])
    assert ids.count("NL-ALG-02") == 1
    assert {"ILO-CD04", "ILO-CD05", "ILO-CD13"} <= set(ids)
    assert assess(ids, Context.ADULT_LABOUR).positive_groups


def test_an_unknown_question_key_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        indicator_ids_for_answers(["nonsense"])
