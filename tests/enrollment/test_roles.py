"""enrollment.roles: what a user is, asked once per request, and one owner of that cache."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enrollment import roles
from enrollment.models import ManagerAssignment, Province
from reports.management.commands.export_report import command_line_user


def test_the_command_line_reader_sees_everything_without_a_query(db, django_assert_num_queries):
    user = command_line_user()
    with django_assert_num_queries(0):
        assert roles.is_hq(user) and roles.sees_everything(user)
        assert not roles.is_analyst(user)
        assert roles.managed_province_id(user) is None
    assert user.pk is None  # never saved


def test_group_names_are_read_once_per_user_object(db, django_assert_num_queries):
    analyst = User.objects.create_user("analyst-roles", password="x")  # noqa: S106
    analyst.groups.add(Group.objects.get_or_create(name=roles.ANALYST_GROUP)[0])
    with django_assert_num_queries(1):
        assert roles.is_analyst(analyst) and roles.sees_everything(analyst) and not roles.is_hq(analyst)
        assert roles.managed_province_id(analyst) is None
    fresh = User.objects.get(pk=analyst.pk)  # the next request's user asks again
    with django_assert_num_queries(1):
        assert roles.is_analyst(fresh)


def test_only_roles_touches_its_cache():
    base = Path(settings.BASE_DIR)
    packages = ("bhxh_tracker", "core", "enrollment", "reports", "benchmarks", "devtools")
    product = [p for package in packages for p in (base / package).rglob("*.py")]
    for cache in ("_role_group_names", "_role_managed_provinces"):
        touching = {str(p.relative_to(base)) for p in product if cache in p.read_text(encoding="utf-8")}
        assert touching == {"enrollment/roles.py"}, cache


# ---- a manager's provinces through time (ManagerAssignment with dates) ----


def _manager(username: str) -> User:
    user = User.objects.create_user(username, password="x")  # noqa: S106
    user.groups.add(Group.objects.get_or_create(name=roles.MANAGER_GROUP)[0])
    return User.objects.get(pk=user.pk)


def test_managed_provinces_follow_the_assignment_dates(demo_data):
    old = Province.objects.get(scheme="63", code="66")
    new = Province.objects.get(scheme="34", code="66")
    manager = _manager("manager-dated")
    ManagerAssignment.objects.create(user=manager, province=old, valid_to=datetime.date(2025, 6, 30))
    ManagerAssignment.objects.create(user=manager, province=new, valid_from=datetime.date(2025, 7, 1))
    assert roles.managed_province_ids(manager, on=datetime.date(2021, 4, 1)) == {old.pk}
    assert roles.managed_province_ids(manager, on=datetime.date(2025, 6, 30)) == {old.pk}
    assert roles.managed_province_ids(manager, on=datetime.date(2025, 7, 1)) == {new.pk}
    assert roles.managed_province_ids(manager) == {new.pk}  # today
    assert roles.managed_province_id(manager) == new.pk and roles.is_manager(manager)
    predecessors = set(Province.objects.filter(merged_into=new).values_list("code", flat=True))
    assert predecessors == {"54", "66"}
    assert roles.scope_province_ids(manager) == {new.pk} | set(new.merged_from.values_list("pk", flat=True))


def test_several_provinces_default_to_the_first_by_code(demo_data):
    manager = _manager("manager-two")
    for code in ("66", "01"):
        ManagerAssignment.objects.create(user=manager, province=Province.objects.get(scheme="63", code=code))
    held = set(Province.objects.filter(scheme="63", code__in=["66", "01"]).values_list("pk", flat=True))
    assert roles.managed_province_ids(manager) == held == roles.scope_province_ids(manager)
    assert roles.managed_province_id(manager) == Province.objects.get(scheme="63", code="01").pk


def test_a_manager_whose_assignment_ended_holds_nothing(demo_data):
    manager = _manager("manager-ended")
    ManagerAssignment.objects.create(
        user=manager, province=Province.objects.get(scheme="63", code="66"), valid_to=datetime.date(2025, 6, 30)
    )
    assert roles.managed_province_ids(manager) == frozenset() == roles.scope_province_ids(manager)
    assert roles.managed_province_id(manager) is None and not roles.is_manager(manager)


def test_a_managers_provinces_are_read_once_per_user_object(demo_data, django_assert_num_queries):
    manager = User.objects.get(username="manager-66")
    with django_assert_num_queries(2):  # the group names, then the assignments with the predecessors
        for _ in range(3):
            assert roles.is_manager(manager) and len(roles.scope_province_ids(manager)) == 1
            assert roles.managed_province_id(manager) in roles.managed_province_ids(manager)


def test_assignments_may_not_overlap_for_one_province(demo_data):
    manager = _manager("manager-overlap")
    province = Province.objects.get(scheme="63", code="66")
    ManagerAssignment.objects.create(user=manager, province=province, valid_to=datetime.date(2025, 6, 30))
    overlapping = ManagerAssignment(user=manager, province=province, valid_from=datetime.date(2025, 6, 1))
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    later = ManagerAssignment(user=manager, province=province, valid_from=datetime.date(2025, 7, 1))
    later.full_clean()  # a new spell after the end is fine
    backwards = ManagerAssignment(
        user=manager, province=province, valid_from=datetime.date(2026, 2, 1), valid_to=datetime.date(2026, 1, 1)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        backwards.save()
