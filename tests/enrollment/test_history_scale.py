"""/entry/history/ at millions of rows (issue 17): keyset pages without a COUNT, filters each served by an index."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.keyset import Cursor, cursor_parse
from enrollment import selectors
from enrollment.models import Staff
from enrollment.selectors import HistoryFilter
from enrollment.services.figures import figures_record
from tests.conftest import is_postgres

pytestmark = pytest.mark.django_db
HISTORY = reverse("enrollment:history")


@pytest.fixture
def changes(manager, hq, office_staff, hanoi):
    """Twelve months of changes for the office's staff (by its manager), and two Hà Nội changes by HQ."""
    for month in range(1, 13):
        figures_record(
            user=manager, year=2021, month=month, values={s.pk: month + 20 for s in office_staff}, source="grid"
        )
    stranger = Staff.objects.filter(post_office__province=hanoi).order_by("pk").first()
    figures_record(user=hq, year=2021, month=5, values={stranger.pk: 31}, source="admin")
    figures_record(user=hq, year=2021, month=6, values={stranger.pk: 32}, source="admin")
    assert len(office_staff) * 12 > 100  # more than two pages
    return stranger


def ids(records) -> list[int]:
    return [r.history_id for r in records]


def expected_ids(user, **narrowed) -> list[int]:
    return ids(selectors.figure_history(user=user, narrowed=HistoryFilter(**narrowed)))


def test_pages_older_and_newer_without_a_count(manager_client, manager, changes):
    everything = expected_ids(manager)
    with CaptureQueriesContext(connection) as captured:
        first = manager_client.get(HISTORY)
    sql = [q["sql"].upper() for q in captured.captured_queries]
    assert not [q for q in sql if "COUNT(" in q], sql
    assert len(sql) <= 12
    assert ids(first.context["records"]) == everything[:50]
    assert first.context["newer_link"] is None

    second = manager_client.get(HISTORY + first.context["older_link"])
    third = manager_client.get(HISTORY + second.context["older_link"])
    pages = ids(first.context["records"]) + ids(second.context["records"]) + ids(third.context["records"])
    assert pages[: len(everything)] == everything[: len(pages)]
    back = manager_client.get(HISTORY + second.context["newer_link"])
    assert ids(back.context["records"]) == everything[:50]
    html = second.content.decode()
    assert "Mới hơn" in html and "Cũ hơn" in html
    last = third
    while last.context["older_link"]:
        last = manager_client.get(HISTORY + last.context["older_link"])
    assert ids(last.context["records"])[-1] == everything[-1]
    assert "Cũ hơn" not in last.content.decode()


def test_each_filter_narrows_exactly(manager_client, manager, office, office_staff, changes):
    first = office_staff[0]
    queries = {
        "month": ({"year": 2021, "month": 4}, {"year": 2021, "month": 4}),
        "year": ({"year": 2021}, {"year": 2021}),
        "office": ({"office": office.code}, {"post_office_id": office.pk}),
        "staff": ({"staff": first.employee_code}, {"staff_id": first.pk}),
        "user": ({"user": "manager-66"}, {"user_id": manager.pk}),
    }
    for name, (query, narrowed) in queries.items():
        response = manager_client.get(HISTORY, query)
        expected = expected_ids(manager, **narrowed)
        assert 0 < len(expected), name
        assert ids(response.context["records"]) == expected[:50], name
    rows = manager_client.get(HISTORY, {"staff": first.employee_code, "year": 2021, "month": 4}).context["records"]
    assert [(r.staff_id, r.month, r.new_participants) for r in rows] == [(first.pk, 4, 24)]
    assert list(manager_client.get(HISTORY, {"user": "hq"}).context["records"]) == []  # HQ's changes are Hà Nội's


def test_the_filters_keep_the_scope(manager_client, hq, hanoi, changes):
    foreign_office = changes.post_office
    response = manager_client.get(HISTORY, {"office": foreign_office.code, "staff": changes.employee_code})
    html = response.content.decode()
    assert f"Không có bưu điện mã {foreign_office.code} trong phạm vi của bạn." in html
    assert f"Không có nhân viên mã {changes.employee_code} trong phạm vi của bạn." in html
    assert changes.pk not in {r.staff_id for r in response.context["records"]}
    hq_client = Client()
    hq_client.force_login(hq)
    seen = hq_client.get(HISTORY, {"office": foreign_office.code}).context["records"]
    assert [r.new_participants for r in seen] == [32, 31]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"older": "abc"}, "Liên kết trang không hợp lệ"),
        ({"newer": "99999999999999999999.1"}, "Liên kết trang không hợp lệ"),
        ({"month": "4"}, "Chọn cả năm khi lọc theo tháng."),
        ({"year": "1999", "month": "13"}, "2000"),
        ({"user": "nobody-here"}, "Không có người dùng nobody-here."),
    ],
)
def test_bad_input_gets_a_message_and_the_newest_page(manager_client, manager, changes, query, message):
    response = manager_client.get(HISTORY, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ids(response.context["records"]) == expected_ids(manager)[:50]


def test_bad_input_in_english(manager_client, changes):
    manager_client.cookies["django_language"] = "en"
    response = manager_client.get(HISTORY, {"older": "abc", "user": "nobody-here"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "The page link is not valid; showing the newest changes." in html
    assert "There is no user nobody-here." in html


def test_cursor_round_trip():
    cursor = Cursor(moment=datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC), pk=7)
    assert cursor_parse(str(cursor)) == cursor
    for bad in ("", "1", "1.", ".1", "1.2.3", "x.1", "9" * 19 + ".1"):
        with pytest.raises(ValueError):
            cursor_parse(bad)


@pytest.mark.skipif(not is_postgres(), reason="EXPLAIN of PostgreSQL's planner")
@pytest.mark.parametrize(
    ("narrowed", "index"),
    [
        ({}, "figure_hist_newest_idx"),
        ({"year": 2021, "month": 4}, "figure_hist_month_idx"),
        ({"post_office_id": 1}, "figure_hist_office_idx"),
        ({"staff_id": 1}, "figure_hist_staff_idx"),
        ({"user_id": 1}, "figure_hist_user_idx"),
    ],
)
def test_postgresql_serves_each_filter_from_its_index(hq, narrowed, index):
    """EXPLAIN of the page query: an index scan on the filter's own index, in the page's order (no sort)."""
    records = selectors.figure_history(user=hq, narrowed=HistoryFilter(**narrowed)).order_by(
        "-history_date", "-history_id"
    )[:51]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is small; ask which index can serve
        plan = records.explain()
    assert index in plan, plan
    assert "Sort" not in plan.split(index)[0], plan
