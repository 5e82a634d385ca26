from django.db import migrations

from enrollment.geography import load_geography


def forwards(apps, schema_editor):
    load_geography(apps.get_model("enrollment", "Region"), apps.get_model("enrollment", "Province"))


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
