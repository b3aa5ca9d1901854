"""A form field for a municipality, typed as a person knows it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from samen.geo.index import municipality_index
from samen.geo.models import Municipality
from samen.geo.names import search_key
from samen.geo.selectors import lookup_municipality


class MunicipalityField(forms.CharField):
    """A municipality by name, alias ("Den Haag"), village ("Naaldwijk"), postcode or CBS code.

    Staff hear a place from a caller as a village or a postcode; a list of 342 names in which
    "'s-Gravenhage" comes first asks them to know the municipality's official name. The text is
    resolved as the public form resolves it, and kept as typed when it names none or several.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 80)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # The browser's own history of this box would offer towns of other signals.
        return {**super().widget_attrs(widget), "autocomplete": "off", "spellcheck": "false"}

    def prepare_value(self, value: Any) -> Any:
        return value.name if isinstance(value, Municipality) else value

    def clean(self, value: Any) -> Municipality | None:
        text = super().clean(value)
        if not text:
            return None
        lookup = lookup_municipality(text)
        if lookup.municipality is not None:
            return lookup.municipality
        if lookup.candidates and not lookup.error:
            names = get_text_list(lookup.candidate_names, _("or"))
            raise ValidationError(
                _("Which municipality do you mean by “%(text)s”: %(names)s?") % {"text": text, "names": names},
                code="ambiguous_municipality",
            )
        raise ValidationError(lookup.error, code="unknown_municipality")


# "'s-Gravenhage", "'t Hoge": a reader looks for them under G and H.
_ARTICLE = re.compile(r"^'[st][\s-]")


def municipality_names() -> list[str]:
    """Every municipality's name and alias ("Den Haag"), in the order a reader looks for them."""
    index = municipality_index()
    names = {m.name for m in index.by_pk.values()}
    names.update(name for aliases in index.aliases_of.values() for _key, name in aliases)
    return sorted(names, key=lambda name: search_key(_ARTICLE.sub("", name)))
