from collections import Counter

import pytest
from django.db.models import Count

from enrollment.geography import load_geography, scheme_on
from enrollment.models import Province, Region

pytestmark = pytest.mark.django_db


def test_both_schemes_are_loaded_with_their_counts():
    assert Province.objects.filter(scheme="63").count() == 63
    assert Province.objects.filter(scheme="34").count() == 34
    assert Region.objects.filter(scheme="63").count() == 6
    assert Region.objects.filter(scheme="34").count() == 6


def test_every_old_province_merged_into_exactly_one_new_one():
    old = Province.objects.filter(scheme="63")
    assert not old.filter(merged_into__isnull=True).exists()
    assert set(old.values_list("merged_into__scheme", flat=True)) == {"34"}
    # every new province receives at least one old one
    assert Province.objects.filter(scheme="34", merged_from__isnull=True).count() == 0


def test_regions_have_the_resolution_81_counts():
    counts = Counter(Province.objects.filter(scheme="63").values_list("region__code", flat=True))
    assert counts == {"TDMNPB": 14, "DBSH": 11, "BTB_DHMT": 14, "TN": 5, "DNB": 6, "DBSCL": 13}


def test_seven_codes_name_different_provinces_in_the_two_schemes():
    # Thừa Thiên Huế → Huế keeps code 46 and its whole territory: a rename, not a different province.
    old = dict(Province.objects.filter(scheme="63").values_list("code", "name"))
    new = {p.code: p for p in Province.objects.filter(scheme="34").annotate(parts=Count("merged_from"))}
    differing = {code for code in old.keys() & new.keys() if old[code] != new[code].name and new[code].parts > 1}
    assert differing == {"15", "24", "44", "52", "80", "82", "91"}


def test_article_provinces_resolve_by_old_code():
    assert Province.objects.get(scheme="63", code="87").merged_into.name == "Đồng Tháp"
    assert Province.objects.get(scheme="63", code="66").merged_into.code == "66"


def test_loading_twice_changes_nothing():
    before = list(Province.objects.order_by("scheme", "code").values())
    load_geography(Region, Province)
    assert list(Province.objects.order_by("scheme", "code").values()) == before


def test_scheme_switches_on_1_july_2025():
    import datetime

    assert scheme_on(datetime.date(2025, 6, 30)) == "63"
    assert scheme_on(datetime.date(2025, 7, 1)) == "34"


def test_the_34_provinces_get_the_six_provisional_regions_of_the_csv():
    new = Province.objects.filter(scheme="34")
    assert not new.filter(region__isnull=True).exists()
    assert set(new.values_list("region__scheme", flat=True)) == {"34"}
    counts = Counter(new.values_list("region__code", flat=True))
    assert counts == {"TDMNPB": 9, "DBSH": 6, "BTB": 5, "DHTB_TN": 6, "DNB": 3, "DBSCL": 5}
    assert new.get(code="66").region.name == "Duyên hải Trung Bộ và Tây Nguyên"
    assert set(Region.objects.filter(scheme="34").values_list("provisional", flat=True)) == {True}
    assert not Region.objects.filter(scheme="63", provisional=True).exists()


def test_a_provisional_region_says_so_and_a_confirmed_one_does_not():
    region = Region.objects.get(scheme="34", code="BTB")
    assert region.label == "Bắc Trung Bộ (tạm thời)"
    region.provisional = False
    assert region.label == "Bắc Trung Bộ"


def test_loading_again_keeps_hq_edits_to_the_34_regions():
    region = Region.objects.get(scheme="34", code="BTB")
    Region.objects.filter(pk=region.pk).update(provisional=False, name="Bắc Trung Bộ (HQ)")
    hue = Province.objects.get(scheme="34", code="46")
    Province.objects.filter(pk=hue.pk).update(region=Region.objects.get(scheme="34", code="DHTB_TN"))
    load_geography(Region, Province)
    region.refresh_from_db()
    assert (region.name, region.provisional) == ("Bắc Trung Bộ (HQ)", False)
    assert Province.objects.get(pk=hue.pk).region.code == "DHTB_TN"
