"""The users page's reads: every user with their role and province spells, for HQ only.

`user_list` is one query for the users (role annotated from the groups) and one for the spells of the page's users
(`assignments_of`), so a page of 50 costs the same as a page of 5.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Exists, OuterRef, QuerySet, Value, When
from django.utils.translation import gettext as _

from enrollment import roles
from enrollment.models import ManagerAssignment

User = get_user_model()

#: the role a user is shown with, from their groups (HQ before analyst before manager when several)
ROLE_ORDER = (("hq", roles.HQ_GROUP), ("analyst", roles.ANALYST_GROUP), ("manager", roles.MANAGER_GROUP))


def _require_hq(user) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty quản lý được người dùng."))


def _in_group(name: str) -> Exists:
    return Exists(User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=name))


def user_list(*, user) -> QuerySet:
    """All users, each with `role` ("hq" / "analyst" / "manager" / ""), newest username order left to the table."""
    _require_hq(user)
    role = Case(
        When(is_superuser=True, then=Value("hq")),
        *(When(_in_group(group), then=Value(code)) for code, group in ROLE_ORDER),
        default=Value(""),
        output_field=CharField(),
    )
    return User._default_manager.annotate(role=role).order_by("username", "pk")


def assignments_of(*, user, users) -> dict[int, list[ManagerAssignment]]:
    """The province spells of `users` (a page of them), earliest first, by user pk."""
    _require_hq(user)
    spells: dict[int, list[ManagerAssignment]] = {}
    rows = (
        ManagerAssignment.objects.visible_to(user)
        .filter(user_id__in=[u.pk for u in users])
        .select_related("province")
        .order_by("user_id", "valid_from", "pk")
    )
    for spell in rows:
        spells.setdefault(spell.user_id, []).append(spell)
    return spells


def user_detail(*, user, pk: int) -> AbstractBaseUser:
    """One user (404 through get_object_or_404 in the view when absent), with `role` annotated."""
    return user_list(user=user).get(pk=pk)


def assignment_history(*, user, subject) -> QuerySet:
    """Every recorded change of `subject`'s spells, newest first, with who made it."""
    _require_hq(user)
    return (
        ManagerAssignment.history.filter(user_id=subject.pk)
        .select_related("province", "history_user")
        .order_by("-history_date", "-history_id")
    )
