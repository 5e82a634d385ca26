"""Plausible figures: the outlier rule (services.outliers) and its confirmation on the grid, import, admin and
service paths; confirmed outliers on the data-quality page, scoped."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.imports.layout import FIRST_DATA_ROW, SHEET_NAME
from enrollment.models import ConfirmedOutlier, MonthlyFigure, Staff
from enrollment.services.figures import figures_record
from enrollment.services.outliers import OutlierFiguresError, outliers_find

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("outlier_rule")]
GRID = reverse("enrollment:grid")


@pytest.fixture
def person(office_staff):
    return office_staff[0]


def threshold(person, year=2021, month=5) -> int:
    """The highest value that is not an outlier: 3 × the highest of January–April, or 3 × the quota."""
    history = MonthlyFigure.objects.filter(staff=person, year=year, month__lt=month).aggregate(
        m=Max("new_participants")
    )
    return max(3 * (history["m"] or 0), 3 * person.monthly_quota)


def test_above_both_history_and_quota_is_an_outlier_and_at_the_threshold_is_not(person):
    limit = threshold(person)
    assert outliers_find(year=2021, month=5, values={person.pk: limit}) == {}
    found = outliers_find(year=2021, month=5, values={person.pk: limit + 1})
    assert found[person.pk].value == limit + 1 and found[person.pk].quota == person.monthly_quota


def test_history_counts_only_the_six_months_before(person, hq):
    # 2022-01: the six months before are July–December 2021, which have no figures; the quota alone decides
    assert outliers_find(year=2022, month=1, values={person.pk: 3 * person.monthly_quota + 1})
    figures_record(user=hq, year=2021, month=12, values={person.pk: 10}, confirmed={person.pk})
    assert not outliers_find(year=2022, month=1, values={person.pk: 30})
    assert outliers_find(year=2022, month=1, values={person.pk: 31})
    # from July 2022 December 2021 is more than six months back
    assert outliers_find(year=2022, month=7, values={person.pk: 30})


def test_the_quota_of_the_month_counts_not_todays(person, hq):
    import datetime

    from enrollment.services.placements import staff_quota_set

    staff_quota_set(user=hq, staff=person, monthly_quota=2, valid_from=person.active_from)
    staff_quota_set(
        user=hq, staff=Staff.objects.get(pk=person.pk), monthly_quota=5, valid_from=datetime.date(2022, 6, 1)
    )
    assert outliers_find(year=2022, month=3, values={person.pk: 7})  # quota 2 in March 2022: 7 > 6
    assert not outliers_find(year=2022, month=6, values={person.pk: 7})  # quota 5 from June: 7 ≤ 15


def test_the_service_refuses_an_unconfirmed_outlier_whole_and_records_a_confirmed_one(person, office_staff, manager):
    other = office_staff[1]
    value = threshold(person) + 1
    with pytest.raises(OutlierFiguresError) as refused:
        figures_record(user=manager, year=2021, month=5, values={person.pk: value, other.pk: 2})
    assert list(refused.value.outliers) == [person.pk]
    assert not MonthlyFigure.objects.filter(year=2021, month=5, staff__in=[person, other]).exists()
    result = figures_record(
        user=manager, year=2021, month=5, values={person.pk: value, other.pk: 2}, confirmed={person.pk}
    )
    assert result.created == 2 and result.outliers == 1
    record = ConfirmedOutlier.objects.get()
    assert (record.staff, record.year, record.month, record.value, record.confirmed_by, record.source) == (
        person,
        2021,
        5,
        value,
        manager,
        "service",
    )
    assert record.post_office == MonthlyFigure.objects.get(staff=person, year=2021, month=5).post_office
    # saving the same value again is not asked about again, and not recorded twice
    figures_record(user=manager, year=2021, month=5, values={person.pk: value, other.pk: 3})
    assert ConfirmedOutlier.objects.count() == 1


def test_the_grid_shows_the_warning_and_saves_once_confirmed(manager_client, manager, person):
    value = threshold(person) + 1
    url = f"{GRID}?office={person.post_office_id}&year=2021&month=5"
    data = {f"value_{person.pk}": str(value), f"seen_{person.pk}": ""}
    warned = manager_client.post(url, data)
    assert warned.status_code == 400
    html = warned.content.decode()
    assert f"Số {value} cao bất thường" in html and f'name="confirm_{person.pk}"' in html
    assert not MonthlyFigure.objects.filter(staff=person, year=2021, month=5).exists()
    assert manager_client.post(url, data | {f"confirm_{person.pk}": "on"}).status_code == 302
    assert MonthlyFigure.objects.get(staff=person, year=2021, month=5).new_participants == value
    assert ConfirmedOutlier.objects.get(staff=person).source == "grid"


def test_the_admin_asks_for_the_confirm_box(manager_client, person):
    value = threshold(person) + 1
    url = reverse("admin:enrollment_monthlyfigure_add")
    data = {"staff": person.pk, "year": 2021, "month": 5, "new_participants": str(value)}
    refused = manager_client.post(url, data)
    assert refused.status_code == 200 and f"Số {value} cao bất thường" in refused.content.decode()
    assert not MonthlyFigure.objects.filter(staff=person, year=2021, month=5).exists()
    assert manager_client.post(url, data | {"confirm_outlier": "on"}).status_code == 302
    assert ConfirmedOutlier.objects.get(staff=person).source == "admin"


def filled_template(client, daklak, values: dict[str, object]) -> bytes:
    response = client.get(reverse("enrollment:template_download"), {"year": 2021, "month": 5, "province": daklak.pk})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = values.get(sheet.cell(row=row, column=1).value, 1)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


def test_the_import_lists_outliers_and_saves_the_whole_file_only_when_confirmed(manager_client, daklak, person):
    value = threshold(person) + 1
    content = filled_template(manager_client, daklak, {person.employee_code: value})
    data = {"year": 2021, "month": 5, "province": daklak.pk}
    listed = manager_client.post(reverse("enrollment:import"), data | {"file": SimpleUploadedFile("m.xlsx", content)})
    assert listed.status_code == 400
    assert [(code, shown) for _row, code, shown, _why in listed.context["outliers"]] == [(person.employee_code, value)]
    assert not MonthlyFigure.objects.filter(year=2021, month=5).exists()  # nothing of the file
    pending = listed.context["pending"]
    unticked = manager_client.post(reverse("enrollment:import"), data | {"pending": pending})
    assert unticked.status_code == 400 and unticked.context["outliers"]
    assert not MonthlyFigure.objects.filter(year=2021, month=5).exists()
    forged = manager_client.post(reverse("enrollment:import"), data | {"pending": pending + "x", "confirm": "on"})
    assert forged.status_code == 400 and "hết hạn hoặc không hợp lệ" in forged.context["errors"][0][1]
    saved = manager_client.post(reverse("enrollment:import"), data | {"pending": pending, "confirm": "on"})
    assert saved.status_code == 200 and saved.context["result"].outliers == 1
    figures = dict(MonthlyFigure.objects.filter(year=2021, month=5).values_list("staff_id", "new_participants"))
    assert figures[person.pk] == value
    assert len(figures) == Staff.objects.filter(post_office__province=daklak).count()  # the whole file
    assert ConfirmedOutlier.objects.get().source == "import"


def test_the_data_quality_page_lists_outliers_to_hq_and_to_the_province_only(
    client, hq, manager, manager_hanoi, person
):
    figures_record(user=manager, year=2021, month=5, values={person.pk: threshold(person) + 1}, confirmed={person.pk})
    url = reverse("enrollment:quality")
    for user, sees in ((hq, True), (manager, True), (manager_hanoi, False)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert (f'data-staff="{person.employee_code}"' in response.content.decode()) is sees, user
    client.force_login(hq)
    assert 'id="nav-quality"' in client.get(url).content.decode()
