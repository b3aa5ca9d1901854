"""Legal-hold pages: the privacy officer of an organisation that holds a signal places a hold by its receipt
code and lifts it with a reason; each change leaves an audit entry without the reason; retention respects it.
Personas: that officer, a case worker of the same organisation, the privacy officer of another organisation."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.casework.models import SignalTrack
from samen.casework.workflow import State
from samen.intake.tests.factories import SignalFactory
from samen.retention.holds import legal_hold_lift, legal_hold_place
from samen.retention.models import LegalHold
from samen.retention.services import due
from samen.routing.models import Track
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db

REASON = "Strafrechtelijk onderzoek naar de uitzender, vordering van de officier van justitie."


@pytest.fixture
def world():
    organisation, elsewhere = OrganisationFactory(), OrganisationFactory()
    return {
        "officer": UserFactory(organisation=organisation, roles=["privacy_officer"]),
        "worker": UserFactory(organisation=organisation, roles=["case_worker"]),
        "outsider": UserFactory(organisation=elsewhere, roles=["privacy_officer"]),
        "signal": SignalFactory(organisation=organisation),
        "elsewhere": SignalFactory(organisation=elsewhere),
    }


def _in_a_month() -> str:
    return (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


def _place(client, code: str, **overrides):
    data = {"code": code, "reason": REASON, "review_date": _in_a_month(), **overrides}
    return client.post(reverse("retention:holds"), data)


@pytest.fixture
def hold(world):
    """A hold on the world's signal, placed by its officer, to be reviewed in 30 days."""
    return legal_hold_place(
        actor=world["officer"],
        signal=world["signal"],
        reason=REASON,
        review_date=timezone.localdate() + datetime.timedelta(days=30),
    )


def test_a_privacy_officer_places_a_hold_by_receipt_code_in_any_spelling(client, world):
    login(client, world["officer"])
    code = world["signal"].receipt_code
    response = _place(client, f"  {code.lower().replace('-', ' ')} ")
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.signal, hold.reason, hold.created_by) == (world["signal"], REASON, world["officer"])
    page = client.get(reverse("retention:holds")).content.decode()
    assert code in page and REASON in page


def test_placing_and_lifting_each_leave_an_audit_entry_without_the_reason(client, world):
    login(client, world["officer"])
    _place(client, world["signal"].receipt_code)
    hold = LegalHold.objects.get()
    client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": "Het onderzoek is geseponeerd."})
    entries = AuditEntry.objects.filter(object_type="legal_hold", object_id=str(hold.pk)).order_by("seq")
    assert [(e.origin, e.action, e.result, e.actor_id) for e in entries] == [
        ("retention.legal_hold_place", "write", "allowed", world["officer"].pk),
        ("retention.legal_hold_lift", "write", "allowed", world["officer"].pk),
    ]
    for entry in entries:
        assert "onderzoek" not in " ".join(str(getattr(entry, f.name)) for f in entry._meta.fields).lower()


def test_an_unknown_code_gives_a_clear_error_and_keeps_what_was_typed(client, world):
    login(client, world["officer"])
    response = _place(client, "MH-ZZZZ-ZZZZ")
    assert response.status_code == 200
    assert "Geen signaal van uw organisatie heeft deze ontvangstcode" in str(response.context["form"].errors["code"])
    assert REASON in response.content.decode()
    assert not LegalHold.objects.exists()


def test_a_signal_of_another_organisation_cannot_be_held_and_its_existence_is_not_revealed(client, world):
    login(client, world["officer"])
    response = _place(client, world["elsewhere"].receipt_code)
    assert "Geen signaal van uw organisatie heeft deze ontvangstcode" in str(response.context["form"].errors["code"])
    assert not LegalHold.objects.exists()


def test_a_review_date_in_the_past_and_a_second_active_hold_are_refused(client, world):
    login(client, world["officer"])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = _place(client, world["signal"].receipt_code, review_date=yesterday)
    assert response.context["form"].errors["review_date"]
    _place(client, world["signal"].receipt_code)
    response = _place(client, world["signal"].receipt_code)
    assert "rust al een bewaarplicht" in str(response.context["form"].non_field_errors())
    assert LegalHold.objects.count() == 1


def test_lifting_needs_a_reason_and_keeps_who_lifted_it_and_why(client, world, hold):
    login(client, world["officer"])
    response = client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": "  "}, follow=True)
    assert "Geef aan waarom de bewaarplicht kan worden opgeheven." in response.content.decode()
    hold.refresh_from_db()
    assert hold.lifted_at is None
    client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": "Het onderzoek is geseponeerd."})
    hold.refresh_from_db()
    assert hold.lifted_at is not None
    assert (hold.lifted_by, hold.lift_reason) == (world["officer"], "Het onderzoek is geseponeerd.")
    page = client.get(reverse("retention:holds"))
    assert list(page.context["active"]) == [] and list(page.context["lifted"]) == [hold]


def test_the_privacy_officer_of_another_organisation_neither_sees_nor_lifts_the_hold(client, world, hold):
    login(client, world["outsider"])
    page = client.get(reverse("retention:holds"))
    assert page.status_code == 200 and world["signal"].receipt_code not in page.content.decode()
    response = client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": "Mag weg."})
    assert response.status_code == 404
    hold.refresh_from_db()
    assert hold.lifted_at is None
    assert AuditEntry.objects.filter(object_type="legal_hold", actor_id=world["outsider"].pk, result="denied").exists()


@pytest.mark.parametrize("persona", ["worker", "outsider_without_role"])
def test_only_privacy_officers_reach_the_holds_page_and_a_refusal_is_logged(client, world, persona):
    user = world["worker"] if persona == "worker" else UserFactory(roles=["coordinator"])
    login(client, user)
    assert client.get(reverse("retention:holds")).status_code == 403
    assert _place(client, world["signal"].receipt_code).status_code == 403
    assert not LegalHold.objects.exists()
    assert AuditEntry.objects.filter(actor_id=user.pk, result="denied", origin="retention.legal_holds").exists()


def test_a_hold_placed_on_the_page_keeps_a_closed_signal_from_retention_until_it_is_lifted(world):
    start = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        SignalTrack.objects.create(
            signal=world["signal"],
            kind=Track.VICTIM,
            state=State.OUTCOME,
            owner=world["officer"].organisation,
            outcome="no_indications",
        )
        hold = legal_hold_place(
            actor=world["officer"], signal=world["signal"], reason=REASON, review_date=datetime.date(2027, 6, 1)
        )
    later = start + datetime.timedelta(days=3 * 365)
    assert world["signal"].pk not in {d.signal_id for d in due(now=later)}
    legal_hold_lift(actor=world["officer"], hold=hold, reason="Het onderzoek is afgerond.")
    assert world["signal"].pk in {d.signal_id for d in due(now=later)}


def test_a_reason_one_character_too_long_comes_back_whole_and_one_at_the_limit_places_the_hold(client, world):
    """The browser no longer cuts a pasted reason at 300 characters without a word: the page says so."""
    login(client, world["officer"])
    text = text_of(301)
    response = _place(client, world["signal"].receipt_code, reason=text)
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert not LegalHold.objects.exists()
    assert _place(client, world["signal"].receipt_code, reason=text_of(300)).status_code == 302
    assert LegalHold.objects.get().reason == text_of(300)


def test_a_reason_for_lifting_one_character_too_long_comes_back_whole_at_its_hold(client, world, hold):
    login(client, world["officer"])
    text = text_of(301)
    response = client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": text})
    assert response.status_code == 200
    assert response.templates[0].name == "retention/holds.html"
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert re.search(rf'<textarea name="reason"[^>]*id="lift-{hold.pk}-reason">\s*{text}</textarea>', page)
    hold.refresh_from_db()
    assert hold.lifted_at is None
    response = client.post(reverse("retention:hold_lift", args=[hold.pk]), {"reason": text_of(300)})
    assert response.status_code == 302
    hold.refresh_from_db()
    assert hold.lifted_at is not None and hold.lift_reason == text_of(300)


def test_the_holds_page_lets_no_browser_cut_a_text_short(client, world, hold):
    login(client, world["officer"])
    page = client.get(reverse("retention:holds")).content.decode()
    assert page.count("data-character-count") == 2  # the reason to place a hold, and one to lift it
    assert "maxlength" not in page
