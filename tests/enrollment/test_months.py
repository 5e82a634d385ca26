import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enrollment.models import MonthlyFigure, MonthStatus
from enrollment.services.figures import figures_record
from enrollment.services.months import MonthClosedError, month_close, month_reopen, month_submit

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
    closed = month_close(user=hq, year=2021, month=4)
    assert len(closed) == 63
    assert month_close(user=hq, year=2021, month=4) == []  # already closed: nothing new


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
    with django_assert_max_num_queries(8):
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
