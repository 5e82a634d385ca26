"""A province's post offices: the tree rolled up, ranked at a level by % of their plan, one office with its children.

Read from the post-office rollups (PostOfficeMonthTotal), scoped by `visible_to(user)`. A parent office's figures
(month, lũy kế, plan) include its whole subtree (`core.maths.subtree_totals`, in Python: the two queries that read
a province's offices and cells stay two, whatever the depth of the tree).
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from core.maths import cumulative_to_month, plan_percent, ranks_assign, subtree_totals, tree_ancestors
from core.period import Period
from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province
from reports.models import PostOfficeMonthTotal
from reports.selectors.restatement import View, report_provinces

#: ?level=top: the offices without a parent (district offices before 1/9/2025, commune offices after); any other
#: level is a PostOffice.Kind. In a flat province (the 2021 demo) every office is at the top.
TOP_LEVEL = "top"


def level_choices() -> list[tuple[str, str]]:
    """The levels a province's office ranking can be read at: the top of the tree, or one kind of office."""
    return [(TOP_LEVEL, _("Cấp cao nhất")), *PostOffice.Kind.choices]


@dataclass
class OfficeRow:
    """One post office of a province for a period, its subtree's figures included (rolled up)."""

    post_office_id: int
    code: str
    name: str
    annual_plan: int | None
    month_figure: int
    cumulative: int
    rank: int | None = None
    kind: str = PostOffice.Kind.DISTRICT
    parent_id: int | None = None
    monthly: dict[int, int] = field(default_factory=dict)  # {month: subtree total}, January..the period's month
    open_in_period: bool = True
    province_id: int | None = None
    # restated, a new province's page lists its predecessors' offices: which province (and of which scheme)
    province_name: str = ""
    province_scheme: str = ""

    @property
    def plan_percent(self) -> Decimal | None:
        return plan_percent(self.cumulative, self.annual_plan)

    @property
    def rank_order(self) -> int:
        return self.rank or 10**6

    @property
    def kind_label(self) -> str:
        return PostOffice.Kind(self.kind).label


@dataclass
class OfficeTree:
    """A province's visible post offices for a period, each row holding its subtree's figures."""

    rows: dict[int, OfficeRow]

    def _parent(self, row: OfficeRow) -> int | None:
        # A parent outside the rows (another province: bad data) makes the office a top one.
        return row.parent_id if row.parent_id in self.rows else None

    @property
    def is_flat(self) -> bool:
        return all(self._parent(row) is None for row in self.rows.values())

    def ranking(self, level: str = TOP_LEVEL) -> list[OfficeRow]:
        """The offices of `level`, ranked. An office is listed if it was open at some time in the year up to the
        period, or its subtree has figures then (a closed district office keeps its months before 1/9/2025)."""
        rows = [
            row
            for row in self.rows.values()
            if (self._parent(row) is None if level == TOP_LEVEL else row.kind == level)
            and (row.open_in_period or row.monthly)
        ]
        return ranks_assign(rows)

    def children(self, post_office_id: int) -> list[OfficeRow]:
        """The office's direct children, ranked among themselves."""
        return ranks_assign([row for row in self.rows.values() if self._parent(row) == post_office_id])

    def subtree(self, post_office_id: int) -> list[int]:
        """The office and every office under it (ids): whose figures the office's total holds."""
        return _subtree_ids({pk: self._parent(row) for pk, row in self.rows.items()}, post_office_id)

    def ancestors(self, post_office_id: int) -> list[OfficeRow]:
        """The office's parent, its parent's parent…, the farthest first (for the breadcrumb)."""
        parents = {pk: self._parent(row) for pk, row in self.rows.items()}
        return [self.rows[pk] for pk in reversed(tree_ancestors(parents)[post_office_id])]


def _subtree_ids(parents: dict[int, int | None], root: int) -> list[int]:
    chains = tree_ancestors(parents)
    return [pk for pk in parents if pk == root or root in chains[pk]]


def office_tree(
    *, user, province_id: int, period: Period, within: int | None = None, including: Collection[int] = ()
) -> OfficeTree:
    """The province's visible offices with their subtree's figures for January..the period's month (two queries).

    `within`: an office's pk; only its subtree's cells are read (the other rows are there for names, with zeros).
    `including`: other provinces whose offices are listed too (restated: a new province's predecessors, whose
    figures its restated total counts; each row says its province).
    Plain tuples, not model instances: a province has hundreds of commune post offices since 2025.
    """
    first, last = Period(period.year, 1).bounds[0], period.bounds[1]
    province_ids = sorted({province_id, *including})
    plan = PostOfficePlan.objects.filter(post_office=OuterRef("pk"), year=period.year).order_by().values("target")[:1]
    offices = list(
        PostOffice.objects.visible_to(user)
        .filter(province_id__in=province_ids)
        .annotate(plan_target=Subquery(plan))
        .order_by()
        .values_list(
            "pk",
            "code",
            "name",
            "kind",
            "parent_id",
            "valid_from",
            "valid_to",
            "province_id",
            "province__name",
            "province__scheme",
            "plan_target",
        )
    )
    parents = {pk: parent_id for pk, _code, _name, _kind, parent_id, *_rest in offices}
    cells = PostOfficeMonthTotal.objects.visible_to(user).filter(
        province_id__in=province_ids, year=period.year, month__lte=period.month
    )
    if within is not None:
        cells = cells.filter(post_office_id__in=_subtree_ids(parents, within))
    own: dict[int, dict[int, int]] = {}
    for office_id, month, total in cells.values_list("post_office_id", "month", "total").order_by():
        own.setdefault(office_id, {})[month] = total
    monthly = subtree_totals(own, parents)
    plans = subtree_totals({pk: {"plan": target} for pk, *_rest, target in offices if target}, parents)
    rows = {
        pk: OfficeRow(
            post_office_id=pk,
            code=code,
            name=name,
            annual_plan=plans[pk].get("plan"),
            month_figure=monthly[pk].get(period.month, 0),
            cumulative=cumulative_to_month(monthly[pk], period.month),
            kind=kind,
            parent_id=parent_id,
            monthly=dict(sorted(monthly[pk].items())),
            open_in_period=(valid_from is None or valid_from <= last) and (valid_to is None or valid_to >= first),
            province_id=office_province_id,
            province_name=province_name,
            province_scheme=province_scheme,
        )
        for (
            pk,
            code,
            name,
            kind,
            parent_id,
            valid_from,
            valid_to,
            office_province_id,
            province_name,
            province_scheme,
            _,
        ) in offices
    }
    return OfficeTree(rows)


def post_office_ranking(*, user, province: Province, period: Period, level: str = TOP_LEVEL) -> list[OfficeRow]:
    """The province's post offices of `level` (default: the top of the tree), ranked by % of their plan."""
    return office_tree(user=user, province_id=province.pk, period=period).ranking(level)


def post_office_monthly(*, user, post_office: PostOffice, period: Period) -> dict[int, int]:
    """{month: total} of one post office and its subtree for January..month, from the rollups."""
    tree = office_tree(user=user, province_id=post_office.province_id, period=period, within=post_office.pk)
    return tree.rows[post_office.pk].monthly


def province_plan(*, user, province: Province, year: int, view: str = View.REPORTED) -> int | None:
    """The annual plan HQ set for the province, if any (None also when the user may not see it).

    Restated, a today's province without a plan of its own has the sum of its predecessors' (restatement).
    """
    if view == View.RESTATED:
        (row,) = report_provinces(user=user, period=Period(year, 12), view=view, province=province) or [None]
        return row.plan if row else None
    return (
        AnnualPlan.objects.visible_to(user)
        .filter(province=province, year=year)
        .values_list("target", flat=True)
        .first()
    )
