"""Identifying data is sealed at rest under a key per organisation, found by blind index, and survives key rotation."""

from __future__ import annotations

import base64
import datetime
import json
import os

import pytest
from django.core.management import call_command
from django.db import connection

from samen.intake.models import PersonIdentity, ReporterContact
from samen.intake.tests.factories import SignalFactory, SignalPersonFactory
from samen.testing.factories import OrganisationFactory
from samen.vault import crypto, keys
from samen.vault.fields import Sealed
from samen.vault.selectors import persons_by_identifier
from samen.vault.tests.factories import PersonIdentityFactory

pytestmark = pytest.mark.django_db

PLAINTEXTS = ["Ana Popescu", "Popescu", "1998-03-14", "612345678", "Stationsstraat", "111222333"]


def _raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return " ".join(str(v) for v in cursor.fetchone())


def _fresh(identity: PersonIdentity) -> PersonIdentity:
    return PersonIdentity.objects.get(pk=identity.pk)


def test_the_database_holds_no_plaintext_of_an_identity():
    identity = PersonIdentityFactory()
    raw = _raw_row("intake_personidentity", identity.pk)
    for plain in PLAINTEXTS:
        assert plain not in raw
    assert raw.count("v1.platform:1.") == 5  # an anonymous public report: the platform key


def test_an_identity_reads_back_decrypted_with_its_types():
    identity = _fresh(PersonIdentityFactory())
    assert isinstance(identity.__dict__["name"], Sealed)
    assert identity.name == "Ana Popescu"
    assert identity.birth_date == datetime.date(1998, 3, 14)
    assert (identity.phone, identity.bsn) == ("+31612345678", "111222333")


def test_a_professional_signal_is_sealed_under_its_organisations_key():
    organisation = OrganisationFactory()
    person = SignalPersonFactory(signal=SignalFactory(organisation=organisation, professional=True))
    identity = PersonIdentityFactory(person=person)
    raw = _raw_row("intake_personidentity", identity.pk)
    assert f"v1.org{organisation.pk}:1." in raw and "platform" not in raw
    assert _fresh(identity).name == "Ana Popescu"


def test_reporter_contact_details_are_sealed_too():
    contact = ReporterContact.objects.create(
        signal=SignalFactory(),
        name="Jan Jansen",
        phone="0612345678",
        email="jan@example.org",
        safe_way="bellen",
        safe_time="avond",
    )
    raw = _raw_row("intake_reportercontact", contact.pk)
    for plain in ["Jan Jansen", "jan@example.org", "612345678", "avond"]:
        assert plain not in raw
    again = ReporterContact.objects.get(pk=contact.pk)
    assert (again.name, again.email, again.safe_time) == ("Jan Jansen", "jan@example.org", "avond")


def test_sealing_round_trips_and_fails_with_other_associated_data_or_another_key():
    aad = crypto.associated_data("intake_personidentity", "abc", "bsn")
    sealed = crypto.seal("111222333", scope="org7", aad=aad)
    assert crypto.open_sealed(sealed, aad=aad) == "111222333"
    assert sealed != crypto.seal("111222333", scope="org7", aad=aad)  # a fresh nonce every time
    with pytest.raises(crypto.VaultError):
        crypto.open_sealed(sealed, aad=crypto.associated_data("intake_personidentity", "abc", "phone"))
    with pytest.raises(crypto.VaultError):
        crypto.open_sealed(sealed, aad=crypto.associated_data("intake_personidentity", "xyz", "bsn"))
    forged = sealed.replace("v1.org7:1.", "v1.org8:1.")
    with pytest.raises(crypto.VaultError):
        crypto.open_sealed(forged, aad=aad)


def test_a_value_copied_into_another_row_does_not_open():
    first, second = PersonIdentityFactory(), PersonIdentityFactory(bsn="123456782")
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn FROM intake_personidentity WHERE id = %s", [first.pk])
        stolen = cursor.fetchone()[0]
        cursor.execute("UPDATE intake_personidentity SET bsn = %s WHERE id = %s", [stolen, second.pk])
    with pytest.raises(crypto.VaultError):
        _fresh(second).bsn  # noqa: B018


def test_the_blind_index_finds_the_same_bsn_and_phone_however_they_are_written():
    identity = PersonIdentityFactory(bsn="111222333", phone="+31612345678")
    PersonIdentityFactory(bsn="123456782", phone="+31687654321")
    assert list(persons_by_identifier(bsn="1112 22 333")) == [identity.person]
    assert list(persons_by_identifier(phone="06-12345678")) == [identity.person]
    # Typed on an Arabic keyboard or pasted in full-width digits, with a direction mark.
    assert list(persons_by_identifier(bsn="\u200f١١١٢٢٢٣٣٣")) == [identity.person]
    assert list(persons_by_identifier(bsn="１１１２ ２２ ３３３")) == [identity.person]
    assert not persons_by_identifier(bsn="999999999").exists()
    raw = _raw_row("intake_personidentity", identity.pk)
    assert identity.bsn_index in raw and "111222333" not in raw


def _keyring(settings, mapping: dict[str, bytes]) -> None:
    settings.VAULT_KEYS = json.dumps({k: base64.b64encode(v).decode() for k, v in mapping.items()})


def test_rotation_re_encrypts_under_the_newest_key_and_keeps_everything_readable(settings):
    organisation = OrganisationFactory()
    scope = keys.scope_for(organisation.pk)
    old, new, platform = os.urandom(32), os.urandom(32), os.urandom(32)
    _keyring(settings, {f"{scope}:1": old, "platform:1": platform})
    mine = PersonIdentityFactory(person=SignalPersonFactory(signal=SignalFactory(organisation=organisation)))
    public = PersonIdentityFactory()
    assert f"{scope}:1." in _raw_row("intake_personidentity", mine.pk)

    _keyring(settings, {f"{scope}:1": old, f"{scope}:2": new, "platform:1": platform})
    assert _fresh(mine).name == "Ana Popescu"  # old versions stay readable until rotation is done
    call_command("keys", "rotate", "--batch-size", "1")
    raw = _raw_row("intake_personidentity", mine.pk)
    assert f"{scope}:2." in raw and f"{scope}:1." not in raw

    _keyring(settings, {f"{scope}:2": new, "platform:1": platform})  # the old key is retired
    assert _fresh(mine).bsn == "111222333" and _fresh(mine).birth_date == datetime.date(1998, 3, 14)
    assert _fresh(public).name == "Ana Popescu"
    assert _fresh(mine).bsn_index == crypto.blind_index("bsn", "111222333")


def test_without_the_right_key_nothing_opens(settings):
    identity = PersonIdentityFactory()
    _keyring(settings, {"platform:1": os.urandom(32)})
    with pytest.raises(crypto.VaultError):
        _fresh(identity).name  # noqa: B018


def test_production_mode_derives_no_development_keys(settings):
    settings.PRODUCTION = True
    settings.VAULT_KEYS = ""
    with pytest.raises(keys.VaultKeyMissing):
        keys.current_key_id("org1")
    with pytest.raises(keys.VaultKeyMissing):
        keys.key("org1:1")
