"""The arithmetic of the reports, in pure Python: % of plan, change, run-rate, even pace, ranking, lũy kế, quota.

Exact arithmetic only (Decimal from integers, Fraction for ordering), rounded half-up to one decimal
for display; a missing or zero plan yields None (shown "—"), never a division error. The SQL forms of
lũy kế and months-met over a staff year row live in reports/selectors/staff_year.py and compute the
same thing in the database; everything else computes here.
"""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ONE_DECIMAL = Decimal("0.1")


def _one_decimal(exact: Fraction) -> Decimal:
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def plan_percent(cumulative: int, plan: int | None) -> Decimal | None:
    """Tỷ lệ hoàn thành kế hoạch: lũy kế ÷ annual plan × 100, one decimal; None without a plan."""
    if not plan:
        return None
    return _one_decimal(Fraction(cumulative * 100, plan))


def change_percent(current: int, previous: int) -> Decimal | None:
    """Change against the same period last year, in % (one decimal); None when last year had nothing."""
    if not previous:
        return None
    return plan_percent(current - previous, previous)


def run_rate_percent(cumulative: int, months_elapsed: int, plan: int | None) -> Decimal | None:
    """Projected year-end % of plan if the pace of January..month holds: lũy kế × 12 ÷ months ÷ plan."""
    if not plan or not months_elapsed:
        return None
    return _one_decimal(Fraction(cumulative * 12 * 100, months_elapsed * plan))


def even_pace(plan: int | None, month: int) -> int | None:
    """Where lũy kế would stand at the end of `month` if the annual plan were met evenly (rounded half-up)."""
    if not plan:
        return None
    return int((Decimal(plan) * month / 12).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ranking_key(cumulative: int, plan: int | None, name: str) -> tuple:
    """Sort key of a ranking: % of plan descending (the exact fraction, not the rounded figure), then lũy kế
    descending, then name; units without a plan come last."""
    exact = Fraction(cumulative, plan) if plan else None
    return (exact is None, -(exact or 0), -cumulative, name)


def ranks_assign(rows: list, *, cumulative: str = "cumulative", plan: str = "annual_plan", name: str = "name") -> list:
    """Sort `rows` by `ranking_key` in place and set each row's `rank` (None without a plan); returns them."""
    rows.sort(key=lambda r: ranking_key(getattr(r, cumulative), getattr(r, plan), getattr(r, name)))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank if getattr(row, plan) else None
    return rows


def cumulative_to_month(monthly: Mapping[int, int | None], through_month: int = 12) -> int:
    """Lũy kế: the sum of January..through_month of {month: figure}; a month without a figure counts 0."""
    return sum(value or 0 for month, value in monthly.items() if month <= through_month)


def quota_met(figure: int | None, quota: int) -> bool | None:
    """The staff member met their monthly quota: figure ≥ quota; None when no figure was entered."""
    return None if figure is None else figure >= quota
