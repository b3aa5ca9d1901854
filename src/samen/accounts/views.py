"""Login in two steps (password, then a TOTP code), enrolment, re-authentication, logout, profile,
and the language switch."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from samen.accounts import languages, otp, security
from samen.accounts.forms import PasswordConfirmForm, ThrottledAuthenticationForm, TokenForm
from samen.accounts.redirects import local_next


def _next_url(request: HttpRequest, default: str = "web:home") -> str:
    return local_next(request, request.POST.get("next") or request.GET.get("next"), default)


class LoginView(auth_views.LoginView):
    """Step one: the password. Django cycles the session key here; the TOTP step cycles it again."""

    template_name = "accounts/login.html"
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = False

    def form_valid(self, form):
        response = super().form_valid(form)
        security.mark_authenticated(self.request, fresh_login=True)
        user = form.get_user()
        step = "accounts:otp" if otp.confirmed_device(user) else "accounts:enrol"
        response["Location"] = f"{reverse(step)}?{urlencode({'next': self.get_success_url()})}"
        return response


@login_required
@require_http_methods(["GET", "POST"])
def otp_step(request: HttpRequest) -> HttpResponse:
    """Step two: a code from the authenticator app."""
    device = otp.confirmed_device(request.user)
    if device is None:
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    if not form.is_bound:  # the page's one task, as the user name is on step one; a refused code focuses its message
        form.fields["token"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        if otp.verify(device, form.cleaned_data["token"]):
            otp.session_verify(request, device)
            security.mark_authenticated(request)
            return languages.apply_saved(redirect(_next_url(request)), request.user)
        form.add_error("token", _("This code is not correct or was already used. Wait for the next code."))
    return render(request, "accounts/otp.html", {"form": form, "next": _next_url(request, "")})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """First use: link an authenticator app by QR code or by typing the secret, then confirm a code."""
    if otp.confirmed_device(request.user) is not None:
        return redirect(_next_url(request) if request.user.is_verified() else "accounts:otp")
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.device_confirm(device=device, token=form.cleaned_data["token"]):
            otp.session_verify(request, device)
            security.mark_authenticated(request)
            messages.success(request, _("Your authenticator app is linked. From now on you log in with a code."))
            return languages.apply_saved(redirect(_next_url(request)), request.user)
        form.add_error("token", _("This code is not correct. Check the time on your phone and try the next code."))
    context = {
        "form": form,
        "qr": otp.qr_svg(device, request.user.get_username()),
        "secret": otp.secret_base32(device),
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reauth(request: HttpRequest) -> HttpResponse:
    """Confirm it is still you, with a TOTP code or the password, before identities or exports."""
    device = otp.confirmed_device(request.user)
    token_form = TokenForm(request.POST if "token" in request.POST else None, prefix=None)
    password_form = PasswordConfirmForm(request.POST if "password" in request.POST else None)
    if request.method == "POST":
        ok = False
        if "token" in request.POST and token_form.is_valid() and device is not None:
            ok = otp.verify(device, token_form.cleaned_data["token"])
            if not ok:
                token_form.add_error("token", _("This code is not correct or was already used."))
        elif "password" in request.POST and password_form.is_valid():
            username = request.user.get_username()
            if security.login_is_locked(username):
                password_form.add_error("password", _("Too many attempts; try again later."))
            elif request.user.check_password(password_form.cleaned_data["password"]):
                ok = True
                security.login_succeeded(username)
            else:
                security.login_failed(username)
                password_form.add_error("password", _("This password is not correct."))
        if ok:
            security.mark_authenticated(request)
            return redirect(_next_url(request))
    context = {"token_form": token_form, "password_form": password_form, "next": _next_url(request, "")}
    return render(request, "accounts/reauth.html", context)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language` (the language buttons in every page's header), which also keeps a
    logged-in professional's choice on their account (`languages.remember_choice`)."""
    response = i18n.set_language(request)
    if request.method == "POST":
        languages.remember_choice(request, request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, ""))
    return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"account": request.user})


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """No content: passing `SessionLimitsMiddleware` marks the session as in use.

    The session timer on every page (`accounts/_session_timer.html`) sends this when the user
    works on a page without sending it, such as a long report being typed, and when the user
    chooses to stay logged in after the warning. A session past its limits never gets here: the
    middleware logs it out and redirects, which the timer reads as "logged out".
    """
    return HttpResponse(status=204)
