"""The status page: a reporter's code and secret show the signal's coarse status and its messages."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from samen.intake import ratelimit, selectors
from samen.intake.form_pages import (
    as_typed,
    csrf_refused,
    expired,
    language_switch,
    redirect_in_language,
    shows_its_messages,
    still_waiting,
    switched,
    too_many,
)
from samen.intake.forms import StatusForm
from samen.intake.models import Signal
from samen.web import languages

# The signal the status page shows on its next GET, after a lookup or a language switch.
_SESSION_STATUS = "intake_status"


# The status shown last, for the language buttons of its page: a random token and the signal.
_SESSION_STATUS_SHOWN = "intake_status_shown"


# The lookup that found nothing, for the language buttons of its page: a digest of its code and
# secret keyed with a random token that only that page holds (`_not_found_digest`).
_SESSION_STATUS_NOT_FOUND = "intake_status_not_found"


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


def _reports_language(request: HttpRequest, signal: Signal) -> str | None:
    """The language to show a status found in: the report's, unless this browser chose one.

    A reporter who wrote in Polish looked it up on a shared or a Dutch phone and read the page in
    the phone's language, the handler's Polish messages under Dutch headings (found by exploratory
    testing). A language chosen with the buttons (its cookie) stays; the page's buttons still switch.
    """
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or signal.language not in languages.PUBLIC:
        return None
    return signal.language if signal.language != translation.get_language() else None


@csrf_exempt  # checked in the view: a refused form comes back as typed (`expired`)
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
    refused = request.method == "POST" and csrf_refused(request)
    switch_to = language_switch(request, languages.PUBLIC) if request.method == "POST" else None
    if request.method == "POST" and request.POST.get("shown") == "1":
        held = request.session.get(_SESSION_STATUS_SHOWN) or {}
        shown = bool(held) and constant_time_compare(request.POST.get("token", ""), held["token"])
        if shown:
            request.session[_SESSION_STATUS] = held["signal"]
        # The token, a secret of this session's page that no other site can know, stands in for the
        # CSRF token, which a login in another tab changed: the status comes back in the language.
        return redirect_in_language(request, "intake:status", switch_to if shown or not refused else None)
    if refused:
        # Never a lookup (nor a language switch): the code and secret come back as typed.
        form = StatusForm(request.POST)
        as_typed(form)
        return expired(request, "intake/status.html", {**context, "form": form})
    if switch_to:
        translation.activate(switch_to)  # before the form's messages are written (`switched` renders)
        form = StatusForm(request.POST)
        if not shows_its_messages(request):
            as_typed(form)
        elif _was_not_found(request, form):
            # Said again without a lookup, so without counting towards the rate limit.
            form.add_error(None, _not_found_message())
            context["not_found_token"] = request.POST["not_found"]
        waiting = still_waiting(request, "status", ratelimit.status_limit())
        return switched(request, switch_to, "intake/status.html", {**context, "form": form, **waiting})
    signal = None
    if request.method == "POST":
        form = StatusForm(request.POST)
        request.session.pop(_SESSION_STATUS_NOT_FOUND, None)
        if form.is_valid():
            # Only a lookup counts: a form sent with a field left empty looks nothing up. Counted before
            # it is made, so that lookups sent at once cannot pass the limit together.
            retry_after = ratelimit.hit(request, "status", ratelimit.status_limit())
            if retry_after is not None:
                return too_many(request, retry_after, "intake/status.html", {**context, "form": form}, form)
            signal = selectors.signal_for_reporter(form.cleaned_data["code"], form.cleaned_data["secret"])
            if signal is not None:
                # Only a lookup that finds nothing counts: reporters in one shelter share one address,
                # and their own checks locked each other out for the hour (found by exploratory testing).
                ratelimit.forgive(request, "status")
                request.session[_SESSION_STATUS] = signal.pk
                return redirect_in_language(request, "intake:status", _reports_language(request, signal))
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
