"""The public languages read our own words: no Django catalogue that comes before ours replaces them.

Django looks a message up in the installed apps' catalogues in order, its admin's first: its
Arabic "Log in" ("ادخل") won over ours on the reporter's pages until the header used a context.
"""

from __future__ import annotations

import gettext

import pytest
from django.utils import translation

import samen.intake

CATALOGUES = samen.intake.__path__[0] + "/locale/{language}/LC_MESSAGES/django.mo"


@pytest.mark.parametrize("language", ["pl", "ro", "bg", "uk", "ar"])
def test_every_public_translation_of_ours_is_the_one_shown(language):
    with open(CATALOGUES.format(language=language), "rb") as handle:
        ours = gettext.GNUTranslations(handle)._catalog
    shadowed = []
    with translation.override(language):
        for key, text in ours.items():
            if not key or isinstance(key, tuple):  # the header, and plural forms
                continue
            context, _sep, message = key.rpartition("\x04")
            shown = translation.pgettext(context, message) if context else translation.gettext(message)
            if shown != text:
                shadowed.append(f"{message!r}: {shown!r} instead of {text!r}")
    assert not shadowed, "\n".join(shadowed)
