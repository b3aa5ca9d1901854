"""The words of a notification, kept as a message and its values so that each reader sees them in
their own language; the Dutch rendering is kept beside them, for e-mail.

A value is one of:
- a string or number, shown as it is (an organisation's name, a receipt code, a date);
- `{"word": msgid}`, a word translated when shown (mark it with `gettext_noop` where it is made);
- `{"choice": "app_label.Model.field", "value": v}`, the label of a model field's choice;
- `{"reason": parts}`, a routing reason from `routing.engine.reason_parts`;
- a list of these, shown separated by spaces ("slachtofferspoor MH-…").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from samen.routing.engine import reason_text


@dataclass(frozen=True)
class Notice:
    message: str  # the msgid, marked with gettext_noop where it is written
    values: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """In the active language, as a sentence: one that opens with a value ("%(track)s was routed
        ...") begins with a capital, as the reader's inbox shows it ("Slachtofferspoor MH-…")."""
        return capfirst(gettext(self.message) % {key: _shown(value) for key, value in self.values.items()})

    def dutch(self) -> str:
        with translation.override("nl"):
            return self.text()


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_shown(part) for part in value)
    if not isinstance(value, dict):
        return str(value)
    if "word" in value:
        return gettext(value["word"])
    if "reason" in value:
        return reason_text(value["reason"])
    if "choice" in value:
        app_label, model_name, field_name = value["choice"].split(".")
        choices = dict(apps.get_model(app_label, model_name)._meta.get_field(field_name).flatchoices)
        return str(choices.get(value["value"], value["value"]))
    return ""


def choice(instance: Any, field_name: str) -> dict[str, str]:
    """A value that shows the label of `instance`'s choice in `field_name`, in the reader's language."""
    return {"choice": f"{instance._meta.label}.{field_name}", "value": getattr(instance, field_name)}
