"""The log's vocabulary: every object type and data category the code logs has a label in each language,
and a code it does not know is shown as it is."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import samen
from samen.audit.codes import AuditPurpose, FieldCategory, ObjectType, field_labels, object_type_label, purpose_label
from samen.privacy.models import DataCategory, Purpose
from samen.retention.models import Category

PACKAGE = Path(samen.__file__).parent
# `object_type="signal"` in a call, `"object_type": "signal"` in a dict of arguments.
_LOGGED_TYPE = re.compile(r"""\bobject_type["']?\s*[=:]\s*["']([^"']*)["']""")
# `fields=["signal", "free_text"]` in a call (in models.py the fields of indexes and constraints).
_LOGGED_FIELDS = re.compile(r"""\bfields=\[([^\]]*)\]""")


def _code(*, models: bool = True) -> list[tuple[Path, str]]:
    """The source of the apps, without tests and migrations."""
    return [
        (path, path.read_text())
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts and (models or path.name != "models.py")
    ]


def test_every_object_type_the_code_logs_by_name_is_in_the_vocabulary():
    logged = {(path.name, code) for path, text in _code() for code in _LOGGED_TYPE.findall(text)}
    assert len(logged) > 10  # the pattern finds the calls
    assert {(name, code) for name, code in logged if code not in ObjectType.values} == set()


def test_every_data_category_the_code_logs_by_name_is_in_the_vocabulary():
    logged = {
        (path.name, code)
        for path, text in _code(models=False)
        for found in _LOGGED_FIELDS.findall(text)
        for code in re.findall(r"""["']([a-z_]+)["']""", found)
    }
    assert len(logged) > 10
    assert {(name, code) for name, code in logged if code not in FieldCategory.values} == set()


def test_the_categories_of_the_privacy_policy_and_of_retention_are_in_the_vocabulary():
    # Logged through variables: the policy logs the category it decided on, retention the policy's.
    assert set(DataCategory.values) - set(FieldCategory.values) == set()
    assert set(Category.values) - set(FieldCategory.values) == set()


@pytest.mark.parametrize(
    ("language", "signal", "fields"),
    [("nl", "signaal", ["signaal", "personen", "vrije tekst"]), ("en", "signal", ["signal", "people", "free text"])],
)
def test_codes_read_as_words_in_the_reader_s_language(language, signal, fields):
    with translation.override(language):
        assert object_type_label("signal") == signal
        assert field_labels("signal,person,free_text") == fields


def test_every_label_differs_between_dutch_and_english_except_status():
    for vocabulary in (ObjectType, FieldCategory, AuditPurpose):
        for member in vocabulary:
            with translation.override("nl"):
                dutch = str(member.label)
            with translation.override("en"):
                english = str(member.label)
            assert dutch != english or member == FieldCategory.STATUS, member


def test_a_code_the_vocabulary_does_not_know_is_its_own_label():
    with translation.override("nl"):
        assert object_type_label("retired_thing") == "retired_thing"
        assert field_labels("signal,retired_field,") == ["signaal", "retired_field"]
        assert field_labels("") == []


# A processing activity, `("follow_up", "SAMEN-CASEWORK", ...)`, in `audit.codes` or an app of its own.
_ACTIVITY = re.compile(r"""\(\s*["']([a-z_]+)["'],\s*["']SAMEN-""")


def test_every_purpose_the_log_is_written_under_has_a_label():
    # The processing activities, wherever declared, and the privacy policy's purposes its decisions log.
    activities = {(path.name, purpose) for path, text in _code() for purpose in _ACTIVITY.findall(text)}
    assert len(activities) >= 10 and ("services.py", "linkage") in activities
    assert {(name, purpose) for name, purpose in activities if purpose not in AuditPurpose.values} == set()
    assert set(Purpose.values) - set(AuditPurpose.values) == set()
    with translation.override("nl"):
        assert purpose_label("follow_up") == "opvolging van signalen"
        assert purpose_label("retired_purpose") == "retired_purpose"
