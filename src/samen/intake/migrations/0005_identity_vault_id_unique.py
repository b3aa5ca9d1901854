import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intake", "0004_encrypt_identities")]

    operations = [
        migrations.AlterField(
            "personidentity", "vault_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
        migrations.AlterField(
            "reportercontact", "vault_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
        ),
    ]
