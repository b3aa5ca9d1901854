"""The data migration seals identities that were stored in plaintext before the vault existed."""

from __future__ import annotations

import importlib
import types
import uuid

import pytest
from django.db import connection

from samen.intake.models import PersonIdentity
from samen.intake.tests.factories import SignalPersonFactory

pytestmark = pytest.mark.django_db


def test_existing_plaintext_rows_are_encrypted_in_place_and_read_back():
    person = SignalPersonFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO intake_personidentity (person_id, vault_id, name, birth_date, phone, address, bsn,"
            " bsn_index, phone_index, health, criminal_law, former_names) VALUES (%s, %s, 'Ana Popescu',"
            " '1998-03-14', '+31612345678', '', '111222333', '', '', '', '', '')",
            [person.pk, uuid.uuid4().hex],
        )
    migration = importlib.import_module("samen.intake.migrations.0004_encrypt_identities")
    migration._encrypt(None, types.SimpleNamespace(connection=connection))
    migration._encrypt(None, types.SimpleNamespace(connection=connection))  # a re-run changes nothing
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, birth_date, bsn, address FROM intake_personidentity WHERE person_id = %s", [person.pk]
        )
        name, birth_date, bsn, address = cursor.fetchone()
    assert "Popescu" not in name and "1998" not in str(birth_date) and "111222333" not in bsn and address == ""
    identity = PersonIdentity.objects.get(person=person)
    assert (identity.name, str(identity.birth_date), identity.bsn) == ("Ana Popescu", "1998-03-14", "111222333")
    assert identity.bsn_index and identity.phone_index
