"""Indicators of human trafficking and the plain-language questions of the public form.

The reference data is `partners/data/indicators.csv`: the ILO/EC 2009 operational
indicators (six dimensions, each indicator weighted Strong/Medium/Weak per list) and the
Dutch signal lists (not weighted). `assess` applies the ILO rule per dimension: a
dimension is positive with 2 strong indicators, 1 strong and 1 medium or weak, 3 medium,
or 2 medium and 1 weak. The result supports a professional's judgement; it never decides
whether someone is a victim.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ILO_DIMENSIONS",
    "INDICATORS_CSV",
    "SITUATION_QUESTIONS",
    "Assessment",
    "Context",
    "DimensionResult",
    "Indicator",
    "IndicatorGroup",
    "SituationQuestion",
    "Strength",
    "assess",
    "get_indicator",
    "group_positive",
    "indicator_ids_for_answers",
    "indicators_by_id",
    "load_groups",
    "load_indicators",
]

INDICATORS_CSV = Path(__file__).resolve().parent.parent / "partners" / "data" / "indicators.csv"

ILO_SOURCE_SET = "ILO-EC-2009"
# The six dimensions of the ILO/EC lists, in the order of the trafficking definition.
ILO_DIMENSIONS = ("DR", "CR", "AVR", "EC", "CD", "AVD")
FORMS_OF_EXPLOITATION = frozenset({"arbeid", "seksueel", "crimineel", "orgaan"})
_NOT_APPLICABLE = "n.v.t."


class Context(models.TextChoices):
    """The ILO/EC list whose strengths apply; the value names the CSV column."""

    ADULT_LABOUR = "volwassen_arbeid", _("Adult, labour exploitation")
    CHILD_LABOUR = "kind_arbeid", _("Child, labour exploitation")
    ADULT_SEXUAL = "volwassen_seksueel", _("Adult, sexual exploitation")


class Strength(models.TextChoices):
    STRONG = "S", _("Strong")
    MEDIUM = "M", _("Medium")
    WEAK = "W", _("Weak")


def _language_is_dutch(language: str | None) -> bool:
    language = language if language is not None else (get_language() or "nl")
    return language.lower().startswith("nl")


@dataclass(frozen=True)
class Indicator:
    """One row of the indicator reference data."""

    id: str
    source_set: str
    group_code: str
    label_nl: str
    label_en: str
    strength_adult_labour: Strength | None
    strength_child_labour: Strength | None
    strength_adult_sexual: Strength | None
    applies_to: frozenset[str]
    ilo_dimension: str | None
    source: str
    verification: str

    @property
    def is_weighted(self) -> bool:
        """Whether the indicator comes from the weighted ILO/EC lists."""
        return self.source_set == ILO_SOURCE_SET

    def strength(self, context: Context | str) -> Strength | None:
        """The strength on the list for `context`, or None when none is recorded for that list."""
        return getattr(self, _STRENGTH_ATTRIBUTE[Context(context)])

    def label_for(self, language: str | None = None) -> str:
        """The label in Dutch or English (default: the active language)."""
        return self.label_nl if _language_is_dutch(language) else self.label_en


_STRENGTH_ATTRIBUTE = {
    Context.ADULT_LABOUR: "strength_adult_labour",
    Context.CHILD_LABOUR: "strength_child_labour",
    Context.ADULT_SEXUAL: "strength_adult_sexual",
}


@dataclass(frozen=True)
class IndicatorGroup:
    """A group of indicators: an ILO/EC dimension or a section of a Dutch signal list."""

    code: str
    source_set: str
    name_nl: str
    name_en: str
    indicators: tuple[Indicator, ...]

    @property
    def is_ilo_dimension(self) -> bool:
        return self.source_set == ILO_SOURCE_SET

    def name_for(self, language: str | None = None) -> str:
        """The name in Dutch or English (default: the active language)."""
        return self.name_nl if _language_is_dutch(language) else self.name_en


def _parse_strength(raw: str, row_number: int) -> Strength | None:
    raw = raw.strip()
    if raw in ("", _NOT_APPLICABLE):
        return None
    try:
        return Strength(raw)
    except ValueError:
        raise ValueError(f"indicators.csv row {row_number}: unknown strength {raw!r}") from None


@functools.cache
def _load(path: Path) -> tuple[tuple[Indicator, ...], tuple[IndicatorGroup, ...]]:
    indicators: list[Indicator] = []
    group_names: dict[str, tuple[str, str, str]] = {}
    members: dict[str, list[Indicator]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            applies_to = frozenset(filter(None, row["van_toepassing_op"].split(";")))
            if not applies_to <= FORMS_OF_EXPLOITATION:
                raise ValueError(f"indicators.csv row {row_number}: unknown form in {applies_to}")
            dimension = row["ilo_groep_equivalent"].strip() or None
            if dimension is not None and dimension not in ILO_DIMENSIONS:
                raise ValueError(f"indicators.csv row {row_number}: unknown ILO dimension {dimension!r}")
            indicator = Indicator(
                id=row["id"].strip(),
                source_set=row["bron_set"].strip(),
                group_code=row["groep_code"].strip(),
                label_nl=row["label_nl"].strip(),
                label_en=row["label_en"].strip(),
                strength_adult_labour=_parse_strength(row["sterkte_volwassen_arbeid"], row_number),
                strength_child_labour=_parse_strength(row["sterkte_kind_arbeid"], row_number),
                strength_adult_sexual=_parse_strength(row["sterkte_volwassen_seksueel"], row_number),
                applies_to=applies_to,
                ilo_dimension=dimension,
                source=row["bron"].strip(),
                verification=row["verificatie"].strip(),
            )
            indicators.append(indicator)
            group_names.setdefault(
                indicator.group_code,
                (indicator.source_set, row["groep_nl"].strip(), row["group_en"].strip()),
            )
            members.setdefault(indicator.group_code, []).append(indicator)
    ids = [indicator.id for indicator in indicators]
    if len(ids) != len(set(ids)):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        raise ValueError(f"indicators.csv: duplicate ids {duplicates}")
    groups = tuple(
        IndicatorGroup(code, source_set, name_nl, name_en, tuple(members[code]))
        for code, (source_set, name_nl, name_en) in group_names.items()
    )
    return tuple(indicators), groups


def load_indicators(path: Path = INDICATORS_CSV) -> tuple[Indicator, ...]:
    """All indicators in file order (read once per process)."""
    return _load(path)[0]


def load_groups(path: Path = INDICATORS_CSV) -> tuple[IndicatorGroup, ...]:
    """All indicator groups in file order, each with its indicators."""
    return _load(path)[1]


@functools.cache
def indicators_by_id() -> Mapping[str, Indicator]:
    """A read-only mapping from indicator id to indicator."""
    return MappingProxyType({indicator.id: indicator for indicator in load_indicators()})


def get_indicator(indicator_id: str) -> Indicator:
    """The indicator with this id; raises `KeyError` for an unknown id."""
    return indicators_by_id()[indicator_id]


# ------------------------------------------------------------------- ILO assessment


def group_positive(strengths: Iterable[Strength | str]) -> bool:
    """The ILO/EC rule: is a dimension positive given the strengths of its indicators found?

    Positive with 2 strong; 1 strong and 1 medium or weak; 3 medium; or 2 medium and 1 weak.
    """
    values = [Strength(s) for s in strengths]
    strong = values.count(Strength.STRONG)
    medium = values.count(Strength.MEDIUM)
    weak = values.count(Strength.WEAK)
    return strong >= 2 or (strong >= 1 and medium + weak >= 1) or medium >= 3 or (medium >= 2 and weak >= 1)


@dataclass(frozen=True)
class DimensionResult:
    """The selected, weighted indicators of one ILO dimension and whether it is positive."""

    group: IndicatorGroup
    indicators: tuple[Indicator, ...]
    strengths: tuple[Strength, ...]
    positive: bool


@dataclass(frozen=True)
class Assessment:
    """The ILO/EC reading of a set of selected indicators for one context."""

    context: Context
    selected: tuple[Indicator, ...]
    dimensions: tuple[DimensionResult, ...]
    # Selected indicators without a strength in this context (the Dutch lists, and ILO
    # indicators with no strength recorded for this context); shown, but not counted.
    unweighted: tuple[Indicator, ...]

    @property
    def positive_groups(self) -> tuple[IndicatorGroup, ...]:
        return tuple(result.group for result in self.dimensions if result.positive)

    @property
    def any_positive(self) -> bool:
        return any(result.positive for result in self.dimensions)


def assess(selected_ids: Iterable[str], context: Context | str) -> Assessment:
    """Apply the ILO/EC rule to the selected indicators; raises `ValueError` for unknown ids."""
    context = Context(context)
    wanted = set(selected_ids)
    unknown = wanted - indicators_by_id().keys()
    if unknown:
        raise ValueError(f"unknown indicator ids: {sorted(unknown)}")
    selected = tuple(indicator for indicator in load_indicators() if indicator.id in wanted)

    dimensions = []
    for group in load_groups():
        if not group.is_ilo_dimension:
            continue
        weighted = [
            (indicator, strength)
            for indicator in group.indicators
            if indicator.id in wanted and (strength := indicator.strength(context)) is not None
        ]
        if not weighted:
            continue
        counted = tuple(indicator for indicator, _strength in weighted)
        strengths = tuple(strength for _indicator, strength in weighted)
        dimensions.append(DimensionResult(group, counted, strengths, group_positive(strengths)))
    unweighted = tuple(i for i in selected if i.strength(context) is None)
    return Assessment(context, selected, tuple(dimensions), unweighted)


# ------------------------------------------------------------ Situation questions


@dataclass(frozen=True)
class SituationQuestion:
    """A yes/no question on the public form, in plain language (B1).

    A "yes" selects `indicator_ids`. `indicates_minor` marks the question whose "yes"
    means the children's list applies; there is no indicator for age itself.
    """

    key: str
    text: str | Promise
    # The same question to the reporter, after "It is about me".
    text_self: str | Promise
    indicator_ids: tuple[str, ...]
    indicates_minor: bool = False


SITUATION_QUESTIONS: tuple[SituationQuestion, ...] = (
    SituationQuestion(
        "documents",
        _("Does someone else keep their passport or ID card?"),
        _("Does someone else keep your passport or ID card?"),
        ("ILO-CD01", "NL-VRIJ-04"),
    ),
    SituationQuestion(
        "debt",
        _("Do they have to pay off a debt to the employer or to the person who brought them here?"),
        _("Do you have to pay off a debt to the employer or to the person who brought you here?"),
        ("ILO-CD02", "ILO-CR04", "NL-AFH-09"),
    ),
    SituationQuestion(
        "housing",
        _("Do they live where they work, or does the employer arrange their housing?"),
        _("Do you live where you work, or does the employer arrange your housing?"),
        ("NL-AFH-01", "NL-AFH-06"),
    ),
    SituationQuestion(
        "movement",
        _("Are they not allowed to go out alone?"),
        _("Are you not allowed to go out alone?"),
        ("ILO-CD03", "NL-VRIJ-03"),
    ),
    SituationQuestion(
        "contact",
        _("Are they not allowed to contact family or friends?"),
        _("Are you not allowed to contact family or friends?"),
        ("NL-VRIJ-01", "NL-AFH-08"),
    ),
    SituationQuestion(
        "long_hours",
        _("Do they work very long days without rest?"),
        _("Do you work very long days without rest?"),
        ("ILO-EC01", "NL-OMST-03"),
    ),
    SituationQuestion(
        "low_pay",
        _("Do they earn very little or nothing at all?"),
        _("Do you earn very little or nothing at all?"),
        ("ILO-EC02", "NL-OMST-01"),
    ),
    SituationQuestion(
        "hand_over_money",
        _("Do they have to hand over all or most of the money they earn?"),
        _("Do you have to hand over all or most of the money you earn?"),
        ("NL-VRIJ-05", "NL-VRIJ-06"),
    ),
    SituationQuestion(
        "deceived",
        _("Is the work or the pay different from what they were promised?"),
        _("Is the work or the pay different from what you were promised?"),
        ("ILO-DR01", "ILO-DR02", "NL-OVER-05"),
    ),
    SituationQuestion(
        "threats",
        _("Are they threatened, or is their family threatened?"),
        _("Are you threatened, or is your family threatened?"),
        ("ILO-CD05", "ILO-CD13", "NL-ALG-02", "NL-OVER-01"),
    ),
    SituationQuestion(
        "violence",
        _("Are they hit or hurt in another way?"),
        _("Are you hit or hurt in another way?"),
        ("ILO-CD04", "NL-ALG-02"),
    ),
    SituationQuestion(
        "fear",
        _("Do they seem afraid, or does someone else speak for them?"),
        _("Are you afraid, or does someone else speak for you?"),
        ("ILO-CD08", "NL-AFH-05"),
    ),
    SituationQuestion(
        "sex",
        _("Are they forced to have sex with others, or to hand over money they earn with sex?"),
        _("Are you forced to have sex with others, or to hand over money you earn with sex?"),
        ("NL-ALG-01", "ILO-CD07"),
    ),
    SituationQuestion(
        "crime",
        _("Do they have to commit crimes, such as selling drugs or stealing?"),
        _("Do you have to commit crimes, such as selling drugs or stealing?"),
        ("ILO-CD06",),
    ),
    SituationQuestion(
        "minor",
        _("Are they under 18?"),
        _("Are you under 18?"),
        (),
        indicates_minor=True,
    ),
)


def indicator_ids_for_answers(question_keys: Iterable[str]) -> tuple[str, ...]:
    """The indicator ids selected by the questions answered "yes", in file order.

    Raises `KeyError` for an unknown question key.
    """
    by_key = {question.key: question for question in SITUATION_QUESTIONS}
    wanted = {i for key in question_keys for i in by_key[key].indicator_ids}
    return tuple(indicator.id for indicator in load_indicators() if indicator.id in wanted)
