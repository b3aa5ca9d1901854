"""The language a professional works in (`User.language`).

- Saved when they switch language while logged in, with the header's buttons (our
  `set_language` view, in front of Django's) or a form's own language buttons (intake's
  `form_pages.switched`). Only a session past the second step saves it, and only Dutch or English: a
  public page's other languages are for reporters.
- Applied when they log in: the second step sets the language cookie, so their pages come in it
  on any device. Not at the password step, so nothing of the account shows before the code.
  Until they have chosen, a login leaves the browser's language (chosen on the login page, or
  its Accept-Language) as it is.
- The language of the e-mail Samen sends them (`samen.casework.notice_mail`); Dutch until chosen.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from samen.accounts.models import User
from samen.accounts.services import user_set_language
from samen.web import languages


def remember_choice(request: HttpRequest, code: str) -> None:
    """Keep `code` as the language of the logged-in user who just chose it."""
    user = request.user
    if user.is_authenticated and user.is_verified() and code in languages.PROFESSIONAL:
        user_set_language(user=user, language=code)


def apply_saved(response: HttpResponse, user: User) -> HttpResponse:
    """The response of a completed login, with the user's saved language (if any) as the browser's."""
    return languages.set_cookie(response, user.language) if user.language else response
