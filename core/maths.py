"""The arithmetic of the reports, in pure Python: % of plan, change, run-rate, even pace, ranking, lũy kế, quota,
and the roll-up of a tree (a post office's figures include its subtree).

Exact arithmetic only (Decimal from integers, Fraction for ordering), rounded half-up to one decimal
for display; a missing or zero plan yields None (shown "—"), never a division error. The SQL forms of
lũy kế and months-met over a staff year row live in reports/selectors/staff_year.py and compute the
same thing in the database; everything else computes here.
"""

from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

Node = TypeVar("Node", bound=Hashable)
Key = TypeVar("Key", bound=Hashable)

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


PLAN_OWN, PLAN_DERIVED = "own", "derived"


def restated_plan(own: int | None, predecessor_plans: Iterable[int | None]) -> tuple[int | None, str]:
    """A new province's plan for a year: (its own, "own") where HQ set one, otherwise (the sum of its
    predecessors' plans, "derived"); (None, "") when neither exists."""
    if own is not None:
        return own, PLAN_OWN
    derived = [plan for plan in predecessor_plans if plan is not None]
    return (sum(derived), PLAN_DERIVED) if derived else (None, "")


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


def tree_ancestors(parents: Mapping[Node, Node | None]) -> dict[Node, list[Node]]:
    """Each node's ancestors, nearest first, from {node: parent}.

    Bad data never loops: the walk stops at a parent that is not a node of the mapping (say, an office of another
    province) and at the first node seen twice (a cycle), so every ancestor appears once and never the node itself.
    """
    chains: dict[Node, list[Node]] = {}
    for node in parents:
        chain, seen, parent = [], {node}, parents[node]
        while parent is not None and parent in parents and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = parents[parent]
        chains[node] = chain
    return chains


def subtree_totals(
    own: Mapping[Node, Mapping[Key, int]], parents: Mapping[Node, Node | None]
) -> dict[Node, dict[Key, int]]:
    """{node: {key: its own value + every descendant's}} from {node: {key: own value}} and {node: parent}.

    Keys are whatever is summed (months, "plan"); a node of `parents` without values gets its descendants' (or {}).
    A node of `own` missing from `parents` counts as a root. Each value is added once to the node and once to each
    ancestor (`tree_ancestors`), so in a proper tree the roots together hold every value exactly once.
    """
    chains = tree_ancestors(parents)
    totals: dict[Node, dict[Key, int]] = {node: {} for node in parents}
    for node, values in own.items():
        for holder in [node, *chains.get(node, ())]:
            cell = totals.setdefault(holder, {})
            for key, value in values.items():
                cell[key] = cell.get(key, 0) + value
    return totals
