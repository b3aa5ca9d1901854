"""Writing to the reporter from the signal page: what the browser let through is stored, a
message the server refuses comes back with the reason at the field and the text as typed, and
whoever writes reads in which language the reporter is best written to."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from samen import audit
from samen.audit.models import AuditEntry
from samen.casework import pipeline
from samen.casework.tests.conftest import file_signal, offer_to_zorg, org, user
from samen.intake import services as intake_services
from samen.intake.models import ReporterType, Signal
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

# 20 lines of 99 characters: 1999 characters in the textarea (maxlength=2000), but the browser
# sends each line break as CRLF, so 2018 arrive.
LINES = [f"Regel {n:02d} ".ljust(99, "x") for n in range(20)]


@pytest.fixture
def signal(world):
    signal, _secret = file_signal(place="Rotterdam", organisation=org("comensha"), name="Agnieszka Kowalska")
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=signal.pk)


def _send(client, signal: Signal, text: str):
    return client.post(reverse("casework:reporter_message", args=[signal.pk]), {"text": text})


def _stored(signal: Signal) -> list[str]:
    return list(signal.reporter_messages.values_list("text", flat=True))


def test_a_message_the_browser_allowed_is_stored_with_a_line_break_counted_as_one_character(client, signal):
    login(client, user("coordinator"))
    typed = "\r\n".join(LINES)
    assert len(typed) == 2018
    response = _send(client, signal, typed)
    assert response.status_code == 302
    assert response["Location"].endswith("#reporter")
    assert _stored(signal) == ["\n".join(LINES)]
    assert len(_stored(signal)[0]) == 1999


def test_old_mac_line_breaks_are_stored_as_line_feeds(client, signal):
    login(client, user("coordinator"))
    _send(client, signal, "Dank voor uw melding.\rWij pakken dit op.")
    assert _stored(signal) == ["Dank voor uw melding.\nWij pakken dit op."]


def test_control_characters_pasted_with_a_message_are_left_out(client, signal):
    login(client, user("coordinator"))
    _send(client, signal, "Dank voor uw\x00 melding.\x1b")
    assert _stored(signal) == ["Dank voor uw melding."]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        pytest.param("", "Schrijf een bericht voor de melder.", id="empty"),
        pytest.param("  \r\n\t \r\n ", "Schrijf een bericht voor de melder.", id="whitespace only"),
        pytest.param("\r\n".join([*LINES, "Nog een regel."]), "Deze tekst is 14 tekens te lang.", id="too long"),
    ],
)
def test_a_refused_message_comes_back_with_the_reason_and_the_text_as_typed(client, signal, typed, reason):
    login(client, user("coordinator"))
    response = _send(client, signal, typed)
    assert response.status_code == 200
    assert response.templates[0].name == "casework/signal.html"
    form = response.context["message_form"]
    assert form.errors["text"]
    assert form["text"].value() == typed
    content = response.content.decode()
    assert reason in content
    assert 'aria-invalid="true"' in content
    assert "Het bericht aan de melder is niet verstuurd" in content
    if typed.strip():
        assert typed.replace("\r\n", "\n") in content.replace("\r\n", "\n")
    assert _stored(signal) == []


def test_the_page_shown_again_is_a_read_in_the_audit_log(client, signal):
    login(client, user("coordinator"))
    before = AuditEntry.objects.filter(origin="casework.reporter_message", action=audit.Action.READ).count()
    _send(client, signal, "")
    entries = AuditEntry.objects.filter(origin="casework.reporter_message", action=audit.Action.READ)
    assert entries.count() == before + 1
    assert entries.last().object_id == str(signal.pk)


def test_a_refused_message_after_five_minutes_comes_back_without_the_identities(client, signal):
    """Asking for the password again would be a redirect that drops the text: the identities wait instead."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, user("coordinator"))
        page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
        assert "<strong>Agnieszka Kowalska</strong>" in page
        traveller.shift(dt.timedelta(minutes=6))
        typed = "\r\n".join([*LINES, "Nog een regel."])
        response = _send(client, signal, typed)
        assert response.status_code == 200
        assert response.context["message_form"]["text"].value() == typed
        assert [person.name for person in response.context["page"].persons] == ["", ""]
        assert "<strong>Agnieszka Kowalska</strong>" not in response.content.decode()
        assert "bevestig dat u het bent" in response.content.decode()
        assert _stored(signal) == []


def test_a_refused_message_after_five_minutes_shows_the_de_identified_description_not_the_original(client, world):
    signal, _secret = file_signal(place="Rotterdam", organisation=org("comensha"), name="Agnieszka Kowalska")
    what = "Agnieszka Kowalska werkt zeven dagen per week in een nagelsalon en slaapt daar ook."
    pipeline.drain_intake_outbox()
    intake_services.signal_deidentify(signal_id=signal.pk)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        login(client, user("coordinator"))
        assert what in client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
        traveller.shift(dt.timedelta(minutes=6))
        page = _send(client, signal, "").content.decode()
    assert "Kowalska" not in page
    assert "werkt zeven dagen per week in een nagelsalon" in page  # the de-identified copy
    assert "De oorspronkelijke beschrijving" in page  # the page says what it withholds


def test_the_reporting_organisation_may_not_write_to_the_reporter_whatever_the_text(client, signal):
    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))
    assert _send(client, signal, "").status_code == 403
    assert _send(client, signal, "Wij pakken dit op.").status_code == 403
    assert _stored(signal) == []


def test_the_reporting_organisation_reads_the_messages_to_its_reporter_and_nothing_else(client, signal):
    """A professional who reported never saw the replies: the receipt's link leads to a page with the
    status only (found by exploratory testing). It is that reporter, so it reads them there, and the
    read is in the audit log."""
    login(client, user("coordinator"))
    _send(client, signal, "Wij hebben uw melding gelezen en gaan ermee aan de slag.")
    reporter = UserFactory(organisation=org("comensha"), roles=["case_worker"])
    login(client, reporter)
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    assert "Wij hebben uw melding gelezen en gaan ermee aan de slag." in page
    assert 'data-testid="messages-to-us"' in page and "Kowalska" not in page
    assert "nagelsalon" not in page  # still not what was reported
    assert 'action="/werk/' not in page.split('data-testid="messages-to-us"')[1].split("</section>")[0]
    read = AuditEntry.objects.filter(actor_id=reporter.pk, object_type="signal", object_id=str(signal.pk)).get()
    assert "free_text" in read.fields.split(",")


def test_who_reads_the_messages_to_the_reporter_reads_which_organisation_wrote_each(client, signal):
    """Two organisations follow a signal up; each wrote to the reporter, and nobody could tell
    whose message was whose (found by exploratory testing)."""
    login(client, user("coordinator"))
    _send(client, signal, "Wij hebben uw melding gelezen en gaan ermee aan de slag.")
    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    messages = page.split('data-testid="messages-to-us"')[1].split("</section>")[0]
    sender = re.escape(user("coordinator").organisation.name)
    assert re.search(rf"Verstuurd door {sender} op \d{{1,2}} \w+ \d{{4}} \d\d:\d\d", messages)


def test_an_organisation_asked_to_take_a_track_over_reads_the_messages_once_it_accepts_also_as_reporter(client, world):
    """The organisation asked reads as the one asked, not as the reporter (found in review)."""
    filed, _secret = file_signal(place="Rotterdam", organisation=org("zorgcoordinatie-re03"))
    pipeline.drain_intake_outbox()
    signal = Signal.objects.get(pk=filed.pk)
    login(client, user("coordinator"))
    _send(client, signal, "Wij hebben uw melding gelezen en gaan ermee aan de slag.")
    offer_to_zorg(signal)
    login(client, user("zorg"))
    response = client.get(reverse("casework:signal", args=[signal.pk]))
    assert response.status_code == 200 and response.context["page"].offer_only
    page = response.content.decode()
    assert "Wij hebben uw melding gelezen" not in page and response.context["page"].reporter_messages == []
    assert "De berichten aan de melder ziet u zodra uw organisatie de overdracht accepteert." in page


def test_the_organisation_of_an_intake_officer_who_entered_a_callers_signal_reads_no_message_to_the_caller(
    client, signal
):
    """The caller holds that receipt, not the organisation that typed the call up."""
    Signal.objects.filter(pk=signal.pk).update(reporter_type=ReporterType.WITNESS)
    login(client, user("coordinator"))
    _send(client, signal, "Wij hebben uw melding gelezen en gaan ermee aan de slag.")
    login(client, UserFactory(organisation=org("comensha"), roles=["case_worker"]))
    response = client.get(reverse("casework:signal", args=[signal.pk]))
    assert response.status_code == 200 and "Wij hebben uw melding gelezen" not in response.content.decode()


@pytest.fixture
def bulgarian(world):
    """A signal reported on the public form in Bulgarian."""
    signal, _secret = file_signal(place="Rotterdam", language="bg")
    pipeline.drain_intake_outbox()
    return Signal.objects.get(pk=signal.pk)


def _page(client, signal: Signal) -> str:
    return client.get(reverse("casework:signal", args=[signal.pk])).content.decode()


def test_whoever_writes_to_the_reporter_reads_beside_the_form_that_the_reporter_used_bulgarian(client, bulgarian):
    client.cookies["django_language"] = "nl"
    login(client, user("coordinator"))
    page = _page(client, bulgarian)
    hint = "De melder gebruikte bij het melden het Bulgaars. Schrijf uw bericht daarom bij voorkeur in het Bulgaars."
    form = page.index(reverse("casework:reporter_message", args=[bulgarian.pk]))
    assert form < page.index(hint) < page.index('name="text"')
    assert re.search(r"<dt>Taal van de melder</dt><dd[^>]*>Bulgaars</dd>", page)


def test_the_hint_names_the_language_in_the_readers_language(client, bulgarian):
    client.cookies["django_language"] = "en"
    login(client, user("coordinator"))
    page = _page(client, bulgarian)
    assert "The reporter used Bulgarian when reporting. Your message is best written in Bulgarian." in page
    assert re.search(r"<dt>Language of the reporter</dt><dd[^>]*>Bulgarian</dd>", page)


def test_a_reporter_who_used_dutch_or_whose_language_is_not_known_needs_no_hint(client, world):
    client.cookies["django_language"] = "nl"
    login(client, user("coordinator"))
    dutch, _secret = file_signal(place="Rotterdam", language="nl")
    unknown, _secret = file_signal(place="Rotterdam")
    pipeline.drain_intake_outbox()
    page = _page(client, dutch)
    assert re.search(r"<dt>Taal van de melder</dt><dd[^>]*>Nederlands</dd>", page)
    assert "De melder gebruikte" not in page
    page = _page(client, unknown)
    assert "Taal van de melder" not in page and "De melder gebruikte" not in page


def test_who_may_not_write_to_the_reporter_reads_the_language_but_no_hint(client, bulgarian):
    client.cookies["django_language"] = "nl"
    offer_to_zorg(bulgarian)
    login(client, user("zorg"))  # asked to take the victim track over: the outline, no messages
    page = _page(client, bulgarian)
    assert re.search(r"<dt>Taal van de melder</dt><dd[^>]*>Bulgaars</dd>", page)
    assert "De melder gebruikte" not in page and 'name="text"' not in page


def test_the_message_box_counts_instead_of_cutting_a_pasted_text_short(client, signal):
    login(client, user("coordinator"))
    page = client.get(reverse("casework:signal", args=[signal.pk])).content.decode()
    counted = re.findall(r"<textarea[^>]*data-character-count[^>]*>", page)
    # The message box; a track's note box (no limit) has no count, its box for the signaaltafel one of its own.
    message_box = [box for box in counted if 'name="text"' in box]
    assert len(message_box) == 1 and "maxlength" not in message_box[0]
    assert "U kunt maximaal 2.000 tekens schrijven." in page


def test_a_message_with_a_name_phone_number_or_bsn_is_refused_and_kept_as_typed(client, signal):
    """Whoever holds the receipt code and secret reads it, word for word (found by exploratory testing)."""
    login(client, user("coordinator"))
    typed = "Wij hebben haar gesproken. Ze heet Thu Tran, tel 06-12345678, BSN 123456782."
    page = _send(client, signal, typed).content.decode()
    assert "Dit bericht lijkt een BSN, een telefoonnummer en een naam te bevatten." in page
    assert typed in page
    assert _stored(signal) == []
    org("comensha").__class__.objects.filter(pk=org("comensha").pk).update(phone="088 123 4567")
    _send(client, signal, "Wij pakken uw melding op. Vragen? Bel ons op 088 123 4567.")
    assert _stored(signal) == ["Wij pakken uw melding op. Vragen? Bel ons op 088 123 4567."]
