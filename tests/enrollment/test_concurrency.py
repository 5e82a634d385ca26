"""Two real transactions editing the same month at once (PostgreSQL): the later save is refused, nothing is lost."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from enrollment.models import MonthlyFigure, Staff
from enrollment.services.figures import StaleFiguresError, figures_record
from tests.conftest import is_postgres

pytestmark = pytest.mark.django_db(transaction=True)


def other_session_waits_on_a_lock(timeout: float = 10.0) -> bool:
    """Poll until another backend of this database is waiting for a lock (PostgreSQL)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_later_save_of_a_stale_grid_is_refused(demo_data):
    if not is_postgres():
        pytest.skip("needs two concurrent connections with row locks: run on PostgreSQL")
    manager = get_user_model().objects.get(username="manager-66")
    first, second = Staff.objects.filter(employee_code__in=["VNP660101", "VNP660102"]).order_by("employee_code")
    loaded = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=4).values_list(
            "staff_id", "new_participants"
        )
    )
    a_saved = threading.Event()
    outcome: dict[str, object] = {}

    def writer_a():
        try:
            with transaction.atomic():
                figures_record(
                    user=manager,
                    year=2021,
                    month=4,
                    values={first.pk: loaded[first.pk] + 10},
                    expected=loaded,
                    source="grid",
                )
                a_saved.set()
                outcome["b_waited"] = other_session_waits_on_a_lock()  # B blocks on our row lock; then commit
        finally:
            connection.close()

    def writer_b():
        try:
            a_saved.wait(10)
            figures_record(
                user=manager,
                year=2021,
                month=4,
                values={first.pk: loaded[first.pk] + 1, second.pk: loaded[second.pk] + 1},
                expected=loaded,
                source="grid",
            )
            outcome["b"] = "saved"
        except StaleFiguresError as error:
            outcome["b"] = error.current
        finally:
            connection.close()

    threads = [threading.Thread(target=writer_a), threading.Thread(target=writer_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcome["b_waited"], "B never waited for A's lock: the test did not exercise concurrency"
    assert outcome["b"] == {first.pk: loaded[first.pk] + 10}  # refused, showing A's value
    now = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=4).values_list(
            "staff_id", "new_participants"
        )
    )
    assert now == {first.pk: loaded[first.pk] + 10, second.pk: loaded[second.pk]}  # A kept, nothing of B
