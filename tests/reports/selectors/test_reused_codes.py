"""A GSO code that names another province after 1/7/2025 never mixes the two (issue 13, "Done when").

Every reused code of the fixtures (an old province whose code its successor took with another name: 15, 24, 44,
46, 52, 80, 82, 91): a figure in the old province in March 2025, one in another old province merged into the same
successor (46, Thừa Thiên Huế → Huế, merged with none), one in the successor in September. As reported, the code means the province of that month's map;
restated, the successor sums exactly its own predecessors.
"""

import datetime

import pytest

from core.period import Period
from enrollment.models import PostOffice, Province, Staff
from enrollment.services.figures import figures_record
from reports.exports.scope import export_scope_resolve
from reports.selectors.dashboard import province_ranking
from reports.selectors.restatement import View

OLD_END, NEW_START = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
MARCH, SEPTEMBER = Period(2025, 3), Period(2025, 9)


def reused_codes() -> list[str]:
    return sorted(
        p.code
        for p in Province.objects.filter(scheme="63").select_related("merged_into")
        if p.merged_into and p.merged_into.code == p.code and p.merged_into.name != p.name
    )


def person(province: Province, tag: str, *, new: bool) -> Staff:
    office = PostOffice.objects.create(province=province, code=f"RC-{tag}", name=f"BĐ {tag}")
    return Staff.objects.create(
        employee_code=f"RC-{tag}",
        full_name=f"NV {tag}",
        post_office=office,
        active_from=NEW_START if new else datetime.date(2024, 1, 1),
        active_to=None if new else OLD_END,
    )


@pytest.fixture
def reused(hq):
    codes = reused_codes()
    assert codes == ["15", "24", "44", "46", "52", "80", "82", "91"]  # 46: Thừa Thiên Huế → Huế, alone
    cases, march, september = {}, {}, {}
    for n, code in enumerate(codes):
        old = Province.objects.get(scheme="63", code=code)
        new = old.merged_into
        other = Province.objects.filter(merged_into=new).exclude(pk=old.pk).order_by("code").first()
        # distinct values per code, so a sum that took in a neighbour would show
        march[person(old, f"{code}-o", new=False).pk] = 100 + n
        if other is not None:
            march[person(other, f"{code}-s", new=False).pk] = 200 + n
        september[person(new, f"{code}-n", new=True).pk] = 300 + n
        values = (100 + n, 200 + n if other else 0, 300 + n)
        cases[code] = {"old": old, "new": new, "values": values}
    figures_record(user=hq, year=2025, month=3, values=march)
    figures_record(user=hq, year=2025, month=9, values=september)
    return cases


def by_code(rows, code):
    (row,) = [r for r in rows if r.code == code]
    return row


def test_as_reported_a_code_is_the_province_of_that_months_map(hq, reused):
    in_march = province_ranking(user=hq, period=MARCH, view=View.REPORTED)
    in_september = province_ranking(user=hq, period=SEPTEMBER, view=View.REPORTED)
    for code, case in reused.items():
        own, _sibling, successor = case["values"]
        march_row, september_row = by_code(in_march, code), by_code(in_september, code)
        assert (march_row.province_id, march_row.name, march_row.month_figure) == (
            case["old"].pk,
            case["old"].name,
            own,
        )
        assert (september_row.province_id, september_row.name) == (case["new"].pk, case["new"].name)
        assert (september_row.month_figure, september_row.cumulative) == (successor, successor), code


def test_restated_a_successor_sums_exactly_its_own_predecessors(hq, reused):
    rows = province_ranking(user=hq, period=SEPTEMBER, view=View.RESTATED)
    for code, case in reused.items():
        own, sibling, successor = case["values"]
        row = by_code(rows, code)
        assert row.province_id == case["new"].pk
        assert (row.monthly.get(3), row.monthly.get(9), row.cumulative) == (
            own + sibling,
            successor,
            own + sibling + successor,
        )


def test_a_code_in_a_request_means_the_views_province(hq, reused):
    for code, case in reused.items():
        assert export_scope_resolve(user=hq, period=MARCH, province_code=code).province == case["old"]
        restated = export_scope_resolve(user=hq, period=MARCH, province_code=code, view=View.RESTATED)
        assert restated.province == case["new"]
        assert export_scope_resolve(user=hq, period=SEPTEMBER, province_code=code).province == case["new"]
