"""Demo step: two years of history for the insight pages, clearly marked as generated demo data.

The intake demo makes a few hundred real-looking signals; spread over a year and the whole
country, nearly every cell of a table would be suppressed. This step adds a few thousand
generated signals (receipt codes ``GEN-``, text "Generated signal (test data)") over 24 months,
with one recorded intervention in Rotterdam-Rijnmond after which sexual exploitation signals
partly move to Haaglanden, so the waterbed page has a finding. Then it refreshes the summaries.

The generated history has no casework tracks (they would fill the professionals' queues), so the
track table shows the demo signals' own tracks, which the casework demo step opened and moved;
the refresh here counts them.
"""

from __future__ import annotations

from datetime import date

from samen.geo.models import Region
from samen.insights.aggregates import refresh_insights
from samen.insights.generator import GENERATED_PREFIX, Plant, generate_signals
from samen.insights.maps import region_mapping
from samen.insights.models import Intervention
from samen.intake.models import Signal

HISTORY_COUNT = 6000
DEMO_LABEL = "Demo: controles in de raamprostitutie, Rotterdam-Rijnmond"
SOURCE, TARGET, FORM, MONTHS_AGO = "VR17", "VR15", "SEKS", 9


def months_ago(months: int, today: date | None = None) -> date:
    today = today or date.today()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def displacement_plant(start: date, share: float = 0.7) -> Plant:
    mapping = region_mapping("safety_region")
    return Plant(
        source=tuple(code for code, region in mapping.items() if region == SOURCE),
        target=tuple(code for code, region in mapping.items() if region == TARGET),
        start=start,
        form=FORM,
        share=share,
    )


def seed_history(count: int = HISTORY_COUNT) -> str:
    if Signal.objects.filter(receipt_code__startswith=GENERATED_PREFIX).exists():
        refresh_insights(settle_seconds=0)
        return "already present"
    start = months_ago(MONTHS_AGO)
    generate_signals(count, seed=2026, plant=displacement_plant(start), with_tracks=False)
    Intervention.objects.get_or_create(
        label=DEMO_LABEL, defaults={"region": Region.objects.get(code=SOURCE), "start": start, "form": FORM}
    )
    counted = refresh_insights(settle_seconds=0)
    return f"{count} generated signals over 24 months, 1 intervention; {counted} signals counted"
