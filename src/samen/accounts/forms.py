"""Forms of the login: password step with throttling, TOTP step, enrolment and re-authentication."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from samen.accounts import security

GENERIC_LOGIN_ERROR = _(
    "The username or password is not correct, or the account is locked for a while after too many attempts."
)


class ThrottledAuthenticationForm(AuthenticationForm):
    """The password step; after five wrong passwords for a username it refuses for fifteen minutes.

    Wrong password, unknown user and locked account all give the same message.
    """

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": GENERIC_LOGIN_ERROR}

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if username and password:
            if security.login_is_locked(username):
                raise forms.ValidationError(GENERIC_LOGIN_ERROR, code="invalid_login")
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                security.login_failed(username)
                raise forms.ValidationError(GENERIC_LOGIN_ERROR, code="invalid_login")
            self.confirm_login_allowed(self.user_cache)
            security.login_succeeded(username)
        return self.cleaned_data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Six digits; a new code appears every 30 seconds."),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the six digits from your authenticator app."))
        return token


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
