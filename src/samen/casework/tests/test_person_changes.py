"""Correcting a person after intake: an owner's case worker puts a misspelt name, a wrong BSN or a
wrong age right; the timeline says who was corrected and which fields, never what they say; what was
made from the person (the de-identified copies, the counts) is made again."""

from __future__ import annotations

import datetime
import re
import time
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samen.accounts import security
from samen.audit.models import AuditEntry
from samen.casework import person_changes
from samen.casework.models import TrackEvent
from samen.casework.tests.conftest import file_signal, org, user
from samen.intake.models import PersonIdentity, PersonRole, Signal, SignalPerson
from samen.intake.services import IdentityInput, PersonInput, deidentify_pending
from samen.routing.engine import reason_text
from samen.testing.auth import login
from samen.vault.selectors import persons_by_identifier

pytestmark = pytest.mark.django_db

VALID_BSN, OTHER_BSN = "111222333", "123456782"


def _victim(signal: Signal) -> SignalPerson:
    return signal.persons.get(role=PersonRole.VICTIM)


def _identity(person: SignalPerson) -> PersonIdentity:
    return PersonIdentity.objects.get(person=person)


def _correct(signal: Signal, username: str = "coordinator", *, person: SignalPerson | None = None, **values):
    person = person or _victim(signal)
    return person_changes.person_change(
        signal=signal, person_id=person.pk, actor=user(username), values=values, reason=values.pop("reason", "")
    )


def _notes(signal: Signal) -> list[TrackEvent]:
    return list(TrackEvent.objects.filter(track__signal=signal, kind=TrackEvent.Kind.NOTE).order_by("track__kind"))


def test_an_owner_corrects_a_misspelt_name_and_a_wrong_bsn_which_are_sealed_and_found_by_the_new_bsn(signal):
    _correct(signal, bsn=OTHER_BSN)
    changed = _correct(signal, name="Anna Nowakowska", bsn=VALID_BSN, reason="Naam en BSN nagevraagd bij de GGD.")
    assert changed == ("name", "bsn")
    identity = _identity(_victim(signal))
    assert (identity.name, identity.bsn) == ("Anna Nowakowska", VALID_BSN)
    # Sealed as at intake: the stored column holds no plaintext.
    raw = PersonIdentity.objects.filter(pk=identity.pk).values_list("name", flat=True).get()
    assert "Nowakowska" not in str(raw)
    assert list(persons_by_identifier(bsn=VALID_BSN)) == [_victim(signal)]
    assert not persons_by_identifier(bsn=OTHER_BSN).exists()


def test_the_timeline_of_every_track_names_the_person_and_the_fields_never_their_values(signal):
    _correct(signal, name="Anna Nowakowska", birth_date=datetime.date(1999, 2, 3), reason="Nagevraagd.")
    notes = _notes(signal)
    assert {n.track.kind for n in notes} == {"victim", "perpetrator"}
    for note in notes:
        assert note.reason == "Persoon gecorrigeerd: naam en geboortedatum van mogelijk slachtoffer; Nagevraagd."
        with translation.override("en"):
            assert reason_text(note.reason_parts) == (
                "Person corrected: name and date of birth of possible victim; Nagevraagd."
            )
        assert "Nowakowska" not in note.reason and "1999" not in note.reason
        assert note.actor == user("coordinator")


def test_the_timeline_does_not_say_that_health_or_criminal_law_data_were_written(signal):
    """Its readers include those the policy refuses these categories (found in review)."""
    _correct(signal, health="Zwanger.", criminal_law="Eerder aangehouden.")
    assert not _notes(signal)
    assert AuditEntry.objects.get(origin="casework.person_change").fields == "criminal,special"
    _correct(signal, age="26", health="Zwanger, 20 weken.")
    assert [n.reason for n in _notes(signal)] == [
        "Persoon gecorrigeerd: leeftijd ongeveer van mogelijk slachtoffer"
    ] * 2


def test_the_second_person_of_a_role_is_named_by_number(world):
    persons = [
        PersonInput(role=PersonRole.VICTIM, identity=IdentityInput(name="Ana Pop")),
        PersonInput(role=PersonRole.VICTIM, identity=IdentityInput(name="Ioana Pop")),
    ]
    signal, _secret = file_signal(organisation=org("comensha"), persons=persons)
    from samen.casework import pipeline

    pipeline.drain_intake_outbox()
    second = signal.persons.order_by("position")[1]
    _correct(signal, person=second, name="Ioana Popescu")
    assert _notes(signal)[0].reason == "Persoon gecorrigeerd: naam van mogelijk slachtoffer 2"


def test_the_audit_log_names_the_kinds_of_data_written(signal):
    _correct(signal, age="26", phone="+31612345678", health="Zwanger.")
    entry = AuditEntry.objects.get(origin="casework.person_change")
    assert (entry.action, entry.object_type, entry.object_id) == ("write", "person", str(_victim(signal).pk))
    assert entry.fields == "identity,person,special"
    assert "+31612345678" not in str(entry.__dict__) and "Zwanger" not in str(entry.__dict__)


def test_changing_nothing_writes_nothing(signal):
    identity = _identity(_victim(signal))
    assert _correct(signal, name=identity.name, age="25", gender="female", bsn="") == ()
    assert not _notes(signal)
    assert not AuditEntry.objects.filter(origin="casework.person_change").exists()


def test_a_person_without_identifying_data_gets_an_identity_when_one_is_given(signal):
    perpetrator = signal.persons.get(role=PersonRole.PERPETRATOR)
    assert not PersonIdentity.objects.filter(person=perpetrator).exists()
    _correct(signal, person=perpetrator, name="Dragan Ilić", phone="+381641234567")
    identity = _identity(perpetrator)
    assert (identity.name, identity.phone) == ("Dragan Ilić", "+381641234567")


@pytest.mark.parametrize("username", ["zorg", "intake", "analist", "privacy"])
def test_only_a_case_worker_of_an_owner_may_correct_a_person(signal, username):
    with pytest.raises(PermissionDenied):
        _correct(signal, username, name="Iemand Anders")
    assert _identity(_victim(signal)).name == "Anna Nowak"


def test_a_person_of_another_signal_is_refused(signal):
    other, _secret = file_signal(organisation=org("comensha"), name="Bea de Vries")
    with pytest.raises(ValidationError):
        _correct(signal, person=_victim(other), name="Iemand Anders")
    assert _identity(_victim(other)).name == "Bea de Vries"


def test_a_bsn_another_person_of_the_signal_has_is_refused_on_correction_and_on_adding(signal):
    """As at intake: one BSN is one person's (found in review: intake refused it, a correction not)."""
    _correct(signal, bsn=VALID_BSN)
    perpetrator = signal.persons.get(role=PersonRole.PERPETRATOR)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        _correct(signal, person=perpetrator, bsn="111 222 333")
    assert refused.value.error_dict["bsn"][0].code == "same_bsn"
    assert "Dit BSN staat ook bij mogelijk slachtoffer." in refused.value.error_dict["bsn"][0].messages[0]
    assert not PersonIdentity.objects.filter(person=perpetrator).exists()
    with pytest.raises(ValidationError) as added:
        person_changes.person_add(
            signal=signal, role=PersonRole.OTHER, actor=user("coordinator"), values={"bsn": VALID_BSN}
        )
    assert added.value.error_dict["bsn"][0].code == "same_bsn"
    assert signal.persons.count() == 2
    _correct(signal, bsn=VALID_BSN, name="Anna Nowak")  # the same person keeps their own BSN
    _correct(signal, person=perpetrator, bsn=OTHER_BSN)
    assert _identity(perpetrator).bsn == OTHER_BSN


def test_nothing_is_corrected_once_retention_removed_the_signals_personal_data(signal):
    Signal.objects.filter(pk=signal.pk).update(what="")
    with pytest.raises(ValidationError):
        _correct(signal, name="Anna Nowakowska")


def test_a_corrected_name_is_removed_from_the_de_identified_copies_made_again(signal):
    deidentify_pending()
    signal.refresh_from_db()
    assert signal.deidentified_at is not None
    Signal.objects.filter(pk=signal.pk).update(what="Anna Nowakowska werkt zeven dagen per week in een salon.")
    _correct(signal, name="Anna Nowakowska", nationality="Pools, heet Nowakowska")
    signal.refresh_from_db()
    assert signal.deidentified_at is None  # the page says "being de-identified" until it is made again
    deidentify_pending()
    signal.refresh_from_db()
    assert signal.deidentified_at is not None
    copies = [signal.deidentified_text, _victim(signal).deidentified_nationality]
    assert all("Nowakowska" not in copy for copy in copies), copies


@pytest.mark.parametrize("new_name", ["Anna Nowakowska", ""])
def test_a_name_corrected_or_cleared_is_still_removed_from_the_de_identified_copies(signal, new_name):
    """The text may use the name as first recorded: it stays a known name (found in review)."""
    Signal.objects.filter(pk=signal.pk).update(what="De vrouw, volgens de buren Nowak, werkt in de kas.")
    deidentify_pending()
    assert "Nowak" not in Signal.objects.get(pk=signal.pk).deidentified_text
    _correct(signal, name=new_name)
    deidentify_pending()
    copy = Signal.objects.get(pk=signal.pk).deidentified_text
    assert "Nowak" not in copy and "[PERSOON-1]" in copy, copy
    assert _identity(_victim(signal)).former_names == "Anna Nowak"


def test_a_copy_made_while_the_person_was_corrected_is_not_stored_and_is_made_again(signal, monkeypatch):
    """The background run reads the signal, de-identifies (seconds), then writes: a correction that
    commits in between must not be overwritten by a copy of what the signal said before."""
    from samen.intake import deidentify

    real = deidentify.deidentify_pieces

    def correct_meanwhile(*args, **kwargs):
        copies = real(*args, **kwargs)
        _correct(signal, name="Anna Nowakowska", description="Anna Nowakowska draagt een rode jas.")
        return copies

    monkeypatch.setattr(deidentify, "deidentify_pieces", correct_meanwhile)
    deidentify_pending()
    assert Signal.objects.get(pk=signal.pk).deidentified_at is None  # the stale copy was not stored
    monkeypatch.setattr(deidentify, "deidentify_pieces", real)
    deidentify_pending()
    copy = Signal.objects.get(pk=signal.pk).deidentified_text
    assert "Nowakowska" not in copy and "rode jas" in copy


def test_a_correction_of_health_data_alone_leaves_the_de_identified_copies_as_they_are(signal):
    deidentify_pending()
    _correct(signal, health="Gebroken pols.")
    signal.refresh_from_db()
    assert signal.deidentified_at is not None


# --- the page -----------------------------------------------------------------------------------


def _page(signal: Signal, person: SignalPerson | None = None) -> str:
    return reverse("casework:person_change", args=[signal.pk, (person or _victim(signal)).pk])


def _form_data(**changes) -> dict:
    data = {
        "age": "25",
        "gender": "female",
        "nationality": "Pools",
        "description": "",
        "consent": "unknown",
        "name": "Anna Nowak",
        "birth_date": "",
        "phone": "",
        "address": "",
        "bsn": "",
        "health": "",
        "criminal_law": "",
        "reason": "",
    }
    return {**data, **changes}


def test_the_signal_page_offers_an_owner_a_correction_per_person(client, signal):
    login(client, user("coordinator"))
    html = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    links = re.findall(r'href="(/werk/signaal/\d+/persoon/\d+/wijzigen/)"', html)
    assert sorted(links) == sorted(_page(signal, p) for p in signal.persons.all())


def test_the_form_comes_filled_with_the_person_as_stored_and_the_read_is_logged(client, signal):
    _correct(signal, bsn=VALID_BSN, birth_date=datetime.date(2000, 1, 31))
    login(client, user("politie"))
    html = client.get(_page(signal)).content.decode()
    assert 'value="Anna Nowak"' in html and f'value="{VALID_BSN}"' in html and 'value="31-01-2000"' in html
    assert 'name="criminal_law"' in html and 'name="consent"' in html
    entry = AuditEntry.objects.filter(origin="casework.person_change", action="read").get()
    assert entry.fields == "criminal,identity,person,special"


def test_a_perpetrator_is_not_asked_for_consent(client, signal):
    login(client, user("coordinator"))
    html = client.get(_page(signal, signal.persons.get(role=PersonRole.PERPETRATOR))).content.decode()
    assert 'name="consent"' not in html and 'name="name"' in html


def test_the_form_waits_for_a_fresh_password_or_code_check(client, signal):
    login(client, user("coordinator"))
    session = client.session
    session[security.SESSION_AUTH_AT] = int(time.time()) - 3600
    session.save()
    response = client.get(_page(signal))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))
    assert not AuditEntry.objects.filter(origin="casework.person_change").exists()


def test_saving_goes_back_to_the_people_on_the_signal_page(client, signal):
    login(client, user("coordinator"))
    response = client.post(_page(signal), _form_data(name="Anna Nowakowska", bsn="111 222 333"))
    assert response.status_code == 302 and response.url.endswith(f"/werk/signaal/{signal.pk}/#people")
    assert (_identity(_victim(signal)).name, _identity(_victim(signal)).bsn) == ("Anna Nowakowska", VALID_BSN)
    page = client.get(response.url).content.decode()
    assert "De persoon is gecorrigeerd" in page and "Anna Nowakowska" in page


def test_a_refused_field_has_its_message_and_every_valid_field_keeps_what_was_typed(client, signal):
    login(client, user("coordinator"))
    data = _form_data(name="Anna Nowakowska", bsn="123456789", phone="06 123", birth_date="31-02-2000")
    response = client.post(_page(signal), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"bsn", "phone", "birth_date"}
    assert 'value="Anna Nowakowska"' in response.content.decode()
    assert _identity(_victim(signal)).name == "Anna Nowak"


@pytest.mark.parametrize(("language", "asked"), [("", False), ("ro", True)])
def test_a_phone_number_is_read_for_the_reporters_language_not_the_case_workers_page(client, signal, language, asked):
    """A case worker on the English page was asked whether The Hague's 070 or Alkmaar's 072 was a
    Romanian number; as at intake, only a signal whose reporter reads Romanian asks about "0722 123 456"."""
    Signal.objects.filter(pk=signal.pk).update(language=language)
    login(client, user("coordinator"))
    client.cookies["django_language"] = "en"
    response = client.post(_page(signal), _form_data(phone="0722 123 456"))
    if asked:
        assert response.status_code == 200
        assert response.context["form"].has_error("phone", code="country_code_ambiguous")
    else:
        assert response.status_code == 302
        assert _identity(_victim(signal)).phone == "+31722123456"


def test_a_reason_with_a_phone_number_or_a_bsn_is_refused_for_the_timeline_and_the_rest_kept(client, signal):
    """The reason goes on the timeline, which every owner reads as long as the signal is kept; "tel
    0612345678, BSN …" went there word for word (found by exploratory testing)."""
    login(client, user("coordinator"))
    reason = "Buurvrouw gebeld, tel 0612345678, BSN 111222333."
    response = client.post(_page(signal), _form_data(name="Anna Nowakowska", reason=reason))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason"}
    page = response.content.decode()
    assert "Deze reden lijkt een BSN en een telefoonnummer te bevatten." in page
    assert reason in page and 'value="Anna Nowakowska"' in page
    assert _identity(_victim(signal)).name == "Anna Nowak"


@pytest.mark.parametrize("username", ["zorg", "intake"])
def test_others_get_no_link_and_no_form(client, signal, username):
    login(client, user(username))
    assert client.get(_page(signal)).status_code in (403, 404)
    assert client.post(_page(signal), _form_data(name="X")).status_code in (403, 404)
    assert _identity(_victim(signal)).name == "Anna Nowak"


def test_a_person_id_that_is_not_the_signals_is_not_found(client, signal):
    other, _secret = file_signal(organisation=org("comensha"), name="Bea de Vries")
    login(client, user("coordinator"))
    assert client.get(reverse("casework:person_change", args=[signal.pk, _victim(other).pk])).status_code == 404


# --- a person added after intake -----------------------------------------------------------------


def _add(signal: Signal, username: str = "coordinator", *, role: str = PersonRole.VICTIM, reason: str = "", **values):
    return person_changes.person_add(signal=signal, role=role, actor=user(username), values=values, reason=reason)


def test_a_victim_who_became_known_later_is_added_after_the_others_with_a_sealed_identity(signal):
    added = _add(signal, name="Ioana Popescu", age="19", bsn=VALID_BSN, reason="Bij huisbezoek aangetroffen.")
    assert added.position == 2 and added.role == PersonRole.VICTIM
    assert (_identity(added).name, _identity(added).bsn) == ("Ioana Popescu", VALID_BSN)
    assert list(persons_by_identifier(bsn=VALID_BSN)) == [added]
    note = _notes(signal)[0]
    assert note.reason == ("Persoon toegevoegd: mogelijk slachtoffer 2; Bij huisbezoek aangetroffen.")
    assert "Ioana" not in note.reason and VALID_BSN not in note.reason
    entry = AuditEntry.objects.get(origin="casework.person_change")
    assert (entry.action, entry.object_type, entry.object_id, entry.fields) == (
        "write",
        "person",
        str(added.pk),
        "identity,person",
    )


def test_adding_a_person_reads_the_signals_persons_once(signal):
    """For the count, the next position, the BSN check and the note (they were read three times)."""
    table = connection.ops.quote_name(SignalPerson._meta.db_table)
    with CaptureQueriesContext(connection) as queries:
        _add(signal, name="Ioana Popescu", bsn=VALID_BSN)
    assert sum(f"FROM {table} " in query["sql"] for query in queries.captured_queries) == 1


def test_a_person_added_with_only_health_data_is_noted_as_any_other_added_person(signal):
    """Every track sees the new person, so the timeline says one was added; never which fields were
    given, or a note without any would say that only health data were (found in review)."""
    added = _add(signal, role=PersonRole.OTHER, health="Rolstoelgebruiker.")
    notes = _notes(signal)
    assert [n.reason for n in notes] == ["Persoon toegevoegd: andere persoon"] * 2
    with translation.override("en"):
        assert reason_text(notes[0].reason_parts) == "Person added: other person"
    entry = AuditEntry.objects.get(origin="casework.person_change")
    assert (entry.object_id, entry.fields) == (str(added.pk), "special")


def test_an_added_person_is_de_identified_with_the_signal_again(signal):
    deidentify_pending()
    _add(signal, role=PersonRole.PERPETRATOR, name="Dragan Ilić", description="Dragan Ilić rijdt de busjes.")
    signal.refresh_from_db()
    assert signal.deidentified_at is None
    deidentify_pending()
    signal.refresh_from_db()
    assert "Ilić" not in signal.deidentified_text and "[PERSOON" in signal.deidentified_text


def test_no_consent_is_stored_for_an_added_perpetrator(signal):
    added = _add(signal, role=PersonRole.PERPETRATOR, name="Dragan Ilić", consent=True)
    assert added.consent is None


def test_an_empty_person_or_an_unknown_role_is_refused(signal):
    with pytest.raises(ValidationError):
        _add(signal, name="  ", age="")
    with pytest.raises(ValidationError):
        _add(signal, role="boss", name="Dragan Ilić")
    assert signal.persons.count() == 2


def test_only_a_case_worker_of_an_owner_may_add_a_person(signal):
    with pytest.raises(PermissionDenied):
        _add(signal, "zorg", name="Dragan Ilić")
    assert signal.persons.count() == 2


def test_the_add_form_adds_the_person_and_a_refused_form_keeps_what_was_typed(client, signal):
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    url = reverse("casework:person_add", args=[signal.pk])
    assert f'href="{url}"' in page
    refused = client.post(url, {**_form_data(name="Dragan Ilić", bsn="123"), "role": ""})
    assert set(refused.context["form"].errors) == {"role", "bsn"}
    assert 'value="Dragan Ilić"' in refused.content.decode()
    empty = client.post(url, {**_form_data(age="", gender="", nationality="", name=""), "role": "other"})
    assert "Vul ten minste één gegeven over de persoon in." in empty.content.decode()
    response = client.post(url, {**_form_data(name="Dragan Ilić", age="", nationality=""), "role": "perpetrator"})
    assert response.status_code == 302 and response.url.endswith("#people")
    assert signal.persons.filter(role=PersonRole.PERPETRATOR).count() == 2


def test_a_name_of_only_invisible_characters_is_no_name(client, signal):
    """Two zero-width spaces were added as a person's name, listed as an empty one (found by exploratory testing)."""
    login(client, user("coordinator"))
    url = reverse("casework:person_add", args=[signal.pk])
    blank = {"age": "", "gender": "", "nationality": "", "address": "\u200f "}
    page = client.post(url, {**_form_data(**blank, name="\u200b\u200c\u2060"), "role": "other"}).content.decode()
    assert "Vul ten minste één gegeven over de persoon in." in page
    assert signal.persons.count() == 2


def test_others_get_no_add_form(client, signal):
    login(client, user("zorg"))
    url = reverse("casework:person_add", args=[signal.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {**_form_data(), "role": "victim"}).status_code in (403, 404)
    assert signal.persons.count() == 2


def _shown(html: str) -> str:
    return unescape(re.search(r'name="shown" value="([^"]+)"', html)[1])


def test_a_form_opened_before_another_correction_writes_only_what_its_user_changed(client, signal):
    """Two case workers at once: the second form, opened before the first was saved, does not write
    the first one's change back (found in review)."""
    login(client, user("coordinator"))
    shown = _shown(client.get(_page(signal)).content.decode())
    assert "Anna" not in shown and "Pools" not in shown  # keyed digests, no values
    _correct(signal, "politie", phone="+31612345678")
    response = client.post(_page(signal), {**_form_data(age="26"), "shown": shown})
    assert response.status_code == 302
    victim = _victim(signal)
    assert (victim.age, _identity(victim).phone) == ("26", "+31612345678")
    notes = [n.reason for n in _notes(signal) if n.actor == user("coordinator")]
    assert notes == ["Persoon gecorrigeerd: leeftijd ongeveer van mogelijk slachtoffer"] * 2


def test_a_refused_form_keeps_what_it_showed_when_it_was_opened(client, signal):
    login(client, user("coordinator"))
    shown = _shown(client.get(_page(signal)).content.decode())
    refused = client.post(_page(signal), {**_form_data(bsn="123"), "shown": shown}).content.decode()
    assert _shown(refused) == shown


def test_identities_removed_by_retention_are_not_entered_again(signal):
    from samen.retention.models import Category, RetentionAction, RetentionPolicy, Tombstone

    policy = RetentionPolicy.objects.filter(category=Category.IDENTITY).first()
    Tombstone.objects.create(
        category=Category.IDENTITY,
        action=RetentionAction.DELETE,
        object_type="signal",
        object_id=str(signal.pk),
        policy=policy,
        done_at=timezone.now(),
    )
    PersonIdentity.objects.filter(person__signal=signal).delete()
    with pytest.raises(ValidationError):
        _correct(signal, name="Anna Nowak")
    with pytest.raises(ValidationError):
        _add(signal, name="Dragan Ilić")
    assert not PersonIdentity.objects.filter(person__signal=signal).exists()
    assert _correct(signal, gender="male") == ("gender",)  # what says nothing of anyone can still be put right


def test_no_more_persons_than_intake_takes(signal):
    from samen.intake.api_schema import MAX_PERSONS

    SignalPerson.objects.bulk_create(
        SignalPerson(signal=signal, role=PersonRole.OTHER, position=10 + n) for n in range(MAX_PERSONS - 2)
    )
    with pytest.raises(ValidationError):
        _add(signal, age="30")


def test_no_links_to_correct_once_retention_removed_the_free_text(client, signal):
    Signal.objects.filter(pk=signal.pk).update(what="")
    login(client, user("coordinator"))
    html = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "/persoon/" not in html


def test_a_form_sent_untouched_changes_nothing_even_where_intake_kept_a_number_as_typed(client, world):
    """A phone number or BSN stored as typed compares equal to the form's normal form (second review)."""
    persons = [
        PersonInput(
            role=PersonRole.VICTIM,
            identity=IdentityInput(name="Ana Pop", phone="06-12345678", bsn="111 222 333"),
        )
    ]
    filed, _secret = file_signal(organisation=org("comensha"), persons=persons)
    from samen.casework import pipeline

    pipeline.drain_intake_outbox()
    signal = Signal.objects.get(pk=filed.pk)
    login(client, user("coordinator"))
    page = _page(signal)
    shown = _shown(client.get(page).content.decode())
    data = {**_form_data(age="", gender="", nationality="", name="Ana Pop", phone="06-12345678", bsn="111 222 333")}
    response = client.post(page, {**data, "shown": shown})
    assert response.status_code == 302
    assert not _notes(signal)


def test_after_identity_retention_no_text_about_people_or_place_is_changed(signal):
    """A new copy would be made without the names retention removed (second review)."""
    from samen.casework import signal_changes
    from samen.retention.models import Category, RetentionAction, RetentionPolicy, Tombstone

    Tombstone.objects.create(
        category=Category.IDENTITY,
        action=RetentionAction.DELETE,
        object_type="signal",
        object_id=str(signal.pk),
        policy=RetentionPolicy.objects.filter(category=Category.IDENTITY).first(),
        done_at=timezone.now(),
    )
    for values in ({"age": "30"}, {"description": "Lang haar."}, {"nationality": ""}):
        with pytest.raises(ValidationError):
            _correct(signal, **values)
    with pytest.raises(ValidationError):
        signal_changes.signal_change(
            signal=signal, actor=user("coordinator"), municipality=signal.municipality, place="Kade 4", form_codes=[]
        )
    assert _correct(signal, gender="male") == ("gender",)
