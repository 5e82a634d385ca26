"""The three kinds of user, as Django groups, and what a given user is.

HQ staff see and change everything; analysts see everything and change nothing; a province
manager sees and changes only the province of their `ManagerAssignment`.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

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


def managed_province_id(user: AbstractBaseUser | AnonymousUser) -> int | None:
    """The province a manager is assigned to, or None for anyone who is not a manager."""
    if not (user.is_authenticated and user.is_active and MANAGER_GROUP in _group_names(user)):
        return None
    assignment = getattr(user, "assignment", None)
    return assignment.province_id if assignment else None


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
