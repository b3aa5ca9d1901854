"""After intake the free text is de-identified with the real deduce and our own patterns."""

from __future__ import annotations

import pytest

from samen.geo.models import Municipality
from samen.intake import services
from samen.intake.models import Channel, PersonRole, Signal
from samen.intake.services import ContactInput, IdentityInput, PersonInput, SignalInput

pytestmark = pytest.mark.django_db


def test_the_deidentified_text_holds_no_names_phone_numbers_or_bsn(deduce_loaded):
    data = SignalInput(
        what=(
            "Mijn buurvrouw Oksana Kovalenko werkt voor Dragomir Petrov in een kas. "
            "Ze belt me soms vanaf +48 601 234 567 of 06-87654321. Haar BSN is 111222333. "
            "Petrov houdt haar paspoort."
        ),
        municipality=Municipality.objects.get(name="Westland"),
        persons=[
            PersonInput(role=PersonRole.VICTIM, identity=IdentityInput(name="Oksana Kovalenko", bsn="111222333")),
            PersonInput(
                role=PersonRole.PERPETRATOR,
                description="Dragomir rijdt in een witte bus.",
                identity=IdentityInput(name="Dragomir Petrov"),
            ),
        ],
        contact=ContactInput(name="Marieke Jansen", phone="+31612345678"),
    )
    result = services.signal_submit(
        data=data, channel=Channel.PUBLIC_WEB, actor=None, idempotency_key="d", fingerprint="d"
    )
    services.deidentify_pending()
    text = Signal.objects.get(pk=result.signal.pk).deidentified_text
    assert text and "paspoort" in text
    for secret in ["Oksana", "Kovalenko", "Dragomir", "Petrov", "601 234 567", "87654321", "111222333"]:
        assert secret not in text, (secret, text)
