import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from devtools.loadgen import CODE_PREFIX
from enrollment.models import MonthlyFigure, PostOffice, Staff
from reports.rollups import rollups_drift

pytestmark = pytest.mark.django_db


def generated_figures():
    return MonthlyFigure.objects.filter(post_office__code__startswith=CODE_PREFIX)


def test_generates_the_asked_size_deterministically(benchmark_database):
    call_command("generate_load", staff=300, years=2, seed=3, stdout=open("/dev/null", "w"))
    assert Staff.objects.filter(employee_code__startswith=CODE_PREFIX).count() == 300
    assert generated_figures().count() == 300 * 2 * 12
    assert set(PostOffice.objects.filter(code__startswith=CODE_PREFIX).values_list("province__scheme", flat=True)) == {
        "34"
    }
    first_total = generated_figures().aggregate(total=Sum("new_participants"))["total"]
    assert first_total > 0

    with pytest.raises(CommandError):
        call_command("generate_load", staff=300, years=2, seed=3)
    call_command("generate_load", staff=300, years=2, seed=3, replace=True, stdout=open("/dev/null", "w"))
    assert generated_figures().aggregate(total=Sum("new_participants"))["total"] == first_total
    assert rollups_drift() == []
