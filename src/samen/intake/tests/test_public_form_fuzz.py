"""Any value in any field of the public form gets a receipt or a message on the page, never a 500,
and a refused form keeps every other answer as it was typed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from samen.intake.forms import PERSON_PREFIXES, PersonForm, SignalForm
from samen.intake.models import Signal
from samen.intake.tests.factories import public_form_data

pytestmark = pytest.mark.django_db

FIELDS = sorted(SignalForm.base_fields) + [
    f"{prefix}-{name}" for prefix in PERSON_PREFIXES for name in sorted(PersonForm.base_fields)
]
# What a browser cannot send (a NUL, half of a surrogate pair) and what people paste or type on
# other keyboards: control characters, direction marks, other digits, emoji, very long text.
ODD = st.sampled_from(
    ["\x00", "a\x00b", "\x01\x1b\x7f", "\u202eZaanstad", "\u200f1503", "١٥٠٣", "１５０３ ＡＢ", "٣١-١٢-٢٠٩٩",
     "31-02-2024", "2024-13-01", "gisteren", "zaanstad", "Zaandstad", "👩‍👧‍👦", "x" * 10_001, "", " ", "on", "contact"]
)  # fmt: skip
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
VALUES = ODD | TEXT | st.lists(ODD | TEXT, min_size=2, max_size=3)


def _stored_under(raw_key: str) -> bool:
    key = SignalForm.base_fields["idempotency_key"].clean(raw_key)
    return bool(key) and Signal.objects.filter(idempotency_key=f"web:{key}").exists()


def _typed(form, name: str):
    value = form[name].value()
    return value if isinstance(value, list) else (value or "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FIELDS), value=VALUES)
def test_one_odd_field_is_stored_or_explained_and_loses_no_other_answer(client, name, value):
    cache.clear()  # the rate limit counts every stored report
    sent = public_form_data(**{name: value})
    before = Signal.objects.count()
    # An odd key that an earlier example already stored under is the same report sent again.
    again = name == "idempotency_key" and _stored_under(value[-1] if isinstance(value, list) else value)
    response = client.post("/melden/", sent)
    assert response.status_code in (200, 302), response.status_code
    event(f"answered {response.status_code}")
    if response.status_code == 302:
        assert Signal.objects.count() == before + (0 if again else 1)
        return
    assert Signal.objects.count() == before
    form, persons = response.context["form"], response.context["persons"]
    assert form.errors or any(p.errors for p in persons)
    for each in (form, *persons):
        for field in each:
            key = each.add_prefix(field.name)
            if key in (name, "idempotency_key") or key not in sent:
                continue
            expected = sent[key] if isinstance(sent[key], list) else str(sent[key])
            assert _typed(each, field.name) == expected, key
