"""Intake pages: the public form, the receipt, the status page and the professional form.

Thin: forms validate, `services.signal_submit` stores, `selectors` read.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samen.accounts import languages as account_languages
from samen.audit import AuditUnavailable
from samen.intake import permissions, ratelimit, receipts, selectors, services
from samen.intake.fields import reporters_language
from samen.intake.forms import (
    MAX_PERSON_BLOCKS,
    ContactChoice,
    PersonForm,
    ProfessionalPersonForm,
    ProfessionalSignalForm,
    SignalForm,
    StatusForm,
    added_person_blocks,
    person_forms,
    persons_are_valid,
    with_added_person_block,
)
from samen.intake.indicators import load_groups
from samen.intake.models import Channel, Signal
from samen.web import languages

logger = logging.getLogger(__name__)

_SESSION_RECEIPT = "intake_receipt"
# The receipt shown last, for the language buttons of its page: a digest of what the page shows,
# keyed with a random token that only that page holds (`_receipt_digest`).
_SESSION_RECEIPT_SHOWN = "intake_receipt_shown"
# The signal the status page shows on its next GET, after a lookup or a language switch.
_SESSION_STATUS = "intake_status"
# The status shown last, for the language buttons of its page: a random token and the signal.
_SESSION_STATUS_SHOWN = "intake_status_shown"
# The lookup that found nothing, for the language buttons of its page: a digest of its code and
# secret keyed with a random token that only that page holds (`_not_found_digest`).
_SESSION_STATUS_NOT_FOUND = "intake_status_not_found"


def _language_switch(request: HttpRequest, offered: frozenset[str]) -> str | None:
    """The language asked for when a form's language button sent the form (`switch_language`).

    On the report and status forms the language buttons send the form itself, so that what
    was typed comes back in the other language instead of being lost on a page reload.
    """
    code = request.POST.get("switch_language", "")
    return code if code in offered and translation.check_for_language(code) else None


def _as_typed(*bound: forms.BaseForm) -> None:
    """Show what was sent in these forms again, unchecked: their data become their initial values.

    Used when the reporter only switched language: nothing was submitted yet, so no field may
    show an error and every value, including the idempotency key, must survive.
    """
    for form in bound:
        form.initial = {
            name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            for name, field in form.fields.items()
        }
        form.is_bound, form.data = False, {}
        # A form checked already (a send the database refused) holds bound fields that read the
        # old initial values; Django builds them again from the new ones.
        form._bound_fields_cache = {}


def _shows_its_messages(request: HttpRequest) -> bool:
    """Whether the form sent back had come with messages (its `checked` field): switching language
    then shows them again in the new one, as the reporter switched to read them."""
    return request.POST.get("checked") == "1"


def _switched(request: HttpRequest, code: str, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form page in language `code`, which is also remembered as Django's `set_language` does."""
    translation.activate(code)
    request.LANGUAGE_CODE = code
    # A logged-in professional's switch is kept on their account too (Dutch or English only).
    account_languages.remember_choice(request, code)
    return languages.set_cookie(render(request, template, context), code)


def _redirect_in_language(request: HttpRequest, to: str, code: str | None) -> HttpResponse:
    """A redirect to `to`, the page to show after a POST (Post/Redirect/Get), in language `code`
    when the POST was a language switch."""
    response = redirect(to)
    if code is None:
        return response
    account_languages.remember_choice(request, code)
    return languages.set_cookie(response, code)


def _too_many(
    request: HttpRequest, retry_after: int, template: str, context: dict[str, Any], *bound: forms.BaseForm
) -> HttpResponse:
    """The form again, as it was typed, with the rate limit's message: waiting must not cost the text."""
    _as_typed(*bound)
    context = {**context, "too_many_minutes": max(1, retry_after // 60)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _still_waiting(request: HttpRequest, scope: str, limit: int) -> dict[str, int]:
    """The rate limit's notice for a form only shown again in another language, when it still holds."""
    retry_after = ratelimit.waiting(request, scope, limit)
    return {} if retry_after is None else {"too_many_minutes": max(1, retry_after // 60)}


def _csrf_refusal(request: HttpRequest) -> HttpResponse | None:
    """Django's answer when its CSRF check refuses this request (`CSRF_FAILURE_VIEW`), else None."""
    return CsrfViewMiddleware(lambda _request: HttpResponse()).process_view(request, None, (), {})


def _csrf_refused(request: HttpRequest) -> bool:
    """Whether Django's CSRF check refuses this request, for a view that answers a refusal itself."""
    return _csrf_refusal(request) is not None


def _expired(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form again as it was typed (`_as_typed`), not sent, when the CSRF check refused it.

    That happens when the page was open while someone logged in or out in another tab of the
    browser, or when cookies are off. Django's refusal page would lose every word typed; this
    stores nothing either, and the next send carries a fresh token (and the same idempotency key).
    """
    return render(request, template, {**context, "expired": True}, status=403)


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


# What the receipt says about being contacted: nothing (unknown), or which of these.
_CONTACT_STATES = ("anonymous", "contact", "safe_way")


def _remember_receipt(
    request: HttpRequest,
    result: services.SubmitResult,
    *,
    professional: bool,
    acute: bool = False,
    contact: str = "",
) -> None:
    # `professional` only changes the receipt page's words: for whom the code and secret are;
    # `acute` makes its call to phone 112 an alert; `contact` says whether they can be contacted
    # (one of `_CONTACT_STATES`).
    shown = {
        "code": result.receipt,
        "secret": result.secret,
        "professional": professional,
        "acute": acute,
        "contact": contact,
    }
    if professional:  # the receipt links a professional to the signal's page, where they may open it
        shown["signal_id"] = result.signal_id
    if result.secret:  # a new signal, or the same send again within moments (`services._existing`)
        request.session[_SESSION_RECEIPT] = receipts.sealed_for_session(shown)
    else:
        stored = receipts.opened_from_session(request.session.get(_SESSION_RECEIPT)) or {}
        if stored.get("code") != result.receipt:
            request.session[_SESSION_RECEIPT] = receipts.sealed_for_session({**shown, "secret": None})


class _NotStored(Exception):
    """The report could not be stored now (the database or the audit log is away): nothing was stored."""


def _not_stored(request: HttpRequest, template: str, context: dict[str, Any], *bound: forms.BaseForm) -> HttpResponse:
    """The form again, as it was typed and with the same idempotency key, saying it was not sent.

    The error pages (500, 503) would lose every word of a long account, and a page that is never
    cached cannot be relied on to come back with Back. Sending it again is safe: if the first
    send was stored after all, the key gives its receipt, not a second signal.
    """
    _as_typed(*bound)
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
    _remember_receipt(request, result, professional=channel != Channel.PUBLIC_WEB, acute=acute, contact=contact)
    return result


@csrf_exempt  # checked in the view: a refused form comes back as typed (`_expired`)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The public form: no login, plain language, acute danger first."""
    context = {"language_form": "report-form"}
    if request.method == "POST":
        form = SignalForm(request.POST)
        persons = person_forms(PersonForm, request.POST)
        typed = {**context, "form": form, "persons": persons}
        code, refused = _language_switch(request, languages.PUBLIC), _csrf_refused(request)
        # The pages that show the form as typed: for a stored report's draft, an empty form instead.
        echoed = code or refused or not (form.is_valid() and persons_are_valid(persons))
        if echoed and _sent_before(request):
            empty = {**context, **_empty_public_form(), "sent_before": True}
            if code:
                return _switched(request, code, "intake/report.html", empty)
            return render(request, "intake/report.html", empty)
        if refused:
            _as_typed(form, *persons)
            return _expired(request, "intake/report.html", typed)
        if code:
            if not _shows_its_messages(request):
                _as_typed(form, *persons)
            typed |= _still_waiting(request, "report", ratelimit.public_form_limit())
            return _switched(request, code, "intake/report.html", typed)
        if form.is_valid() and persons_are_valid(persons):
            # Only a report that would be stored counts: correcting a form is not an attempt.
            retry_after = ratelimit.hit(request, "report", ratelimit.public_form_limit())
            # A stored report sent again stores nothing new: it gets its receipt, not its text back.
            if retry_after is not None and not _sent_before(request):
                return _too_many(request, retry_after, "intake/report.html", typed, form, *persons)
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


@csrf_exempt  # checked in the view: a language switch its own page sent gets past a changed CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt code and secret, shown once: on a shared phone the next person must not find them.

    The page's language buttons send the code and secret back (a hidden form), so the reporter
    who switches language still sees them; they are echoed only in their own shape, without
    looking anything up, so the page tells nothing about which codes exist. They are shown by
    the page that send is redirected to, once: a page answering the POST itself stayed in the
    browser's history, and Back and Reload on a shared phone showed them again.

    A login in another tab changes the CSRF token: the refusal lost the code and secret for good,
    as the page had shown them already (found in review). The page's random token, held by no
    other site, stands in for it, for the receipt that page showed only (`_receipt_digest`). A
    logout, or cookies cleared, ends the session and its digest too: that switch is refused still.
    """
    if request.method == "POST":
        code, secret = request.POST.get("code", ""), request.POST.get("secret", "")
        well_formed = receipts.is_receipt_code(code) and (not secret or receipts.is_secret(secret))
        professional = request.POST.get("professional") == "1"
        acute = request.POST.get("acute") == "1"
        contact = request.POST.get("contact", "")
        contact = contact if contact in _CONTACT_STATES else ""
        shown = {
            "code": code,
            "secret": secret or None,
            "professional": professional,
            "acute": acute,
            "contact": contact,
        }
        signal_id = request.POST.get("signal", "")
        if professional and signal_id.isascii() and signal_id.isdigit():
            # Linked only if this professional may open it (`_signal_url`), as before the switch.
            shown["signal_id"] = int(signal_id)
        refusal = _csrf_refusal(request)
        if refusal is not None and not _receipt_of_its_page(request, shown):
            return refusal
        if well_formed:
            request.session[_SESSION_RECEIPT] = receipts.sealed_for_session(shown)
        return _redirect_in_language(request, "intake:receipt", _language_switch(request, languages.PUBLIC))
    shown = receipts.opened_from_session(request.session.pop(_SESSION_RECEIPT, None))
    context = {**_receipt_page(request, shown), "signal_url": _signal_url(request, shown)}
    if shown:
        context["receipt_token"] = secrets.token_urlsafe(24)
        request.session[_SESSION_RECEIPT_SHOWN] = _receipt_digest(shown, context["receipt_token"])
    else:
        request.session.pop(_SESSION_RECEIPT_SHOWN, None)
    return render(request, "intake/receipt.html", context)


def _receipt_digest(shown: dict, token: str) -> str:
    """What a receipt page shows, as its language buttons send it back, as a digest keyed with the
    page's token: the session keeps no code or secret, and without the token the digest cannot even
    be tested against guesses."""
    sent = (
        shown["code"],
        shown["secret"] or "",
        bool(shown["professional"]),
        bool(shown["acute"]),
        shown["contact"],
        shown.get("signal_id") or "",
    )
    return salted_hmac("samen.intake.receipt.shown", repr(sent), secret=token, algorithm="sha256").hexdigest()


def _receipt_of_its_page(request: HttpRequest, shown: dict) -> bool:
    """Whether the receipt page this session showed last sent back just what it showed."""
    token, held = request.POST.get("token", ""), request.session.get(_SESSION_RECEIPT_SHOWN)
    return bool(token and held) and constant_time_compare(_receipt_digest(shown, token), held)


def _receipt_page(request: HttpRequest, shown: dict | None) -> dict[str, Any]:
    return {
        "receipt": shown,
        # A professional who comes back to the page reads a professional's words, not the reporter's.
        "professional": bool(shown.get("professional"))
        if shown
        else permissions.can_report_as_professional(request.user),
        # Whole, to be written down with the code: the reporter may come back from another device.
        "status_address": request.build_absolute_uri(reverse("intake:status")),
        # Without a receipt there is no form to send: the language buttons go to set_language.
        "language_form": "receipt-form" if shown else None,
        "lists_reported": bool(shown and shown.get("professional"))
        and permissions.can_list_reported_signals(request.user),
    }


def _signal_url(request: HttpRequest, shown: dict | None) -> str:
    """The page of the signal just stored, for a professional who may open it (an intake officer
    of the reporting organisation sees what becomes of it); otherwise nothing."""
    signal_id = (shown or {}).get("signal_id")
    signal = Signal.objects.filter(pk=signal_id).first() if signal_id else None
    if signal is None or not permissions.can_view_signal(request.user, signal):
        return ""
    return reverse("casework:signal", args=[signal.pk])


def _not_found_message() -> str:
    return _("We cannot find a report with this code and secret. Check both and try again.")


def _not_found_digest(form: StatusForm, token: str) -> str:
    """The code and secret of a lookup that found nothing, as a digest keyed with the page's token.

    The session keeps this digest, not what was typed; without the token, which only the page
    holds, it cannot even be tested against guesses."""
    typed = f"{form.cleaned_data['code']}\x00{form.cleaned_data['secret']}"
    return salted_hmac("samen.intake.status.not_found", typed, secret=token, algorithm="sha256").hexdigest()


def _was_not_found(request: HttpRequest, form: StatusForm) -> bool:
    """Whether this page showed that its code and secret, unchanged since, found nothing."""
    token, held = request.POST.get("not_found", ""), request.session.get(_SESSION_STATUS_NOT_FOUND)
    return bool(token and held) and form.is_valid() and constant_time_compare(_not_found_digest(form, token), held)


@csrf_exempt  # checked in the view: a refused form comes back as typed (`_expired`)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Code and secret come by POST only, so they never end up in a URL or a log.

    A status found is shown by the page the POST is redirected to, once: a page answering the
    POST itself stayed in the browser's history, and Back and Reload on a shared phone showed the
    status and the messages again. Neither the code nor the secret is kept for that page: only
    which signal to show, and for its language buttons a random token that shows it again.

    A language button on the form brings the form back as typed and looks nothing up; after a
    lookup that found nothing, it says so again in the other language (`_was_not_found`).
    """
    context: dict[str, Any] = {"language_form": "status-form", "signal": None}
    refused = request.method == "POST" and _csrf_refused(request)
    switch_to = _language_switch(request, languages.PUBLIC) if request.method == "POST" else None
    if request.method == "POST" and request.POST.get("shown") == "1":
        held = request.session.get(_SESSION_STATUS_SHOWN) or {}
        shown = bool(held) and constant_time_compare(request.POST.get("token", ""), held["token"])
        if shown:
            request.session[_SESSION_STATUS] = held["signal"]
        # The token, a secret of this session's page that no other site can know, stands in for the
        # CSRF token, which a login in another tab changed: the status comes back in the language.
        return _redirect_in_language(request, "intake:status", switch_to if shown or not refused else None)
    if refused:
        # Never a lookup (nor a language switch): the code and secret come back as typed.
        form = StatusForm(request.POST)
        _as_typed(form)
        return _expired(request, "intake/status.html", {**context, "form": form})
    if switch_to:
        translation.activate(switch_to)  # before the form's messages are written (`_switched` renders)
        form = StatusForm(request.POST)
        if not _shows_its_messages(request):
            _as_typed(form)
        elif _was_not_found(request, form):
            # Said again without a lookup, so without counting towards the rate limit.
            form.add_error(None, _not_found_message())
            context["not_found_token"] = request.POST["not_found"]
        waiting = _still_waiting(request, "status", ratelimit.status_limit())
        return _switched(request, switch_to, "intake/status.html", {**context, "form": form, **waiting})
    signal = None
    if request.method == "POST":
        form = StatusForm(request.POST)
        request.session.pop(_SESSION_STATUS_NOT_FOUND, None)
        if form.is_valid():
            # Only a lookup counts: a form sent with a field left empty looks nothing up. Counted before
            # it is made, so that lookups sent at once cannot pass the limit together.
            retry_after = ratelimit.hit(request, "status", ratelimit.status_limit())
            if retry_after is not None:
                return _too_many(request, retry_after, "intake/status.html", {**context, "form": form}, form)
            signal = selectors.signal_for_reporter(form.cleaned_data["code"], form.cleaned_data["secret"])
            if signal is not None:
                # Only a lookup that finds nothing counts: reporters in one shelter share one address,
                # and their own checks locked each other out for the hour (found by exploratory testing).
                ratelimit.forgive(request, "status")
                request.session[_SESSION_STATUS] = signal.pk
                return redirect("intake:status")
            # In the form's list of problems, which takes the focus and is read out (found by
            # exploratory testing: a message outside the form was not announced).
            form.add_error(None, _not_found_message())
            context["not_found_token"] = secrets.token_urlsafe(24)
            request.session[_SESSION_STATUS_NOT_FOUND] = _not_found_digest(form, context["not_found_token"])
    else:
        form = StatusForm()
        request.session.pop(_SESSION_STATUS_NOT_FOUND, None)
        signal_id = request.session.pop(_SESSION_STATUS, None)
        signal = Signal.objects.filter(pk=signal_id).first() if signal_id else None
        if signal is None:
            request.session.pop(_SESSION_STATUS_SHOWN, None)
        else:
            context["shown_token"] = secrets.token_urlsafe(24)
            request.session[_SESSION_STATUS_SHOWN] = {"token": context["shown_token"], "signal": signal.pk}
    context.update(
        form=form,
        signal=signal,
        messages_for_reporter=list(signal.reporter_messages.all()) if signal else [],
    )
    return render(request, "intake/status.html", context)


def _signed_out(request: HttpRequest) -> HttpResponse:
    """The form as it was typed, not sent, when the session ended while it was being filled in.

    An intake officer may type through a long phone call; a session that ended meanwhile (idle
    time, a logout in another tab) sent the form to the login page and lost every word. Nothing
    is stored: they sign in again in another tab and send the form from here. The channel field
    comes back only when the form had one.
    """
    form = ProfessionalSignalForm(request.POST, may_choose_channel=bool(request.POST.get("channel")))
    added = added_person_blocks(request.POST)  # the second victim typed in comes back too
    persons = person_forms(ProfessionalPersonForm, request.POST, added)
    _as_typed(form, *persons)
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


@csrf_exempt  # checked in the view: a refused form comes back as typed (`_expired`)
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
    expired = request.method == "POST" and _csrf_refused(request)
    switch_to = _language_switch(request, languages.PROFESSIONAL) if request.method == "POST" and not expired else None
    added: list[tuple[str, int]] = []
    new_block, sent_before, not_stored = None, False, False
    if request.method == "POST":
        form = ProfessionalSignalForm(request.POST, may_choose_channel=may_choose_channel)
        added = added_person_blocks(request.POST)
        adding = "" if expired else request.POST.get("add_person", "")
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
            valid = not (expired or again) and all([form.is_valid(), persons_are_valid(persons)])
        if not valid and _sent_before(request):
            # A stored signal's draft sent again by the browser: its identifying data stay off the screen.
            form = ProfessionalSignalForm(
                initial={"idempotency_key": str(uuid.uuid4())}, may_choose_channel=may_choose_channel
            )
            persons, added, new_block, expired = person_forms(ProfessionalPersonForm), [], None, False
            sent_before = True
        elif expired or (again and not _shows_its_messages(request)):
            _as_typed(form, *persons)
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
                _as_typed(form, *persons)
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
    if expired:
        # Sent from the page that said the session had ended: signing in again changed the token.
        context["signed_in_again"] = request.POST.get("signed_out") == "1"
        return _expired(request, "intake/report_professional.html", context)
    if switch_to:
        return _switched(request, switch_to, "intake/report_professional.html", context)
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
