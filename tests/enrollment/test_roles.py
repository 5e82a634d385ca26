"""enrollment.roles: what a user is, asked once per request, and one owner of that cache."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User

from enrollment import roles
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
    touching = {str(p.relative_to(base)) for p in product if "_role_group_names" in p.read_text(encoding="utf-8")}
    assert touching == {"enrollment/roles.py"}
