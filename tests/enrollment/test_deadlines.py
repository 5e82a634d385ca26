"""Deadlines: the rule (5th of the next month by default), per-month overrides, timeliness, HQ's page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enrollment.deadlines import LATE, NOT_DUE, ON_TIME, due_date, due_dates, timeliness
from enrollment.models import DeadlineOverride, MonthStatus
from enrollment.services.deadlines import deadline_override_set, deadline_rule_set

pytestmark = pytest.mark.django_db
VN = datetime.timezone(datetime.timedelta(hours=7))


def test_default_is_the_fifth_of_the_next_month_december_into_january(demo_data):
    assert due_date(2021, 4) == datetime.date(2021, 5, 5)
    assert due_date(2021, 12) == datetime.date(2022, 1, 5)


def test_hq_changes_the_rule_and_overrides_one_month(hq):
    deadline_rule_set(user=hq, day_of_next_month=10)
    deadline_override_set(user=hq, year=2021, month=1, due_date=datetime.date(2021, 2, 20))  # Tết
    assert due_dates([(2021, 1), (2021, 2)]) == {
        (2021, 1): datetime.date(2021, 2, 20),
        (2021, 2): datetime.date(2021, 3, 10),
    }
    deadline_override_set(user=hq, year=2021, month=1, due_date=None)
    assert due_date(2021, 1) == datetime.date(2021, 2, 10)
    assert not DeadlineOverride.objects.exists()


def test_bad_deadlines_are_refused_in_words(hq, manager):
    with pytest.raises(ValidationError, match="từ 1 đến 28"):
        deadline_rule_set(user=hq, day_of_next_month=31)
    with pytest.raises(ValidationError, match="sau ngày cuối"):
        deadline_override_set(user=hq, year=2021, month=4, due_date=datetime.date(2021, 4, 30))
    with pytest.raises(PermissionDenied):
        deadline_rule_set(user=manager, day_of_next_month=7)
    assert due_date(2021, 4) == datetime.date(2021, 5, 5)


def _status(submitted: datetime.datetime | None, status=MonthStatus.Status.SUBMITTED) -> MonthStatus:
    return MonthStatus(status=status if submitted else MonthStatus.Status.OPEN, submitted_at=submitted)


def test_timeliness_on_time_late_and_not_due():
    due = datetime.date(2021, 5, 5)
    # 23:30 on the 5th in Vietnam is still on time, though it is the 5th 16:30 UTC
    on_time = timeliness(_status(datetime.datetime(2021, 5, 5, 23, 30, tzinfo=VN)), due)
    assert (on_time.state, on_time.days_late, on_time.label) == (ON_TIME, 0, "Đúng hạn")
    late = timeliness(_status(datetime.datetime(2021, 5, 8, 0, 10, tzinfo=VN)), due)
    assert (late.state, late.days_late, late.label) == (LATE, 3, "Trễ 3 ngày")
    so_far = timeliness(None, due, today=datetime.date(2021, 5, 12))
    assert (so_far.state, so_far.days_late, so_far.label) == (LATE, 7, "Chưa nộp, trễ 7 ngày")
    assert timeliness(None, due, today=datetime.date(2021, 5, 5)).state == NOT_DUE
    returned = MonthStatus(status=MonthStatus.Status.OPEN, submitted_at=datetime.datetime(2021, 5, 1, tzinfo=VN))
    assert timeliness(returned, due, today=datetime.date(2021, 5, 9)).days_late == 4  # a returned month is owed again


def test_deadlines_page_is_hq_only_and_saves(client, hq, manager):
    client.force_login(manager)
    assert client.get(reverse("enrollment:deadlines")).status_code == 403
    client.force_login(hq)
    response = client.post(reverse("enrollment:deadlines"), {"day_of_next_month": "12"})
    assert response.status_code == 302 and due_date(2021, 4) == datetime.date(2021, 5, 12)
    response = client.post(reverse("enrollment:deadlines"), {"year": "2021", "month": "4", "due_date": "20/05/2021"})
    assert response.status_code == 302 and due_date(2021, 4) == datetime.date(2021, 5, 20)
    page = client.get(reverse("enrollment:deadlines")).content.decode()
    assert "4/2021: 20/05/2021" in page


def test_deadlines_page_says_what_is_wrong(client, hq):
    client.force_login(hq)
    response = client.post(reverse("enrollment:deadlines"), {"year": "2021", "month": "4", "due_date": "31/02/2021"})
    assert response.status_code == 400 and "Nhập ngày dạng dd/mm/yyyy." in response.content.decode()
    response = client.post(reverse("enrollment:deadlines"), {"year": "2021", "month": "4", "due_date": "01/04/2021"})
    assert response.status_code == 400 and "Hạn nộp phải sau ngày cuối của tháng báo cáo." in response.content.decode()
    response = client.post(reverse("enrollment:deadlines"), {"day_of_next_month": "40"})
    assert response.status_code == 400 and "Ngày hạn nộp phải từ 1 đến 28." in response.content.decode()
    assert not DeadlineOverride.objects.exists()
