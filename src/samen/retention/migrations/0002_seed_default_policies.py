"""Default retention periods; administrators change them as data."""

from django.db import migrations

DEFAULTS = [
    ("identity", "", 730, "delete", "Identifying data: two years after the signal is closed."),
    ("free_text", "", 1825, "anonymise", "Free text: anonymised five years after closure."),
    ("signal", "no_indications", 365, "delete", "Signals without indications of trafficking: one year after closure."),
]


def seed(apps, schema_editor):
    policy = apps.get_model("retention", "RetentionPolicy")
    for category, outcome, days, action, reason in DEFAULTS:
        policy.objects.get_or_create(
            category=category, outcome=outcome, defaults={"period_days": days, "action": action, "reason": reason}
        )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_retention_policies_holds_tombstones")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
