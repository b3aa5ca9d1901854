"""The national fallback of a track survives every path that changes rules: the service, the
coordinators' interface form, and the admin's edit, single delete and bulk delete."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from samen.accounts.models import User
from samen.demo.accounts_data import seed_accounts
from samen.routing.forms import RoutingRuleForm
from samen.routing.models import RoutingRule, Track
from samen.routing.services import rule_check, rule_delete, rule_save, rules_delete
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _refused(text: str) -> bool:
    """The refusal, in Dutch (the default language) or English."""
    return "zonder actief landelijk vangnet" in text or "without an active national fallback" in text


def _fallback(track: str = Track.VICTIM) -> RoutingRule:
    return RoutingRule.objects.get(track=track, priority=9000)


def _second_fallback(track: str = Track.VICTIM) -> RoutingRule:
    first = _fallback(track)
    return RoutingRule.objects.create(track=track, priority=9500, name="Tweede vangnet", owner=first.owner)


def _form_data(rule: RoutingRule, **changes) -> dict:
    data = {
        "track": rule.track,
        "priority": rule.priority,
        "name": rule.name,
        "municipality": rule.municipality_id or "",
        "region": rule.region_id or "",
        "form": rule.form_id or "",
        "age": rule.age,
        "role": rule.role,
        "channel": rule.channel,
        "owner": rule.owner_id,
        "contact_point": rule.contact_point_id or "",
    }
    if rule.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data


def _messages(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.fixture
def admin_client(client, demo_rules):
    login(client, UserFactory(is_staff=True, is_superuser=True))
    return client


# --- the service ---------------------------------------------------------------------------------


def test_the_last_fallback_cannot_be_moved_to_the_other_track(demo_rules):
    fallback = _fallback()
    fallback.track = Track.PERPETRATOR
    with pytest.raises(ValidationError, match=r"vangnet|fallback"):
        rule_save(rule=fallback)
    assert _fallback().track == Track.VICTIM


def test_the_last_fallback_cannot_be_narrowed_by_a_condition(demo_rules):
    fallback = _fallback()
    fallback.age = "minor"
    with pytest.raises(ValidationError, match=r"vangnet|fallback"):
        rule_save(rule=fallback)


def test_with_a_second_fallback_the_first_may_go_but_not_both_at_once(demo_rules):
    first, second = _fallback(), _second_fallback()
    with pytest.raises(ValidationError, match=r"vangnet|fallback"):
        rules_delete(rules=[first, second])
    assert RoutingRule.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    rule_delete(rule=first)
    assert not RoutingRule.objects.filter(pk=first.pk).exists()


def test_a_fallback_may_move_to_the_other_track_when_its_own_keeps_another(demo_rules):
    _second_fallback()
    fallback = _fallback()
    fallback.track = Track.PERPETRATOR
    rule_save(rule=fallback)
    assert RoutingRule.objects.get(pk=fallback.pk).track == Track.PERPETRATOR


def test_rules_with_conditions_and_new_rules_change_freely(demo_rules):
    rule = RoutingRule.objects.get(track=Track.PERPETRATOR, name="Arbeidsuitbuiting")
    rules_delete(rules=[rule])
    rule_check(rule=RoutingRule(track=Track.VICTIM, priority=1, name="Nieuw", owner=_fallback().owner))


# --- the coordinators' interface ----------------------------------------------------------------


def test_the_rule_form_refuses_moving_the_last_fallback_with_a_message(demo_rules):
    fallback = _fallback()
    form = RoutingRuleForm(_form_data(fallback, track=Track.PERPETRATOR), instance=fallback)
    assert not form.is_valid()
    assert _refused(" ".join(form.non_field_errors()))


def test_the_interface_page_shows_the_refusal_and_keeps_the_rule(client, demo_rules):
    seed_accounts()
    login(client, User.objects.get(username="coordinator"))
    fallback = _fallback()
    url = reverse("casework:routing_edit", args=[fallback.pk])
    response = client.post(url, _form_data(fallback, track=Track.PERPETRATOR))
    assert response.status_code == 200
    assert _refused(response.content.decode())
    assert _fallback().track == Track.VICTIM
    response = client.post(url, _form_data(fallback, is_active=""))
    assert response.status_code == 200
    assert _fallback().is_active


# --- the admin -------------------------------------------------------------------------------------


def test_the_admin_edit_refuses_moving_the_last_fallback_and_reports_no_success(admin_client):
    fallback = _fallback()
    url = reverse("admin:routing_routingrule_change", args=[fallback.pk])
    response = admin_client.post(url, _form_data(fallback, track=Track.PERPETRATOR))
    assert response.status_code == 200  # the form again, with the error
    assert _refused(response.content.decode())
    assert "successfully" not in _messages(response) and "gelukt" not in _messages(response)
    assert _fallback().track == Track.VICTIM


def test_the_admin_edit_still_saves_other_changes(admin_client):
    fallback = _fallback()
    url = reverse("admin:routing_routingrule_change", args=[fallback.pk])
    response = admin_client.post(url, _form_data(fallback, name="Landelijk vangnet CoMensha"))
    assert response.status_code == 302
    assert _fallback().name == "Landelijk vangnet CoMensha"


def test_the_admin_delete_page_refuses_the_last_fallback_with_a_message(admin_client):
    fallback = _fallback()
    url = reverse("admin:routing_routingrule_delete", args=[fallback.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        assert response.status_code == 302
        assert response.url == reverse("admin:routing_routingrule_change", args=[fallback.pk])
        assert _refused(_messages(response))
    assert RoutingRule.objects.filter(pk=fallback.pk).exists()


def test_the_admin_bulk_delete_refuses_a_selection_with_the_last_fallback(admin_client):
    fallback = _fallback()
    other = RoutingRule.objects.get(track=Track.PERPETRATOR, name="Arbeidsuitbuiting")
    url = reverse("admin:routing_routingrule_changelist")
    selection = {"action": "delete_selected", "_selected_action": [fallback.pk, other.pk]}
    # The confirmation step and the confirmed post are both refused, as a whole.
    for data in (selection, {**selection, "post": "yes"}):
        response = admin_client.post(url, data)
        assert response.status_code == 302
        assert _refused(_messages(response))
    assert RoutingRule.objects.filter(pk__in=[fallback.pk, other.pk]).count() == 2


def test_the_admin_bulk_delete_deletes_rules_that_are_not_the_last_fallback(admin_client):
    rule = RoutingRule.objects.get(track=Track.PERPETRATOR, name="Arbeidsuitbuiting")
    url = reverse("admin:routing_routingrule_changelist")
    response = admin_client.post(url, {"action": "delete_selected", "_selected_action": [rule.pk], "post": "yes"})
    assert response.status_code == 302
    assert not RoutingRule.objects.filter(pk=rule.pk).exists()
