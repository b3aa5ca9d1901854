"""Template helpers that render Django form fields with NL Design System markup."""

from __future__ import annotations

import copy
import datetime

import phonenumbers
from django import forms, template
from django.utils import dateformat, formats
from django.utils.html import conditional_escape, format_html
from django.utils.text import capfirst
from django.utils.translation import get_language

from samen.web.about_whom import AboutWhom
from samen.web.text_limits import TextLimitsTold, character_count

register = template.Library()

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
}


def _render_widget(bound: forms.BoundField, attrs: dict[str, str]) -> str:
    """Render the input with `aria-required` instead of `required`.

    Forms are validated on the server (`novalidate`); the HTML `required` attribute would only
    make the NL Design System paint empty mandatory fields as invalid before anyone typed. A form
    that tells its length limits (`TextLimitsTold`) gets no `maxlength`, with which a browser cuts
    a pasted text short without a word.
    """
    widget = bound.field.widget
    if isinstance(bound.form, TextLimitsTold) and "maxlength" in widget.attrs:
        widget = copy.copy(widget)  # a copy: the field's own widget stays as it is
        widget.attrs = {name: value for name, value in widget.attrs.items() if name != "maxlength"}
    attrs = bound.build_widget_attrs(attrs)
    if attrs.pop("required", False):
        attrs["aria-required"] = "true"
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    return widget.render(bound.html_name, bound.value(), attrs=attrs, renderer=bound.form.renderer)


def _is_choice_list(widget: forms.Widget) -> bool:
    """A list of radio buttons or checkboxes, rendered as a fieldset with one input per choice."""
    return isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect))


@register.inclusion_tag("web/_field.html")
def field(bound: forms.BoundField, description: str = "") -> dict:
    """Render one field: label, description, error and input, wired with aria attributes."""
    widget = bound.field.widget
    choice_list = _is_choice_list(widget)
    attrs: dict[str, str] = {}
    if not choice_list:
        css = next((c for w, c in _WIDGET_CLASSES.items() if isinstance(widget, w)), None)
        if css is None:
            css = "utrecht-textbox utrecht-textbox--html-input"
        if bound.errors:
            css += " utrecht-textbox--invalid utrecht-select--invalid utrecht-textarea--invalid"
            attrs["aria-invalid"] = "true"
        attrs["class"] = css
        if isinstance(widget, (forms.Textarea, forms.TextInput)):
            # Typed text runs in its own direction: Dutch typed on the Arabic page, or the reverse.
            attrs["dir"] = "auto"
        elif isinstance(widget, (forms.EmailInput, forms.URLInput, forms.PasswordInput)):
            # Always written left to right: on the Arabic page "jan@" must not show as "@jan".
            attrs["dir"] = "ltr"
    described = []
    help_text = description or bound.help_text
    if help_text:
        described.append(f"{bound.auto_id}-help")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
    count = character_count(bound)
    if count:
        attrs["data-character-count"] = count["config"]  # web/character-count.js
        described.append(f"{bound.auto_id}-count")
    if described and not choice_list:
        attrs["aria-describedby"] = " ".join(described)
    return {
        "bound": bound,
        "widget_html": _render_widget(bound, attrs) if not choice_list else "",
        "choice_list": choice_list,
        "checkbox": isinstance(widget, forms.CheckboxInput),
        "help_text": help_text,
        "described": " ".join(described),
        "count_hint": count["hint"] if count else "",
    }


def _problem_text(label: str, message: str) -> str:
    # "What did you notice?: ..." reads badly; a label that is a question needs no colon (also
    # the Arabic question mark).
    separator = " " if label[-1:] in "?؟:!." else ": "
    return f"{label}{separator}{message}" if label else message


def _wordings(value: object) -> tuple[str, str]:
    """A label's wording for someone else and for the reporter; the same twice if it has one."""
    if isinstance(value, AboutWhom):
        return str(value.other), str(value.about_self)
    return str(value), str(value)


def _problem(label: object, message: str, anchor: str = "") -> dict[str, object]:
    other, about_self = _wordings(label)
    text = _problem_text(other, message)
    if about_self != other:  # the summary names the field as the form shows it
        return {"text": AboutWhom(text, _problem_text(about_self, message)), "anchor": anchor}
    return {"text": text, "anchor": anchor}


def _under(owner: object, label: object) -> object:
    """ "Owner: label", in both wordings where either has two."""
    if not owner:
        return label
    (owner_other, owner_self), (label_other, label_self) = _wordings(owner), _wordings(label)
    joined = f"{owner_other}: {label_other}"
    joined_self = f"{owner_self}: {label_self}"
    return AboutWhom(joined, joined_self) if joined != joined_self else joined


@register.simple_tag
def form_problems(form: forms.BaseForm | None, more_forms: list[forms.BaseForm] | str | None = None) -> list[dict]:
    """Every error of the page's forms, in page order, with the id of the field it belongs to.

    The error summary at the top of a form lists these as links, so a reporter who sent a long
    form (the report, with a block per person) can jump to each problem; the count covers the
    person blocks too. A form with `role_label` (a person block) names itself before the field,
    by its `legend` where it has one.
    """
    others = [each for each in more_forms or [] if isinstance(each, forms.BaseForm)]
    if not isinstance(form, forms.BaseForm):
        return [problem for each in others for problem in _problems_of(each)]
    # Where the page shows the other forms (a report's person blocks) among the form's fields:
    # after them, the summary listed the contact details at the page's end before the persons.
    before = getattr(form, "more_forms_before", None)
    names = list(form.fields)
    split = names.index(before) if before in names else len(names)
    problems = _problems_of(form, names[:split], non_field=True)
    for each in others:
        problems += _problems_of(each)
    return problems + _problems_of(form, names[split:], non_field=False)


def _problems_of(form: forms.BaseForm, names: list[str] | None = None, *, non_field: bool = True) -> list[dict]:
    """The errors of `form` (of its fields `names`, all by default), its non-field errors first."""
    if not form.errors:
        return []
    owner = getattr(form, "legend", None) or str(capfirst(getattr(form, "role_label", "")))
    problems = [_problem(owner, message) for message in form.non_field_errors()] if non_field else []
    for name in form.fields if names is None else names:
        bound = form[name]
        if bound.is_hidden:
            problems += [_problem("", message) for message in bound.errors]
            continue
        anchor = f"{bound.auto_id}_0" if _is_choice_list(bound.field.widget) else bound.id_for_label
        problems += [_problem(_under(owner, bound.label), message, anchor) for message in bound.errors]
    return problems


@register.filter
def phone(value: str) -> str:
    """A stored phone number in one readable notation, "+31 6 12345678", whoever typed it how.

    Intake stores E.164; numbers from elsewhere (imports, older rows) may be written any way. A
    value that is no phone number is shown as it is."""
    if not value:
        return value
    try:
        number = phonenumbers.parse(str(value), "NL")
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_possible_number(number):
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def label_html(label: object) -> str:
    """A label in its own markup if it has one (`__html__`, as `web.about_whom.AboutWhom`), else escaped.

    `{{ label }}` alone would turn it into text first and lose that markup.
    """
    return conditional_escape(label)


@register.filter
def code(value: str) -> str:
    """A receipt code kept on one line, also inside a sentence ("Signaal MH-UYHT-4AFM" broke after "MH-")."""
    return format_html('<span class="samen-code">{}</span>', value)


# How the public pages' languages write a date in full, where Django's own format does not:
# "06 Декември 2026" (bg), "07 грудня 2026 р." (uk), "6 Decembrie 2026" (ro) and "Dec. 6, 2026" (en).
# A date in bg and uk ends with the year's abbreviation and its full stop: a sentence that ends with
# the date has no full stop of its own in those languages' catalogues ("…2026 г.", not "г..").
_LONG_DATE = {"en": "j F Y", "bg": r"j F Y \г.", "uk": "j E Y р.", "ro": "j F Y"}
_MONTH_IN_LOWER_CASE = frozenset({"bg", "ro"})


@register.filter(expects_localtime=True)
def long_date(value: datetime.date | None) -> str:
    """A date written out as the reader's language writes it: "6 grudnia 2026", "6 декември 2026 г."."""
    if not value:
        return ""
    language = get_language()
    text = dateformat.format(value, _LONG_DATE.get(language) or formats.get_format("DATE_FORMAT"))
    return text.lower() if language in _MONTH_IN_LOWER_CASE else text
