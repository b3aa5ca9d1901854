"""Privacy officers search the audit log; the search is logged; a broken log answers 503 with no data.

Object types and data categories are stored as codes and shown as words in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from samen import audit
from samen.audit.models import AuditEntry
from samen.testing.auth import login
from samen.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def _entries(user, n, action="read"):
    for i in range(n):
        audit.record(
            actor=user,
            action=action,
            object_type="signal",
            object_id=i + 1,
            fields=["signal"],
            activity=audit.CASEWORK,
            origin="tests.read",
        )


def _entry(object_type, object_id, fields):
    audit.record(
        actor=UserFactory(),
        action="read",
        object_type=object_type,
        object_id=object_id,
        fields=fields,
        activity=audit.CASEWORK,
        origin="tests.read",
    )


def _officer_reads(client, language="nl", **query):
    login(client, UserFactory(roles=["privacy_officer"]))
    client.cookies["django_language"] = language
    response = client.get(reverse("audit:search"), query)
    assert response.status_code == 200
    return response


def _rows(response) -> list[list[str]]:
    """The table's rows as the text of their cells."""
    rows = re.findall(r'<tr class="utrecht-table__row">(.*?)</tr>', response.content.decode(), re.S)
    return [[html.unescape(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def _type_options(response) -> list[tuple[str, str]]:
    """(value, label) of each choice of the object type filter, in page order."""
    select = re.search(r'<select[^>]*name="object_type".*?</select>', response.content.decode(), re.S).group(0)
    return [
        (value, html.unescape(label))
        for value, label in re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)
    ]


def test_a_privacy_officer_searches_by_user_and_action_and_the_search_is_logged(client):
    worker, other = UserFactory(roles=["case_worker"]), UserFactory(roles=["case_worker"])
    _entries(worker, 3)
    _entries(other, 2, action="export")
    officer = UserFactory(roles=["privacy_officer"])
    login(client, officer)
    response = client.get(reverse("audit:search"), {"user": worker.pk, "action": "read"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    logged = AuditEntry.objects.filter(actor_id=officer.pk).get()
    assert (logged.action, logged.object_type, logged.result) == ("search", "audit_log", "allowed")


def test_the_audit_log_pages_by_fifty(client):
    _entries(UserFactory(), 60)
    login(client, UserFactory(roles=["privacy_officer"]))
    first = client.get(reverse("audit:search"))
    assert len(first.context["page"].object_list) == 50
    second = client.get(reverse("audit:search"), {"page": 2})
    assert len(second.context["page"].object_list) == 11  # 60 entries + the first search


def test_the_search_s_own_entry_does_not_push_an_entry_off_the_page(client):
    _entries(UserFactory(), 1)
    response = _officer_reads(client)
    assert response.context["page"].paginator.count == 1
    assert [entry.origin for entry in response.context["page"].object_list] == ["tests.read"]


@pytest.mark.parametrize("roles", [[], ["case_worker"], ["organisation_admin", "national_admin"]])
def test_others_cannot_read_the_audit_log_and_the_attempt_is_logged(client, roles):
    user = UserFactory(roles=roles)
    login(client, user)
    assert client.get(reverse("audit:search")).status_code == 403
    assert AuditEntry.objects.get(actor_id=user.pk).result == "denied"


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("audit:search"))
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")


def test_when_the_audit_log_cannot_be_written_the_page_answers_503_without_data(client):
    worker = UserFactory(roles=["case_worker"])
    _entries(worker, 1)
    login(client, UserFactory(roles=["privacy_officer"]))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE audit_audithead")  # rolled back with the test transaction
    response = client.get(reverse("audit:search"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"tests.read" not in response.content and b"audit_log" not in response.content


def test_the_table_names_the_object_and_its_data_categories_in_dutch(client):
    _entry("signal", 221, ["signal", "person", "free_text"])
    rows = _rows(_officer_reads(client))
    assert ["signaal 221", "signaal, personen, vrije tekst"] in [row[6:8] for row in rows]


def test_the_table_names_the_object_and_its_data_categories_in_english(client):
    _entry("contact_point", 5, ["contact"])
    rows = _rows(_officer_reads(client, "en"))
    assert ["contact point 5", "contact details"] in [row[6:8] for row in rows]


def test_a_code_the_vocabulary_does_not_know_is_shown_as_it_is(client):
    # Logged by an older or newer version of Samen: the page shows the code, not nothing, not an error.
    _entry("retired_thing", 3, ["signal", "retired_field"])
    rows = _rows(_officer_reads(client))
    assert ["retired_thing 3", "signaal, retired_field"] in [row[6:8] for row in rows]


@pytest.mark.parametrize(
    ("language", "first", "some"),
    [
        ("nl", ("", "elk type"), [("signal", "signaal"), ("person", "persoon"), ("contact_point", "aanspreekpunt")]),
        ("en", ("", "any type"), [("signal", "signal"), ("person", "person"), ("contact_point", "contact point")]),
    ],
)
def test_the_object_type_is_chosen_from_a_list_sorted_by_its_words(client, language, first, some):
    options = _type_options(_officer_reads(client, language))
    assert options[0] == first
    assert set(some) <= set(options)
    labels = [label for _value, label in options[1:]]
    assert labels == sorted(labels, key=str.casefold)


def test_choosing_an_object_type_shows_only_entries_about_such_objects(client):
    _entry("signal", 1, ["signal"])
    _entry("person", 2, ["identity"])
    _entry("person", 3, ["identity"])
    response = _officer_reads(client, object_type="person")
    assert ("person", "persoon") in _type_options(response)
    assert [entry.object_id for entry in response.context["page"].object_list] == ["3", "2"]
    assert 'value="person" selected' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nl", "Het auditlog kent geen soort object “signaal”. Kies een soort uit de lijst."),
        ("en", "The audit log has no object type “signaal”. Choose a type from the list."),
    ],
)
def test_an_object_type_that_does_not_exist_is_refused_with_a_message(client, language, message):
    # An old bookmark, or a label typed where the code belongs.
    response = _officer_reads(client, language, object_type="signaal")
    assert message in html.unescape(response.content.decode())
    assert response.context["form"].errors["object_type"] == [message]


def test_a_refused_search_shows_no_entries_and_keeps_what_was_valid(client):
    _entry("signal", 7, ["signal"])
    response = _officer_reads(client, "nl", object_type="signaal", object_id="7", action="read")
    page = response.content.decode()
    assert response.context["page"] is None and _rows(response) == []
    assert "Verbeter de zoekopdracht hierboven om de logregels te zien." in page
    assert 'name="object_id" value="7"' in page and '<option value="read" selected>' in page
    assert not AuditEntry.objects.filter(action="search").exists()  # nothing shown, nothing read


def test_the_actor_s_roles_read_as_words_and_an_unknown_role_as_its_code(client):
    audit.record(
        actor=UserFactory(),
        action="read",
        object_type="signal",
        object_id=4242,
        fields=["signal"],
        roles=["case_worker", "coordinator", "api"],
        activity=audit.CASEWORK,
        origin="tests.read",
    )
    rows = _rows(_officer_reads(client, "nl", object_id="4242"))
    assert [row[4] for row in rows if row] == ["casusbehandelaar, coördinator, api"]


def _entry_at(moment: dt.datetime, object_id: int) -> None:
    with time_machine.travel(moment, tick=False):
        _entry("signal", object_id, ["signal"])


def test_the_times_are_shown_in_dutch_time_with_their_offset_and_the_column_says_so(client):
    # Found by exploratory testing: the column said "Tijd (UTC)" above 05:01:37 for an entry written at 04:01:37 UTC.
    _entry_at(dt.datetime(2026, 3, 2, 4, 1, 37, tzinfo=dt.UTC), 1)  # winter time, UTC+1
    _entry_at(dt.datetime(2026, 7, 1, 4, 1, 37, tzinfo=dt.UTC), 2)  # summer time, UTC+2
    response = _officer_reads(client, object_type="signal")
    page = response.content.decode()
    assert ">Tijd (Nederlandse tijd)</th>" in page and "UTC" not in page
    times = [row[1] for row in _rows(response) if row]
    assert times == ["2026-07-01 06:01:37 +0200", "2026-03-02 05:01:37 +0100"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"since": "2026-03-02"}, ["2", "3"]),
        ({"until": "2026-03-01"}, ["1"]),
        ({"since": "2026-03-02", "until": "2026-03-02"}, ["2"]),
        ({"since": "2026-03-03"}, ["3"]),
        ({"since": "0001-01-01", "until": "9999-12-31"}, ["1", "2", "3"]),  # no day before or after: no 500
    ],
)
def test_the_search_reads_its_days_in_dutch_time_as_the_table_shows_them(client, query, found):
    _entry_at(dt.datetime(2026, 3, 1, 22, 59, tzinfo=dt.UTC), 1)  # 23:59 on 1 March in Amsterdam
    _entry_at(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC), 2)  # 00:30 on 2 March in Amsterdam
    _entry_at(dt.datetime(2026, 3, 2, 23, 0, tzinfo=dt.UTC), 3)  # 00:00 on 3 March in Amsterdam
    response = _officer_reads(client, object_type="signal", **query)
    assert sorted(entry.object_id for entry in response.context["page"].object_list) == found
