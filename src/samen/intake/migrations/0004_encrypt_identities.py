"""Give every identity and reporter contact a uuid and encrypt its values in place (samen.vault).

Reads and writes with raw SQL: the historical models would try to open the plaintext as sealed
values. Rows that are already sealed (a re-run) are left alone.
"""

import uuid

from django.db import migrations, models

_PERSON = (
    "intake_personidentity",
    ["name", "birth_date", "phone", "address", "bsn"],
    {"bsn": "bsn", "phone": "phone"},
    "SELECT s.organisation_id FROM intake_signalperson p JOIN intake_signal s ON s.id = p.signal_id WHERE p.id = %s",
    "person_id",
)
_CONTACT = (
    "intake_reportercontact",
    ["name", "phone", "email", "safe_way", "safe_time"],
    {"phone": "phone"},
    "SELECT organisation_id FROM intake_signal WHERE id = %s",
    "signal_id",
)


def _encrypt(apps, schema_editor):
    from samen.vault import crypto, keys

    connection = schema_editor.connection
    for table, columns, indexes, org_sql, parent in (_PERSON, _CONTACT):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, {parent}, vault_id, {', '.join(columns)} FROM {table}")  # noqa: S608
            rows = cursor.fetchall()
        for row_id, parent_id, vault_id, *values in rows:
            row_uuid = uuid.UUID(str(vault_id)) if vault_id else uuid.uuid4()
            vault_id = str(row_uuid)
            with connection.cursor() as cursor:
                cursor.execute(org_sql, [parent_id])
                found = cursor.fetchone()
            scope = keys.scope_for(found[0] if found else None)
            updates = {"vault_id": models.UUIDField().get_db_prep_value(row_uuid, connection)}
            for column, value in zip(columns, values, strict=True):
                if value in (None, "") or str(value).startswith(crypto.PREFIX + "."):
                    continue
                plain = value.isoformat() if hasattr(value, "isoformat") else str(value)
                updates[column] = crypto.seal(plain, scope=scope, aad=crypto.associated_data(table, vault_id, column))
                if column in indexes:
                    updates[f"{column}_index"] = crypto.blind_index(indexes[column], plain)
            assignments = ", ".join(f"{name} = %s" for name in updates)
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {table} SET {assignments} WHERE id = %s", [*updates.values(), row_id])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("intake", "0003_identity_vault_columns")]

    operations = [migrations.RunPython(_encrypt, migrations.RunPython.noop)]
