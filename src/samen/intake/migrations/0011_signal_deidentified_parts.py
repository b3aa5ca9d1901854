from django.db import migrations, models
from django.db.models import Q


def deidentify_again(apps, schema_editor):
    """Signals whose copy has labels (a place, a person's description) are de-identified again by
    the periodic task, so the labels read in each reader's language; until then the copy in Dutch
    stays shown."""
    Signal = apps.get_model("intake", "Signal")
    SignalPerson = apps.get_model("intake", "SignalPerson")
    described = SignalPerson.objects.exclude(description="").values("signal_id")
    Signal.objects.filter(~Q(place="") | Q(pk__in=described), deidentified_at__isnull=False).update(
        deidentified_at=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0010_signal_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="signal",
            name="deidentified_parts",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(deidentify_again, migrations.RunPython.noop),
    ]
