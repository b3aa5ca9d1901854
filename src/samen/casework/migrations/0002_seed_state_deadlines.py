from django.db import migrations

from samen.casework.deadlines import DEFAULT_WORKING_DAYS


def seed(apps, schema_editor):
    StateDeadline = apps.get_model("casework", "StateDeadline")
    for (kind, state), days in DEFAULT_WORKING_DAYS.items():
        StateDeadline.objects.get_or_create(kind=kind, state=str(state), defaults={"working_days": days})


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_tracks_events_actions_cases")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
