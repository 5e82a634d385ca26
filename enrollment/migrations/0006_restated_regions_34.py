from django.db import migrations, models

from enrollment.geography import load_regions_34


def forwards(apps, schema_editor):
    load_regions_34(apps.get_model("enrollment", "Region"), apps.get_model("enrollment", "Province"))


class Migration(migrations.Migration):
    dependencies = [("enrollment", "0005_placements_dated_staff")]

    operations = [
        migrations.AlterModelOptions(
            name="region",
            options={"ordering": ["scheme", "position", "code"], "verbose_name": "vùng", "verbose_name_plural": "vùng"},
        ),
        migrations.AddField(
            model_name="region",
            name="provisional",
            field=models.BooleanField(
                default=False,
                help_text="Bỏ chọn khi Tổng công ty xác nhận cách chia vùng này.",
                verbose_name="tạm thời",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="scheme",
            field=models.CharField(
                choices=[("63", "63 tỉnh (đến 30/06/2025)"), ("34", "34 tỉnh (từ 01/07/2025)")],
                default="63",
                max_length=2,
                verbose_name="phân cấp",
            ),
        ),
        migrations.AlterField(
            model_name="region",
            name="code",
            field=models.CharField(max_length=16, verbose_name="mã vùng"),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(fields=("scheme", "code"), name="region_unique_scheme_code"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
