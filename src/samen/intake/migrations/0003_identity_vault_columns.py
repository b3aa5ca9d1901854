"""Identifying columns become sealed text (samen.vault); rows get a stable uuid and blind indexes.

The uuid is added nullable here, filled and the values encrypted in 0004, made unique in 0005:
PostgreSQL cannot change a table that has pending updates in the same transaction.
"""

from django.db import migrations, models

import samen.vault.fields

_ORG = "person.signal.organisation_id"
_RC_ORG = "signal.organisation_id"


def _vault(verbose_name, scope_from, **kwargs):
    return samen.vault.fields.VaultField(
        blank=True,
        kind=kwargs.pop("kind", "text"),
        scope_from=scope_from,
        uuid_field="vault_id",
        verbose_name=verbose_name,
        **kwargs,
    )


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_add_intake_outbox")]

    operations = [
        migrations.AddField("personidentity", "vault_id", models.UUIDField(null=True, editable=False)),
        migrations.AddField("reportercontact", "vault_id", models.UUIDField(null=True, editable=False)),
        migrations.AlterField("personidentity", "name", _vault("name", _ORG)),
        migrations.AlterField("personidentity", "birth_date", _vault("date of birth", _ORG, kind="date", null=True)),
        migrations.AlterField("personidentity", "phone", _vault("phone number", _ORG)),
        migrations.AlterField("personidentity", "address", _vault("address", _ORG)),
        migrations.AlterField("personidentity", "bsn", _vault("BSN", _ORG)),
        migrations.AddField(
            "personidentity",
            "bsn_index",
            samen.vault.fields.BlindIndexField(
                blank=True, db_index=True, editable=False, kind="bsn", max_length=64, source="bsn"
            ),
        ),
        migrations.AddField(
            "personidentity",
            "phone_index",
            samen.vault.fields.BlindIndexField(
                blank=True, db_index=True, editable=False, kind="phone", max_length=64, source="phone"
            ),
        ),
        migrations.AlterField("reportercontact", "name", _vault("name", _RC_ORG)),
        migrations.AlterField("reportercontact", "phone", _vault("phone number", _RC_ORG)),
        migrations.AlterField("reportercontact", "email", _vault("e-mail address", _RC_ORG)),
        migrations.AlterField("reportercontact", "safe_way", _vault("safest way to reach you", _RC_ORG)),
        migrations.AlterField("reportercontact", "safe_time", _vault("safest time to reach you", _RC_ORG)),
        migrations.AddField(
            "reportercontact",
            "phone_index",
            samen.vault.fields.BlindIndexField(
                blank=True, db_index=True, editable=False, kind="phone", max_length=64, source="phone"
            ),
        ),
    ]
