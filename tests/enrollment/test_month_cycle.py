"""The month cycle: submit with gaps (knowingly), changed after submission, return with a comment, close all only
the submitted provinces (unless HQ includes the others), reopen all — services and pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from enrollment.models import MonthStatus, Province, Staff
from enrollment.services.figures import figures_record
from enrollment.services.months import (
    MonthGapsError,
    month_close,
    month_reopen,
    month_reopen_all,
    month_return,
    month_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gap(office) -> Staff:
    """A Đắk Lắk person working in April 2021 without a figure."""
    return Staff.objects.create(
        employee_code="GAP001", full_name="Người chưa nhập", post_office=office, active_from=datetime.date(2021, 1, 1)
    )


def test_a_month_with_gaps_is_submitted_only_knowingly(manager, daklak, gap):
    with pytest.raises(MonthGapsError, match="Còn 1 người chưa có số liệu"):
        month_submit(user=manager, province=daklak, year=2021, month=4)
    assert not MonthStatus.objects.filter(province=daklak, year=2021, month=4, status="submitted").exists()
    status = month_submit(user=manager, province=daklak, year=2021, month=4, accept_gaps=True)
    assert status.status == "submitted" and status.submitted_with_gaps
    assert status.history.latest().history_change_reason == "submit_with_gaps"


def test_a_complete_month_is_submitted_without_the_gaps_flag(manager, daklak):
    status = month_submit(user=manager, province=daklak, year=2021, month=4)
    assert status.status == "submitted" and not status.submitted_with_gaps


def test_a_figure_changed_after_submission_marks_the_month(manager, daklak, office_staff):
    month_submit(user=manager, province=daklak, year=2021, month=4)
    figures_record(user=manager, year=2021, month=4, values={office_staff[0].pk: 0})  # same path as the grid
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).changed_after_submission_at is not None
    # saving an unchanged value, or changing an open month, marks nothing
    month_submit(user=manager, province=daklak, year=2021, month=4)
    figures_record(user=manager, year=2021, month=4, values={office_staff[0].pk: 0})
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).changed_after_submission_at is None
    figures_record(user=manager, year=2021, month=6, values={office_staff[0].pk: 2})
    assert MonthStatus.objects.get(province=daklak, year=2021, month=6).changed_after_submission_at is None


def test_hq_returns_with_a_comment_and_the_resubmission_clears_it(hq, manager, daklak):
    month_submit(user=manager, province=daklak, year=2021, month=4)
    with pytest.raises(ValidationError, match="Ghi lý do"):
        month_return(user=hq, province=daklak, year=2021, month=4, comment="  ")
    with pytest.raises(PermissionDenied):
        month_return(user=manager, province=daklak, year=2021, month=4, comment="tự trả")
    status = month_return(user=hq, province=daklak, year=2021, month=4, comment="Bưu điện Krông Pắc thiếu số liệu")
    assert status.is_returned and status.status == "open" and status.returned_by == hq
    status = month_submit(user=manager, province=daklak, year=2021, month=4)
    assert status.status == "submitted" and status.return_comment == "" and status.returned_at is None
    reasons = list(status.history.order_by("history_date").values_list("history_change_reason", "return_comment"))
    assert reasons == [("submit", ""), ("return", "Bưu điện Krông Pắc thiếu số liệu"), ("submit", "")]


def test_only_a_submitted_month_can_be_returned(hq, daklak):
    with pytest.raises(ValidationError, match="Chỉ trả lại được"):
        month_return(user=hq, province=daklak, year=2021, month=4, comment="?")


def test_close_all_closes_only_the_submitted_unless_hq_includes_the_others(hq, manager, daklak):
    month_submit(user=manager, province=daklak, year=2021, month=4)
    assert [s.province_id for s in month_close(user=hq, year=2021, month=4)] == [daklak.pk]
    assert MonthStatus.objects.filter(year=2021, month=4, status="closed").count() == 1
    assert len(month_close(user=hq, year=2021, month=4, include_unsubmitted=True)) == 62
    reopened = month_reopen_all(user=hq, year=2021, month=4)
    assert len(reopened) == 63 and not MonthStatus.objects.filter(year=2021, month=4, status="closed").exists()
    assert set(
        MonthStatus.history.filter(year=2021, month=4, history_change_reason="reopen").values_list("status", flat=True)
    ) == {"open"}


@pytest.mark.parametrize("submitted", [1, 20])
def test_close_all_and_reopen_all_in_a_fixed_number_of_queries(hq, submitted, django_assert_max_num_queries):
    provinces = list(Province.objects.filter(scheme="63").order_by("code")[:submitted])
    MonthStatus.objects.bulk_create(
        [
            MonthStatus(
                province=p,
                year=2021,
                month=4,
                status="submitted",
                submitted_at=datetime.datetime(2021, 5, 2, tzinfo=datetime.UTC),
            )
            for p in provinces
        ]
    )
    with django_assert_max_num_queries(9):  # as test_months' budget: the same statements, fewer rows
        closed = month_close(user=hq, year=2021, month=4)
    assert len(closed) == submitted
    with django_assert_max_num_queries(9):
        reopened = month_reopen_all(user=hq, year=2021, month=4)
    assert len(reopened) == submitted


def test_reopen_all_is_hq_only(manager, hq):
    month_close(user=hq, year=2021, month=4, include_unsubmitted=True)
    with pytest.raises(PermissionDenied):
        month_reopen_all(user=manager, year=2021, month=4)
    assert MonthStatus.objects.filter(year=2021, month=4, status="closed").count() == 63


# ---- pages ----


def test_the_submit_page_lists_the_gaps_and_needs_the_confirmation(manager_client, daklak, gap):
    url = reverse("enrollment:month_submit")
    page = manager_client.get(url, {"year": 2021, "month": 4, "province": daklak.pk})
    html = page.content.decode()
    assert page.status_code == 200 and "GAP001 · Người chưa nhập" in html and 'id="accept-gaps"' in html
    assert gap.post_office.name in html
    refused = manager_client.post(url, {"year": 2021, "month": 4, "province": daklak.pk})
    assert refused.status_code == 400 and "Còn 1 người chưa có số liệu" in refused.content.decode()
    assert not MonthStatus.objects.filter(province=daklak, year=2021, month=4, status="submitted").exists()
    done = manager_client.post(url, {"year": 2021, "month": 4, "province": daklak.pk, "accept_gaps": "1"}, follow=True)
    assert "Đã nộp số liệu tháng 4/2021 khi còn thiếu." in done.content.decode()
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).submitted_with_gaps


def test_hq_sees_gaps_changes_and_returns_on_the_submissions_page(hq_client, manager, daklak, gap):
    month_submit(user=manager, province=daklak, year=2021, month=4, accept_gaps=True)
    figures_record(user=manager, year=2021, month=4, values={gap.pk: 1})
    html = hq_client.get(reverse("enrollment:submissions"), {"year": 2021, "month": 4}).content.decode()
    row = html[html.index('data-province="66"') :].split("</tr>")[0]
    assert "nộp khi còn thiếu" in row and "sửa sau khi nộp" in row and "Đúng hạn" not in row.split("timeliness")[0]
    hq_client.post(
        reverse("enrollment:month_return"),
        {"year": 2021, "month": 4, "province": daklak.pk, "comment": "Kiểm tra lại BĐ trung tâm"},
    )
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).is_returned
    manager_client = Client()
    manager_client.force_login(manager)
    page = manager_client.get(reverse("enrollment:month_submit"), {"year": 2021, "month": 4, "province": daklak.pk})
    assert "Kiểm tra lại BĐ trung tâm" in page.content.decode() and "Bị trả lại" in page.content.decode()


def test_the_return_without_a_comment_says_why(hq_client, manager, daklak):
    month_submit(user=manager, province=daklak, year=2021, month=4)
    response = hq_client.post(
        reverse("enrollment:month_return"),
        {"year": 2021, "month": 4, "province": daklak.pk, "comment": ""},
        follow=True,
    )
    assert "Ghi lý do trả lại để tỉnh biết cần sửa gì." in response.content.decode()
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).status == "submitted"


def test_close_all_asks_first_and_includes_the_others_only_when_ticked(hq_client, manager, daklak):
    month_submit(user=manager, province=daklak, year=2021, month=4)
    confirm = hq_client.get(reverse("enrollment:month_close_all"), {"year": 2021, "month": 4})
    html = confirm.content.decode()
    assert "1 tỉnh đã nộp sẽ được khóa sổ." in html and "62 tỉnh chưa nộp" in html
    assert not MonthStatus.objects.filter(status="closed").exists()
    # the old one-click form (no province, no confirmation) only leads to the confirmation
    assert hq_client.post(reverse("enrollment:month_close"), {"year": 2021, "month": 4}).status_code == 302
    assert not MonthStatus.objects.filter(status="closed").exists()
    hq_client.post(reverse("enrollment:month_close_all"), {"year": 2021, "month": 4, "confirm": "1"})
    assert list(MonthStatus.objects.filter(status="closed").values_list("province_id", flat=True)) == [daklak.pk]
    hq_client.post(
        reverse("enrollment:month_close_all"), {"year": 2021, "month": 4, "confirm": "1", "include_unsubmitted": "1"}
    )
    assert MonthStatus.objects.filter(year=2021, month=4, status="closed").count() == 63
    hq_client.post(reverse("enrollment:month_reopen_all"), {"year": 2021, "month": 4})
    assert not MonthStatus.objects.filter(status="closed").exists()


def test_the_cycle_pages_are_hq_only(manager_client):
    for name in ("month_close_all", "month_reopen_all", "month_return", "reminders"):
        assert manager_client.post(
            reverse(f"enrollment:{name}"), {"year": 2021, "month": 4, "confirm": "1"}
        ).status_code in (403, 404)
    assert not MonthStatus.objects.filter(status="closed").exists()


def test_reopen_stays_recorded(hq, daklak):
    month_close(user=hq, year=2021, month=4, province=daklak)
    month_reopen(user=hq, province=daklak, year=2021, month=4)
    reasons = list(
        MonthStatus.history.filter(province=daklak, year=2021, month=4)
        .order_by("history_date")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == ["close", "reopen"]
