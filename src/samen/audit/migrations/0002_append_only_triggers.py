"""Make the audit table append-only: triggers reject UPDATE and DELETE (and TRUNCATE on PostgreSQL).

RunPython rather than plain RunSQL because SQLite and PostgreSQL need different trigger syntax.
"""

from django.db import migrations


def install(apps, schema_editor):
    from samen.audit import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from samen.audit import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]

    operations = [migrations.RunPython(install, remove)]
