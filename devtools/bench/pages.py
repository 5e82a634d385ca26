"""Page benchmarks: server time through the full middleware stack, and their floors."""

import html
import re

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.test import Client, override_settings

from core.period import Period
from devtools.bench.timing import Measurement, measure
from enrollment.models import MonthlyFigure, Province

OLDER_LINK = re.compile(r'href="(\?[^"]*older=[^"]*)" rel="next"')


def _client(username: str) -> Client:
    client = Client(HTTP_HOST="localhost")  # an allowed host in every configuration
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _get(client: Client, url: str):
    def action():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return action


def biggest_province(period: Period) -> Province:
    """The province with the most new participants in the period's year: the page's worst case."""
    province_id = (
        MonthlyFigure.objects.filter(year=period.year)
        .values("post_office__province_id")
        .annotate(n=Sum("new_participants"))
        .order_by("-n")
        .values_list("post_office__province_id", flat=True)
        .first()
    )
    return Province.objects.get(pk=province_id)


def raw_national_aggregate(period: Period) -> list:
    """What the dashboard would cost without rollups: the sum over every staff figure of the year."""
    return list(
        MonthlyFigure.objects.filter(year=period.year, month__lte=period.month)
        .values_list("post_office__province_id", "month")
        .annotate(total=Sum("new_participants"))
        .order_by()
    )


def dashboard_views(client: Client, period: Period, runs: int) -> list[Measurement]:
    """The dashboard of `period` as reported and restated (target: restated within 1,5× as reported)."""
    query = f"?year={period.year}&month={period.month}"
    return [
        measure(f"national dashboard {period} {view}", _get(client, f"/{query}&view={view}"), runs=runs)
        for view in ("reported", "restated")
    ]


def history_measurements(client: Client, period: Period, province: Province, runs: int) -> list[Measurement]:
    """The figure history page at the bench's size: newest first, one province's, and each filter's, each with
    its page two (page one's "older" link) where there is one; the office, person and user latest edited in
    `province`."""
    edits = MonthlyFigure.history.filter(post_office__province=province)
    office = edits.values_list("post_office__code", flat=True).order_by("-history_date").first()
    staff = edits.values_list("staff__employee_code", flat=True).order_by("-history_date").first()
    user = (
        edits.exclude(history_user=None)
        .values_list("history_user__username", flat=True)
        .order_by("-history_date")
        .first()
    )
    filters = {
        "newest first": "",
        f"one province ({province.name})": f"province={province.pk}",
        f"month {period}": f"year={period.year}&month={period.month}",
        "one post office": f"office={office}",
        "one staff member": f"staff={staff}",
        f"one user ({user or 'hq'})": f"user={user or 'hq'}",
    }
    measurements = []
    for name, query in filters.items():
        older = OLDER_LINK.search(client.get(f"/entry/history/?{query}").content.decode())
        measurements.append(measure(f"history: {name}", _get(client, f"/entry/history/?{query}"), runs=runs))
        if older is not None:  # a single page has no page 2 (a person's history at one or two years)
            url = f"/entry/history/{html.unescape(older.group(1))}"
            measurements.append(measure(f"history: {name}, page 2", _get(client, url), runs=runs))
    return measurements


def page_measurements(period: Period, province: Province, runs: int) -> list[tuple[Measurement, Measurement | None]]:
    """(measurement, its floor) pairs: the dashboard, `province`'s page, the dashboard restated (at `period`, at
    12 of the year before — the year across 1/7/2025 in the default data — and at the month before), the figure
    history, and the raw aggregate the rollups replace."""
    client = _client("hq")
    query = f"?year={period.year}&month={period.month}"
    with override_settings(ROOT_URLCONF="devtools.bench.urls"):
        floor_view = measure("floor: minimal logged-in view", _get(client, "/bench/floor/"), runs=runs)
        dashboard = measure("national dashboard /", _get(client, f"/{query}&view=reported"), runs=runs)
        # the view across 1/7/2025: every rollup mapped to today's 34 provinces (target: within 1,5× as reported)
        restated = measure("national dashboard / restated", _get(client, f"/{query}&view=restated"), runs=runs)
        province_page = measure(
            f"province page ({province.name})", _get(client, f"/provinces/{province.pk}/{query}"), runs=runs
        )
        views = [
            *dashboard_views(client, Period(period.year - 1, 12), runs),
            *dashboard_views(client, period.previous, runs),
        ]
        history = history_measurements(client, period, province, runs)
    raw_sql = measure("floor: raw SQL aggregate over staff figures", lambda: raw_national_aggregate(period), runs=runs)
    return [
        (dashboard, floor_view),
        (province_page, floor_view),
        (restated, floor_view),
        *((m, floor_view) for m in views + history),
        (raw_sql, None),
    ]
