"""The "API-koppelingen" page and the operator's commands: an organisation's administrator lists,
creates and revokes its partner systems' API tokens; a new token is shown once, a revoked one is
refused at once, and every creation and revocation is in the audit log."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from samen.accounts.models import Role
from samen.audit.models import AuditEntry
from samen.intake import permissions, selectors
from samen.intake.api_tokens import api_token_create, api_token_revoke, token_hash
from samen.intake.models import ApiToken
from samen.testing.auth import login
from samen.testing.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = {"what": "Arbeidsmigranten op een kwekerij krijgen hun loon niet uitbetaald.", "where": "GM0479"}


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Nederlandse Arbeidsinspectie", slug="nla-test")


@pytest.fixture
def admin(organisation):
    return UserFactory(organisation=organisation, roles=[Role.ORGANISATION_ADMIN], first_name="Bas", last_name="Beheer")


def _page(organisation) -> str:
    return reverse("intake:api_tokens", args=[organisation.slug])


def _revoke_url(token) -> str:
    return reverse("intake:api_token_revoke", args=[token.organisation.slug, token.pk])


def _post_signal(client, raw: str, key: str = "k1"):
    return client.post(
        "/api/v1/signals/",
        json.dumps(BODY),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def _create_on_the_page(client, organisation, name="zaaksysteem"):
    response = client.post(_page(organisation), {"name": name})
    assert response.status_code == 200
    return response, ApiToken.objects.get(organisation=organisation, name=name)


def _shown_token(response) -> str:
    return response.context["raw_token"]


# Who may.


def test_the_organisation_administrator_sees_its_tokens_with_who_made_them_and_when_last_used(
    client, organisation, admin
):
    used, raw = api_token_create(organisation=organisation, name="zaaksysteem", actor=admin)
    api_token_create(organisation=organisation, name="oud systeem")
    api_token_create(organisation=OrganisationFactory(), name="van een ander")
    assert _post_signal(client, raw).status_code == 201
    login(client, admin)
    response = client.get(_page(organisation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "API-koppelingen" in page and "zaaksysteem" in page and "oud systeem" in page
    assert "van een ander" not in page
    assert "door Bas Beheer" in page
    listed = {token.name: token for token in response.context["tokens"]}
    assert listed["zaaksysteem"].last_used_at is not None and listed["oud systeem"].last_used_at is None
    assert "nog niet" in page  # the unused one
    assert raw not in page and used.token_hash not in page


def test_my_organisation_links_to_the_api_links_page_for_its_administrator_only(client, organisation, admin):
    page_url = reverse("partners:organisation", args=[organisation.slug])
    login(client, admin)
    assert _page(organisation) in client.get(page_url).content.decode()
    login(client, UserFactory(organisation=organisation, roles=[Role.CASE_WORKER]))
    assert _page(organisation) not in client.get(page_url).content.decode()


def test_the_national_administrator_finds_an_organisation_s_api_links_from_the_partner_map(client, organisation):
    """No menu item of their own: the partner map finds the organisation, its page links onwards."""
    login(client, UserFactory(roles=[Role.NATIONAL_ADMIN]))
    hits = client.get(reverse("partners:search"), {"q": "Arbeidsinspectie"}).content.decode()
    organisation_page = reverse("partners:organisation", args=[organisation.slug])
    assert f'href="{organisation_page}"' in hits
    assert f'href="{_page(organisation)}"' in client.get(organisation_page).content.decode()
    assert client.get(_page(organisation)).status_code == 200


def test_an_organisation_page_links_to_its_api_links_exactly_for_who_may_manage_them(client, organisation, admin):
    """The organisation page asks `partners.permissions.can_edit_organisation`, the rule that
    `can_manage_api_tokens` is made of (partners may not import intake): the two must agree."""
    visitors = [
        admin,
        UserFactory(roles=[Role.NATIONAL_ADMIN]),
        UserFactory(organisation=OrganisationFactory(), roles=[Role.ORGANISATION_ADMIN]),
        UserFactory(organisation=organisation, roles=[Role.CASE_WORKER]),
    ]
    for visitor in visitors:
        login(client, visitor)
        page = client.get(reverse("partners:organisation", args=[organisation.slug])).content.decode()
        assert (f'href="{_page(organisation)}"' in page) == permissions.can_manage_api_tokens(visitor, organisation)
    assert [permissions.can_manage_api_tokens(visitor, organisation) for visitor in visitors] == [
        True,
        True,
        False,
        False,
    ]


def test_the_national_administrator_sees_and_revokes_any_organisation_s_tokens_but_creates_none(
    client, organisation, admin
):
    """A national administrator made a working token for any organisation, a credential acting in its
    name (found in review); stopping a leaked one is what they need."""
    token, _raw = api_token_create(organisation=organisation, name="zaaksysteem", actor=admin)
    national = UserFactory(roles=[Role.NATIONAL_ADMIN])
    login(client, national)
    page = client.get(_page(organisation))
    assert page.status_code == 200 and page.context["form"] is None
    assert "Alleen de eigen beheerders van de organisatie maken haar API-sleutels." in page.content.decode()
    assert client.post(_page(organisation), {"name": "van de landelijk beheerder"}).status_code == 403
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["zaaksysteem"]
    assert client.post(_revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == national


def test_the_same_create_form_sent_again_makes_no_second_token(client, organisation, admin):
    """Reload or Back sent the POST again and made a token nobody had (found in review)."""
    login(client, admin)
    once = client.get(_page(organisation)).context["form"]["once"].value()
    first = client.post(_page(organisation), {"name": "zaaksysteem", "once": once})
    assert _shown_token(first)
    again = client.post(_page(organisation), {"name": "zaaksysteem", "once": once})
    assert again.context["raw_token"] is None
    assert "Deze sleutel is al gemaakt en wordt niet nog eens getoond." in again.content.decode()
    assert ApiToken.objects.filter(organisation=organisation).count() == 1
    fresh = again.context["form"]["once"].value()
    assert fresh != once
    client.post(_page(organisation), {"name": "tweede systeem", "once": fresh})
    assert ApiToken.objects.filter(organisation=organisation).count() == 2


@pytest.mark.parametrize("who", ["other_admin", "case_worker", "intake_officer"])
def test_another_organisation_s_administrator_or_a_case_worker_may_not_see_create_or_revoke(client, organisation, who):
    token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    user = {
        "other_admin": lambda: UserFactory(roles=[Role.ORGANISATION_ADMIN]),
        "case_worker": lambda: UserFactory(organisation=organisation, roles=[Role.CASE_WORKER]),
        "intake_officer": lambda: UserFactory(organisation=organisation, roles=[Role.INTAKE_OFFICER]),
    }[who]()
    login(client, user)
    before = AuditEntry.objects.count()
    assert client.get(_page(organisation)).status_code == 403
    assert client.post(_page(organisation), {"name": "binnendringer"}).status_code == 403
    assert client.get(_revoke_url(token)).status_code == 403
    assert client.post(_revoke_url(token)).status_code == 403
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["zaaksysteem"]
    assert ApiToken.objects.get().revoked_at is None
    assert _post_signal(client, raw).status_code == 201
    refusals = AuditEntry.objects.filter(result="denied", object_type="api_token")
    assert refusals.count() == 4 and AuditEntry.objects.count() > before


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, organisation):
    response = client.get(_page(organisation))
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_a_token_of_another_organisation_cannot_be_revoked_through_one_s_own_page(client, organisation, admin):
    foreign, _raw = api_token_create(organisation=OrganisationFactory(slug="ander"), name="van een ander")
    login(client, admin)
    url = reverse("intake:api_token_revoke", args=[organisation.slug, foreign.pk])
    assert client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# Creating: shown once.


def test_a_new_token_is_shown_once_and_only_its_hash_is_stored(client, organisation, admin, caplog):
    login(client, admin)
    with caplog.at_level(logging.DEBUG):
        response, token = _create_on_the_page(client, organisation)
    raw = _shown_token(response)
    page = response.content.decode()
    assert raw.startswith("samen_") and f'value="{raw}"' in page
    assert "alleen deze ene keer" in page  # the warning that it will not be shown again
    assert "no-store" in response["Cache-Control"]
    assert token.token_hash == token_hash(raw) and token.created_by == admin
    assert raw not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert raw not in caplog.text
    # Never again: not on the page, not in the session.
    again = client.get(_page(organisation)).content.decode()
    assert raw not in again and "zaaksysteem" in again
    assert raw not in json.dumps(dict(client.session.items()), default=str)
    # And it works.
    assert _post_signal(client, raw).status_code == 201


def test_a_token_needs_a_name_and_an_empty_one_is_refused_with_a_message(client, organisation, admin):
    login(client, admin)
    response = client.post(_page(organisation), {"name": " \u200b "})
    assert response.status_code == 200
    assert "Geef de koppeling een naam." in response.content.decode()
    assert response.context["raw_token"] is None and not ApiToken.objects.exists()
    too_long = client.post(_page(organisation), {"name": "x" * 101})
    assert too_long.status_code == 200 and not ApiToken.objects.exists()


# Revoking.


def test_revoking_asks_for_confirmation_and_the_token_then_answers_401(client, organisation, admin):
    token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    assert _post_signal(client, raw).status_code == 201  # in this process's copy of the active tokens
    login(client, admin)
    confirm = client.get(_revoke_url(token))
    assert confirm.status_code == 200 and "Deze sleutel intrekken" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None  # asking is not revoking
    response = client.post(_revoke_url(token), follow=True)
    assert "is ingetrokken" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin
    assert _post_signal(client, raw, key="k2").status_code == 401


def test_revoking_twice_changes_nothing_and_logs_once(client, organisation, admin):
    token, _raw = api_token_create(organisation=organisation, name="zaaksysteem")
    login(client, admin)
    client.post(_revoke_url(token))
    first = ApiToken.objects.get().revoked_at
    response = client.post(_revoke_url(token), follow=True)
    assert "was al ingetrokken" in response.content.decode()
    assert ApiToken.objects.get().revoked_at == first
    assert AuditEntry.objects.filter(origin="intake.api_token_revoke").count() == 1


def test_a_token_revoked_elsewhere_is_refused_by_this_process_within_a_second(client, organisation, monkeypatch):
    """Another worker process revoked it: this one compares the table's version at most every
    second (`selectors.api_token_get`), and refuses the token from then on."""
    token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    assert selectors.api_token_get(raw) is not None
    assert selectors._active_tokens.recheck_seconds <= 1
    # As `api_token_revoke` in another process: the row changes, this process's copy is not told.
    ApiToken.objects.filter(pk=token.pk).update(revoked_at="2026-01-01T00:00:00Z")
    clock = [1000.0]
    monkeypatch.setattr("samen.process_cache.time.monotonic", lambda: clock[0])
    selectors._active_tokens._checked_at = clock[0]
    assert selectors.api_token_get(raw) is not None  # within the second: the copy as it was
    clock[0] += 1.01
    assert selectors.api_token_get(raw) is None
    assert _post_signal(client, raw).status_code == 401


# The audit log.


def test_creating_and_revoking_on_the_page_are_in_the_audit_log_without_the_token(client, organisation, admin):
    login(client, admin)
    response, token = _create_on_the_page(client, organisation)
    raw = _shown_token(response)
    client.post(_revoke_url(token))
    entries = AuditEntry.objects.filter(object_type="api_token").order_by("seq")
    assert [(e.action, e.origin, e.result) for e in entries] == [
        ("write", "intake.api_token_create", "allowed"),
        ("write", "intake.api_token_revoke", "allowed"),
    ]
    for entry in entries:
        assert (entry.actor_id, entry.object_id, entry.organisation_id) == (admin.pk, str(token.pk), organisation.pk)
        assert entry.processing_code == "SAMEN-ADMIN"
    dump = json.dumps(list(AuditEntry.objects.values()), default=str)
    assert raw not in dump and token.token_hash not in dump and "zaaksysteem" not in dump


def test_the_national_administrator_s_revocation_is_logged_on_behalf_of_the_token_s_organisation(client, organisation):
    token, _raw = api_token_create(organisation=organisation, name="zaaksysteem")
    national = UserFactory(roles=[Role.NATIONAL_ADMIN])
    login(client, national)
    client.post(_revoke_url(token))
    entry = AuditEntry.objects.filter(object_type="api_token").order_by("-seq").first()
    assert (entry.actor_id, entry.organisation_id) == (national.pk, organisation.pk)


# The operator's commands.


def test_the_operator_lists_an_organisation_s_tokens_without_their_values(organisation, capsys):
    token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    call_command("api_token", organisation.slug, "--list")
    out = capsys.readouterr().out
    assert f"{token.pk}" in out and "zaaksysteem" in out and "active" in out and "never used" in out
    assert raw not in out and token.token_hash not in out


def test_the_operator_revokes_a_token_by_its_number_and_it_answers_401(client, organisation, capsys):
    token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    assert _post_signal(client, raw).status_code == 201
    call_command("api_token_revoke", organisation.slug, str(token.pk))
    assert "Revoked" in capsys.readouterr().out
    assert _post_signal(client, raw, key="k2").status_code == 401
    entry = AuditEntry.objects.get(origin="intake.api_token_revoke")
    assert (entry.actor_label, entry.object_id) == ("system:api_token", str(token.pk))


def test_the_operator_revokes_a_leaked_token_read_from_standard_input(client, organisation, monkeypatch, capsys):
    token, raw = api_token_create(organisation=organisation, name="zaaksysteem")
    monkeypatch.setattr("sys.stdin", io.StringIO(raw + "\n"))
    call_command("api_token_revoke", "--stdin")
    assert f"Revoked token {token.pk}" in capsys.readouterr().out
    assert _post_signal(client, raw).status_code == 401


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nla-test", "999"], "nla-test has no API token with number 999"),
        (["bestaat-niet", "1"], "No organisation with slug 'bestaat-niet'"),
        ([], "Give the organisation's slug and the token's number, or --stdin"),
        (["--stdin"], "No API token has this value"),
    ],
)
def test_the_revoke_command_says_what_is_wrong(organisation, monkeypatch, args, message):
    monkeypatch.setattr("sys.stdin", io.StringIO("samen_onbekend\n"))
    with pytest.raises(CommandError, match=message):
        call_command("api_token_revoke", *args)


def test_the_service_returns_whether_it_revoked(organisation):
    token, _raw = api_token_create(organisation=organisation, name="zaaksysteem")
    assert api_token_revoke(token, actor="system:test") is True
    assert api_token_revoke(token, actor="system:test") is False
