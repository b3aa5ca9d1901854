"""The demo signals: a few hundred, varied, deterministic, and idempotent."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from samen.demo.partners_data import seed_partners
from samen.intake.demo import DEMO_COUNT, SCENARIOS, UNKNOWN_PLACES, seed_signals
from samen.intake.models import PersonIdentity, Signal

pytestmark = pytest.mark.django_db


def test_the_demo_signals_are_varied_and_created_once():
    seed_partners()
    assert seed_signals() == f"{DEMO_COUNT + len(UNKNOWN_PLACES)} signals, de-identified"
    assert seed_signals() == "already present"
    assert Signal.objects.count() == DEMO_COUNT + len(UNKNOWN_PLACES)
    # A few reporters did not know the town: they describe the place instead.
    unplaced = Signal.objects.filter(municipality__isnull=True)
    assert unplaced.count() == len(UNKNOWN_PLACES) and all(s.place for s in unplaced)
    assert Signal.objects.values("channel").distinct().count() >= 5
    assert Signal.objects.values("municipality").distinct().count() > 100
    assert Signal.objects.filter(created_by__isnull=False).count() == 0  # no accounts, so nobody entered them
    assert PersonIdentity.objects.exists()
    assert not Signal.objects.filter(channel="public_web", organisation__isnull=False).exists()
    # Their de-identified copies exist from the start: a newcomer never meets "not ready yet".
    assert not Signal.objects.filter(deidentified_at__isnull=True).exists()
    identities = PersonIdentity.objects.exclude(name="").select_related("person__signal")
    named = [(i.name, i.person.signal) for i in identities if i.name in i.person.signal.what]
    assert named and not any(name in signal.deidentified_text for name, signal in named)


def test_the_intake_officer_entered_the_calls_and_e_mails_and_professionals_their_own_reports():
    from samen.demo.accounts_data import seed_accounts

    seed_partners()
    seed_accounts()
    seed_signals()
    calls = Signal.objects.filter(channel__in=["phone", "email"])
    assert calls.exists()
    assert set(calls.values_list("created_by__username", "organisation__slug").distinct()) == {("intake", "comensha")}
    assert set(Signal.objects.filter(channel="api").values_list("organisation__slug", flat=True)) == {"nla"}
    professional = Signal.objects.filter(channel="professional_web", created_by__isnull=False)
    assert all(s.created_by.organisation_id == s.organisation_id for s in professional.select_related("created_by"))
    # Each demo professional finds reports of their own under "Gemelde signalen".
    assert {"politie", "zorg", "coordinator"} <= set(professional.values_list("created_by__username", flat=True))


def test_the_demo_victims_known_to_professionals_have_the_details_a_professional_types():
    from samen.intake.validators import is_valid_bsn, normalise_phone

    seed_partners()
    seed_signals()
    identities = list(PersonIdentity.objects.all())
    for detail in ("birth_date", "phone", "address", "bsn"):
        assert 0 < sum(1 for i in identities if getattr(i, detail)) < len(identities), detail
    assert all(is_valid_bsn(i.bsn) for i in identities if i.bsn)
    assert all(normalise_phone(i.phone) == i.phone for i in identities if i.phone)
    for identity in identities:  # the age given is the age on the day of the report
        if identity.birth_date:
            signal = identity.person.signal
            received, born = timezone.localdate(signal.created_at), identity.birth_date
            age = received.year - born.year - ((received.month, received.day) < (born.month, born.day))
            assert str(age) == identity.person.age


def test_a_demo_text_agrees_with_its_victim_s_nationality_and_gender():
    from samen.intake.demo import COUNTRY
    from samen.intake.models import Gender, PersonRole, SignalPerson

    seed_partners()
    seed_signals()
    victims = SignalPerson.objects.filter(role=PersonRole.VICTIM).select_related("signal")
    for victim in victims:
        text = victim.signal.what
        if " uit " in text:
            assert f"uit {COUNTRY[victim.nationality]}" in text
        if "Een vrouw" in text or "Ze heet" in text:
            assert victim.gender == Gender.FEMALE
        if "Een jongen" in text:
            assert victim.gender == Gender.MALE and 14 <= int(victim.age) <= 16
        if "vrouw" in text:  # a woman: an adult, and nobody answered that she is a minor
            assert int(victim.age) >= 18
            assert "minor" not in victim.signal.answers.values_list("question_key", flat=True)
    # The texts speak of someone else, but for one in the first person by a reporter who did not know the town.
    in_first_person = {what for _channel, reporter, what, *_rest in UNKNOWN_PLACES if reporter == "self"}
    assert set(Signal.objects.filter(reporter_type="self").values_list("what", flat=True)) == in_first_person


def test_public_reports_record_their_language_and_a_few_came_in_the_victims_language():
    """So that whoever writes to those reporters reads the hint to reply in their language."""
    from samen.intake.demo_languages import BY_COMPATRIOTS, BY_RELATIVES

    seed_partners()
    seed_signals()
    public = Signal.objects.filter(channel="public_web")
    foreign = list(public.exclude(language="nl"))
    assert {s.language for s in foreign} == {"en", "pl", "ro", "bg", "uk"}
    assert 10 <= len(foreign) <= public.count() // 6  # a few, as on the real form
    # Each is a text written in its language; every other public report is one of the Dutch scenarios.
    openings = {
        (language, text.split("{naam}")[0])
        for texts in [*BY_RELATIVES.values(), *BY_COMPATRIOTS.values()]
        for language, text in texts.items()
    } | {(language, what) for _channel, _reporter, what, _place, language in UNKNOWN_PLACES}
    for signal in foreign:
        assert any(signal.language == language and signal.what.startswith(start) for language, start in openings)
    dutch = {scenario.split("{")[0] for *_rest, scenario in SCENARIOS}
    assert all(
        any(s.what.startswith(start) for start in dutch)
        for s in public.filter(language="nl", municipality__isnull=False)
    )
    # Names in Bulgarian and Ukrainian texts are in Cyrillic, and the de-identified copy has none.
    for signal in foreign:
        if signal.language in ("bg", "uk"):
            assert not re.search("[A-Za-z]", signal.what)
            assert "[PERSOON-1]" in signal.deidentified_text or signal.reporter_type == "self"
    # Professionals, partner systems and the intake officer say it only when they know it (a caller spoke Dutch).
    assert set(Signal.objects.exclude(channel="public_web").values_list("language", flat=True)) == {"", "nl"}
