"""The demo after 2021: 2024, 2025 (the change of map on 1/7, commune offices from 1/9) and 2026 through November.

Each person's figure of a month is their steady skill × their province's pace that year × the season (Tết in
February, the campaign from March to May) × noise, rounded at random: with a pace of 2,4–4,5 the median figure per
staff-month stays inside the 2–5 of the article. A figure is written at the office where the person was placed
that month (`placements.earned_at`, the services' rule), only inside their working dates. Plans are set through
`plan_set`: 2024 and 2025 for the 63 provinces, 2025 for some of the 34 (the others' is the sum of their
predecessors', derived by the restated view), 2026 for the 34.
"""

import datetime
import random
from collections import defaultdict

from django.db.models import Sum

from core.period import month_bounds
from devtools.demo.figures import DEMO_SEED, largest_remainder
from devtools.demo.timeline import month_events
from enrollment.models import AnnualPlan, MonthlyFigure, PostOffice, PostOfficePlan, Province, Staff
from enrollment.models.placements import earned_at
from enrollment.services.plans import plan_set

DEMO_TODAY = datetime.date(2026, 12, 3)  # the demo's "today": it runs through last month, November 2026
LATER_MONTHS = {2024: 12, 2025: 12, 2026: 11}
SEASON = {1: 0.95, 2: 0.55, 3: 1.25, 4: 1.4, 5: 1.25, 6: 1.0, 7: 0.9, 8: 0.85, 9: 0.95, 10: 1.0, 11: 1.05, 12: 1.15}
BASE_PACE = 3.2
OWN_2025_PLAN_SHARE = 0.45  # about this share of the 34 new provinces get a 2025 plan of their own


def province_paces(year: int) -> dict[str, float]:
    """The pace (figures per staff-month before the season) of each today's province in `year`.

    Varied per province and growing on average year on year (2025 and 2026 about +5%); an old province runs at its
    successor's pace, so the restated comparison is like with like.
    """
    rng = random.Random(f"{DEMO_SEED}-paces")
    codes = sorted(Province.objects.filter(scheme=Province.Scheme.P34).values_list("code", flat=True))
    paces = {code: BASE_PACE * rng.uniform(0.85, 1.15) for code in codes}
    for _ in range(2025, year + 1):
        paces = {code: pace * rng.uniform(0.96, 1.14) for code, pace in paces.items()}
    return paces


def staff_skill(employee_code: str) -> float:
    """A person's steady skill, the same every year (seeded by their code)."""
    return random.Random(f"{DEMO_SEED}-{employee_code}").uniform(0.6, 1.45)


def _whole(value: float, rng: random.Random) -> int:
    """Round at random (2,3 → 2 seven times in ten, 3 otherwise): the mean stays the pace's."""
    whole = int(value)
    return whole + (rng.random() < value - whole)


def _office_pace_codes() -> dict[int, str]:
    """Office pk → the code of today's province its figures count in (restated)."""
    offices = PostOffice.objects.values_list("pk", "province__scheme", "province__code", "province__merged_into__code")
    return {pk: code if scheme == Province.Scheme.P34 else successor for pk, scheme, code, successor in offices}


def month_figures(year: int, month: int, paces: dict[str, float], rng: random.Random) -> list[MonthlyFigure]:
    """Every working person's figure of the month, at the office where they were placed then."""
    first, last = month_bounds(year, month)
    pace_codes = _office_pace_codes()
    placed = (
        Staff.objects.active_between(first, last)
        .annotate(earned_office=earned_at(first, last))
        .order_by("employee_code")
        .values_list("pk", "employee_code", "earned_office")
    )
    return [
        MonthlyFigure(
            staff_id=pk,
            post_office_id=office,
            year=year,
            month=month,
            new_participants=_whole(
                staff_skill(code) * paces[pace_codes[office]] * SEASON[month] * rng.uniform(0.75, 1.25), rng
            ),
        )
        for pk, code, office in placed
    ]


def year_build(*, user, year: int) -> int:
    """The year's organisation changes, figures and plans (nothing if its figures exist); the figures written."""
    if MonthlyFigure.objects.filter(year=year).exists():
        return 0
    rng = random.Random(DEMO_SEED + year)
    paces = province_paces(year)
    written = 0
    for month in range(1, LATER_MONTHS[year] + 1):
        month_events(user=user, year=year, month=month, rng=rng)
        rows = month_figures(year, month, paces, rng)
        MonthlyFigure.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    year_plans(user=user, year=year, rng=rng)
    return written


def _scaled(total: int, months: int, rng: random.Random, low: float = 0.9, high: float = 1.12) -> int:
    """A plan for the whole year from `total` over its first `months` months, rounded to tens."""
    whole_year = total * sum(SEASON.values()) / sum(SEASON[m] for m in range(1, months + 1))
    return max(10, round(whole_year * rng.uniform(low, high) / 10) * 10)


def _province_totals(year: int, scheme: str, months: int) -> dict[Province, int]:
    totals = (
        MonthlyFigure.objects.filter(year=year, month__lte=months, post_office__province__scheme=scheme)
        .values("post_office__province")
        .annotate(total=Sum("new_participants"))
    )
    by_pk = {row["post_office__province"]: row["total"] for row in totals}
    provinces = Province.objects.filter(scheme=scheme).order_by("code")
    return {province: by_pk.get(province.pk, 0) for province in provinces}


def year_plans(*, user, year: int, rng: random.Random) -> None:
    """HQ's annual plans of the year (through `plan_set`) and each province's split of it over its offices."""
    if year == 2024:
        for province, total in _province_totals(year, Province.Scheme.P63, 12).items():
            plan_set(user=user, province=province, year=year, target=_scaled(total, 12, rng))
    elif year == 2025:
        for province, total in _province_totals(year, Province.Scheme.P63, 6).items():
            plan_set(user=user, province=province, year=year, target=_scaled(total, 6, rng))
        old_plans = defaultdict(int)
        for merged_into, target in AnnualPlan.objects.filter(
            year=year, province__scheme=Province.Scheme.P63
        ).values_list("province__merged_into", "target"):
            old_plans[merged_into] += target
        for province in Province.objects.filter(scheme=Province.Scheme.P34).order_by("code"):
            if rng.random() < OWN_2025_PLAN_SHARE:
                own = round(old_plans[province.pk] * rng.uniform(0.97, 1.08) / 10) * 10
                plan_set(user=user, province=province, year=year, target=own)
    else:
        for province, total in _province_totals(year, Province.Scheme.P34, LATER_MONTHS[year]).items():
            plan_set(user=user, province=province, year=year, target=_scaled(total, LATER_MONTHS[year], rng))
    if year != 2025:  # 2025's offices straddle two maps and two trees: no office split that year
        office_plans(year)


def office_plans(year: int) -> None:
    """Each province's plan split over the offices that earned its figures, in proportion to what they earned."""
    earned = defaultdict(dict)
    rows = (
        MonthlyFigure.objects.filter(year=year)
        .values("post_office", "post_office__province")
        .annotate(total=Sum("new_participants"))
    )
    for row in rows.order_by("post_office"):
        earned[row["post_office__province"]][row["post_office"]] = max(1, row["total"])
    plans = dict(AnnualPlan.objects.filter(year=year).values_list("province", "target"))
    new = []
    for province_id, offices in earned.items():
        if province_id not in plans:
            continue
        shares = largest_remainder(plans[province_id], list(offices.values()))
        new.extend(
            PostOfficePlan(post_office_id=office, year=year, target=share)
            for office, share in zip(offices, shares, strict=True)
            if share > 0
        )
    PostOfficePlan.objects.bulk_create(new)
