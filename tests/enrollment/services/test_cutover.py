"""scheme_cutover on the 2021 demo: offices, staff and managers carried into the 34 provinces from 1/7/2025."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import Sum

from enrollment.models import ManagerAssignment, MonthlyFigure, PostOffice, Province, Staff, StaffPlacement
from enrollment.services.cutover import carried_code, scheme_cutover
from enrollment.services.figures import figures_record
from reports.models import ProvinceMonthTotal
from reports.rollups import rollups_drift
from tests.enrollment.cutover import CUTOVER, OLD_SCHEME_LAST_DAY

pytestmark = pytest.mark.django_db


def organisation_snapshot() -> tuple:
    """Everything the cut-over may write, to compare before and after a run that should change nothing."""
    return (
        list(
            PostOffice.objects.order_by("pk").values_list("pk", "code", "province", "parent", "is_active", "valid_to")
        ),
        list(StaffPlacement.objects.order_by("pk").values_list("pk", "staff", "post_office", "valid_from", "valid_to")),
        list(Staff.objects.order_by("pk").values_list("pk", "post_office")),
        list(ManagerAssignment.objects.order_by("pk").values_list("user", "province", "valid_from", "valid_to")),
        StaffPlacement.history.count(),
    )


def april_2021() -> tuple[int, int]:
    """National April 2021 and old Đắk Lắk's lũy kế through April, from the rollups."""
    totals = ProvinceMonthTotal.objects.filter(year=2021, month__lte=4)
    national = totals.filter(month=4).aggregate(total=Sum("total"))["total"]
    return national, totals.filter(province__scheme="63", province__code="66").aggregate(total=Sum("total"))["total"]


@pytest.fixture
def done(hq):
    return scheme_cutover(user=hq, on=CUTOVER, dry_run=False)


def test_every_active_person_is_placed_in_a_34_scheme_office_from_the_cutover(done):
    active = Staff.objects.active_on(CUTOVER)
    assert done.staff_moved == active.count() == 5617 and not done.skipped
    new = StaffPlacement.objects.filter(valid_from=CUTOVER, post_office__province__scheme="34", valid_to=None)
    assert set(new.values_list("staff", flat=True)) == set(active.values_list("pk", flat=True))
    before = StaffPlacement.objects.filter(valid_to=OLD_SCHEME_LAST_DAY, post_office__province__scheme="63")
    assert before.count() == 5617
    assert not Staff.objects.filter(post_office__province__scheme="63").exists()  # the current value follows
    person = Staff.objects.get(employee_code=active.order_by("employee_code").first().employee_code)
    old_office = StaffPlacement.objects.get(staff=person, valid_to=OLD_SCHEME_LAST_DAY).post_office
    assert person.post_office.code == carried_code(old_office.code, "34")
    assert person.post_office.province == old_office.province.merged_into


def test_old_offices_close_the_day_before_and_new_ones_open_under_the_successor(done):
    assert (done.offices_created, done.offices_closed, done.offices_deactivated) == (648, 648, 648)
    old = PostOffice.objects.filter(province__scheme="63")
    assert set(old.values_list("valid_to", "is_active")) == {(OLD_SCHEME_LAST_DAY, False)}
    new = PostOffice.objects.filter(province__scheme="34")
    assert new.count() == 648 and set(new.values_list("valid_from", "is_active")) == {(CUTOVER, True)}
    phu_yen = PostOffice.objects.get(code="54-01")
    carried = PostOffice.objects.get(code=carried_code("54-01", "34"))
    assert (carried.province.code, carried.name) == ("66", phu_yen.name)  # Phú Yên went into new Đắk Lắk


def test_the_tree_is_kept(hq):
    parent, child = PostOffice.objects.filter(province__scheme="63", province__code="66").order_by("code")[:2]
    child.parent = parent
    child.save()
    scheme_cutover(user=hq, on=CUTOVER)
    new_child = PostOffice.objects.get(code=carried_code(child.code, "34"))
    assert new_child.parent.code == carried_code(parent.code, "34")


def test_figures_earned_before_stay_and_new_ones_land_in_the_new_province(done, hq):
    assert april_2021() == (20831, 2991)
    assert MonthlyFigure.objects.filter(post_office__province__scheme="34").count() == 0
    assert not rollups_drift()
    person = Staff.objects.filter(post_office__province__scheme="34", post_office__province__code="66").first()
    figures_record(user=hq, year=2025, month=7, values={person.pk: 4})
    figures_record(user=hq, year=2025, month=6, values={person.pk: 3})
    july, june = (MonthlyFigure.objects.get(staff=person, year=2025, month=m).post_office for m in (7, 6))
    assert (july.province.scheme, july.province.code, july.pk) == ("34", "66", person.post_office_id)
    assert june.province.scheme == "63" and june.code + "/34" == july.code
    assert april_2021() == (20831, 2991)


def test_managers_hold_the_old_province_until_the_eve_and_the_successor_from_the_cutover(done):
    spells = ManagerAssignment.objects.filter(user__username="manager-66").order_by("-province__scheme")
    assert [(s.province.scheme, s.province.code, s.valid_from, s.valid_to) for s in spells] == [
        ("63", "66", None, OLD_SCHEME_LAST_DAY),
        ("34", "66", CUTOVER, None),
    ]
    # Phú Yên's manager and Đắk Lắk's both hold new Đắk Lắk; nobody holds it twice
    holders = ManagerAssignment.objects.filter(province__scheme="34", province__code="66")
    assert sorted(holders.values_list("user__username", flat=True)) == ["manager-54", "manager-66"]
    assert done.assignments_ended == done.assignments_created == 63


def test_a_second_run_changes_nothing_and_reports_already_done(done, hq):
    before = organisation_snapshot()
    again = scheme_cutover(user=hq, on=CUTOVER)
    assert organisation_snapshot() == before and not again.changed
    assert (again.offices_already, again.staff_already, again.assignments_already) == (648, 5617, 63)


def test_a_dry_run_changes_nothing_and_reports_what_a_run_would_do(hq):
    before = organisation_snapshot()
    trial = scheme_cutover(user=hq, on=CUTOVER, dry_run=True)
    assert organisation_snapshot() == before
    assert (trial.offices_created, trial.staff_moved, trial.assignments_created) == (648, 5617, 63)


def test_what_cannot_be_carried_is_listed_with_the_reason(hq):
    leaver = Staff.objects.filter(post_office__code="66-01").order_by("employee_code").first()
    Staff.objects.filter(pk=leaver.pk).update(active_to=datetime.date(2025, 5, 31))
    Province.objects.filter(scheme="63", code="01").update(merged_into=None)
    report = scheme_cutover(user=hq, on=CUTOVER)
    reasons = {item.what: item.reason for item in report.skipped}
    assert "ngày chuyển đổi" in reasons[str(leaver)]
    hanoi_offices = PostOffice.objects.filter(province__scheme="63", province__code="01")
    assert all("không có tỉnh kế thừa" in reasons[f"{o.code} · {o.name}"] for o in hanoi_offices)
    assert set(hanoi_offices.values_list("is_active", "valid_to")) == {(True, None)}  # left as it was
    assert Staff.objects.get(pk=leaver.pk).post_office.code == "66-01"


def test_only_hq_may_run_it(manager):
    with pytest.raises(PermissionDenied):
        scheme_cutover(user=manager, on=CUTOVER)


def test_the_command_prints_the_report_in_vietnamese(demo_data):
    out = io.StringIO()
    call_command("scheme_cutover", "--on", "2025-07-01", "--dry-run", stdout=out)
    assert "chạy thử" in out.getvalue() and "Nhân viên: 5617 điều chuyển" in out.getvalue()
    assert not PostOffice.objects.filter(province__scheme="34").exists()
    call_command("scheme_cutover", "--on", "2025-07-01", "--user", "hq", stdout=out)
    assert PostOffice.objects.filter(province__scheme="34").count() == 648
    out = io.StringIO()
    call_command("scheme_cutover", "--on", "2025-07-01", stdout=out)
    assert "Không có gì thay đổi" in out.getvalue() and "648 đã chuyển từ trước" in out.getvalue()


def test_the_2021_staff_report_keeps_every_person_after_the_cut_over(hq):
    from core.period import Period
    from reports.exports.scope import ExportScope
    from reports.exports.selectors import staff_rows

    daklak = Province.objects.get(scheme="63", code="66")
    scope, april = ExportScope(province=daklak), Period(2021, 4)
    before = sorted(
        (r.employee_code, r.post_office_name, tuple(r.monthly)) for r in staff_rows(user=hq, period=april, scope=scope)
    )
    scheme_cutover(user=hq, on=datetime.date(2025, 7, 1))
    after = sorted(
        (r.employee_code, r.post_office_name, tuple(r.monthly)) for r in staff_rows(user=hq, period=april, scope=scope)
    )
    assert after == before and sum(sum(m or 0 for m in monthly) for _, _, monthly in after) == 2991
