"""One scope filter, by region CODE: ExportScope (exports) and province_ranking(region=) (dashboard) agree."""

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404

from core.period import Period
from enrollment.models import Province, Region
from reports.exports.scope import ExportScope, export_scope_resolve
from reports.selectors.dashboard import province_ranking

APRIL_2021 = Period(2021, 4)


def test_region_scope_matches_by_code_not_by_name(hq):
    region = Region.objects.get(code="TN")
    scope = ExportScope(region=region)
    rows = province_ranking(user=hq, period=APRIL_2021)
    kept = [r for r in rows if scope.keeps(r)]
    assert {r.code for r in kept} == set(
        Province.objects.of_scheme("63").filter(region__code="TN").values_list("code", flat=True)
    )
    assert len(kept) == 5
    # A row whose region NAME matches but whose code does not is outside: names are not identifiers.
    impostor = rows[0].__class__(**{**vars(rows[0]), "region_name": region.name, "region_code": "XX"})
    assert not scope.keeps(impostor)
    # The same provinces as the dashboard's own region filter (which ranks within the region).
    assert {r.province_id for r in kept} == {
        r.province_id for r in province_ranking(user=hq, period=APRIL_2021, region="TN")
    }
    # And the queryset filter of the streaming exports says the same.
    assert set(Province.objects.filter(scope.province_q()).values_list("pk", flat=True)) == {
        r.province_id for r in kept
    }


def test_region_export_keeps_national_ranks(hq):
    national = {r.province_id: r.rank for r in province_ranking(user=hq, period=APRIL_2021)}
    scope = ExportScope(region=Region.objects.get(code="TN"))
    kept = [r for r in province_ranking(user=hq, period=APRIL_2021) if scope.keeps(r)]
    assert all(r.rank == national[r.province_id] for r in kept)
    assert any(r.rank and r.rank > len(kept) for r in kept)  # ranks among all 63, not 1..5


def test_unknown_region_or_invisible_province_is_404(demo_data):
    manager = get_user_model().objects.get(username="manager-66")
    with pytest.raises(Http404):
        export_scope_resolve(user=manager, period=APRIL_2021, region_code="NOPE")
    with pytest.raises(Http404):
        export_scope_resolve(user=manager, period=APRIL_2021, province_code="01")
    assert export_scope_resolve(user=manager, period=APRIL_2021, province_code="66").province.code == "66"
