"""What a request could change, in a handful of small queries: compared before/after to prove "nothing changed"."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Sum

from enrollment.models import (
    AnnualPlan,
    DeadlineOverride,
    DeadlineRule,
    ManagerAssignment,
    MonthlyFigure,
    MonthStatus,
    PostOffice,
    PostOfficePlan,
    Staff,
)


def data_fingerprint(province) -> tuple:
    """Figures, plans and allocations, month statuses (with their histories), deadlines, counts of post offices and
    staff, every row of `province`'s post offices and staff, every user's password and active flag, and every manager
    assignment."""
    figures = MonthlyFigure.objects.aggregate(n=Count("pk"), total=Sum("new_participants"))
    plans = AnnualPlan.objects.aggregate(n=Count("pk"), total=Sum("target"))
    allocations = PostOfficePlan.objects.aggregate(n=Count("pk"), total=Sum("target"))
    return (
        figures["n"],
        figures["total"],
        MonthlyFigure.history.count(),
        plans["n"],
        plans["total"],
        allocations["n"],
        allocations["total"],
        AnnualPlan.history.count() + PostOfficePlan.history.count(),
        list(MonthStatus.objects.order_by("pk").values_list("province_id", "year", "month", "status")),
        MonthStatus.history.count(),
        list(DeadlineRule.objects.values_list("day_of_next_month")),
        list(DeadlineOverride.objects.order_by("pk").values_list("year", "month", "due_date")),
        PostOffice.objects.aggregate(n=Count("pk"), last=Max("pk")),
        list(PostOffice.objects.filter(province=province).order_by("pk").values_list()),
        Staff.objects.aggregate(n=Count("pk"), last=Max("pk")),
        list(Staff.objects.filter(post_office__province=province).order_by("pk").values_list()),
        list(get_user_model().objects.order_by("pk").values_list("password", "is_active")),
        list(ManagerAssignment.objects.order_by("pk").values_list()),
        ManagerAssignment.history.count(),
    )
