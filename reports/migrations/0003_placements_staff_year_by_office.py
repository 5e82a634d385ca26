"""StaffYearFigures keyed by (staff, post office, year): emptied, re-keyed, refilled from the figures."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q, Sum


def empty(apps, schema_editor):
    apps.get_model("reports", "StaffYearFigures").objects.all().delete()


def fill_from_figures(apps, schema_editor):
    """One row per staff member, post office and year from the figures already entered."""
    figure_model = apps.get_model("enrollment", "MonthlyFigure")
    table = apps.get_model("reports", "StaffYearFigures")._meta.db_table
    months = {f"month_{m}": Sum("new_participants", filter=Q(month=m)) for m in range(1, 13)}
    select = (
        figure_model.objects.values_list("staff_id", "post_office_id", "post_office__province_id", "year")
        .annotate(**months)
        .order_by()
    )
    sql, params = select.query.sql_with_params()
    columns = ", ".join(["staff_id", "post_office_id", "province_id", "year", *months])
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("enrollment", "0005_placements_dated_staff"),
        ("reports", "0002_staff_year_figures"),
    ]

    operations = [
        migrations.RunPython(empty, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="staffyearfigures", name="staff_year_figures_unique"),
        migrations.AddField(
            model_name="staffyearfigures",
            name="post_office",
            field=models.ForeignKey(
                db_index=False,
                default=0,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enrollment.postoffice",
                verbose_name="bưu điện",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="staffyearfigures",
            name="province",
            field=models.ForeignKey(
                default=0,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="enrollment.province",
                verbose_name="tỉnh/thành phố",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="staffyearfigures",
            constraint=models.UniqueConstraint(
                fields=("staff", "post_office", "year"), name="staff_office_year_figures_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="staffyearfigures",
            index=models.Index(fields=["post_office", "year"], name="staff_year_office_idx"),
        ),
        migrations.RunPython(fill_from_figures, empty),
    ]
