"""Waterbed detection: a planted displacement is found, noise and a lone fall are not."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from samen.insights.waterbed import (
    CandidateKind,
    Direction,
    Intervention,
    MonthlyCount,
    add_months,
    analyse_waterbed,
    binomial_tail,
    detect_waterbed,
    holm_adjust,
    poisson_rate_test,
)

START = date(2024, 1, 1)
NEIGHBOURS = {"A": {"B", "C"}, "B": {"A"}, "C": {"A", "D"}, "D": {"C"}}


def _simulate(rng, rates_before, rates_after, months=6, forms=("",)):
    """Poisson counts per region/form for `months` before and after START."""
    records = []
    for offset in range(-months, months):
        month = add_months(START, offset)
        rates = rates_before if offset < 0 else rates_after
        for (region, form), rate in rates.items():
            if form in forms:
                records.append(MonthlyCount(region, month, int(rng.poisson(rate)), form))
    return records


def test_a_planted_shift_from_a_to_its_neighbour_b_is_detected():
    rng = np.random.default_rng(7)
    before = {("A", ""): 30, ("B", ""): 10, ("C", ""): 12, ("D", ""): 20}
    after = {("A", ""): 12, ("B", ""): 26, ("C", ""): 12, ("D", ""): 20}
    finding = detect_waterbed(
        _simulate(rng, before, after),
        Intervention("A", START, label="closure of premises"),
        NEIGHBOURS,
        names={"A": "Alphen", "B": "Bergen"},
    )
    assert finding is not None
    assert finding.fall.significant and finding.fall.relative_change < -0.4
    neighbours = [c.region for c in finding.displacements if c.kind is CandidateKind.NEIGHBOUR]
    assert neighbours == ["B"]
    assert "D" not in {c.region for c in finding.candidates}  # not a neighbour of A
    assert "Possible waterbed effect" in finding.explanation
    assert "Bergen" in finding.explanation and "closure of premises" in finding.explanation


def test_pure_poisson_noise_yields_at_most_one_finding_in_fifty_seeds():
    # Constant rates: a finding needs a fall (p <= 0.01) and a Holm-adjusted rise (p <= 0.01)
    # at once, so the expected false-positive rate is far below 1 in 50; one is tolerated.
    rates = {("A", "sexual"): 20, ("A", "labour"): 8, ("B", "sexual"): 15, ("C", "sexual"): 10}
    findings = 0
    for seed in range(50):
        rng = np.random.default_rng(seed)
        records = _simulate(rng, rates, rates, forms=("sexual", "labour"))
        for intervention in (Intervention("A", START), Intervention("A", START, form="sexual")):
            findings += detect_waterbed(records, intervention, NEIGHBOURS, alpha=0.01) is not None
    assert findings <= 1


def test_a_fall_without_a_neighbouring_rise_is_not_reported_as_waterbed():
    rng = np.random.default_rng(3)
    before = {("A", ""): 30, ("B", ""): 10, ("C", ""): 12}
    after = {("A", ""): 10, ("B", ""): 10, ("C", ""): 12}
    analysis = analyse_waterbed(_simulate(rng, before, after), Intervention("A", START), NEIGHBOURS)
    assert analysis.fall.significant
    assert not analysis.detected
    assert "fell significantly" in analysis.explanation
    assert detect_waterbed(_simulate(rng, before, after), Intervention("A", START), NEIGHBOURS) is None


def test_a_rise_without_a_fall_in_the_intervention_region_is_not_reported():
    rng = np.random.default_rng(4)
    before = {("A", ""): 20, ("B", ""): 10, ("C", ""): 12}
    after = {("A", ""): 20, ("B", ""): 30, ("C", ""): 12}
    analysis = analyse_waterbed(_simulate(rng, before, after), Intervention("A", START), NEIGHBOURS)
    assert not analysis.detected
    assert any(c.significant for c in analysis.candidates)
    assert "did not fall significantly" in analysis.explanation


def test_a_shift_to_another_form_of_exploitation_in_the_same_region_is_detected():
    rng = np.random.default_rng(11)
    before = {("A", "sexual"): 30, ("A", "labour"): 8, ("B", "sexual"): 10, ("C", "sexual"): 10}
    after = {("A", "sexual"): 10, ("A", "labour"): 25, ("B", "sexual"): 10, ("C", "sexual"): 10}
    finding = detect_waterbed(
        _simulate(rng, before, after, forms=("sexual", "labour")),
        Intervention("A", START, form="sexual"),
        NEIGHBOURS,
        form_names={"labour": "labour exploitation"},
    )
    assert finding is not None
    assert [(c.kind, c.form) for c in finding.displacements] == [(CandidateKind.OTHER_FORM, "labour")]
    assert "labour exploitation in A" in finding.explanation


def test_windows_outside_the_data_are_refused_rather_than_read_as_zero():
    records = [MonthlyCount("A", add_months(START, i), 5) for i in range(-2, 6)]
    with pytest.raises(ValueError, match="need data"):
        analyse_waterbed(records, Intervention("A", START), NEIGHBOURS, window_months=6)


def test_the_poisson_rate_test_matches_known_binomial_probabilities():
    assert poisson_rate_test(10, 0, 6, 6, direction=Direction.FALL) == pytest.approx(1 / 1024)
    assert poisson_rate_test(0, 10, 6, 6, direction=Direction.RISE) == pytest.approx(1 / 1024)
    assert poisson_rate_test(0, 0, 6, 6, direction=Direction.FALL) == 1.0
    assert binomial_tail(2, 4, 0.5, upper=False) == pytest.approx(11 / 16)
    assert binomial_tail(3, 4, 0.5, upper=True) == pytest.approx(5 / 16)
    # Unequal exposure: 12 months before, 6 after; under H0 a third of the signals fall after.
    assert poisson_rate_test(20, 10, 12, 6, direction=Direction.RISE) == pytest.approx(
        binomial_tail(10, 30, 1 / 3, upper=True)
    )


def test_holm_adjustment_is_monotone_and_capped_at_one():
    assert holm_adjust([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm_adjust([0.5, 0.9]) == [1.0, 1.0]
