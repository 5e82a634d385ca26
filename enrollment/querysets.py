"""`visible_to(user, action)`: the one place a user's scope is applied to a queryset, for reading and writing.

Every view, service, admin page, export and the API starts from these; none checks a province by hand
(in the spirit of NetBox's `RestrictedQuerySet.restrict(user, action)`):

| action   | HQ         | analyst    | province manager                   | anyone else |
|----------|------------|------------|------------------------------------|-------------|
| "view"   | everything | everything | their provinces + predecessors     | nothing     |
| "change" | everything | nothing    | their provinces + predecessors     | nothing     |

A manager's provinces are those their assignments hold today (`roles.managed_province_ids`); a predecessor is an
old-scheme province merged into one of them (`Province.merged_into`), so the new province's manager reads and
corrects its restated history. A closed month stays read-only for them: the month lock refuses the write.

A row's province is the one it belongs to itself: for a figure, the post office where it was earned
(`MonthlyFigure.post_office`), never where the person works today.
"""

from typing import Literal

from django.db import models

from enrollment import roles

Action = Literal["view", "change"]
ACTIONS = ("view", "change")


class ScopedQuerySet(models.QuerySet):
    #: the lookup from this model to its province's primary key
    province_lookup: str = "province_id"

    def visible_to(self, user, action: Action = "view") -> "ScopedQuerySet":
        """The rows `user` may see ("view") or change ("change")."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")  # a typo must not silently widen or empty a scope
        if roles.is_hq(user) or (action == "view" and roles.is_analyst(user)):
            return self.all()
        province_ids = roles.scope_province_ids(user)
        if not province_ids:
            return self.none()
        return self.filter(**{f"{self.province_lookup}__in": province_ids})


class ProvinceQuerySet(ScopedQuerySet):
    province_lookup = "pk"

    def of_scheme(self, scheme: str) -> "ProvinceQuerySet":
        return self.filter(scheme=scheme)


class ProvinceScopedQuerySet(ScopedQuerySet):
    """For models with a direct `province` foreign key (plans, month statuses)."""

    province_lookup = "province_id"


class PostOfficeQuerySet(ProvinceScopedQuerySet):
    pass


class PostOfficeScopedQuerySet(ScopedQuerySet):
    """For models hanging off a post office (post office plans)."""

    province_lookup = "post_office__province_id"


def staff_active_q(first, last, prefix: str = "") -> models.Q:
    """Staff who worked at some point between `first` and `last` (inclusive): the one definition.

    `prefix` is the path from the queried model to Staff, e.g. "staff__" from PostOffice.
    """
    return models.Q(**{f"{prefix}active_from__lte": last}) & (
        models.Q(**{f"{prefix}active_to__isnull": True}) | models.Q(**{f"{prefix}active_to__gte": first})
    )


class StaffQuerySet(ScopedQuerySet):
    province_lookup = "post_office__province_id"

    def active_between(self, first, last) -> "StaffQuerySet":
        return self.filter(staff_active_q(first, last))

    def active_on(self, day) -> "StaffQuerySet":
        return self.active_between(day, day)


class MonthlyFigureQuerySet(ScopedQuerySet):
    province_lookup = "post_office__province_id"


def in_force_q(first, last, prefix: str = "") -> models.Q:
    """Dated rows (valid_from / valid_to, empty = open-ended) in force at some point between `first` and `last`.

    The one overlap rule of every dated row: manager assignments, staff placements, post offices' open dates.
    """
    starts = models.Q(**{f"{prefix}valid_from__isnull": True})
    ends = models.Q(**{f"{prefix}valid_to__isnull": True})
    if last is not None:
        starts |= models.Q(**{f"{prefix}valid_from__lte": last})
    else:
        starts = models.Q()  # open-ended on the right: any start overlaps
    if first is not None:
        ends |= models.Q(**{f"{prefix}valid_to__gte": first})
    else:
        ends = models.Q()
    return starts & ends


class ManagerAssignmentQuerySet(ProvinceScopedQuerySet):
    """Manager assignments, dated: which are in force on a day, which overlap a spell."""

    def in_force_on(self, day) -> "ManagerAssignmentQuerySet":
        return self.filter(in_force_q(day, day))

    def overlapping(self, first, last) -> "ManagerAssignmentQuerySet":
        """Assignments in force at some point of [first, last]; None on either side = open-ended."""
        return self.filter(in_force_q(first, last))
