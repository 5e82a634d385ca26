"""figures_record: the count rule, working dates, scope by the figure's own post office, the insert race."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from model_bakery import baker

from enrollment.models import MonthlyFigure, PostOffice, Staff
from enrollment.services import figures as figure_services
from enrollment.services.figure_rules import COUNT_MAX, count_validate
from enrollment.services.figures import StaleFiguresError, figures_record
from enrollment.services.months import MonthClosedError, month_close, month_reopen
from enrollment.services.organisation import staff_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [0, 1, COUNT_MAX])
def test_count_rule_accepts_zero_to_the_limit(value):
    assert count_validate(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "Số người tham gia mới không được âm."),
        (COUNT_MAX + 1, "Số người tham gia mới quá lớn (tối đa 10.000)."),
        (2.5, "Số người tham gia mới phải là số nguyên."),
        (True, "Số người tham gia mới phải là số nguyên."),
        ("3", "Số người tham gia mới phải là số nguyên."),
    ],
)
def test_count_rule_refuses_with_its_one_message(value, message):
    with pytest.raises(ValidationError) as caught:
        count_validate(value)
    assert caught.value.messages == [message]


def test_grid_form_and_import_use_the_same_limit_message():
    from enrollment.forms import EntryGridForm, value_field
    from enrollment.imports.parse import _cell_count

    too_large = "Số người tham gia mới quá lớn (tối đa 10.000)."
    assert _cell_count(COUNT_MAX + 1) == (None, too_large)
    assert _cell_count(-1) == (None, "Số người tham gia mới không được âm.")
    form = EntryGridForm([_row(1), _row(2)], {value_field(1): str(COUNT_MAX + 1), value_field(2): "-1"})
    assert not form.is_valid()
    assert form.errors[value_field(1)] == [too_large]
    assert form.errors[value_field(2)] == ["Số người tham gia mới không được âm."]


def _row(staff_id):
    from enrollment.selectors import EntryRow

    fields = {name: None for name in EntryRow.__dataclass_fields__}
    return EntryRow(**(fields | {"staff_id": staff_id}))


@pytest.fixture
def leaver(office):
    """Someone who worked in Đắk Lắk from January to March 2021 only."""
    return baker.make(
        Staff,
        post_office=office,
        active_from=datetime.date(2021, 1, 1),
        active_to=datetime.date(2021, 3, 31),
        monthly_quota=2,
        full_name="Trần Thị Nghỉ",
        employee_code="ZZ-LEAVER",  # sorts after the demo staff, so office_staff[0] stays a demo person
    )


def test_figures_outside_working_dates_are_refused_naming_the_person(manager, leaver, office_staff):
    with pytest.raises(ValidationError) as caught:  # May 2021: after the person left; the colleague is fine
        figures_record(user=manager, year=2021, month=5, values={leaver.pk: 3, office_staff[0].pk: 1})
    assert caught.value.message_dict == {leaver.pk: [f"{leaver} không làm việc trong tháng 5/2021."]}
    with pytest.raises(ValidationError) as caught:  # January 2005: before the person started
        figures_record(user=manager, year=2005, month=1, values={leaver.pk: 3})
    assert caught.value.message_dict == {leaver.pk: [f"{leaver} không làm việc trong tháng 1/2005."]}
    assert not MonthlyFigure.objects.filter(staff__in=[leaver, office_staff[0]], year=2021, month=5).exists()
    assert not MonthlyFigure.objects.filter(staff=leaver).exists()
    figures_record(user=manager, year=2021, month=3, values={leaver.pk: 3})  # inside the dates: saved
    assert MonthlyFigure.objects.get(staff=leaver, year=2021, month=3).new_participants == 3


@pytest.fixture
def moved(hq, office_staff, hanoi):
    """HQ moves a Đắk Lắk person (with a March 2021 figure) to a Hà Nội post office from 1 April 2021."""
    person = office_staff[0]
    march = MonthlyFigure.objects.get(staff=person, year=2021, month=3)
    person.post_office = PostOffice.objects.filter(province=hanoi, is_active=True).order_by("code").first()
    staff_save(user=hq, staff=person, changes_from=datetime.date(2021, 4, 1))
    return person, march


def test_a_moved_persons_old_figure_stays_with_the_province_where_it_was_earned(manager, manager_hanoi, moved):
    person, march = moved
    with pytest.raises(PermissionDenied):
        figures_record(user=manager_hanoi, year=2021, month=3, values={person.pk: 500})
    assert MonthlyFigure.objects.get(pk=march.pk).new_participants == march.new_participants
    figures_record(user=manager, year=2021, month=3, values={person.pk: march.new_participants + 1})
    assert MonthlyFigure.objects.get(pk=march.pk).new_participants == march.new_participants + 1
    assert MonthlyFigure.objects.get(pk=march.pk).post_office_id == march.post_office_id  # not re-keyed


def test_a_moved_persons_new_figure_is_earned_at_the_new_post_office(manager, manager_hanoi, moved):
    person, _march = moved
    with pytest.raises(PermissionDenied):
        figures_record(user=manager, year=2021, month=5, values={person.pk: 4})
    figures_record(user=manager_hanoi, year=2021, month=5, values={person.pk: 4})
    assert MonthlyFigure.objects.get(staff=person, year=2021, month=5).post_office == person.post_office


def test_closed_month_of_the_earning_province_locks_a_moved_persons_figure_for_everyone(
    manager, manager_hanoi, hq, daklak, moved
):
    person, march = moved
    month_close(user=hq, year=2021, month=3, province=daklak)
    for user in (manager, hq):
        with pytest.raises(MonthClosedError):
            figures_record(user=user, year=2021, month=3, values={person.pk: 500})
    with pytest.raises(PermissionDenied):
        figures_record(user=manager_hanoi, year=2021, month=3, values={person.pk: 500})
    assert MonthlyFigure.objects.get(pk=march.pk).new_participants == march.new_participants
    month_reopen(user=hq, province=daklak, year=2021, month=3)
    figures_record(user=manager, year=2021, month=3, values={person.pk: 7})
    assert MonthlyFigure.objects.get(pk=march.pk).new_participants == 7


def test_analyst_and_unknown_staff_are_refused(analyst, manager, office_staff):
    with pytest.raises(PermissionDenied):
        figures_record(user=analyst, year=2021, month=4, values={office_staff[0].pk: 1})
    with pytest.raises(PermissionDenied):
        figures_record(user=manager, year=2021, month=4, values={10**9: 1})


def test_an_insert_that_loses_the_race_is_a_stale_error_not_a_500(manager, office_staff, monkeypatch):
    """Someone created the same staff-month after our read: the unique constraint becomes StaleFiguresError."""
    person = office_staff[0]
    real_lock = figure_services._figures_lock

    def lock_then_someone_inserts(**kwargs):
        locked = real_lock(**kwargs)  # sees no May figure
        MonthlyFigure.objects.bulk_create(
            [MonthlyFigure(staff=person, post_office=person.post_office, year=2021, month=5, new_participants=8)]
        )
        return locked

    monkeypatch.setattr(figure_services, "_figures_lock", lock_then_someone_inserts)
    with pytest.raises(StaleFiguresError) as caught:
        figures_record(user=manager, year=2021, month=5, values={person.pk: 3})
    # read after the IntegrityError: only possible because the insert ran in a savepoint
    assert caught.value.current == {person.pk: 8}


def test_figures_check_gives_the_same_answers_without_saving(manager, hq, daklak, leaver, office_staff):
    with pytest.raises(ValidationError):
        figure_services.figures_check(user=manager, year=2021, month=5, values={leaver.pk: 3})
    month_close(user=hq, year=2021, month=4, province=daklak)
    with pytest.raises(MonthClosedError):
        figure_services.figures_check(user=manager, year=2021, month=4, values={office_staff[0].pk: 3})
    before = MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=3).new_participants
    figure_services.figures_check(user=manager, year=2021, month=3, values={office_staff[0].pk: before + 5})
    assert MonthlyFigure.objects.get(staff=office_staff[0], year=2021, month=3).new_participants == before
