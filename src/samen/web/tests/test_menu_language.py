"""The main menu speaks Dutch first: no item falls back to its English source text."""

from __future__ import annotations

from django.utils import translation

from samen.intake.indicators import Context, Strength
from samen.web.context import MENU


def test_every_menu_item_has_a_dutch_label():
    with translation.override("en"):
        english = [str(item.label) for item in MENU]
    with translation.override("nl"):
        dutch = [str(item.label) for item in MENU]
    untranslated = [e for e, d in zip(english, dutch, strict=True) if e == d]
    assert not untranslated, f"No Dutch translation for menu items: {untranslated}"


def test_indicator_lists_and_strengths_have_dutch_labels():
    for choices in (Context, Strength):
        with translation.override("en"):
            english = [str(label) for label in choices.labels]
        with translation.override("nl"):
            dutch = [str(label) for label in choices.labels]
        assert not set(english) & set(dutch), (choices.__name__, dutch)
