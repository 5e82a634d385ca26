"""Reminders: the managers of provinces due soon or late, once a day, in their language; the command and HQ's button;
the language remembered when the user switches; each manager's home shows what is due."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from enrollment.models import MonthStatus, ReminderSent, UserPreference
from enrollment.reminders import months_due
from enrollment.services.months import month_submit
from enrollment.services.reminders import reminders_send

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)  # November is due on 05/12, within the 3 days; September and October are late


@pytest.fixture
def managers(cutover):
    """manager-66 (new Đắk Lắk) and manager-01 (Hà Nội) with e-mail addresses, on the 34-province map."""
    for user in cutover.managers.values():
        user.email = f"{user.username}@example.vn"
        user.save()
    return cutover


def test_managers_due_or_late_get_one_email_a_day(managers, settings):
    settings.REMINDER_DAYS_BEFORE = 3
    result = reminders_send(today=TODAY)
    assert sorted(result.sent) == ["manager-01", "manager-66"]
    assert sorted(m.to[0] for m in mail.outbox) == ["manager-01@example.vn", "manager-66@example.vn"]
    body = next(m.body for m in mail.outbox if m.to == ["manager-66@example.vn"])
    assert "Đắk Lắk · tháng 11/2026 · hạn nộp 05/12/2026 · Đang mở · Chưa đến hạn" in body
    assert "tháng 9/2026 · hạn nộp 05/10/2026 · Đang mở · Chưa nộp, trễ 59 ngày" in body
    assert "tháng 12/2026" not in body  # due 05/01/2027: not yet
    again = reminders_send(today=TODAY)
    assert again.sent == [] and sorted(again.already_today) == ["manager-01", "manager-66"] and len(mail.outbox) == 2
    assert ReminderSent.objects.filter(sent_on=TODAY).count() == 2
    assert len(reminders_send(today=TODAY + datetime.timedelta(days=1)).sent) == 2  # the next day, again


def test_a_province_that_submitted_everything_gets_nothing(managers, settings):
    settings.REMINDER_DAYS_BEFORE = 3
    new_daklak = managers.new["66"]
    for month in (9, 10, 11):
        month_submit(user=managers.managers["66"], province=new_daklak, year=2026, month=month, accept_gaps=True)
    result = reminders_send(today=TODAY)
    assert result.sent == ["manager-01"] and [m.to for m in mail.outbox] == [["manager-01@example.vn"]]


def test_not_due_within_the_window_sends_nothing(managers, settings):
    settings.REMINDER_DAYS_BEFORE = 1
    settings.REMINDER_LOOKBACK_MONTHS = 0  # only December, due 05/01/2027
    assert reminders_send(today=TODAY).sent == [] and mail.outbox == []


def test_the_email_is_in_the_managers_language(managers, settings):
    UserPreference.objects.create(user=managers.managers["66"], language="en")
    reminders_send(today=TODAY)
    english = next(m for m in mail.outbox if m.to == ["manager-66@example.vn"])
    vietnamese = next(m for m in mail.outbox if m.to == ["manager-01@example.vn"])
    assert english.subject == "Reminder: voluntary social insurance figures due"
    assert "due 05/12/2026" in english.body and "Not due yet" in english.body
    assert vietnamese.subject == "Nhắc nộp số liệu BHXH tự nguyện"


def test_switching_language_saves_the_preference(managers):
    client = Client()
    client.force_login(managers.managers["66"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert UserPreference.objects.get(user=managers.managers["66"]).language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert UserPreference.objects.get(user=managers.managers["66"]).language == "en"
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert UserPreference.objects.get(user=managers.managers["66"]).language == "vi"


def test_the_command_and_the_button(managers, hq):
    out = []
    call_command(
        "send_reminders", "--today", TODAY.isoformat(), stdout=type("W", (), {"write": lambda s, t: out.append(t)})()
    )
    assert "sent=2" in out[0] and len(mail.outbox) == 2
    client = Client()
    client.force_login(hq)
    response = client.post(reverse("enrollment:reminders"), {"year": 2026, "month": 11}, follow=True)
    # already sent today by the command (the button uses today's date: the record is per day, not per run)
    assert response.status_code == 200 and len(mail.outbox) <= 4


def test_a_managers_home_shows_what_is_due(managers):
    client = Client()
    client.force_login(managers.managers["66"])
    MonthStatus.objects.create(
        province=managers.new["66"],
        year=2026,
        month=9,
        status="submitted",
        submitted_at=datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC),
    )
    page = client.get(reverse("reports:summary"))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="months-due"' in html
    items = {(i.month, i.year): i for i in page.context["months_due"]}
    assert items[(9, 2026)].status_label == "Đã nộp" and items[(9, 2026)].timeliness.label == "Đúng hạn"
    assert "05/10/2026" in html


def test_months_due_in_three_queries_whatever_the_provinces(managers, django_assert_max_num_queries):
    from enrollment.models import Province

    provinces = list(Province.objects.filter(scheme="34"))
    with django_assert_max_num_queries(3):
        items = months_due(provinces=provinces, today=TODAY)
    assert len(items) == 34 * 4
