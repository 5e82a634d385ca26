"""offices_reorganise (the 1/9/2025 commune offices): old offices close the day before, new ones open, staff move."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from enrollment.models import MonthlyFigure, PostOffice, Province, Staff, StaffPlacement
from enrollment.models.placements import earned_at
from enrollment.services.figures import figures_record
from enrollment.services.reorganisation import ReorganisationRow, offices_reorganise
from tests.enrollment.cutover import new_scheme_office_with_staff

pytestmark = pytest.mark.django_db
ON = datetime.date(2025, 9, 1)
EVE = datetime.date(2025, 8, 31)


@pytest.fixture
def daklak_district():
    """A district office of new Đắk Lắk with four people working there since the cut-over."""
    people = new_scheme_office_with_staff(Province.objects.get(scheme="34", code="66"), suffix="01", staff=4)
    return people[0].post_office, people


def plan_for(office: PostOffice) -> list[ReorganisationRow]:
    return [
        ReorganisationRow(old_code=office.code, new_code="X66-001", name="Bưu điện xã Hòa Thắng", line=2),
        ReorganisationRow(old_code=office.code, new_code="X66-002", name="Bưu điện xã Ea Kao", line=3),
    ]


def office_on(staff: Staff, day: datetime.date) -> int:
    return Staff.objects.annotate(office=earned_at(day, day)).get(pk=staff.pk).office


def snapshot() -> tuple:
    return (
        list(PostOffice.objects.order_by("pk").values_list("pk", "code", "is_active", "valid_from", "valid_to")),
        list(StaffPlacement.objects.order_by("pk").values_list("staff", "post_office", "valid_from", "valid_to")),
        list(Staff.objects.order_by("pk").values_list("pk", "post_office")),
        StaffPlacement.history.count(),
    )


def test_the_old_office_closes_the_day_before_and_the_new_ones_open_with_its_staff(hq, daklak_district):
    district, people = daklak_district
    figures_record(user=hq, year=2025, month=8, values={people[0].pk: 4})
    report = offices_reorganise(plan=plan_for(district), on=ON, user=hq)

    assert (report.offices_opened, report.offices_closed, report.offices_deactivated, report.staff_moved) == (
        2,
        1,
        1,
        4,
    )
    assert not report.skipped
    district.refresh_from_db()
    assert (district.valid_to, district.is_active) == (EVE, False)
    new = PostOffice.objects.filter(code__in=["X66-001", "X66-002"]).order_by("code")
    assert [(o.province_id, o.kind, o.valid_from, o.valid_to) for o in new] == [
        (district.province_id, PostOffice.Kind.COMMUNE, ON, None)
    ] * 2
    for person in people:
        assert office_on(person, EVE) == district.pk
    assert sorted(office_on(person, ON) for person in people) == sorted([new[0].pk] * 2 + [new[1].pk] * 2)
    assert set(Staff.objects.filter(pk__in=[p.pk for p in people]).values_list("post_office", flat=True)) == {
        o.pk for o in new
    }
    assert StaffPlacement.history.filter(history_change_reason="offices_reorganise").exists()
    # figures earned before stay where they were earned; a September one is earned at the new office
    assert MonthlyFigure.objects.get(staff=people[0], year=2025, month=8).post_office_id == district.pk
    figures_record(user=hq, year=2025, month=9, values={people[0].pk: 3})
    assert MonthlyFigure.objects.get(staff=people[0], month=9).post_office_id == office_on(people[0], ON)


def test_a_parent_office_from_the_plan_or_the_province(hq, daklak_district):
    district, _people = daklak_district
    plan = [
        ReorganisationRow(old_code=district.code, new_code="X66-001", name="Bưu điện xã Hòa Thắng"),
        ReorganisationRow(old_code=district.code, new_code="X66-002", name="Điểm Ea Kao", parent_code="X66-001"),
    ]
    offices_reorganise(plan=plan, on=ON, user=hq)
    assert PostOffice.objects.get(code="X66-002").parent.code == "X66-001"


def test_a_second_run_changes_nothing_and_counts_what_is_done(hq, daklak_district):
    district, _people = daklak_district
    offices_reorganise(plan=plan_for(district), on=ON, user=hq)
    before = snapshot()
    again = offices_reorganise(plan=plan_for(district), on=ON, user=hq)
    assert snapshot() == before
    assert not again.changed and (again.offices_already, again.staff_already) == (2, 4)


def test_a_dry_run_reports_and_writes_nothing(hq, daklak_district):
    district, _people = daklak_district
    before = snapshot()
    trial = offices_reorganise(plan=plan_for(district), on=ON, user=hq, dry_run=True)
    assert (trial.offices_opened, trial.staff_moved, trial.dry_run) == (2, 4, True)
    assert snapshot() == before


def test_bad_rows_are_all_refused_with_a_message_and_nothing_is_written(hq, daklak_district):
    district, _people = daklak_district
    old_scheme_office, taken = PostOffice.objects.filter(province__scheme="63").order_by("code")[:2]
    plan = [
        *plan_for(district),
        ReorganisationRow(old_code="NO-SUCH", new_code="X66-003", name="A", line=4),
        ReorganisationRow(old_code=district.code, new_code="X66-004", name="B", kind="village", line=5),
        ReorganisationRow(old_code=old_scheme_office.code, new_code="X66-005", name="C", line=6),
        ReorganisationRow(old_code=district.code, new_code="X66-001", name="Khác", line=7),
        ReorganisationRow(old_code=district.code, new_code=taken.code, name="D", line=8),
    ]
    before = snapshot()
    with pytest.raises(ValidationError) as refused:
        offices_reorganise(plan=plan, on=ON, user=hq)
    messages = refused.value.messages
    assert len(messages) == 5 and [m.split(":")[0] for m in messages] == [f"Dòng {n}" for n in (4, 5, 6, 7, 8)]
    assert "Không có bưu điện mã NO-SUCH." in messages[0] and "village" in messages[1]
    assert "tỉnh cũ" in messages[2] and "nhiều lần" in messages[3] and "đã được dùng" in messages[4]
    assert snapshot() == before
    with translation.override("en"), pytest.raises(ValidationError) as in_english:
        offices_reorganise(plan=plan, on=ON, user=hq)
    assert in_english.value.messages[0] == "Line 4: There is no post office with code NO-SUCH."


def test_a_date_of_the_old_scheme_is_refused(hq, daklak_district):
    district, _people = daklak_district
    with pytest.raises(ValidationError, match="34 tỉnh"):
        offices_reorganise(plan=plan_for(district), on=datetime.date(2025, 6, 1), user=hq)


def test_an_office_with_figures_from_the_date_on_is_left_and_reported(hq, daklak_district):
    district, people = daklak_district
    MonthlyFigure.objects.create(staff=people[0], post_office=district, year=2025, month=9, new_participants=2)
    report = offices_reorganise(plan=plan_for(district), on=ON, user=hq)
    assert [item.what for item in report.skipped] == [f"{district.code} · {district.name}"]
    assert "09/2025" in report.skipped[0].reason or "2025" in report.skipped[0].reason
    district.refresh_from_db()
    assert district.valid_to is None and not PostOffice.objects.filter(code="X66-001").exists()


def test_another_provinces_manager_may_not(daklak_district, manager_hanoi):
    district, _people = daklak_district
    with pytest.raises(PermissionDenied):
        offices_reorganise(plan=plan_for(district), on=ON, user=manager_hanoi)


def test_the_command_reads_the_csv(tmp_path, hq, daklak_district):
    district, _people = daklak_district
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "old_code,new_code,name,kind,parent_code\n"
        f"{district.code},X66-001,Bưu điện xã Hòa Thắng,commune,\n"
        f"{district.code},X66-002,Bưu điện xã Ea Kao,,X66-001\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("offices_reorganise", str(plan), "--on=2025-09-01", "--dry-run", stdout=out)
    assert "chạy thử" in out.getvalue() and "Nhân viên: 4 điều chuyển" in out.getvalue()
    assert not PostOffice.objects.filter(code="X66-001").exists()
    call_command("offices_reorganise", str(plan), "--on=2025-09-01", "--user=hq", stdout=out)
    assert PostOffice.objects.get(code="X66-002").parent.code == "X66-001"
    assert Staff.objects.filter(post_office__code__in=["X66-001", "X66-002"]).count() == 4


def test_the_command_refuses_a_file_without_the_columns(tmp_path, hq):
    plan = tmp_path / "plan.csv"
    plan.write_text("old,new\nA,B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu cột old_code, new_code, name"):
        call_command("offices_reorganise", str(plan), "--on=2025-09-01", stdout=io.StringIO())
    bad = tmp_path / "bad.csv"
    bad.write_text("old_code,new_code,name\nNO-SUCH,X1,A\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 2: Không có bưu điện mã NO-SUCH"):
        call_command("offices_reorganise", str(bad), "--on=2025-09-01", stdout=io.StringIO())
