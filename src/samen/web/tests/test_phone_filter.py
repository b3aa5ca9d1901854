"""The `phone` template filter: one readable notation for stored phone numbers."""

from __future__ import annotations

import pytest

from samen.web.templatetags.samen import phone


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+31612345678", "+31 6 12345678"),
        ("0687654321", "+31 6 87654321"),
        ("+31 6 1234 5678", "+31 6 12345678"),
        ("+48512345678", "+48 512 345 678"),
        ("bel na 8 uur", "bel na 8 uur"),
        ("", ""),
    ],
)
def test_a_phone_number_is_shown_in_one_notation_whoever_typed_it_how(stored, shown):
    assert phone(stored) == shown
