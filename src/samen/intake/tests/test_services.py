"""The one storage service: atomic, idempotent, receipt after commit, no user for anonymous reporters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from samen.geo.models import Municipality
from samen.intake import receipts, services
from samen.intake.models import Channel, PersonIdentity, PersonRole, ReporterContact, Signal, SignalPerson
from samen.intake.services import ContactInput, IdentityInput, PersonInput, SignalInput
from samen.testing.factories import UserFactory
from samen.vault import crypto

pytestmark = pytest.mark.django_db


def _input(**overrides) -> SignalInput:
    data = SignalInput(
        what="Vier vrouwen werken dag en nacht in een nagelsalon en slapen achter de winkel.",
        municipality=Municipality.objects.get(name="Zaanstad"),
        answers=["housing", "long_hours"],
        indicator_ids=["NL-AFH-01"],
        persons=[
            PersonInput(
                role=PersonRole.VICTIM,
                age="about 30",
                identity=IdentityInput(name="Ana Popescu", phone="+31612345678", bsn="111222333"),
            ),
            PersonInput(role=PersonRole.PERPETRATOR, description="Eigenaar van de salon"),
        ],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def _submit(key="k1", fingerprint="f1", **overrides):
    return services.signal_submit(
        data=_input(**overrides), channel=Channel.PUBLIC_WEB, actor=None, idempotency_key=key, fingerprint=fingerprint
    )


def test_a_submitted_signal_is_stored_with_its_persons_identities_and_indicators():
    result = _submit()
    signal = result.signal
    assert result.created and receipts.is_receipt_code(result.receipt)
    assert signal.persons.count() == 2
    assert signal.indicators.count() == 1 and signal.answers.count() == 2
    identity = PersonIdentity.objects.get(person__signal=signal)
    assert identity.bsn == "111222333" and identity.name == "Ana Popescu"
    # The perpetrator had no identifying data: no empty identity row either.
    assert not PersonIdentity.objects.filter(person__role=PersonRole.PERPETRATOR).exists()


def test_the_secret_is_only_stored_as_a_hash():
    result = _submit()
    assert result.secret and result.secret not in result.signal.secret_hash
    assert receipts.check_secret(result.secret, result.signal.secret_hash)
    assert receipts.check_secret(result.secret.lower().replace("-", " "), result.signal.secret_hash)
    assert not receipts.check_secret("AAAA-BBBB-CCCC", result.signal.secret_hash)


def test_receipt_codes_and_secrets_have_one_character_of_each_look_alike_pair():
    for _ in range(200):
        code, secret = receipts.new_receipt_code(), receipts.new_secret()
        assert receipts.is_receipt_code(code) and receipts.is_secret(secret)
        assert not set(code[3:] + secret) & set("0O1ILZSBV")


def test_a_look_alike_is_read_as_the_character_it_stands_for():
    assert receipts.normalise_code("mh-b5z0 l1uv") == receipts.normalise_code("MH-8520-11UU") == "MH-8520-11UU"
    assert receipts.normalise_code("8adm whhu") == "MH-8ADM-WHHU"  # the prefix left out
    secret = receipts.new_secret()
    written = secret.replace("8", "B").replace("5", "S").replace("2", "Z").replace("U", "V").lower()
    assert receipts.check_secret(written, receipts.hash_secret(secret))


def test_submitting_twice_with_the_same_key_stores_one_signal_and_answers_the_same():
    """The reporter may never have seen the first answer (a double click, an answer lost on the way)."""
    first = _submit()
    second = _submit()
    assert Signal.objects.count() == 1
    assert second.signal.pk == first.signal.pk and not second.created
    assert second.receipt == first.receipt and second.secret == first.secret
    assert receipts.check_secret(second.secret, second.signal.secret_hash)


def test_the_same_send_long_after_gets_the_receipt_without_the_secret():
    """Then it is more likely the next person on a shared phone, who went back and sent it again."""
    first = _submit()
    Signal.objects.update(created_at=first.signal.created_at - services.REPLAY_WINDOW - timedelta(seconds=1))
    late = _submit()
    assert late.receipt == first.receipt and late.secret is None


def test_a_signal_with_a_drawn_secret_is_never_shown_another_secret():
    first = _submit()
    Signal.objects.update(secret_hash=receipts.hash_secret(receipts.new_secret()))
    again = _submit()
    assert again.receipt == first.receipt and again.secret is None


def test_the_secret_depends_on_the_key_and_the_payload_and_looks_like_a_drawn_one():
    secrets = {receipts.secret_for(f"web:{n}", "f") for n in range(300)} | {receipts.secret_for("web:0", "g")}
    assert len(secrets) == 301 and all(receipts.is_secret(secret) for secret in secrets)
    assert receipts.secret_for("web:1", "f") == receipts.secret_for("web:1", "f")
    # Every character of the alphabet turns up in every place.
    for place in range(14):
        if place not in (4, 9):
            assert {secret[place] for secret in secrets} == set(receipts.ALPHABET)


def test_the_same_key_with_another_payload_is_refused():
    _submit()
    with pytest.raises(services.IdempotencyConflict):
        _submit(fingerprint="other")
    assert Signal.objects.count() == 1


def test_a_concurrent_request_with_the_same_key_gets_the_winners_result(monkeypatch):
    winner = _submit(key="race")
    real_existing = services._existing
    calls = []

    def first_miss(key, fingerprint, channel=""):
        calls.append(key)
        return None if len(calls) == 1 else real_existing(key, fingerprint, channel)

    monkeypatch.setattr(services, "_existing", first_miss)
    result = _submit(key="race")  # the insert hits the unique constraint, the re-read finds the winner
    assert result.signal.pk == winner.signal.pk and not result.created
    assert Signal.objects.count() == 1


def test_an_anonymous_reporter_is_never_linked_to_a_user():
    result = services.signal_submit(
        data=_input(), channel=Channel.PUBLIC_WEB, actor=AnonymousUser(), idempotency_key="a", fingerprint="a"
    )
    assert result.signal.created_by is None


def test_a_professional_is_recorded_as_creator():
    user = UserFactory()
    result = services.signal_submit(
        data=_input(organisation=user.organisation),
        channel=Channel.PROFESSIONAL_WEB,
        actor=user,
        idempotency_key="p",
        fingerprint="p",
    )
    assert result.signal.created_by == user and result.signal.organisation == user.organisation


def test_persons_keep_their_order():
    result = _submit()
    roles = list(SignalPerson.objects.filter(signal=result.signal).values_list("role", flat=True))
    assert roles == [PersonRole.VICTIM, PersonRole.PERPETRATOR]


@pytest.mark.parametrize("reported_by", ["the public", "an organisation"])
def test_identifying_data_are_sealed_under_the_key_of_whoever_reported(reported_by):
    organisation = UserFactory().organisation if reported_by == "an organisation" else None
    contact = ContactInput(name="Marieke", phone="0612345678", safe_time="overdag")
    result = _submit(organisation=organisation, contact=contact)

    scope = f"org{organisation.pk}" if organisation else "platform"
    identity = PersonIdentity.objects.get(person__signal=result.signal)
    stored = ReporterContact.objects.get(signal=result.signal)
    assert (identity.name, identity.bsn) == ("Ana Popescu", "111222333")
    assert (stored.name, stored.phone, stored.safe_time) == ("Marieke", "0612345678", "overdag")
    raw = [
        *PersonIdentity.objects.filter(pk=identity.pk).values_list("name", "phone", "bsn").get(),
        *ReporterContact.objects.filter(pk=stored.pk).values_list("name", "phone", "safe_time").get(),
    ]
    assert all(crypto.key_id_of(value.text).startswith(f"{scope}:") for value in raw)
    # The blind indexes find them by the plain values, whatever their spelling.
    assert PersonIdentity.objects.filter(bsn_index=crypto.blind_index("bsn", "1112 22 333")).get() == identity
    assert ReporterContact.objects.filter(phone_index=crypto.blind_index("phone", "+31 6 12345678")).get() == stored


def test_identifying_data_validated_by_a_form_are_found_by_their_blind_index_however_they_are_written():
    # The forms normalise the phone number and the BSN and say so; storing does not parse them again.
    identity = IdentityInput(name="Ana Popescu", phone="+31612345678", bsn="111222333", normalised=True)
    contact = ContactInput(name="Marieke", phone="+31687654321", normalised=True)
    result = _submit(persons=[PersonInput(role=PersonRole.VICTIM, identity=identity)], contact=contact)

    stored = PersonIdentity.objects.get(person__signal=result.signal)
    assert PersonIdentity.objects.filter(phone_index=crypto.blind_index("phone", "06-12345678")).get() == stored
    assert PersonIdentity.objects.filter(bsn_index=crypto.blind_index("bsn", "1112.22.333")).get() == stored
    found = ReporterContact.objects.filter(phone_index=crypto.blind_index("phone", "0031 6 8765 4321")).get()
    assert found.signal_id == result.signal_id
