"""The e-mail of a notification: each reader's language, sent by a task, a failing server tried again."""

from __future__ import annotations

import datetime
import json
import logging
from smtplib import SMTPConnectError, SMTPRecipientsRefused

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone
from django.utils.translation import gettext_noop

from samen.accounts.models import Role
from samen.casework import notice_mail, services
from samen.casework.models import Notification
from samen.casework.notice_mail import RETRY_AFTER, MailNotSent
from samen.casework.notices import Notice
from samen.casework.tests.conftest import org, user
from samen.partners.models import ContactPoint
from samen.routing.models import Track
from samen.testing.factories import UserFactory
from samen.testing.tasks import queued, run_queued

pytestmark = pytest.mark.django_db

REFUSED: set[str] = set()


class RefusingBackend(locmem.EmailBackend):
    """Django's test backend behind a server that refuses the addresses in `REFUSED`, as SMTP does."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED & set(message.to):
                raise SMTPRecipientsRefused({address: (550, b"5.1.1 mailbox unavailable") for address in message.to})
        return super().send_messages(messages)


class DownBackend(locmem.EmailBackend):
    """A mail server that does not answer."""

    def open(self):
        raise SMTPConnectError(421, b"4.3.2 service not available")


@pytest.fixture
def victim(signal):
    """The victim track, owned by the care coordinator RE07."""
    return signal.tracks.get(kind=Track.VICTIM)


def worker(email: str, language: str):
    return UserFactory(
        organisation=org("zorgcoordinatie-re07"), roles=[Role.CASE_WORKER], email=email, language=language
    )


def give_action(track, owner, capture) -> None:
    with capture(execute=True):
        services.action_add(track=track, description="Bel de werkgever.", actor=user("coordinator"), owner=owner)


def sent_to(address: str):
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return message


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "New action for you on victim track"),
        ("nl", "Nieuwe actie voor u bij slachtofferspoor"),
        ("", "Nieuwe actie voor u bij slachtofferspoor"),  # none chosen yet
    ],
)
def test_a_user_gets_the_e_mail_subject_and_body_in_the_language_they_work_in(
    victim, django_capture_on_commit_callbacks, language, words
):
    owner = worker("wendy@demo.example", language)
    give_action(victim, owner, django_capture_on_commit_callbacks)
    run_queued()
    message = sent_to("wendy@demo.example")
    assert message.subject.startswith(words) and message.body.startswith(words)
    assert victim.signal.receipt_code in message.body
    # The in-app row keeps the Dutch text for the record, whatever the reader's language.
    assert Notification.objects.get(user=owner).text.startswith("Nieuwe actie voor u bij slachtofferspoor")


def test_an_escalation_reaches_each_user_in_their_language_and_the_backup_s_mailbox_in_dutch(
    victim, django_capture_on_commit_callbacks
):
    backup = ContactPoint.objects.create(
        organisation=victim.owner, name="Achterwacht", function="Zorgcoördinator", email="achterwacht@demo.example"
    )
    ContactPoint.objects.filter(pk=victim.contact_point_id).update(backup=backup)
    english = user("coordinator")
    english.language = "en"
    english.save()
    UserFactory(
        organisation=org("zorgcoordinatie-re07"), roles=[Role.COORDINATOR], email="cor.nl@demo.example", language="nl"
    )
    with time_machine.travel(datetime.datetime.combine(victim.due_on, datetime.time(12)) + datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            services.escalate_overdue()
    run_queued()
    in_english = sent_to(english.email)
    assert in_english.subject.startswith("Victim track") and "is past its deadline of" in in_english.subject
    assert in_english.body == in_english.subject
    for dutch in (sent_to("cor.nl@demo.example"), sent_to("achterwacht@demo.example")):
        assert dutch.subject.startswith("Slachtofferspoor") and "is over de termijn van" in dutch.subject
        assert dutch.body == dutch.subject


def test_the_queue_holds_ids_and_the_notice_never_an_address_or_the_text(victim, django_capture_on_commit_callbacks):
    owner = worker("wendy@demo.example", "en")
    give_action(victim, owner, django_capture_on_commit_callbacks)
    (result,) = queued()
    stored = json.dumps(result.kwargs)
    assert result.kwargs["user_ids"] == [owner.pk] and result.kwargs["track_id"] == victim.pk
    assert "@" not in stored and "New action for you on" in stored  # the msgid, not the sentence
    assert "Nieuwe actie" not in stored and "victim track" not in stored


def test_a_refused_address_is_tried_again_later_alone_and_logged_without_address_or_text(
    victim, django_capture_on_commit_callbacks, settings, caplog, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    monkeypatch.setattr(f"{__name__}.REFUSED", {"refused@demo.example"})
    caplog.set_level(logging.INFO, logger=notice_mail.__name__)
    refused, fine = worker("refused@demo.example", "en"), worker("fine@demo.example", "nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[refused, fine], track=victim, notice=_notice(victim))
    assert run_queued() == [1]
    assert [m.to for m in mail.outbox] == [["fine@demo.example"]]
    (retry,) = queued()
    assert retry.kwargs["user_ids"] == [refused.pk] and retry.kwargs["attempt"] == 2
    assert retry.task.run_after > timezone.now() + datetime.timedelta(seconds=RETRY_AFTER[0] - 5)
    (record,) = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert f"track {victim.pk}" in record.getMessage() and "SMTPRecipientsRefused" in record.getMessage()
    assert_nothing_personal(caplog.text, victim)
    REFUSED.clear()
    assert run_queued() == [1]
    assert sent_to("refused@demo.example").subject.startswith("New action for you on")
    assert queued() == []


def test_a_mail_server_that_stays_down_fails_the_task_after_the_last_attempt_saying_only_how_many(
    victim, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.DownBackend"
    caplog.set_level(logging.INFO, logger=notice_mail.__name__)
    owners = [worker("a@demo.example", "nl"), worker("b@demo.example", "en")]
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=owners, track=victim, notice=_notice(victim))
    for _attempt in RETRY_AFTER:
        assert run_queued() == [0]
    with pytest.raises(MailNotSent) as failure:
        run_queued()
    assert f"track {victim.pk}: 2 of 2 not reached (SMTPConnectError) after 5 attempts" in str(failure.value)
    assert failure.value.__context__ is None  # the stored traceback holds no SMTP message
    assert [r.levelname for r in caplog.records] == ["WARNING"] * len(RETRY_AFTER) + ["ERROR"]
    assert_nothing_personal(caplog.text + str(failure.value), victim)
    assert mail.outbox == [] and queued() == []


def test_a_queue_that_cannot_take_the_e_mail_leaves_the_notification_and_says_so_in_the_log(
    victim, django_capture_on_commit_callbacks, settings, caplog
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["elsewhere"]}}
    owner = worker("wendy@demo.example", "nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(users=[owner], track=victim, notice=_notice(victim))
    assert Notification.objects.filter(user=owner, track=victim).exists()
    (record,) = [r for r in caplog.records if r.name == notice_mail.__name__]
    assert record.levelno == logging.ERROR and f"track {victim.pk} could not be queued" in record.getMessage()


def _notice(track) -> Notice:
    return Notice(gettext_noop("New action for you on %(track)s."), {"track": services.track_label_value(track)})


def assert_nothing_personal(text: str, track) -> None:
    assert "@" not in text
    assert track.signal.receipt_code not in text  # nor the e-mail's text
