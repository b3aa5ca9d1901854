"""The receipt page: the code and secret of a report just stored, shown once."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samen.intake import permissions, receipts, services
from samen.intake.form_pages import csrf_refusal, language_switch, redirect_in_language
from samen.intake.models import Channel, Signal
from samen.web import languages

_SESSION_RECEIPT = "intake_receipt"


# The receipt shown last, for the language buttons of its page: a digest of what the page shows,
# keyed with a random token that only that page holds (`_receipt_digest`).
_SESSION_RECEIPT_SHOWN = "intake_receipt_shown"


# What the receipt says about being contacted: nothing (unknown), or which of these.
_CONTACT_STATES = ("anonymous", "contact", "safe_way")


def remember_receipt(
    request: HttpRequest,
    result: services.SubmitResult,
    *,
    professional: bool,
    acute: bool = False,
    contact: str = "",
    channel: str = "",
    language: str = "",
) -> None:
    # `professional` only changes the receipt page's words: for whom the code and secret are;
    # `acute` makes its call to phone 112 an alert; `contact` says whether they can be contacted
    # (one of `_CONTACT_STATES`); `channel` and `language` are what a professional's receipt says
    # was recorded (an intake officer who left "how did it come in" at the web form sees it there).
    shown = {
        "code": result.receipt,
        "secret": result.secret,
        "professional": professional,
        "acute": acute,
        "contact": contact,
    }
    if professional:  # the receipt links a professional to the signal's page, where they may open it
        shown.update(signal_id=result.signal_id, channel=channel, language=language)
    if result.secret:  # a new signal, or the same send again within moments (`services._existing`)
        request.session[_SESSION_RECEIPT] = receipts.sealed_for_session(shown)
    else:
        stored = receipts.opened_from_session(request.session.get(_SESSION_RECEIPT)) or {}
        if stored.get("code") != result.receipt:
            request.session[_SESSION_RECEIPT] = receipts.sealed_for_session({**shown, "secret": None})


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
        if professional:
            signal_id = request.POST.get("signal", "")
            if signal_id.isascii() and signal_id.isdigit():
                # Linked only if this professional may open it (`_signal_url`), as before the switch.
                shown["signal_id"] = int(signal_id)
            channel, language = request.POST.get("channel", ""), request.POST.get("language", "")
            shown["channel"] = channel if channel in Channel.values else ""
            shown["language"] = language if language in languages.PUBLIC else ""
        refusal = csrf_refusal(request)
        if refusal is not None and not _receipt_of_its_page(request, shown):
            return refusal
        if well_formed:
            request.session[_SESSION_RECEIPT] = receipts.sealed_for_session(shown)
        return redirect_in_language(request, "intake:receipt", language_switch(request, languages.PUBLIC))
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
        shown.get("channel") or "",
        shown.get("language") or "",
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
        "recorded": _recorded(shown),
        "for_the_reporter": _for_the_reporter(shown),
    }


def _for_the_reporter(shown: dict | None) -> str:
    """The reporter's language, when a professional's receipt should also speak it: an intake
    officer hands the code and secret to a caller who came by or wrote in Polish."""
    shown = shown or {}
    language = shown.get("language") or ""
    if not (shown.get("professional") and shown.get("secret")) or language not in languages.PUBLIC:
        return ""
    return "" if language == get_language() else language


def _recorded(shown: dict | None) -> list[tuple[str, str]]:
    """What a professional's receipt says was recorded: how the signal came in, and the reporter's language."""
    shown = shown or {}
    rows = []
    if shown.get("channel") in Channel.values:
        rows.append((_("Came in by"), Channel(shown["channel"]).label))
    if shown.get("language") in languages.PUBLIC:
        rows.append((_("Language of the reporter"), dict(settings.LANGUAGES)[shown["language"]]))
    return rows


def _signal_url(request: HttpRequest, shown: dict | None) -> str:
    """The page of the signal just stored, for a professional who may open it (an intake officer
    of the reporting organisation sees what becomes of it); otherwise nothing."""
    signal_id = (shown or {}).get("signal_id")
    signal = Signal.objects.filter(pk=signal_id).first() if signal_id else None
    if signal is None or not permissions.can_view_signal(request.user, signal):
        return ""
    return reverse("casework:signal", args=[signal.pk])
