"""The rollups stay exact on every write path, roll back with a failed transaction, and drift is found."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from enrollment.models import MonthlyFigure, Province, Staff
from enrollment.services.figures import figures_record
from reports.models import PostOfficeMonthTotal, ProvinceMonthTotal
from reports.rollups import rollups_drift


def province_total(province_id: int, year: int = 2021, month: int = 4) -> int:
    row = ProvinceMonthTotal.objects.filter(province_id=province_id, year=year, month=month).first()
    return row.total if row else 0


def dak_lak_staff(count: int = 3) -> list[Staff]:
    return list(Staff.objects.filter(post_office__province__scheme="63", post_office__province__code="66")[:count])


def test_demo_rollups_match_the_staff_figures(demo_data):
    assert rollups_drift() == []
    assert sum(ProvinceMonthTotal.objects.filter(year=2021).values_list("total", flat=True)) == 76408
    assert sum(PostOfficeMonthTotal.objects.filter(year=2021, month=4).values_list("total", flat=True)) == 20831


def test_figures_record_moves_the_rollups_by_the_delta(hq):
    staff = dak_lak_staff()
    province_id = staff[0].post_office.province_id
    before = province_total(province_id)
    old = dict(
        MonthlyFigure.objects.filter(staff__in=staff, year=2021, month=4).values_list("staff_id", "new_participants")
    )
    figures_record(user=hq, year=2021, month=4, values={s.pk: old[s.pk] + 7 for s in staff})
    assert province_total(province_id) == before + 21
    assert rollups_drift() == []
    # a new month (insert path), then a lowering
    figures_record(user=hq, year=2021, month=5, values={staff[0].pk: 9, staff[1].pk: 0})
    assert province_total(province_id, month=5) == 9
    figures_record(user=hq, year=2021, month=5, values={staff[0].pk: 4})
    assert province_total(province_id, month=5) == 4
    office_cell = PostOfficeMonthTotal.objects.get(post_office=staff[0].post_office, year=2021, month=5)
    assert office_cell.total == 4  # staff[1] entered 0 this month wherever they work
    assert rollups_drift() == []


def test_a_failed_transaction_leaves_the_rollups_untouched(hq):
    staff = dak_lak_staff()
    province_id = staff[0].post_office.province_id
    before = province_total(province_id)
    with pytest.raises(RuntimeError), transaction.atomic():
        figures_record(user=hq, year=2021, month=4, values={s.pk: 999 for s in staff})
        assert province_total(province_id) != before  # moved inside the transaction …
        raise RuntimeError("the caller fails after the service")
    assert province_total(province_id) == before  # … and rolled back with it
    with pytest.raises(ValidationError):
        figures_record(user=hq, year=2021, month=4, values={staff[0].pk: 5, staff[1].pk: -1})
    assert province_total(province_id) == before
    assert rollups_drift() == []


def test_single_saves_and_deletes_outside_the_service_are_caught(hq):
    figure = MonthlyFigure.objects.filter(year=2021, month=4).select_related("post_office").first()
    province_id = figure.post_office.province_id
    before = province_total(province_id)
    figure.new_participants += 11
    figure.save()
    assert province_total(province_id) == before + 11
    figure.delete()
    assert province_total(province_id) == before + 11 - figure.new_participants
    assert rollups_drift() == []


def test_rollups_check_finds_injected_drift_and_fix_repairs_it(demo_data):
    out = io.StringIO()
    call_command("rollups_check", stdout=out)
    assert "Sai lệch: 0" in out.getvalue()

    hanoi = Province.objects.get(scheme="63", code="01")
    ProvinceMonthTotal.objects.filter(province=hanoi, year=2021, month=3).update(total=1)
    PostOfficeMonthTotal.objects.filter(province=hanoi, year=2021, month=3).first().delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 ô tổng hợp sai lệch"):
        call_command("rollups_check", stdout=out)
    assert "province" in out.getvalue() and "post_office" in out.getvalue()

    out = io.StringIO()
    call_command("rollups_check", "--fix", stdout=out)
    assert "sai lệch: 0" in out.getvalue()
    assert rollups_drift() == []
