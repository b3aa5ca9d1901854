"""A form's address opened as a page: a page that says so, instead of Django's empty 405.

The forms post to addresses of their own (`/werk/signaal/1/spoor/1/actie/`) that take only a POST.
Someone who types or bookmarks one, or comes back to it through the login page, got a blank
"405 Method Not Allowed". They now get a page in the site's layout and language, with a link to the
page the form is on when its view names it (`form_on`), else to the work queue or the home page.
The status stays 405 and the `Allow` header stays: a program reads those. Nothing about the
record behind the address is looked up, so the page tells nothing of it, and nothing is logged here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from samen.casework.permissions import is_case_worker


def form_on(url_name: str, *kwargs: str, label: str = "") -> Callable[[Callable], Callable]:
    """Declare the page whose form posts to this view: `url_name`, reversed with the view's own URL
    arguments named in `kwargs` (`@form_on("casework:signal", "pk", label=_("To the signal"))`), and
    the link's words (a lazy translation). Only the address is built; whether the user may open that
    page, it decides itself."""

    def declare(view: Callable) -> Callable:
        view.form_on = (url_name, kwargs, label)  # type: ignore[attr-defined]
        return view  # decorators above copy the attribute (functools.wraps)

    return declare


def way_back(request: HttpRequest) -> tuple[str, str]:
    """The link on the page: (address, words)."""
    match = request.resolver_match
    declared = getattr(match.func, "form_on", None) if match else None
    if declared:
        url_name, names, label = declared
        try:
            address = reverse(url_name, kwargs={name: match.kwargs[name] for name in names})
            return address, str(label or _("To the page with the form"))
        except (KeyError, NoReverseMatch):
            pass
    if is_case_worker(request.user):
        return reverse("casework:queue"), _("To the work queue")
    return reverse("web:home"), _("To the home page")


class FormAddressPageMiddleware:
    """A GET that a view refused as not allowed gets the page; other answers pass unchanged.

    A HEAD keeps Django's answer, the same status and `Allow` header without a body: rendering the
    page would use up the messages waiting for the next page (base.html shows them) for a body that
    is never sent."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponseNotAllowed)
            and request.method == "GET"
            and not response.content  # a view's own words stay
            and not request.path_info.startswith("/api/")  # a partner system reads the status, not a page
        ):
            back_url, back_label = way_back(request)
            page = render(
                request,
                "errors/error.html",
                {
                    "title": _("This page belongs to a form"),
                    "message": _(
                        "This is the address a form is sent to; it cannot be opened as a page. "
                        "The form itself is on another page."
                    ),
                    "back_url": back_url,
                    "back_label": back_label,
                },
                status=405,
            )
            page["Allow"] = response["Allow"]
            return page
        return response
