from django.db import migrations, models


class Migration(migrations.Migration):
    """Signals de-identified before keep their copy as one text with Dutch labels
    (`Signal.deidentified_description` shows it as it is): making it again would hide their
    de-identified "when", age and nationality until the periodic task reached them."""

    dependencies = [
        ("intake", "0010_signal_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="signal",
            name="deidentified_parts",
            field=models.JSONField(blank=True, default=list, verbose_name="de-identified description in parts"),
        ),
    ]
