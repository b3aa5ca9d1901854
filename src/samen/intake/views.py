"""Intake pages: the public form and the professional form (the receipt and the status page have
modules of their own).

Thin: forms validate, `services.signal_submit` stores, `selectors` read.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samen.audit import AuditUnavailable
from samen.intake import permissions, ratelimit, selectors, services
from samen.intake.fields import reporters_language
from samen.intake.form_pages import (
    as_typed,
    csrf_refused,
    expired,
    language_switch,
    shows_its_messages,
    still_waiting,
    switched,
    too_many,
)
from samen.intake.forms import (
    MAX_PERSON_BLOCKS,
    ContactChoice,
    PersonForm,
    ProfessionalPersonForm,
    ProfessionalSignalForm,
    SignalForm,
    added_person_blocks,
    person_forms,
    persons_are_valid,
    with_added_person_block,
)
from samen.intake.indicators import load_groups
from samen.intake.models import Channel
from samen.intake.receipt_views import remember_receipt
from samen.web import languages

logger = logging.getLogger(__name__)


def _sent_before(request: HttpRequest) -> bool:
    """Whether the form in this POST is a draft of a report that was stored since: the browser
    sent an earlier page's form again (Back and reload after a language switch or a refused
    send). Its text must not come back, on a shared phone least of all."""
    # Cleaned as the form cleans it: a tampered key (a NUL, which PostgreSQL refuses) becomes its digest.
    key = SignalForm.base_fields["idempotency_key"].clean(request.POST.get("idempotency_key"))
    return bool(key) and selectors.is_stored_under_key(f"web:{key}")


def _idempotency_key(form: SignalForm) -> str:
    key = (form.cleaned_data.get("idempotency_key") or "").strip()
    return f"web:{key}" if key else f"web:{uuid.uuid4()}"


class _NotStored(Exception):
    """The report could not be stored now (the database or the audit log is away): nothing was stored."""


def _not_stored(request: HttpRequest, template: str, context: dict[str, Any], *bound: forms.BaseForm) -> HttpResponse:
    """The form again, as it was typed and with the same idempotency key, saying it was not sent.

    The error pages (500, 503) would lose every word of a long account, and a page that is never
    cached cannot be relied on to come back with Back. Sending it again is safe: if the first
    send was stored after all, the key gives its receipt, not a second signal.
    """
    as_typed(*bound)
    response = render(request, template, {**context, "not_stored": True}, status=503)
    response["Retry-After"] = "60"
    return response


def _submit(
    request: HttpRequest, form: SignalForm, data: services.SignalInput, channel: str, actor: Any
) -> services.SubmitResult | None:
    """Store the report; None when the key was used for another report (the form says so).

    Raises `_NotStored` when the database or the audit log cannot take it now."""
    try:
        result = services.signal_submit(
            data=data,
            channel=channel,
            actor=actor,
            idempotency_key=_idempotency_key(form),
            fingerprint=services.fingerprint_of_input(data),
        )
    except (AuditUnavailable, DatabaseError) as error:
        if isinstance(error, (DataError, IntegrityError)):
            raise  # caused by the data: it comes again on every send, so "send it again" would be untrue
        # The kind only: a database error's text can quote the values it refused.
        logger.error("A report could not be stored (%s); its form was shown again as typed.", type(error).__name__)
        raise _NotStored from error
    except services.IdempotencyConflict:
        form.add_error(
            None, _("Your first report already reached us. Send this form again only if you want to add something new.")
        )
        form.data = form.data.copy()
        form.data["idempotency_key"] = str(uuid.uuid4())
        return None
    acute = bool(form.cleaned_data.get("acute_danger"))
    contact = "anonymous"
    if form.cleaned_data.get("contact_choice") == ContactChoice.CONTACT:
        contact = "safe_way" if form.cleaned_data.get("safe_way") else "contact"
    professional = channel != Channel.PUBLIC_WEB
    remember_receipt(
        request,
        result,
        professional=professional,
        acute=acute,
        contact=contact,
        channel=channel if professional else "",
        language=(data.language or "") if professional else "",
    )
    return result


@csrf_exempt  # checked in the view: a refused form comes back as typed (`expired`)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The public form: no login, plain language, acute danger first."""
    context = {"language_form": "report-form"}
    if request.method == "POST":
        form = SignalForm(request.POST)
        persons = person_forms(PersonForm, request.POST)
        typed = {**context, "form": form, "persons": persons}
        code, refused = language_switch(request, languages.PUBLIC), csrf_refused(request)
        # The pages that show the form as typed: for a stored report's draft, an empty form instead.
        echoed = code or refused or not (form.is_valid() and persons_are_valid(persons))
        if echoed and _sent_before(request):
            empty = {**context, **_empty_public_form(), "sent_before": True}
            if code:
                return switched(request, code, "intake/report.html", empty)
            return render(request, "intake/report.html", empty)
        if refused:
            as_typed(form, *persons)
            return expired(request, "intake/report.html", typed)
        if code:
            if not shows_its_messages(request):
                as_typed(form, *persons)
            typed |= still_waiting(request, "report", ratelimit.public_form_limit())
            return switched(request, code, "intake/report.html", typed)
        if form.is_valid() and persons_are_valid(persons):
            # Only a report that would be stored counts: correcting a form is not an attempt.
            retry_after = ratelimit.hit(request, "report", ratelimit.public_form_limit())
            # A stored report sent again stores nothing new: it gets its receipt, not its text back.
            if retry_after is not None and not _sent_before(request):
                return too_many(request, retry_after, "intake/report.html", typed, form, *persons)
            data = form.to_input([p.to_input() for p in persons if p.is_filled()])
            data.language = _page_language()
            # The public form never links a signal to a user, even one who happens to be signed in.
            try:
                if _submit(request, form, data, Channel.PUBLIC_WEB, actor=None) is not None:
                    return redirect("intake:receipt")
            except _NotStored:
                ratelimit.forgive(request, "report")
                return _not_stored(request, "intake/report.html", typed, form, *persons)
    else:
        return render(request, "intake/report.html", {**context, **_empty_public_form()})
    return render(request, "intake/report.html", {**context, "form": form, "persons": persons})


def _page_language() -> str:
    """The language the public form was sent in: the reporter reads the status page in it, so the
    handling organisation is told to write its messages in it too (`Signal.language`)."""
    language = translation.get_language()
    return language if language in languages.PUBLIC else ""


def _empty_public_form() -> dict[str, Any]:
    return {
        "form": SignalForm(initial={"idempotency_key": str(uuid.uuid4())}),
        "persons": person_forms(PersonForm),
    }


def _signed_out(request: HttpRequest) -> HttpResponse:
    """The form as it was typed, not sent, when the session ended while it was being filled in.

    An intake officer may type through a long phone call; a session that ended meanwhile (idle
    time, a logout in another tab) sent the form to the login page and lost every word. Nothing
    is stored: they sign in again in another tab and send the form from here. The channel field
    comes back only when the form had one.
    """
    form = ProfessionalSignalForm(request.POST, may_choose_channel="channel" in request.POST)
    added = added_person_blocks(request.POST)  # the second victim typed in comes back too
    persons = person_forms(ProfessionalPersonForm, request.POST, added)
    as_typed(form, *persons)
    context = {**_professional_page(form, persons, organisation=None), "signed_out": True}
    context["person_blocks"] = " ".join(f"{role}-{number}" for role, number in added)
    return render(request, "intake/report_professional.html", context, status=403)


def _professional_page(form: ProfessionalSignalForm, persons: list, *, organisation: Any) -> dict[str, Any]:
    return {
        "form": form,
        "persons": persons,
        "indicator_groups": _indicator_groups(form),
        "organisation": organisation,
        "language_form": "report-form",
    }


@csrf_exempt  # checked in the view: a refused form comes back as typed (`expired`)
@never_cache
@require_http_methods(["GET", "POST"])
def report_professional(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _signed_out(request)
        return redirect_to_login(request.get_full_path())
    if not permissions.can_report_as_professional(request.user):
        raise PermissionDenied
    may_choose_channel = permissions.can_choose_channel(request.user)
    refused = request.method == "POST" and csrf_refused(request)
    switch_to = language_switch(request, languages.PROFESSIONAL) if request.method == "POST" and not refused else None
    added: list[tuple[str, int]] = []
    new_block, sent_before, not_stored = None, False, False
    if request.method == "POST":
        form = ProfessionalSignalForm(request.POST, may_choose_channel=may_choose_channel)
        added = added_person_blocks(request.POST)
        adding = "" if refused else request.POST.get("add_person", "")
        if adding:
            before, added = added, with_added_person_block(added, adding)
            new_block = next((block for block in added if block not in before), None)
        persons = person_forms(ProfessionalPersonForm, request.POST, added)
        again = bool(switch_to or adding)  # the page again, in another language or with a person more
        # Phone numbers are read for the reporter's language the form states, not for the page's:
        # an English page asked a police officer whether The Hague's 070 was Romanian.
        stated = form.stated_language()
        with reporters_language(stated):
            # Every block checked here, also when the form has a mistake too: a block left unchecked
            # was checked while the page rendered, for the page's language (found in review).
            valid = not (refused or again) and all([form.is_valid(), persons_are_valid(persons)])
        if not valid and _sent_before(request):
            # A stored signal's draft sent again by the browser: its identifying data stay off the screen.
            form = ProfessionalSignalForm(
                initial={"idempotency_key": str(uuid.uuid4())}, may_choose_channel=may_choose_channel
            )
            persons, added, new_block, refused = person_forms(ProfessionalPersonForm), [], None, False
            sent_before = True
        elif refused or (again and not shows_its_messages(request)):
            as_typed(form, *persons)
        # A language switch or a person added to a form with messages shows them again; only a send is stored.
        elif valid:
            data = form.to_signal_input(
                [p.to_input() for p in persons if p.is_filled()], organisation=request.user.organisation
            )
            try:
                if _submit(request, form, data, form.chosen_channel(), actor=request.user) is not None:
                    return redirect("intake:receipt")
            except _NotStored:
                not_stored = True
                as_typed(form, *persons)
        elif again:
            # The messages shown again: checked here, for the stated language, in the page's (new) language.
            with translation.override(switch_to or translation.get_language()), reporters_language(stated):
                form.full_clean()
                persons_are_valid(persons)
    else:
        form = ProfessionalSignalForm(
            initial={"idempotency_key": str(uuid.uuid4())}, may_choose_channel=may_choose_channel
        )
        persons = person_forms(ProfessionalPersonForm)
    context = _professional_page(form, persons, organisation=request.user.organisation)
    context["lists_reported"] = permissions.can_list_reported_signals(request.user)
    context["person_blocks"] = " ".join(f"{role}-{number}" for role, number in added)
    for person in persons:
        if new_block and (person.role, person.number) == new_block:
            # Its first field, not the block: focusing a block taller than the screen centred its middle.
            next(iter(person.fields.values())).widget.attrs["autofocus"] = True
    context["may_add_person"] = len(persons) < MAX_PERSON_BLOCKS
    context["max_person_blocks"] = MAX_PERSON_BLOCKS
    context["sent_before"], context["not_stored"] = sent_before, not_stored
    if refused:
        # Sent from the page that said the session had ended: signing in again changed the token.
        context["signed_in_again"] = request.POST.get("signed_out") == "1"
        return expired(request, "intake/report_professional.html", context)
    if switch_to:
        return switched(request, switch_to, "intake/report_professional.html", context)
    return render(request, "intake/report_professional.html", context, status=503 if not_stored else 200)


def _indicator_groups(form: ProfessionalSignalForm) -> list[dict]:
    """The checklist grouped as in the reference data, each with its strengths per context.

    Names and labels are passed uncalled: the template calls them in the language the page is
    rendered in, which after a language switch is not yet active here."""
    selected = set(form["indicators"].value() or [])
    groups = []
    for group in load_groups():
        groups.append(
            {
                "name": group.name_for,
                "code": group.code,
                # A group with a ticked indicator stays open when the form comes back with an error.
                "open": any(i.id in selected for i in group.indicators),
                "indicators": [
                    {
                        "id": i.id,
                        "label": i.label_for,
                        "checked": i.id in selected,
                        "strengths": [
                            s for s in (i.strength_adult_labour, i.strength_child_labour, i.strength_adult_sexual)
                        ],
                    }
                    for i in group.indicators
                ],
            }
        )
    return groups
