"""The organisation (provinces, post offices, staff), its plans and the monthly figures.

Every rule that protects the figures lives in the database as a constraint, so no path —
form, import, admin, shell or raw SQL — can store a bad value. Foreign keys to anything that
carries figures are PROTECT: deleting a staff member or post office with figures is refused.

A package only to keep each file short: Django finds the models through these re-exports, under the
app label `enrollment`, so the migrations do not change.
"""

from enrollment.models.cycle import DeadlineOverride, DeadlineRule, ReminderSent, UserPreference
from enrollment.models.figures import MonthlyFigure, MonthStatus
from enrollment.models.organisation import (
    QUOTA_DEFAULT,
    QUOTA_MAX,
    QUOTA_MIN,
    ManagerAssignment,
    PostOffice,
    Province,
    Region,
    Staff,
)
from enrollment.models.placements import StaffPlacement, StaffQuota
from enrollment.models.plans import AnnualPlan, PostOfficePlan
from enrollment.models.quality import ConfirmedOutlier

__all__ = [
    "QUOTA_DEFAULT",
    "QUOTA_MAX",
    "QUOTA_MIN",
    "AnnualPlan",
    "ConfirmedOutlier",
    "DeadlineOverride",
    "DeadlineRule",
    "ManagerAssignment",
    "MonthStatus",
    "MonthlyFigure",
    "PostOffice",
    "PostOfficePlan",
    "Province",
    "Region",
    "ReminderSent",
    "Staff",
    "StaffPlacement",
    "StaffQuota",
    "UserPreference",
]
