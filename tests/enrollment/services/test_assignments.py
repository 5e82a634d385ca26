"""enrollment.services.assignments: spells dated, on the province's scheme, never overlapping, with history."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts import services
from enrollment import roles
from enrollment.models import ManagerAssignment
from enrollment.services.assignments import manager_assign, manager_assignment_end

pytestmark = pytest.mark.django_db
User = get_user_model()
D = datetime.date


def _manager(hq, username="new-manager", **kwargs):
    defaults = {"full_name": "Nguyễn Thị Lan", "email": f"{username}@vnpost.example", "role": "manager"}
    return services.user_create(by=hq, username=username, **(defaults | kwargs))


def test_assign_writes_the_spell_with_history(hq, new_daklak, hanoi_34):
    user = _manager(hq, provinces=[new_daklak], valid_from=D(2026, 1, 1))
    spell = manager_assign(user=user, province=hanoi_34, valid_from=D(2026, 3, 1), by=hq)
    assert (spell.province, spell.valid_from, spell.valid_to) == (hanoi_34, D(2026, 3, 1), None)
    record = ManagerAssignment.history.get(id=spell.pk)
    assert (record.history_type, record.history_user) == ("+", hq)
    assert roles.managed_province_ids(User.objects.get(pk=user.pk), D(2026, 6, 1)) == {new_daklak.pk, hanoi_34.pk}


def test_an_overlapping_spell_of_the_same_province_is_refused(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak], valid_from=D(2026, 1, 1))
    with pytest.raises(ValidationError) as refused:
        manager_assign(user=user, province=new_daklak, valid_from=D(2026, 6, 1), by=hq)
    assert "trùng lặp" in " ".join(refused.value.messages)
    # a later spell after the first one ended is fine
    manager_assignment_end(assignment=user.assignments.get(), valid_to=D(2026, 5, 31), by=hq)
    manager_assign(user=user, province=new_daklak, valid_from=D(2026, 6, 1), by=hq)
    assert user.assignments.count() == 2


@pytest.mark.parametrize(
    "valid_from, valid_to",
    [(D(2026, 1, 1), None), (D(2025, 1, 1), None), (D(2025, 6, 1), D(2025, 7, 31))],
    ids=["after-the-cut-over", "open-ended-across-it", "ending-after-it"],
)
def test_a_63_province_after_30_6_2025_is_refused(hq, new_daklak, daklak, valid_from, valid_to):
    user = _manager(hq, provinces=[new_daklak])
    with pytest.raises(ValidationError) as refused:
        manager_assign(user=user, province=daklak, valid_from=valid_from, valid_to=valid_to, by=hq)
    assert " ".join(refused.value.messages) == (
        "Đắk Lắk là tỉnh của phân cấp 63 tỉnh, chỉ còn hiệu lực đến 30/06/2025: "
        "phân công phải kết thúc muộn nhất ngày đó."
    )
    assert not user.assignments.filter(province=daklak).exists()


def test_a_63_province_inside_its_dates_is_accepted(hq, new_daklak, daklak):
    user = _manager(hq, provinces=[new_daklak])
    spell = manager_assign(user=user, province=daklak, valid_from=D(2024, 1, 1), valid_to=D(2025, 6, 30), by=hq)
    assert spell.pk and spell.valid_to == D(2025, 6, 30)


def test_a_34_province_before_1_7_2025_is_refused(hq, new_daklak, hanoi_34):
    user = _manager(hq, provinces=[new_daklak])
    with pytest.raises(ValidationError) as refused:
        manager_assign(user=user, province=hanoi_34, valid_from=D(2025, 1, 1), by=hq)
    assert "01/07/2025" in " ".join(refused.value.messages)


def test_the_wrong_scheme_message_is_in_english_too(hq, new_daklak, daklak):
    from django.utils import translation

    user = _manager(hq, provinces=[new_daklak])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        manager_assign(user=user, province=daklak, valid_from=D(2026, 1, 1), by=hq)
    assert "in force only until" in " ".join(refused.value.messages)


def test_end_dates_are_checked_and_kept_in_history(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak], valid_from=D(2026, 1, 1))
    spell = user.assignments.get()
    with pytest.raises(ValidationError) as refused:
        manager_assignment_end(assignment=spell, valid_to=D(2025, 12, 31), by=hq)
    assert "Ngày kết thúc phải cùng hoặc sau ngày bắt đầu" in " ".join(refused.value.messages)
    manager_assignment_end(assignment=spell, valid_to=D(2026, 6, 30), by=hq)
    spell.refresh_from_db()
    assert spell.valid_to == D(2026, 6, 30)
    assert [
        (h.history_type, h.valid_to) for h in ManagerAssignment.history.filter(id=spell.pk).order_by("history_id")
    ] == [
        ("+", None),
        ("~", D(2026, 6, 30)),
    ]


def test_only_managers_hold_provinces(hq, analyst, new_daklak):
    with pytest.raises(ValidationError):
        manager_assign(user=analyst, province=new_daklak, valid_from=D(2026, 1, 1), by=hq)
    assert not analyst.assignments.exists()


def test_an_older_spell_without_a_start_can_be_ended(hq, manager, daklak):
    """The demo's (and the first release's) spells have no start date: "since always"; ending one still works,
    and on the 63-province scheme no later than 30/06/2025."""
    spell = ManagerAssignment.objects.get(user=manager)
    assert spell.valid_from is None and spell.province == daklak
    with pytest.raises(ValidationError):
        manager_assignment_end(assignment=spell, valid_to=D(2025, 7, 1), by=hq)
    manager_assignment_end(assignment=spell, valid_to=D(2025, 6, 30), by=hq)
    spell.refresh_from_db()
    assert (spell.valid_from, spell.valid_to) == (None, D(2025, 6, 30))


def test_a_new_spell_needs_a_start(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak])
    with pytest.raises(ValidationError) as refused:
        manager_assign(user=user, province=new_daklak, valid_from=None, valid_to=None, by=hq)
    assert "Hãy nhập ngày bắt đầu" in " ".join(refused.value.messages)
