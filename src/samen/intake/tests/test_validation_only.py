"""The API's validation-only forms clean exactly as the web pages' forms do, whatever is posted."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samen.intake import forms
from samen.intake.forms import ProfessionalPersonForm, ProfessionalSignalForm, validation_only

pytestmark = pytest.mark.django_db

FastSignalForm = validation_only(ProfessionalSignalForm)
FastPersonForm = validation_only(ProfessionalPersonForm)


class _Data(dict):
    def getlist(self, key, default=None):
        value = self.get(key, default if default is not None else [])
        return value if isinstance(value, list) else [value]


VALUES = st.sampled_from(["", " ", "on", "Westland", "1503", "victim", "documents", "0612345678", "14-03-1998",
                          "111222333", "x" * 301, "Piotr Nowak", "contact", "professional", "agriculture"])  # fmt: skip
SIGNAL_DATA = st.dictionaries(st.sampled_from(sorted(ProfessionalSignalForm.base_fields)), VALUES | st.lists(VALUES))
PERSON_DATA = st.dictionaries(st.sampled_from(sorted(ProfessionalPersonForm.base_fields)), VALUES)


def _outcome(form) -> tuple[bool, dict, dict]:
    valid = form.is_valid()
    errors = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
    return valid, form.cleaned_data, errors


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=SIGNAL_DATA, language=st.sampled_from(["nl", "en"]))
def test_a_signal_is_cleaned_as_by_the_web_form(data, language):
    with translation.override(language):
        # Twice, so the second run uses what the first learnt about omitted fields.
        for _ in range(2):
            assert _outcome(FastSignalForm(_Data(data))) == _outcome(ProfessionalSignalForm(_Data(data)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=PERSON_DATA, language=st.sampled_from(["nl", "en"]))
def test_a_person_is_cleaned_as_by_the_web_form(data, language):
    with translation.override(language):
        for _ in range(2):
            fast = FastPersonForm(_Data(data), role="victim", prefix="")
            assert _outcome(fast) == _outcome(ProfessionalPersonForm(_Data(data), role="victim", prefix=""))


def test_what_an_omitted_field_cleans_to_is_worked_out_once():
    form = FastSignalForm(_Data({"what": "Twaalf mensen in een kas", "where": "Westland"}))
    assert form.is_valid(), form.errors
    assert forms._omitted_values[FastSignalForm.base_fields["when"]] == "" == form.cleaned_data["when"]


def test_an_omitted_required_field_is_refused_every_time():
    for _ in range(3):
        form = FastSignalForm(_Data({}))
        assert not form.is_valid() and "what" in form.errors and "where" in form.errors


def test_a_validation_only_person_form_leaves_the_shared_fields_as_they_were():
    """The victim's block words its labels for the reporter; a shared field must not be changed for that.

    Changing it wrapped the label once more on every API request, until rendering it overflowed.
    """
    before = {name: (field.label, field.help_text) for name, field in FastPersonForm.base_fields.items()}
    for _ in range(3):
        FastPersonForm(_Data({}), role="victim", prefix="victim")
    assert {name: (field.label, field.help_text) for name, field in FastPersonForm.base_fields.items()} == before


def _shared_state(form_class) -> dict:
    return {name: (dict(vars(field)), dict(vars(field.widget))) for name, field in form_class.base_fields.items()}


@pytest.mark.parametrize("where", ["Bergen", "Rotterdm", "Westland", "", "1503"])
def test_validating_a_signal_leaves_the_fields_the_web_forms_copy_as_they_were(where):
    before = _shared_state(ProfessionalSignalForm)
    FastSignalForm(_Data({"what": "Twaalf mensen in een kas", "where": where, "where_unknown": ""})).is_valid()
    FastSignalForm(_Data({"what": "Twaalf mensen in een kas", "where": where, "where_unknown": "on"})).is_valid()
    assert _shared_state(ProfessionalSignalForm) == before
