import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enrollment.models import MonthlyFigure, MonthStatus, Staff
from enrollment.services.figures import figures_record
from enrollment.services.months import MonthClosedError, MonthSchemeError, month_close, month_reopen, month_submit
from tests.enrollment.cutover import new_scheme_office_with_staff
from tests.enrollment.test_grid import grid_post

pytestmark = pytest.mark.django_db


def test_submit_close_reopen_is_recorded(manager, hq, daklak):
    status = month_submit(user=manager, province=daklak, year=2021, month=4)
    assert status.status == "submitted" and status.submitted_by == manager
    month_close(user=hq, year=2021, month=4, province=daklak)
    month_reopen(user=hq, province=daklak, year=2021, month=4)
    history = list(MonthStatus.history.filter(province=daklak, year=2021, month=4).order_by("history_date"))
    assert [(h.status, h.history_change_reason, h.history_user) for h in history] == [
        ("submitted", "submit", manager),
        ("closed", "close", hq),
        ("open", "reopen", hq),
    ]


def test_manager_cannot_submit_another_province_or_close(manager, hanoi, daklak):
    with pytest.raises(PermissionDenied):
        month_submit(user=manager, province=hanoi, year=2021, month=4)
    with pytest.raises(PermissionDenied):
        month_close(user=manager, year=2021, month=4, province=daklak)
    with pytest.raises(PermissionDenied):
        month_reopen(user=manager, year=2021, month=4, province=daklak)
    assert not MonthStatus.objects.exists()


def test_close_all_closes_every_province_of_the_scheme(hq):
    closed = month_close(user=hq, year=2021, month=4, include_unsubmitted=True)
    assert len(closed) == 63
    assert month_close(user=hq, year=2021, month=4, include_unsubmitted=True) == []  # already closed: nothing new


def test_closed_month_refuses_figures_and_submission(manager, hq, daklak, office_staff):
    month_close(user=hq, year=2021, month=4, province=daklak)
    with pytest.raises(MonthClosedError):
        figures_record(user=manager, year=2021, month=4, values={office_staff[0].pk: 9})
    with pytest.raises(MonthClosedError):
        month_submit(user=manager, province=daklak, year=2021, month=4)
    month_reopen(user=hq, province=daklak, year=2021, month=4)
    figures_record(user=manager, year=2021, month=4, values={office_staff[0].pk: 9})
    assert MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=4).new_participants == 9


def test_submissions_page_for_hq_lists_who_submitted(hq_client, manager, daklak, django_assert_max_num_queries):
    month_submit(user=manager, province=daklak, year=2021, month=4)
    # 8 before issue 14, + completeness (2: the counts, the office names) + the due date (rule, overrides) - 1 cached
    with django_assert_max_num_queries(11):
        response = hq_client.get(reverse("enrollment:submissions"), {"year": 2021, "month": 4})
    html = response.content.decode()
    assert len(response.context["rows"]) == 63
    assert 'data-province="66"' in html and "Đã nộp" in html and "manager-66" in html


def test_submissions_page_and_close_are_hq_only(manager_client):
    assert manager_client.get(reverse("enrollment:submissions")).status_code == 403
    assert manager_client.post(reverse("enrollment:month_close"), {"year": 2021, "month": 4}).status_code == 403
    assert not MonthStatus.objects.exists()


def test_manager_submits_through_the_page(manager_client, office):
    response = manager_client.post(reverse("enrollment:month_submit"), {"year": 2021, "month": 4, "office": office.pk})
    assert response.status_code == 302
    assert MonthStatus.objects.get(province=office.province, year=2021, month=4).status == "submitted"


def test_hq_closes_and_reopens_through_the_page(hq_client, daklak):
    hq_client.post(reverse("enrollment:month_close"), {"year": 2021, "month": 4, "province": daklak.pk})
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).status == "closed"
    hq_client.post(reverse("enrollment:month_reopen"), {"year": 2021, "month": 4, "province": daklak.pk})
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).status == "open"


# ---- months and locks per scheme: 1/7/2025 switches from the 63 provinces to the 34 ----


def test_close_all_closes_the_provinces_of_the_scheme_in_force_that_month(hq):
    june = month_close(user=hq, year=2025, month=6, include_unsubmitted=True)
    july = month_close(user=hq, year=2025, month=7, include_unsubmitted=True)
    assert len(june) == 63 and {s.province.scheme for s in june} == {"63"}
    assert len(july) == 34 and {s.province.scheme for s in july} == {"34"}
    closed = MonthStatus.objects.filter(status="closed")
    assert set(closed.filter(month=6).values_list("province__scheme", flat=True)) == {"63"}
    assert set(closed.filter(month=7).values_list("province__scheme", flat=True)) == {"34"}


@pytest.fixture
def both_sides(cutover, office_staff):
    """An old Đắk Lắk person (63 scheme) and a new Đắk Lắk person working since 2024 (34 scheme)."""
    new_member = new_scheme_office_with_staff(
        cutover.new["66"], suffix="02", staff=1, active_from=datetime.date(2024, 1, 1)
    )[0]
    return SimpleNamespace(old=office_staff[0], new=new_member, manager=cutover.managers["66"])


def _scheme_error(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return " ".join(message for messages in caught.value.message_dict.values() for message in messages)


def test_a_figure_goes_only_to_a_province_of_the_scheme_in_force(both_sides):
    manager, old, new = both_sides.manager, both_sides.old, both_sides.new
    june_into_new = _scheme_error(lambda: figures_record(user=manager, year=2025, month=6, values={new.pk: 3}))
    assert "6/2025" in june_into_new and "63 tỉnh" in june_into_new and "34 tỉnh" in june_into_new
    july_into_old = _scheme_error(lambda: figures_record(user=manager, year=2025, month=7, values={old.pk: 3}))
    assert "7/2025" in july_into_old and str(old) in july_into_old
    # a refused batch saves nothing, not even its valid part
    _scheme_error(lambda: figures_record(user=manager, year=2025, month=7, values={new.pk: 5, old.pk: 3}))
    assert not MonthlyFigure.objects.filter(staff__in=[old, new], year=2025, month__in=[6, 7]).exists()
    # the right side of the line is accepted
    figures_record(user=manager, year=2025, month=6, values={old.pk: 2})
    figures_record(user=manager, year=2025, month=7, values={new.pk: 4})
    saved = MonthlyFigure.objects.filter(staff__in=[old, new], year=2025).values_list(
        "staff_id", "month", "new_participants"
    )
    assert set(saved) == {(old.pk, 6, 2), (new.pk, 7, 4)}


def test_an_existing_figure_in_the_wrong_scheme_is_not_rewritten(both_sides, hq):
    old = both_sides.old
    stray = MonthlyFigure.objects.create(staff=old, post_office=old.post_office, year=2025, month=8, new_participants=1)
    assert "8/2025" in _scheme_error(lambda: figures_record(user=hq, year=2025, month=8, values={old.pk: 7}))
    stray.refresh_from_db()
    assert stray.new_participants == 1


def test_the_2021_months_stay_writable_on_the_63_scheme(both_sides):
    figures_record(user=both_sides.manager, year=2021, month=4, values={both_sides.old.pk: 11})
    assert MonthlyFigure.objects.get(staff=both_sides.old, year=2021, month=4).new_participants == 11


def test_a_predecessors_late_june_figure_is_refused_once_june_is_closed(cutover, hq):
    manager, phu_yen = cutover.managers["66"], cutover.old["54"]
    member = Staff.objects.filter(post_office__province=phu_yen).order_by("pk").first()
    figures_record(user=manager, year=2025, month=6, values={member.pk: 3})  # a predecessor's month still open
    month_close(user=hq, year=2025, month=6, include_unsubmitted=True)
    with pytest.raises(MonthClosedError):
        figures_record(user=manager, year=2025, month=6, values={member.pk: 5})
    assert MonthlyFigure.objects.get(staff=member, year=2025, month=6).new_participants == 3


def test_the_grid_shows_the_scheme_refusal_on_the_cell(both_sides, client):
    client.force_login(both_sides.manager)
    office = both_sides.old.post_office
    staff = list(Staff.objects.filter(post_office=office).order_by("employee_code"))
    url, data = grid_post(office, staff, ["3"] + [""] * (len(staff) - 1), year=2025, month=7)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400 and "Tháng 7/2025 báo cáo theo phân cấp 34 tỉnh (từ 01/07/2025)" in html
    assert not MonthlyFigure.objects.filter(post_office=office, year=2025, month=7).exists()


def test_the_new_province_manager_picks_among_the_province_and_its_predecessors(cutover, client):
    client.force_login(cutover.managers["66"])
    page = client.get(reverse("enrollment:grid"), {"year": 2025, "month": 7})
    assert {(p.scheme, p.code) for p in page.context["provinces"]} == {("63", "66"), ("63", "54"), ("34", "66")}
    assert page.context["province_id"] == cutover.new["66"].pk  # their own province preselected
    assert {o.province_id for o in page.context["offices"]} == {cutover.new["66"].pk}
    page = client.get(reverse("enrollment:grid"), {"year": 2025, "month": 6, "province": cutover.old["54"].pk})
    assert page.context["offices"] and {o.province_id for o in page.context["offices"]} == {cutover.old["54"].pk}
    hanoi = cutover.old["01"].pk
    page = client.get(reverse("enrollment:grid"), {"year": 2025, "month": 6, "province": hanoi})
    assert not page.context["offices"]


def test_a_province_of_the_other_scheme_has_no_month_to_submit_or_close(cutover, hq):
    manager, new, old = cutover.managers["66"], cutover.new["66"], cutover.old["66"]
    with pytest.raises(MonthSchemeError, match="6/2025"):
        month_submit(user=manager, province=new, year=2025, month=6)
    with pytest.raises(MonthSchemeError, match="7/2025"):
        month_close(user=hq, year=2025, month=7, province=old)
    assert not MonthStatus.objects.filter(province=new, year=2025, month=6).exists()
    assert not MonthStatus.objects.filter(province=old, year=2025, month=7).exists()
    assert month_submit(user=manager, province=new, year=2025, month=7, accept_gaps=True).status == "submitted"
    # a predecessor's
    assert month_submit(user=manager, province=old, year=2025, month=6, accept_gaps=True).status == "submitted"


def test_the_close_page_says_why_a_province_of_the_other_scheme_is_refused(hq_client, daklak):
    response = hq_client.post(
        reverse("enrollment:month_close"), {"year": 2025, "month": 7, "province": daklak.pk}, follow=True
    )
    assert "Tháng 7/2025 báo cáo theo phân cấp 34 tỉnh (từ 01/07/2025)" in response.content.decode()
    assert not MonthStatus.objects.filter(province=daklak, year=2025).exists()
