"""Exemption pages: the privacy officer of an organisation that holds a signal records an exemption from
access on it (or on one person of it) by receipt code, and withdraws it with a reason; subject access
leaves the item out while it is in force; each change leaves an audit entry with codes only.
Personas: that officer, a case worker of the same organisation, the privacy officer of another organisation."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.intake.tests.factories import SignalFactory, SignalPersonFactory
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.testing.texts import TOO_LONG_BY_ONE, text_of
from samen.vault.exemptions import exemption_place
from samen.vault.models import Exemption
from samen.vault.tests.factories import PersonIdentityFactory

pytestmark = pytest.mark.django_db

GROUND = "UAVG art. 41 lid 1 sub d"


@pytest.fixture
def world():
    organisation, elsewhere = OrganisationFactory(), OrganisationFactory()
    signal = SignalFactory(organisation=organisation, what="Politieonderzoek naar de uitzender loopt.")
    victim = SignalPersonFactory(signal=signal, position=0)
    suspect = SignalPersonFactory(signal=signal, position=1, role="perpetrator")
    for person in (victim, suspect):
        PersonIdentityFactory(person=person, bsn="111222333", phone="+31612345678")
    return {
        "officer": UserFactory(organisation=organisation, roles=["privacy_officer"]),
        "outsider": UserFactory(organisation=elsewhere, roles=["privacy_officer"]),
        "signal": signal,
        "victim": victim,
        "suspect": suspect,
        "elsewhere": SignalFactory(organisation=elsewhere),
    }


def _in_a_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


def _place(client, code: str, **overrides):
    data = {"code": code, "person": "", "legal_ground": GROUND, "review_date": _in_a_month().isoformat(), **overrides}
    return client.post(reverse("vault:exemptions"), data)


def _exported_persons(client) -> list[int]:
    response = client.post(reverse("vault:subject_access"), {"bsn": "111222333"})
    return sorted(p["person"] for p in response.context["export"].persons)


def test_an_exemption_placed_on_one_person_leaves_that_person_out_of_subject_access(client, world):
    login(client, world["officer"])
    assert _exported_persons(client) == sorted([world["victim"].pk, world["suspect"].pk])
    response = _place(client, world["signal"].receipt_code.lower(), person="2")
    assert response.status_code == 302
    exemption = Exemption.objects.get()
    assert (exemption.person, exemption.signal, exemption.legal_ground) == (world["suspect"], None, GROUND)
    assert _exported_persons(client) == [world["victim"].pk]
    withheld = AuditEntry.objects.get(action="export", result="denied")
    assert (withheld.object_id, withheld.legal_basis) == (str(world["suspect"].pk), GROUND)
    page = client.get(reverse("vault:exemptions")).content.decode()
    assert world["signal"].receipt_code in page and GROUND in page


def test_an_exemption_on_the_whole_signal_leaves_everyone_in_it_out_until_it_is_withdrawn(client, world):
    login(client, world["officer"])
    _place(client, world["signal"].receipt_code)
    exemption = Exemption.objects.get()
    assert (exemption.signal, exemption.person) == (world["signal"], None)
    assert _exported_persons(client) == []
    client.post(reverse("vault:exemption_withdraw", args=[exemption.pk]), {"reason": "Onderzoek afgerond."})
    exemption.refresh_from_db()
    assert exemption.withdrawn_at is not None
    assert (exemption.withdrawn_by, exemption.withdrawal_reason) == (world["officer"], "Onderzoek afgerond.")
    assert _exported_persons(client) == sorted([world["victim"].pk, world["suspect"].pk])
    page = client.get(reverse("vault:exemptions"))
    assert page.context["in_force"] == [] and [e for e, _ in page.context["ended"]] == [exemption]


def test_placing_and_withdrawing_each_leave_an_audit_entry_with_codes_only(client, world):
    login(client, world["officer"])
    _place(client, world["signal"].receipt_code)
    exemption = Exemption.objects.get()
    client.post(reverse("vault:exemption_withdraw", args=[exemption.pk]), {"reason": "Onderzoek afgerond."})
    entries = AuditEntry.objects.filter(object_type="exemption", object_id=str(exemption.pk)).order_by("seq")
    assert [(e.origin, e.action, e.result, e.legal_basis) for e in entries] == [
        ("vault.exemption_place", "write", "allowed", GROUND),
        ("vault.exemption_withdraw", "write", "allowed", GROUND),
    ]
    for entry in entries:
        assert "afgerond" not in " ".join(str(getattr(entry, f.name)) for f in entry._meta.fields)


def test_an_unknown_code_or_person_number_gives_a_clear_error_and_keeps_what_was_typed(client, world):
    login(client, world["officer"])
    response = _place(client, "MH-ZZZZ-ZZZZ")
    assert "Geen signaal van uw organisatie heeft deze ontvangstcode" in str(response.context["form"].errors["code"])
    assert GROUND in response.content.decode()
    response = _place(client, world["signal"].receipt_code, person="3")
    assert "geen persoon met dit nummer" in str(response.context["form"].errors["person"])
    assert not Exemption.objects.exists()


def test_a_legal_ground_that_is_not_a_short_reference_and_a_past_review_date_are_refused(client, world):
    login(client, world["officer"])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = _place(
        client, world["signal"].receipt_code, legal_ground="zie e-mail van 3 maart; «geheim»", review_date=yesterday
    )
    errors = response.context["form"].errors
    assert errors["legal_ground"] and errors["review_date"]
    assert not Exemption.objects.exists()


def test_an_exemption_already_covering_the_person_is_not_recorded_twice(client, world):
    exemption_place(
        actor=world["officer"], signal=world["signal"], person=None, legal_ground=GROUND, review_date=_in_a_month()
    )
    login(client, world["officer"])
    response = _place(client, world["signal"].receipt_code, person="1")
    assert "geldt al een uitzondering" in str(response.context["form"].non_field_errors())
    assert Exemption.objects.count() == 1


def test_withdrawing_needs_a_reason(client, world):
    exemption = exemption_place(
        actor=world["officer"], signal=world["signal"], person=None, legal_ground=GROUND, review_date=_in_a_month()
    )
    login(client, world["officer"])
    response = client.post(reverse("vault:exemption_withdraw", args=[exemption.pk]), {"reason": ""}, follow=True)
    assert "Geef aan waarom de uitzondering wordt ingetrokken." in response.content.decode()
    exemption.refresh_from_db()
    assert exemption.withdrawn_at is None


def test_the_privacy_officer_of_another_organisation_neither_records_sees_nor_withdraws(client, world):
    exemption = exemption_place(
        actor=world["officer"], signal=world["signal"], person=None, legal_ground=GROUND, review_date=_in_a_month()
    )
    login(client, world["outsider"])
    page = client.get(reverse("vault:exemptions"))
    assert page.status_code == 200 and world["signal"].receipt_code not in page.content.decode()
    response = _place(client, world["signal"].receipt_code, person="1")
    assert "Geen signaal van uw organisatie heeft deze ontvangstcode" in str(response.context["form"].errors["code"])
    response = client.post(reverse("vault:exemption_withdraw", args=[exemption.pk]), {"reason": "Mag weg."})
    assert response.status_code == 404
    exemption.refresh_from_db()
    assert exemption.withdrawn_at is None and Exemption.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="exemption", actor_id=world["outsider"].pk, result="denied").exists()


@pytest.mark.parametrize("roles", [["case_worker"], ["organisation_admin"]])
def test_only_privacy_officers_record_exemptions_and_a_refusal_is_logged(client, world, roles):
    user = UserFactory(organisation=world["officer"].organisation, roles=roles)
    login(client, user)
    assert client.get(reverse("vault:exemptions")).status_code == 403
    assert _place(client, world["signal"].receipt_code).status_code == 403
    assert not Exemption.objects.exists()
    assert AuditEntry.objects.filter(actor_id=user.pk, result="denied", origin="vault.exemptions").exists()


def test_a_legal_ground_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_recorded(client, world):
    """The browser no longer cuts a pasted ground at 120 characters without a word: the page says so."""
    login(client, world["officer"])
    text = text_of(121)
    response = _place(client, world["signal"].receipt_code, legal_ground=text)
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert not Exemption.objects.exists()
    assert _place(client, world["signal"].receipt_code, legal_ground=text_of(120)).status_code == 302
    assert Exemption.objects.get().legal_ground == text_of(120)


def test_a_reason_for_withdrawing_one_character_too_long_comes_back_whole_at_its_exemption(client, world):
    exemption = exemption_place(
        actor=world["officer"], signal=world["signal"], person=None, legal_ground=GROUND, review_date=_in_a_month()
    )
    login(client, world["officer"])
    text = text_of(301)
    response = client.post(reverse("vault:exemption_withdraw", args=[exemption.pk]), {"reason": text})
    assert response.status_code == 200
    assert response.templates[0].name == "vault/exemptions.html"
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert re.search(rf'<textarea name="reason"[^>]*id="withdraw-{exemption.pk}-reason">\s*{text}</textarea>', page)
    exemption.refresh_from_db()
    assert exemption.withdrawn_at is None
    response = client.post(reverse("vault:exemption_withdraw", args=[exemption.pk]), {"reason": text_of(300)})
    assert response.status_code == 302
    exemption.refresh_from_db()
    assert exemption.withdrawn_at is not None and exemption.withdrawal_reason == text_of(300)


def test_the_exemptions_page_lets_no_browser_cut_a_text_short(client, world):
    exemption_place(
        actor=world["officer"], signal=world["signal"], person=None, legal_ground=GROUND, review_date=_in_a_month()
    )
    login(client, world["officer"])
    page = client.get(reverse("vault:exemptions")).content.decode()
    assert page.count("data-character-count") == 1  # the reason for withdrawing; the ground is one line
    assert "maxlength" not in page
