"""Each database constraint rejects bad values by itself — written around the ORM's validation,
so these hold for the admin, the importer, a shell or raw SQL alike (SQLite and PostgreSQL)."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from enrollment.models import AnnualPlan, MonthlyFigure, PostOffice, Province, Staff


@pytest.fixture
def staff(db):
    province = Province.objects.get(scheme="63", code="66")
    office = PostOffice.objects.create(province=province, code="T-66-01", name="Bưu điện thử nghiệm")
    return Staff.objects.create(
        employee_code="T0001", full_name="Nguyễn Văn Thử", post_office=office, active_from=datetime.date(2021, 1, 1)
    )


def figure(staff, **overrides):
    values = {"staff": staff, "post_office": staff.post_office, "year": 2022, "month": 1, "new_participants": 3}
    return MonthlyFigure(**(values | overrides))


def assert_rejected(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_negative_count_is_rejected(staff):
    assert_rejected(lambda: figure(staff, new_participants=-1).save())


@pytest.mark.parametrize("month", [0, 13])
def test_month_outside_1_to_12_is_rejected(staff, month):
    assert_rejected(lambda: figure(staff, month=month).save())


def test_second_figure_for_same_staff_month_is_rejected(staff):
    figure(staff).save()
    assert_rejected(lambda: figure(staff, new_participants=9).save())


@pytest.mark.parametrize("quota", [1, 6, 7])
def test_quota_outside_2_to_5_is_rejected(staff, quota):
    staff.monthly_quota = quota
    assert_rejected(staff.save)


def test_plan_of_zero_is_rejected(db):
    province = Province.objects.get(scheme="63", code="01")
    assert_rejected(lambda: AnnualPlan.objects.create(province=province, year=2030, target=0))


def test_province_code_is_unique_within_a_scheme_only(db):
    # 82 is Tiền Giang in the 63-province scheme and Đồng Tháp in the 34-province one.
    assert Province.objects.get(scheme="63", code="82").name == "Tiền Giang"
    assert Province.objects.get(scheme="34", code="82").name == "Đồng Tháp"
    assert_rejected(lambda: Province.objects.create(scheme="63", code="82", name="X", full_name="X", kind="tinh"))


def test_staff_code_is_unique_nationally(staff):
    other_office = PostOffice.objects.create(
        province=Province.objects.get(scheme="63", code="01"), code="T-01-01", name="Bưu điện khác"
    )
    assert_rejected(
        lambda: Staff.objects.create(
            employee_code="T0001", full_name="Trùng Mã", post_office=other_office, active_from=datetime.date(2021, 1, 1)
        )
    )


def test_raw_sql_cannot_bypass_the_count_check(staff):
    figure(staff).save()
    table = MonthlyFigure._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET new_participants = -5 WHERE staff_id = %s", [staff.pk])


def test_deleting_staff_or_post_office_with_figures_is_refused(staff):
    figure(staff).save()
    with pytest.raises(ProtectedError):
        staff.delete()
    with pytest.raises(ProtectedError):
        staff.post_office.delete()
    # ...and in the database itself, not only in the ORM. Foreign keys are checked at commit
    # (deferred); check_constraints() asks the database to check them now, as a commit would.
    with pytest.raises(IntegrityError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Staff._meta.db_table} WHERE id = %s", [staff.pk])
        connection.check_constraints()
    assert MonthlyFigure.objects.filter(staff=staff).count() == 1
