"""The demo data set as a list of named steps; each step is idempotent."""

from __future__ import annotations

from collections.abc import Callable

from samen.casework.demo import seed_casework
from samen.demo.accounts_data import seed_accounts
from samen.demo.partners_data import seed_partners
from samen.geo.reference import load_geography
from samen.insights.demo import seed_history
from samen.intake.deidentify import ensure_lookup_cache
from samen.intake.demo import seed_api_token, seed_signals
from samen.linkage.demo import seed_linkage
from samen.meetings.demo import seed_tables
from samen.partners.reference import load_partner_reference
from samen.privacy.demo import seed_agreements
from samen.retention.demo import seed_legal_hold
from samen.routing.demo_rules import seed_routing_rules
from samen.vault.demo import seed_exemption

Step = tuple[str, Callable[[], object]]

STEPS: list[Step] = [
    ("Geography: 342 municipalities, regions and postcodes", load_geography),
    ("Reference data: forms of exploitation, target groups, domains", load_partner_reference),
    ("Demo organisations and contact points", seed_partners),
    ("Demo accounts", seed_accounts),
    ("Routing rules covering the whole country", seed_routing_rules),
    ("De-identification: deduce's lookup cache", ensure_lookup_cache),
    # Before the signals: the demo partner system posts some of them with its token.
    ("Partner API: a token for the demo partner system", seed_api_token),
    ("Demo signals across the country", seed_signals),
    ("Sharing agreements (convenants) per police-unit region, some expired", seed_agreements),
    ("Casework: tracks in every state, overdue, transferred, closed, cases", seed_casework),
    ("Signal tables per police unit: a meeting held, the next agenda built", seed_tables),
    ("Privacy officer: a legal hold on a signal of the organisation", seed_legal_hold),
    ("Privacy officer: an exemption from access for a possible perpetrator under investigation", seed_exemption),
    ("Linkage: persons recurring across regions encoded and matched; possible links for both owners", seed_linkage),
    ("Insights: two years of generated history (demo data), an intervention, summaries refreshed", seed_history),
]


def run_steps(report: Callable[[str], None] = print) -> None:
    for number, (label, step) in enumerate(STEPS, start=1):
        result = step()
        report(f"[{number}/{len(STEPS)}] {label}: {result}")
