"""Real concurrent transactions (PostgreSQL): stale saves refused, saves and closing serialise, no deadlocks."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Q

from enrollment.models import MonthlyFigure, MonthStatus, PostOffice, Province, Staff
from enrollment.services.figures import StaleFiguresError, figures_record
from enrollment.services.months import MonthClosedError, month_close
from reports.rollups import rollups_drift
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


ROUNDS = 20  # months 4..11 of 2021, each saved (created, then updated) by every writer


def _run(*targets, timeout: float = 60.0) -> None:
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"


def _daklak_staff(codes):
    return list(Staff.objects.filter(employee_code__in=codes).order_by("employee_code"))


@pytest.mark.postgres
def test_a_save_waiting_behind_a_close_is_refused_and_nothing_lands(demo_data):
    """HQ closes while a grid save is in flight: the save waits on the province-month row, then sees "closed"."""
    if not is_postgres():
        pytest.skip("needs two concurrent connections with row locks: run on PostgreSQL")
    users = get_user_model().objects
    hq, manager = users.get(username="hq"), users.get(username="manager-66")
    daklak = Province.objects.get(scheme="63", code="66")
    first, second = _daklak_staff(["VNP660101", "VNP660102"])
    before = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=4).values_list(
            "staff_id", "new_participants"
        )
    )
    closed_not_committed = threading.Event()
    outcome: dict[str, object] = {}

    def closer():
        try:
            with transaction.atomic():
                month_close(user=hq, year=2021, month=4, province=daklak)
                closed_not_committed.set()
                outcome["saver_waited"] = other_session_waits_on_a_lock()
        finally:
            connection.close()

    def saver():
        try:
            closed_not_committed.wait(10)
            figures_record(user=manager, year=2021, month=4, values={first.pk: 99, second.pk: 98}, source="grid")
            outcome["save"] = "saved"
        except MonthClosedError:
            outcome["save"] = "closed"
        finally:
            connection.close()

    _run(closer, saver)
    assert outcome["save"] == "closed"
    assert outcome["saver_waited"], "the save never waited for the close: the test did not exercise concurrency"
    after = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=4).values_list(
            "staff_id", "new_participants"
        )
    )
    assert after == before
    assert MonthStatus.objects.get(province=daklak, year=2021, month=4).status == MonthStatus.Status.CLOSED


@pytest.mark.postgres
@pytest.mark.parametrize("expected", [True, False], ids=["grid-with-seen-values", "import-without"])
def test_two_first_saves_racing_into_an_empty_month_end_cleanly(demo_data, expected):
    """No IntegrityError: the second writer waits, then is refused as stale (grid) or updates (import)."""
    if not is_postgres():
        pytest.skip("needs two concurrent connections with row locks: run on PostgreSQL")
    manager = get_user_model().objects.get(username="manager-66")
    first, second = _daklak_staff(["VNP660101", "VNP660102"])
    assert not MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=6).exists()
    seen = {first.pk: None, second.pk: None} if expected else None
    a_saved = threading.Event()
    outcome: dict[str, object] = {}

    def writer_a():
        try:
            with transaction.atomic():
                figures_record(user=manager, year=2021, month=6, values={first.pk: 5}, expected=seen, source="import")
                a_saved.set()
                outcome["b_waited"] = other_session_waits_on_a_lock()
        finally:
            connection.close()

    def writer_b():
        try:
            a_saved.wait(10)
            result = figures_record(
                user=manager, year=2021, month=6, values={first.pk: 7, second.pk: 2}, expected=seen, source="import"
            )
            outcome["b"] = (result.created, result.updated)
        except StaleFiguresError as error:
            outcome["b"] = error.current
        except Exception as error:  # noqa: BLE001 — an IntegrityError here is the bug under test
            outcome["b"] = repr(error)
        finally:
            connection.close()

    _run(writer_a, writer_b)
    assert outcome["b_waited"], "B never waited for A's lock: the test did not exercise concurrency"
    now = dict(
        MonthlyFigure.objects.filter(staff__in=[first, second], year=2021, month=6).values_list(
            "staff_id", "new_participants"
        )
    )
    if expected:
        assert outcome["b"] == {first.pk: 5}  # refused with A's value, nothing of B saved
        assert now == {first.pk: 5}
    else:
        assert outcome["b"] == (1, 1)  # B became an update of A's row, and created the other
        assert now == {first.pk: 7, second.pk: 2}
    assert not rollups_drift()


@pytest.mark.postgres
def test_saves_of_many_post_offices_of_one_province_never_deadlock(demo_data):
    """12 writers, each saving its own post office of one province, month after month (first saves and updates).

    On the old code (select_for_update without `of=`, rollups' rows met in no fixed order) this deadlocked.
    """
    if not is_postgres():
        pytest.skip("needs concurrent connections with row locks: run on PostgreSQL")
    province = (
        Province.objects.filter(scheme="63")
        .annotate(offices=Count("post_offices", filter=Q(post_offices__staff__isnull=False), distinct=True))
        .order_by("-offices", "code")
        .first()
    )
    manager = get_user_model().objects.get(username=f"manager-{province.code}")
    offices = list(PostOffice.objects.filter(province=province, staff__isnull=False).distinct().order_by("code")[:12])
    assert len(offices) >= 8
    staff_by_office = {
        office.pk: list(Staff.objects.filter(post_office=office).values_list("pk", flat=True)) for office in offices
    }
    start = threading.Barrier(len(offices))
    errors: list[str] = []
    saves: list[int] = []

    def writer(office_id):
        def run():
            try:
                start.wait(10)
                for round_ in range(ROUNDS):
                    values = {pk: (round_ + pk) % 7 for pk in staff_by_office[office_id]}
                    figures_record(user=manager, year=2021, month=4 + round_ % 8, values=values, source="grid")
                    saves.append(office_id)
            except Exception as error:  # noqa: BLE001 — a deadlock (OperationalError) is what we count
                errors.append(repr(error))
            finally:
                connection.close()

        return run

    _run(*(writer(office.pk) for office in offices), timeout=120)
    assert errors == []
    assert len(saves) == ROUNDS * len(offices)
    assert not rollups_drift()
