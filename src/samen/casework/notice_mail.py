"""The e-mail of a notification (`services.notify`): in each reader's language, sent by a task
after the commit, and tried again when the mail server fails.

- A user gets it in the language they work in (`User.working_language`); a contact point's
  address (an organisation's mailbox, or the desk of whoever is on duty) in Dutch.
- The queued task holds ids and the notice's message and values, never an address or a rendered
  text: the task queue keeps its rows, and the addresses are read when sending, so a corrected
  one is used on the next attempt.
- One message per address over one connection: a refused address does not stop the others.
  Those not reached are tried again after `RETRY_AFTER`; after the last attempt the task fails.
  Each failure is logged with the track's id, how many were not reached and the error's class
  name, never an address or the text (an SMTP error's message names the refused address).
- No personal data in e-mail: the text names the receipt code and the track only.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from samen.accounts.models import User
from samen.casework.notices import Notice
from samen.partners.models import ContactPoint

log = logging.getLogger(__name__)

# Seconds before each further attempt: five attempts in all, the last about 2.5 hours after the first.
RETRY_AFTER = (60, 5 * 60, 30 * 60, 2 * 60 * 60)
# An organisation's mailbox is read by whoever is on duty there.
MAILBOX_LANGUAGE = "nl"


class MailNotSent(Exception):
    """Recipients still not reached after the last attempt. Says how many, never who."""


@dataclass(frozen=True)
class Recipient:
    kind: str  # "user" or "contact_point"
    pk: int
    address: str
    language: str


def send_after_commit(
    *,
    users: Iterable[User],
    contact_points: Iterable[ContactPoint],
    track_id: int | None,
    notice: Notice,
    subject: Notice | None,
) -> None:
    """Queue the e-mail of a notice once the transaction commits; nothing when no one has an address."""
    user_ids = sorted({u.pk for u in users if u.email})
    point_ids = sorted({p.pk for p in contact_points if p.email})
    if not user_ids and not point_ids:
        return
    kwargs: dict[str, Any] = {
        "track_id": track_id,
        "user_ids": user_ids,
        "contact_point_ids": point_ids,
        "message": notice.message,
        "values": notice.values,
        "subject": {"message": subject.message, "values": subject.values} if subject else None,
    }

    def enqueue() -> None:
        # The change is committed: a queue that cannot take the e-mail must not turn it into an error page.
        try:
            send_notice_mail_task.enqueue(**kwargs)
        except Exception as exc:
            log.error("E-mail of a notice on track %s could not be queued (%s).", track_id, type(exc).__name__)

    transaction.on_commit(enqueue)


@task()
def send_notice_mail_task(
    *,
    track_id: int | None,
    user_ids: list[int],
    contact_point_ids: list[int],
    message: str,
    values: dict,
    subject: dict | None = None,
    attempt: int = 1,
) -> int:
    """Send the e-mail of a notice; returns how many were reached. Those not reached are queued again."""
    to = recipients(user_ids=user_ids, contact_point_ids=contact_point_ids)
    failed, error = send(
        to, Notice(message, values), Notice(subject["message"], subject["values"]) if subject else None
    )
    if not failed:
        return len(to)
    where = f"E-mail of a notice on track {track_id}: {len(failed)} of {len(to)} not reached ({error})"
    if attempt > len(RETRY_AFTER):
        log.error("%s after %d attempts; given up.", where, attempt)
        raise MailNotSent(f"{where} after {attempt} attempts.")
    delay = RETRY_AFTER[attempt - 1]
    send_notice_mail_task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay)).enqueue(
        track_id=track_id,
        user_ids=[r.pk for r in failed if r.kind == "user"],
        contact_point_ids=[r.pk for r in failed if r.kind == "contact_point"],
        message=message,
        values=values,
        subject=subject,
        attempt=attempt + 1,
    )
    log.warning("%s at attempt %d; trying again in %d seconds.", where, attempt, delay)
    return len(to) - len(failed)


def recipients(*, user_ids: Iterable[int], contact_point_ids: Iterable[int]) -> list[Recipient]:
    """One per address, as it is now; where a user and a contact point share one, the user's language."""
    found: dict[str, Recipient] = {}
    for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").order_by("pk"):
        found.setdefault(user.email, Recipient("user", user.pk, user.email, user.working_language))
    for point in ContactPoint.objects.filter(pk__in=contact_point_ids).exclude(email="").order_by("pk"):
        found.setdefault(point.email, Recipient("contact_point", point.pk, point.email, MAILBOX_LANGUAGE))
    return sorted(found.values(), key=lambda r: r.address)


def rendered(notice: Notice, subject: Notice | None, language: str) -> tuple[str, str]:
    """(subject, body) in `language`; without a subject of its own, the text's start is the subject."""
    with translation.override(language):
        text = notice.text()
        return (subject.text() if subject else text[:80]), text


def send(to: list[Recipient], notice: Notice, subject: Notice | None) -> tuple[list[Recipient], str]:
    """One message per recipient over one connection; returns those not reached and the last error's class name."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as exc:  # no server: nobody reached, all tried again
        return list(to), type(exc).__name__
    failed: list[Recipient] = []
    error = ""
    try:
        for recipient in to:
            title, body = rendered(notice, subject, recipient.language)
            email = EmailMessage(title, body, settings.DEFAULT_FROM_EMAIL, [recipient.address], connection=connection)
            try:
                email.send()
            except Exception as exc:  # a refused address does not stop the others
                failed.append(recipient)
                error = type(exc).__name__
    finally:
        try:
            connection.close()
        except Exception as exc:  # what was handed over is sent; QUIT failing changes nothing
            log.info("Closing the mail connection failed (%s).", type(exc).__name__)
    return failed, error
