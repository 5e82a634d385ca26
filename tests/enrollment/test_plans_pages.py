"""HQ's plans page and a province's allocation page: what they show, what they save, what they refuse."""

import re

import pytest
from django.db.models import Sum
from django.urls import reverse

from core.formats import count_text
from enrollment.models import AnnualPlan, PostOffice, PostOfficePlan, Province
from enrollment.plan_forms import plan_field_name
from enrollment.services.plans import plans_set

pytestmark = pytest.mark.django_db
PLANS = reverse("enrollment:plans")
ALLOCATE = reverse("enrollment:plan_allocation")


def rows_of(html: str, table_id: str) -> list[str]:
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    return re.findall(r'<tr data-province="([^"]+)"', table)


def plan_form_data(response) -> dict[str, str]:
    """The form as the page filled it: every input with its current value, as a browser would post it."""
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {"year": response.context["year"], **{k: "" if v is None else str(v) for k, v in data.items()}}


def test_hq_page_of_2021_lists_the_63_provinces_with_their_plans_and_the_national_sum(hq_client):
    response = hq_client.get(PLANS, {"year": 2021})
    html = response.content.decode()
    assert response.status_code == 200
    assert len(rows_of(html, "plans-63")) == 63 and 'id="plans-34"' not in html
    daklak = AnnualPlan.objects.get(province__scheme="63", province__code="66", year=2021)
    assert f'name="{plan_field_name(daklak.province_id)}" value="{count_text(daklak.target)}"' in html
    national = AnnualPlan.objects.filter(year=2021).aggregate(total=Sum("target"))["total"]
    assert f'<td class="text-end national-total">{count_text(national)}</td>' in html


def test_hq_page_of_2025_shows_both_maps_and_which_plan_applies_to_a_new_province(hq_client, hq):
    old = {code: Province.objects.get(scheme="63", code=code) for code in ("66", "54", "01")}
    new_hanoi = Province.objects.get(scheme="34", code="01")
    plans_set(user=hq, year=2025, targets={old["66"].pk: 700, old["54"].pk: 300, old["01"].pk: 5000})
    plans_set(user=hq, year=2025, targets={new_hanoi.pk: 5200})
    html = hq_client.get(PLANS, {"year": 2025}).content.decode()
    assert len(rows_of(html, "plans-63")) == 63 and len(rows_of(html, "plans-34")) == 34
    new_daklak = re.search(r'<tr data-province="34-66">.*?</tr>', html, re.S).group(0)
    assert "tổng các tỉnh trước sáp nhập: 1.000" in new_daklak
    hanoi = re.search(r'<tr data-province="34-01">.*?</tr>', html, re.S).group(0)
    assert "kế hoạch riêng" in hanoi and 'value="5.200"' in hanoi
    totals = re.findall(r'national-total">([^<]+)<', html)
    assert totals == ["6.000", "6.200"]  # 63: 700 + 300 + 5.000; 34: 1.000 derived + 5.200 own


def test_hq_saves_the_grid_with_history_shown_on_the_page(hq_client, hq):
    response = hq_client.get(PLANS, {"year": 2021})
    daklak = Province.objects.get(scheme="63", code="66")
    data = plan_form_data(response)
    data[plan_field_name(daklak.pk)] = "4.321"  # typed the Vietnamese way
    saved = hq_client.post(PLANS, data)
    assert saved.status_code == 302
    assert AnnualPlan.objects.get(province=daklak, year=2021).target == 4321
    record = AnnualPlan.history.filter(province=daklak, year=2021).latest("history_date")
    assert (record.target, record.history_user, record.history_change_reason) == (4321, hq, "page")
    page = hq_client.get(PLANS, {"year": 2021}).content.decode()
    history = re.search(r'<table[^>]*id="plan-history".*?</table>', page, re.S).group(0)
    assert "hq" in history and daklak.name in history and "4.321" in history


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Kế hoạch phải lớn hơn 0."),
        ("abc", "Kế hoạch phải là số nguyên."),
        ("2,5", "Kế hoạch phải là số nguyên."),
        ("5000000", "Kế hoạch quá lớn (tối đa 1.000.000)."),
        ("", "Không để trống kế hoạch đã giao; nhập số mới."),
    ],
)
def test_a_bad_value_saves_nothing_of_the_form(hq_client, value, message):
    response = hq_client.get(PLANS, {"year": 2021})
    daklak, hanoi = (Province.objects.get(scheme="63", code=code) for code in ("66", "01"))
    before = dict(AnnualPlan.objects.filter(year=2021).values_list("province_id", "target"))
    history = AnnualPlan.history.count()
    data = plan_form_data(response)
    data[plan_field_name(hanoi.pk)] = "9999"  # a good change alongside the bad one
    data[plan_field_name(daklak.pk)] = value
    refused = hq_client.post(PLANS, data)
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert dict(AnnualPlan.objects.filter(year=2021).values_list("province_id", "target")) == before
    assert AnnualPlan.history.count() == history


def test_the_refusal_is_in_english_on_the_english_page(hq_client):
    hq_client.cookies["django_language"] = "en"
    response = hq_client.get(PLANS, {"year": 2021})
    daklak = Province.objects.get(scheme="63", code="66")
    data = plan_form_data(response)
    data[plan_field_name(daklak.pk)] = "-5"
    refused = hq_client.post(PLANS, data)
    assert refused.status_code == 400
    assert "The plan must be greater than 0." in refused.content.decode()


@pytest.mark.parametrize("who", ["manager_client", "analyst"])
def test_only_hq_opens_the_plans_page(request, client, who):
    if who == "analyst":
        client.force_login(request.getfixturevalue("analyst"))
    else:
        client = request.getfixturevalue(who)
    assert client.get(PLANS, {"year": 2021}).status_code == 403
    assert client.post(PLANS, {"year": 2021}).status_code == 403


def test_hq_page_of_2025_in_a_fixed_number_of_queries(hq_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert hq_client.get(PLANS, {"year": 2025}).status_code == 200


# --- allocation


def allocation_data(response) -> dict[str, str]:
    data = plan_form_data(response)
    data["province"] = response.context["province"].pk
    return data


def test_manager_allocation_page_shows_the_offices_the_sum_and_the_plan(manager_client, daklak):
    response = manager_client.get(ALLOCATE, {"year": 2021})
    html = response.content.decode()
    offices = PostOffice.objects.filter(province=daklak)
    assert response.status_code == 200 and response.context["province"] == daklak
    assert set(re.findall(r'<tr data-office="([^"]+)"', html)) == set(offices.values_list("code", flat=True))
    allocated = PostOfficePlan.objects.filter(post_office__in=offices, year=2021).aggregate(s=Sum("target"))["s"]
    plan = AnnualPlan.objects.get(province=daklak, year=2021).target
    assert f'id="allocation-sum">{count_text(allocated)}<' in html
    assert f'data-plan="{plan}"' in html


def test_saving_a_sum_that_differs_warns_after_saving(manager_client, daklak, manager):
    response = manager_client.get(ALLOCATE, {"year": 2021})
    office = response.context["rows"][0][0]
    data = allocation_data(response)
    data[plan_field_name(office.pk)] = str((office.allocation or 0) + 40)
    saved = manager_client.post(ALLOCATE, data, follow=True)
    html = saved.content.decode()
    assert PostOfficePlan.objects.get(post_office=office, year=2021).target == (office.allocation or 0) + 40
    warning = re.search(r'<div[^>]*id="allocation-warning"[^>]*>', html).group(0)
    assert "hidden" not in warning
    assert saved.context["difference"] == saved.context["allocated"] - saved.context["plan"] != 0
    assert "Đã lưu 1 phân bổ đã thay đổi." in html


def test_an_office_above_the_province_plan_is_refused(manager_client, daklak):
    response = manager_client.get(ALLOCATE, {"year": 2021})
    first, second = (row[0] for row in response.context["rows"][:2])
    plan = AnnualPlan.objects.get(province=daklak, year=2021).target
    before = dict(PostOfficePlan.objects.filter(year=2021).values_list("post_office_id", "target"))
    data = allocation_data(response)
    data[plan_field_name(first.pk)] = "1"
    data[plan_field_name(second.pk)] = "99.999"
    refused = manager_client.post(ALLOCATE, data)
    assert refused.status_code == 400
    assert f"vượt kế hoạch năm của tỉnh ({count_text(plan)})" in refused.content.decode()
    assert dict(PostOfficePlan.objects.filter(year=2021).values_list("post_office_id", "target")) == before


def test_a_manager_allocates_only_their_province_and_hq_any(manager_client, hanoi, client, hq):
    assert manager_client.get(ALLOCATE, {"year": 2021, "province": hanoi.pk}).status_code == 404
    office = PostOffice.objects.filter(province=hanoi).first()
    forged = {"year": 2021, "province": hanoi.pk, plan_field_name(office.pk): "5"}
    assert manager_client.post(ALLOCATE, forged).status_code == 404
    client.force_login(hq)
    assert client.get(ALLOCATE, {"year": 2021, "province": hanoi.pk}).context["province"] == hanoi


def test_a_forged_office_of_another_province_is_ignored(manager_client, daklak, hanoi):
    response = manager_client.get(ALLOCATE, {"year": 2021})
    foreign = PostOffice.objects.filter(province=hanoi).first()
    before = PostOfficePlan.objects.get(post_office=foreign, year=2021).target
    data = allocation_data(response)
    data[plan_field_name(foreign.pk)] = "1"
    manager_client.post(ALLOCATE, data)
    assert PostOfficePlan.objects.get(post_office=foreign, year=2021).target == before


def test_an_analyst_cannot_allocate(client, analyst, daklak):
    client.force_login(analyst)
    assert client.get(ALLOCATE, {"year": 2021, "province": daklak.pk}).status_code == 403


def test_allocation_page_in_a_fixed_number_of_queries(manager_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert manager_client.get(ALLOCATE, {"year": 2021}).status_code == 200
