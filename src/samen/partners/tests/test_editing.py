import re

import pytest
from django.urls import reverse

from samen.accounts.models import Role
from samen.partners import services
from samen.partners.models import ChangeRecord, ContactPoint
from samen.testing.factories import ContactPointFactory, OrganisationFactory, UserFactory
from samen.testing.texts import TOO_LONG_BY_ONE, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Gemeente Zaanstad", slug="gemeente-zaanstad", municipalities=["GM0479"])


def _edit_payload(organisation, **changes):
    data = {
        "name": organisation.name,
        "short_name": "",
        "goal": organisation.goal,
        "description": "",
        "website": "",
        "phone": "",
        "email": "",
        "based_in": "",
    }
    data.update(changes)
    return data


def test_an_organisation_administrator_edits_their_own_organisation_and_the_change_is_kept(client, organisation):
    admin = UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN], first_name="Bas")
    client.force_login(admin)
    url = reverse("partners:organisation_edit", args=[organisation.slug])
    response = client.post(url, _edit_payload(organisation, goal="Uitbuiting in Zaanstad stoppen."))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.goal == "Uitbuiting in Zaanstad stoppen."
    change = ChangeRecord.objects.get(organisation=organisation)
    assert change.actor == admin
    assert change.changes["goal"] == ["Uitbuiting voorkomen.", "Uitbuiting in Zaanstad stoppen."]
    assert "Bas" in change.actor_label


@pytest.mark.parametrize("name", ["CoMensha", "comensha ", "Co\u200bMensha"])
def test_an_organisation_cannot_take_another_organisation_s_name(client, organisation, name):
    """The map listed two CoMensha's, one with Zaanstad's phone number (found by exploratory testing)."""
    OrganisationFactory(name="CoMensha")
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    url = reverse("partners:organisation_edit", args=[organisation.slug])
    response = client.post(url, _edit_payload(organisation, name=name, goal="Nieuw doel."))
    assert response.status_code == 200
    assert "Een andere organisatie in het register heeft deze naam." in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.goal) == ("Gemeente Zaanstad", "Uitbuiting voorkomen.")
    assert client.post(url, _edit_payload(organisation, name="Gemeente  Zaanstad ")).status_code == 302
    # Nor its short name, which many lists show: not another's name nor its short name.
    OrganisationFactory(name="Centrum Kinderhandel Mensenhandel", short_name="CKM")
    for short in (name, "ckm"):
        refused = client.post(url, _edit_payload(organisation, short_name=short))
        assert refused.status_code == 200 and "short_name" in refused.context["form"].errors


def test_an_organisation_administrator_cannot_edit_another_organisation(client, organisation):
    other = OrganisationFactory()
    client.force_login(UserFactory(organisation=other, roles=[Role.ORGANISATION_ADMIN]))
    response = client.post(
        reverse("partners:organisation_edit", args=[organisation.slug]), _edit_payload(organisation, goal="gekaapt")
    )
    assert response.status_code == 403
    assert "administrators of this organisation" in response.content.decode() or response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.goal != "gekaapt"


@pytest.mark.parametrize("roles", [[], [Role.CASE_WORKER], [Role.COORDINATOR, Role.ANALYST]])
def test_other_roles_cannot_edit(client, organisation, roles):
    client.force_login(UserFactory(organisation=organisation, roles=roles))
    assert client.get(reverse("partners:organisation_edit", args=[organisation.slug])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, organisation):
    response = client.get(reverse("partners:organisation_edit", args=[organisation.slug]))
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")


def test_the_national_administrator_edits_every_organisation_including_its_coverage(client, organisation):
    client.force_login(UserFactory(roles=[Role.NATIONAL_ADMIN]))
    payload = _edit_payload(organisation, type="municipality", is_national="", is_active="on", shelter_kind="")
    payload["municipalities"] = [str(organisation.municipalities.get().pk)]
    response = client.post(reverse("partners:organisation_edit", args=[organisation.slug]), payload)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.type == "municipality"
    assert ChangeRecord.objects.filter(organisation=organisation).count() == 1


def test_an_incomplete_edit_form_shows_a_message_per_field_and_changes_nothing(client, organisation):
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    response = client.post(
        reverse("partners:organisation_edit", args=[organisation.slug]),
        {"name": "", "email": "geen-adres", "forms": ["NOT-A-FORM"]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("utrecht-form-field-error-message") >= 3
    organisation.refresh_from_db()
    assert organisation.name == "Gemeente Zaanstad"
    assert not ChangeRecord.objects.exists()


def test_a_forged_backup_outside_the_choices_is_refused(client, organisation):
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    response = client.post(
        reverse("partners:contact_add", args=[organisation.slug]),
        {"name": "Anna", "function": "Coördinator", "phone": "088-1", "backup": "999999", "position": "0"},
    )
    assert response.status_code == 200
    assert not ContactPoint.objects.exists()


def test_adding_editing_and_removing_a_contact_point_is_recorded(client, organisation):
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    backup = ContactPointFactory(organisation=organisation, name="Achterwacht")
    response = client.post(
        reverse("partners:contact_add", args=[organisation.slug]),
        {
            "name": "Anna de Boer",
            "function": "Ketenregisseur",
            "phone": "075-1234567",
            "email": "anna@example.org",
            "reachable": "ma-vr",
            "is_available": "on",
            "backup": str(backup.pk),
            "position": "1",
        },
    )
    assert response.status_code == 302
    anna = ContactPoint.objects.get(name="Anna de Boer")
    assert anna.backup == backup
    client.post(reverse("partners:contact_delete", args=[organisation.slug, anna.pk]))
    assert not ContactPoint.objects.filter(pk=anna.pk).exists()
    actions = list(ChangeRecord.objects.filter(organisation=organisation).values_list("action", flat=True))
    assert sorted(actions) == ["contact_added", "contact_removed"]


def test_a_contact_point_of_another_organisation_cannot_be_edited_through_this_one(client, organisation):
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    foreign = ContactPointFactory()
    url = reverse("partners:contact_edit", args=[organisation.slug, foreign.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "limit"), [("name", 200), ("short_name", 60), ("goal", 300), ("description", 4000)])
def test_an_organisation_text_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_saved(
    client, organisation, name, limit
):
    """The browser no longer cuts a pasted text at the field's limit without a word: the page says so."""
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    url = reverse("partners:organisation_edit", args=[organisation.slug])
    text = text_of(limit + 1)
    response = client.post(url, _edit_payload(organisation, **{name: text}))
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert "maxlength" not in page
    assert not ChangeRecord.objects.exists()
    assert client.post(url, _edit_payload(organisation, **{name: text_of(limit)})).status_code == 302
    organisation.refresh_from_db()
    assert getattr(organisation, name) == text_of(limit)


def test_an_administrator_who_gives_their_own_organisation_the_longest_name_is_recorded_as_the_editor(
    client, organisation
):
    """The history names the editor with their organisation; with its name at 200 characters that is more
    than its column holds (PostgreSQL refused it with a server error), so the label is shortened."""
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN], first_name="Ada"))
    url = reverse("partners:organisation_edit", args=[organisation.slug])
    assert client.post(url, _edit_payload(organisation, name=text_of(200))).status_code == 302
    label = ChangeRecord.objects.get().actor_label
    assert len(label) == 200 and label.startswith("Ada") and label.endswith("…")


@pytest.mark.parametrize("name", ["name", "function", "reachable"])
def test_a_contact_point_text_one_character_too_long_comes_back_whole_and_one_at_the_limit_is_saved(
    client, organisation, name
):
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    url = reverse("partners:contact_add", args=[organisation.slug])
    data = {"name": "Anna de Boer", "function": "Ketenregisseur", "phone": "075-1234567", "position": "1"}
    text = text_of(121)
    response = client.post(url, {**data, name: text})
    assert response.status_code == 200
    page = response.content.decode()
    assert TOO_LONG_BY_ONE in page and text in page
    assert "maxlength" not in page
    assert not ContactPoint.objects.exists()
    assert client.post(url, {**data, name: text_of(120)}).status_code == 302
    assert getattr(ContactPoint.objects.get(), name) == text_of(120)


def test_a_contact_point_s_order_beyond_its_column_is_refused_on_every_database(client, organisation):
    """SQLite stored 32768 in a small integer column (found by exploratory testing)."""
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    url = reverse("partners:contact_add", args=[organisation.slug])
    data = {"name": "Anna de Boer", "function": "Ketenregisseur", "phone": "075-1234567"}
    response = client.post(url, {**data, "position": "32768"})
    assert response.status_code == 200 and "position" in response.context["form"].errors
    assert not ContactPoint.objects.exists()
    assert client.post(url, {**data, "position": "999"}).status_code == 302


def test_the_change_history_names_what_changed_in_the_page_s_language(client, organisation):
    """It showed "short_name" and "Anna: phone" on a Dutch page (found by exploratory testing)."""
    client.force_login(UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN]))
    url = reverse("partners:organisation_edit", args=[organisation.slug])
    client.post(url, _edit_payload(organisation, short_name="Zaanstad", goal="Uitbuiting stoppen."))
    contact = ContactPointFactory(organisation=organisation, name="Anna de Boer", phone="075-1234567")
    admin = UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN])
    services.contact_point_save(
        organisation=organisation, data={"phone": "075-7654321"}, actor=admin, contact_point=contact
    )
    services.contact_point_delete(contact_point=contact, actor=admin)
    page = client.get(organisation.get_absolute_url()).content.decode()
    # PostgreSQL keeps a JSON object's keys in its own order: compared as a set.
    cells = re.findall(r'<td class="utrecht-table__cell">([^<]*)</td></tr>', page)
    assert {"korte naam", "doel"} in [set(cell.split(", ")) for cell in cells]
    assert "Anna de Boer: telefoon" in cells and "aanspreekpunt" in cells
    assert "short_name" not in page and ": phone" not in page
