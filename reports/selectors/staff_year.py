"""The maths of one staff member's year, as SQL over their StaffYearFigures row.

Lũy kế and "months that met the quota" sum up to twelve month columns of the row. Written as two
small expressions that compile to the same SQL as twelve nested `Coalesce(...) + ...` / `Case(When())`
terms would, at a third of the cost: the leaderboard compiles them on every page view (its ORDER BY
repeats them), the staff report once per file. The ONE SQL home of lũy kế and months-met: used by
reports.selectors.staff, reports.exports.selectors and the entry grid (enrollment.selectors); their
Python twins are core.maths.cumulative_to_month and core.maths.quota_met.
"""

from collections.abc import Collection

from django.db.models import F, FilteredRelation, Func, IntegerField, Q

from reports.models import month_field


class _ColumnsSum(Func):
    """COALESCE(a, 0) + COALESCE(b, 0) + …: a missing figure counts as 0."""

    template = "(COALESCE(%(expressions)s, 0))"
    arg_joiner = ", 0) + COALESCE("
    output_field = IntegerField()


class _ColumnsAtLeast(Func):
    """(CASE WHEN a >= q THEN 1 ELSE 0 END) + …: how many of the columns reach the last expression, q.

    NULL (no figure) never reaches it.
    """

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        *columns, threshold = self.source_expressions
        threshold_sql, threshold_params = compiler.compile(threshold)
        parts, params = [], []
        for column in columns:
            column_sql, column_params = compiler.compile(column)
            parts.append(f"CASE WHEN {column_sql} >= {threshold_sql} THEN 1 ELSE 0 END")
            params += [*column_params, *threshold_params]
        return f"({' + '.join(parts)})", params


def period_row(
    year: int, *, post_office_ids: Collection[int] | None = None, province_ids: Collection[int] | None = None
) -> FilteredRelation:
    """From Staff: the staff member's StaffYearFigures rows of `year` (LEFT JOIN), earned where asked.

    With `post_office_ids`, the rows earned at those offices (one office: at most one row; an office's subtree:
    one per office of it the person earned at); with `province_ids`, one row per office of those provinces
    the person earned at that year (a restated province: its predecessors' too); with neither, one row per
    office anywhere.
    """
    condition = Q(figure_years__year=year)
    if post_office_ids is not None:
        condition &= Q(figure_years__post_office_id__in=list(post_office_ids))
    if province_ids is not None:
        condition &= Q(figure_years__province_id__in=list(province_ids))
    return FilteredRelation("figure_years", condition=condition)


def _months(through_month: int, row: str) -> list[F]:
    return [F(f"{row}{month_field(m)}") for m in range(1, through_month + 1)]


def cumulative_expression(through_month: int, row: str = "period_row__") -> Func:
    """Lũy kế of one staff member: January..through_month of their year row, a month without a figure as 0."""
    return _ColumnsSum(*_months(through_month, row))


def month_met_condition(month: int, quota: str = "monthly_quota", row: str = "period_row__") -> Q:
    """The staff member met their monthly quota (chỉ tiêu cá nhân) in `month`: figure ≥ quota.

    `row` is the path to the staff member's StaffYearFigures row of the year (see `period_row`),
    `quota` the path to their quota. A month without a figure never meets it.
    """
    return Q(**{f"{row}{month_field(month)}__gte": F(quota)})


def months_met_expression(through_month: int, quota: str = "monthly_quota", row: str = "period_row__") -> Func:
    """How many of January..through_month met the quota (the same test as `month_met_condition`)."""
    return _ColumnsAtLeast(*_months(through_month, row), F(quota))


class _ColumnsAtLeastEach(Func):
    """(CASE WHEN a >= qa THEN 1 ELSE 0 END) + …: the columns, each against its own threshold (pairs a, qa, b, qb…)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        pairs = self.source_expressions
        for column, threshold in zip(pairs[::2], pairs[1::2], strict=True):
            column_sql, column_params = compiler.compile(column)
            threshold_sql, threshold_params = compiler.compile(threshold)
            parts.append(f"CASE WHEN {column_sql} >= {threshold_sql} THEN 1 ELSE 0 END")
            params += [*column_params, *threshold_params]
        return f"({' + '.join(parts)})", params


def months_met_dated_expression(through_month: int, quotas: list, row: str = "period_row__") -> Func:
    """How many of January..through_month met the quota IN FORCE THAT MONTH: `quotas[m - 1]` is month m's."""
    columns = _months(through_month, row)
    return _ColumnsAtLeastEach(*(term for pair in zip(columns, quotas, strict=False) for term in pair))
