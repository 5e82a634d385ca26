"""Writes the demo: 2021 as the article has it, then 2024 to November 2026 (devtools.demo.later).

2021: post offices, staff, plans, staff-level figures and demo users. Deterministic (one seeded random generator
per year) and idempotent: every 2021 row has a natural key (post office code, employee code, (province, year),
(staff, year, month), username), and rows that already exist are left exactly as they are; a later year is built
whole, in this transaction, or not at all, so a year whose figures exist is skipped.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from devtools.demo.figures import (
    DEMO_SEED,
    annual_plans,
    largest_remainder,
    monthly_split,
    other_cumulatives,
    published_figures,
    top10_cumulative,
)
from devtools.demo.later import LATER_MONTHS, year_build
from devtools.demo.names import staff_name
from enrollment import roles
from enrollment.models import (
    AnnualPlan,
    ManagerAssignment,
    MonthlyFigure,
    PostOffice,
    PostOfficePlan,
    Province,
    Staff,
)
from reports.rollups import rollups_rebuild

DEMO_YEARS = (2021, *LATER_MONTHS)
DEMO_PASSWORD = "demo"
STAFF_START = datetime.date(2020, 1, 1)
STAFF_MONTH_MEAN = 3.4  # new participants per staff-month on average in 2021: the median lands inside 2–5
OFFICE_STAFF_MIN, OFFICE_STAFF_MAX = 3, 15


@dataclass
class DemoSummary:
    post_offices: int = 0
    staff: int = 0
    figures: int = 0
    figures_by_year: dict[int, int] = field(default_factory=dict)
    figure_rows: int = 0
    seconds_by_year: dict[int | str, float] = field(default_factory=dict)
    users: list[str] = field(default_factory=list)


def province_sizes(plans: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Number of post offices per province: 5–30, larger where the plan is larger."""
    smallest, largest = min(plans.values()), max(plans.values())
    return {
        code: max(5, min(30, round(5 + 25 * (plan - smallest) / (largest - smallest)) + rng.randint(-2, 2)))
        for code, plan in plans.items()
    }


def staff_per_office(cumulative: int, months: int, offices: int, rng: random.Random) -> list[int]:
    """Staff of each post office (3–15), sized so that the province's mean figure per staff-month is about
    STAFF_MONTH_MEAN: the 2–5 a month of the article holds for the median person (issue 13)."""
    staff = max(15, min(450, round(cumulative / (months * STAFF_MONTH_MEAN))))
    offices = max(5, min(30, offices, staff // OFFICE_STAFF_MIN), -(-staff // OFFICE_STAFF_MAX))
    spare = [rng.uniform(0.4, 1.6) for _ in range(offices)]
    extra = largest_remainder(
        staff - OFFICE_STAFF_MIN * offices, spare, [OFFICE_STAFF_MAX - OFFICE_STAFF_MIN] * offices
    )
    return [OFFICE_STAFF_MIN + share for share in extra]


def ensure_structure(province: Province, sizes: list[int], rng: random.Random) -> list[tuple[Staff, PostOffice]]:
    """The province's 2021 post offices (district level) and their staff, `sizes[i]` people at the i-th office.

    Returns each person with their 2021 office, by employee code: later years move people (Staff.post_office is
    only "now"), so the 2021 office is where their 2021 figures and plans belong.
    """
    offices = len(sizes)
    existing_offices = {po.code: po for po in PostOffice.objects.filter(province=province)}
    new_offices = []
    for index in range(1, offices + 1):
        code = f"{province.code}-{index:02d}"
        if code not in existing_offices:
            name = (
                f"Bưu điện trung tâm {province.name}"
                if index == 1
                else f"Bưu điện khu vực {index:02d} – {province.name}"
            )
            new_offices.append(PostOffice(province=province, code=code, name=name, kind=PostOffice.Kind.DISTRICT))
    PostOffice.objects.bulk_create(new_offices)
    offices_by_code = {po.code: po for po in PostOffice.objects.filter(province=province)}

    office_of = {
        f"VNP{province.code}{index:02d}{number:02d}": offices_by_code[f"{province.code}-{index:02d}"]
        for index in range(1, offices + 1)
        for number in range(1, sizes[index - 1] + 1)
    }
    existing_staff = set(
        Staff.objects.filter(employee_code__in=list(office_of)).values_list("employee_code", flat=True)
    )
    new_staff = []
    for index in range(1, offices + 1):
        office = offices_by_code[f"{province.code}-{index:02d}"]
        for number in range(1, sizes[index - 1] + 1):
            code = f"VNP{province.code}{index:02d}{number:02d}"
            name = staff_name(rng)
            quota = rng.choice((2, 2, 2, 3, 3, 4, 5))
            if code not in existing_staff:
                new_staff.append(
                    Staff(
                        employee_code=code,
                        full_name=name,
                        post_office=office,
                        active_from=STAFF_START,
                        monthly_quota=quota,
                    )
                )
    Staff.objects.bulk_create(new_staff)
    staff = Staff.objects.filter(employee_code__in=list(office_of)).order_by("employee_code")
    return [(member, office_of[member.employee_code]) for member in staff]


def ensure_plans(province: Province, year: int, target: int, staff: list[tuple[Staff, PostOffice]]) -> None:
    AnnualPlan.objects.get_or_create(province=province, year=year, defaults={"target": target})
    staff_per_office: dict[PostOffice, int] = {}
    for _member, office in staff:
        staff_per_office[office] = staff_per_office.get(office, 0) + 1
    offices = sorted(staff_per_office, key=lambda po: po.code)
    allocation = largest_remainder(target, [staff_per_office[po] for po in offices])
    existing = set(
        PostOfficePlan.objects.filter(post_office__in=offices, year=year).values_list("post_office_id", flat=True)
    )
    PostOfficePlan.objects.bulk_create(
        [
            PostOfficePlan(post_office=po, year=year, target=share)
            for po, share in zip(offices, allocation, strict=True)
            if po.pk not in existing and share > 0
        ]
    )


def ensure_figures(
    staff: list[tuple[Staff, PostOffice]], year: int, by_month: dict[int, int], rng: random.Random
) -> int:
    """Split each month's provincial total over the staff, weighted by a steady per-person skill."""
    skill = [rng.uniform(0.3, 2.0) for _ in staff]
    people = [member for member, _office in staff]
    existing = set(MonthlyFigure.objects.filter(staff__in=people, year=year).values_list("staff_id", "month"))
    rows = []
    for month, total in sorted(by_month.items()):
        weights = [s * rng.uniform(0.6, 1.4) for s in skill]
        for (member, office), value in zip(staff, largest_remainder(total, weights), strict=True):
            if (member.pk, month) not in existing:
                rows.append(
                    MonthlyFigure(staff=member, post_office=office, year=year, month=month, new_participants=value)
                )
    MonthlyFigure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def ensure_users(provinces: list[Province]) -> list[str]:
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing 65 times would take most of the run
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_GROUPS}

    def ensure(username: str, group: str, first_name: str, *, is_staff: bool) -> object:
        user, created = User.objects.get_or_create(
            username=username, defaults={"password": password, "first_name": first_name, "is_staff": is_staff}
        )
        user.groups.add(groups[group])
        return user

    ensure("hq", roles.HQ_GROUP, "Ban Thu BHXH", is_staff=True)
    ensure("analyst", roles.ANALYST_GROUP, "Chuyên viên phân tích", is_staff=False)
    for province in provinces:
        manager = ensure(f"manager-{province.code}", roles.MANAGER_GROUP, f"Bưu điện {province.name}", is_staff=True)
        if not ManagerAssignment.objects.filter(user=manager).exists():  # after the cut-over a user holds two spells
            ManagerAssignment.objects.create(user=manager, province=province)
    return ["hq", "analyst"] + [f"manager-{p.code}" for p in provinces]


@transaction.atomic
def demo_build(*, through: int = DEMO_YEARS[-1]) -> DemoSummary:
    """Build (or complete) the demo for the years up to `through` (2021 alone: the article's); what exists after."""
    summary = article_build()
    hq = get_user_model().objects.get(username="hq")
    for year in DEMO_YEARS[1:]:
        if year <= through:
            started = time.perf_counter()
            summary.figures_by_year[year] = year_build(user=hq, year=year)
            summary.seconds_by_year[year] = time.perf_counter() - started
    summary.figures += sum(summary.figures_by_year.values())
    summary.post_offices = PostOffice.objects.count()
    summary.staff = Staff.objects.count()
    summary.figure_rows = MonthlyFigure.objects.count()
    if summary.figures:
        started = time.perf_counter()
        rollups_rebuild()  # the figures were bulk-created without the service
        summary.seconds_by_year["rollups"] = time.perf_counter() - started
    return summary


def article_build() -> DemoSummary:
    """The 2021 demo for the 63 provinces (the article's figures); what it wrote."""
    published = published_figures()
    rng = random.Random(DEMO_SEED)
    provinces = list(Province.objects.of_scheme(Province.Scheme.P63).order_by("code"))
    codes = [p.code for p in provinces]
    by_name = {p.name: p.code for p in provinces}

    plans = annual_plans(codes, rng)
    cumulatives = {by_name[name]: top10_cumulative(plans[by_name[name]], percent) for name, percent in published.top10}
    others = {code: plan for code, plan in plans.items() if code not in cumulatives}
    cumulatives |= other_cumulatives(others, published.cumulative - sum(cumulatives.values()), rng)
    months = monthly_split(cumulatives, published.national_by_month, rng)
    sizes = province_sizes(plans, rng)
    months_published = len(published.national_by_month)

    summary = DemoSummary()
    for province in provinces:
        office_sizes = staff_per_office(cumulatives[province.code], months_published, sizes[province.code], rng)
        staff = ensure_structure(province, office_sizes, rng)
        ensure_plans(province, published.year, plans[province.code], staff)
        summary.figures_by_year[published.year] = summary.figures_by_year.get(published.year, 0) + ensure_figures(
            staff, published.year, months[province.code], rng
        )
    summary.users = ensure_users(provinces)
    return summary
