"""The three kinds of user, as Django groups, and what a given user is.

HQ staff see and change everything; analysts see everything and change nothing; a province
manager sees and changes the provinces their `ManagerAssignment` rows hold today, and those provinces'
predecessors (the old-scheme provinces merged into them) — `querysets.visible_to` applies it.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils import timezone

HQ_GROUP = "HQ"
ANALYST_GROUP = "Analyst"
MANAGER_GROUP = "Province manager"
ALL_GROUPS = (HQ_GROUP, ANALYST_GROUP, MANAGER_GROUP)


# The user's group names, cached on the user object: every scoped queryset of a request asks, and a
# request's user lives as long as the request. This module alone reads or writes the attribute.
_GROUP_NAMES_CACHE = "_role_group_names"


def _group_names(user) -> frozenset[str]:
    cached = getattr(user, _GROUP_NAMES_CACHE, None)
    if cached is None:
        # An unsaved user (the export_report command's reader) belongs to no group, and asking would raise.
        names = user.groups.values_list("name", flat=True) if user.pk is not None else ()
        cached = frozenset(names)
        setattr(user, _GROUP_NAMES_CACHE, cached)
    return cached


def is_hq(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or HQ_GROUP in _group_names(user)))


def is_analyst(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and ANALYST_GROUP in _group_names(user))


def sees_everything(user: AbstractBaseUser | AnonymousUser) -> bool:
    """HQ and analysts read the whole country."""
    return is_hq(user) or is_analyst(user)


# A manager's provinces on a day, cached on the user object like the group names ({day: _Managed}): the
# dashboard asks for every scoped queryset, and one query answers them all.
_MANAGED_CACHE = "_role_managed_provinces"


@dataclass(frozen=True)
class _Managed:
    held: tuple[int, ...]  # the provinces held that day, by code
    scope: frozenset[int]  # held + their predecessors


_NOT_A_MANAGER = _Managed(held=(), scope=frozenset())


def _is_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_active and MANAGER_GROUP in _group_names(user))


def _managed(user, on: datetime.date | None) -> _Managed:
    if not _is_manager(user):
        return _NOT_A_MANAGER
    day = on or timezone.localdate()
    cache = getattr(user, _MANAGED_CACHE, None)
    if cache is None:
        cache = {}
        setattr(user, _MANAGED_CACHE, cache)
    if day not in cache:
        from enrollment.models import ManagerAssignment  # models import querysets, which import this module

        rows = (
            ManagerAssignment.objects.filter(user=user)
            .in_force_on(day)
            .values_list("province_id", "province__code", "province__merged_from")
            .order_by()
        )
        held, predecessors = {}, set()
        for province_id, code, predecessor_id in rows:
            held[province_id] = code
            if predecessor_id is not None:
                predecessors.add(predecessor_id)
        by_code = tuple(sorted(held, key=lambda pk: (held[pk], pk)))
        cache[day] = _Managed(held=by_code, scope=frozenset(held) | frozenset(predecessors))
    return cache[day]


def managed_province_ids(user: AbstractBaseUser | AnonymousUser, on: datetime.date | None = None) -> frozenset[int]:
    """The provinces a manager's assignments hold on `on` (today by default); empty for anyone else."""
    return frozenset(_managed(user, on).held)


def managed_province_id(user: AbstractBaseUser | AnonymousUser) -> int | None:
    """The manager's default province today (the first they hold, by code), or None: for pages that need one."""
    held = _managed(user, None).held
    return held[0] if held else None


def is_manager(user: AbstractBaseUser | AnonymousUser) -> bool:
    """A manager holding at least one province today (an ended assignment leaves a manager with nothing)."""
    return bool(_managed(user, None).held)


def scope_province_ids(user: AbstractBaseUser | AnonymousUser) -> frozenset[int]:
    """What `visible_to` gives a manager today: the provinces held and their predecessors (merged into them)."""
    return _managed(user, None).scope


# What each group may do through Django's permission system (the admin honours these;
# the scope of what a manager sees is applied separately by visible_to).
GROUP_PERMISSIONS = {
    HQ_GROUP: {
        "enrollment": ["add", "change", "delete", "view"],
        "auth.user": ["add", "change", "view"],
    },
    ANALYST_GROUP: {"enrollment": ["view"]},
    MANAGER_GROUP: {
        "enrollment.region": ["view"],
        "enrollment.province": ["view"],
        "enrollment.annualplan": ["view"],
        "enrollment.postoffice": ["add", "change", "view"],
        "enrollment.postofficeplan": ["add", "change", "view"],
        "enrollment.staff": ["add", "change", "view"],
        "enrollment.monthlyfigure": ["add", "change", "view"],
    },
}


def groups_sync(**kwargs) -> None:
    """Create the three groups and give them their permissions (post_migrate; idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for group_name, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = []
        for target, actions in grants.items():
            app_label, _, model = target.partition(".")
            query = Permission.objects.filter(content_type__app_label=app_label)
            if model:
                query = query.filter(content_type__model=model)
            permissions += [p for p in query if p.codename.split("_", 1)[0] in actions]
        group.permissions.set(permissions)
