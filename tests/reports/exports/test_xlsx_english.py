"""The four Excel reports in English: downloaded with the English UI, and from the command line (--language en).

Headers, titles and title-block labels change language; numbers stay numbers and equal the Vietnamese file's.
"""

import datetime

import pytest
from django.core.management import call_command

from enrollment.models import MonthStatus, PostOfficePlan, Province
from reports.exports.xlsx.writer import DATETIME_FORMAT, HEADER_ROW
from tests.reports.exports.xlsx_reading import read_sheet, table_rows
from tests.test_i18n_catalogue import VIETNAMESE

pytestmark = pytest.mark.django_db
MONTHS = ["Month 1", "Month 2", "Month 3", "Month 4", "Cumulative to month 4"]
CASES = {
    "national": (
        {},
        "Summary",
        ["No.", "Unit", "Annual plan 2021", *[f"Month {m} result" for m in range(1, 5)], MONTHS[-1]]
        + ["% of plan", "Rank"],
    ),
    "province": (
        {"province": "66"},
        "Post office detail",
        ["No.", "Unit code", "Post office", "Province/city", "Annual plan 2021 (allocated)", *MONTHS, "% of plan"],
    ),
    "staff": (
        {"province": "66"},
        "Staff",
        ["No.", "Staff code", "Full name", "Post office", "Province/city", "Monthly quota", *MONTHS]
        + ["Months quota met"],
    ),
    "submissions": (
        {},
        "Submissions",
        ["No.", "Province code", "Province/city", "Month", "Status", "Submitted at", "Submitted by", "Closed at"]
        + ["Closed by"],
    ),
}


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def download(client, report: str, language: str, **params) -> bytes:
    client.cookies["django_language"] = language
    query = {"report": report, "year": 2021, "through_month": 4} | params
    response = client.get("/exports/download/", query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def numbers(sheet) -> list[tuple]:
    """Every number and date of the table: where, value, type and number format (dates' formats follow the language)."""
    return [
        (cell.coordinate, cell.value, type(cell.value), None if cell.is_date else cell.number_format)
        for row in table_rows(sheet)
        for cell in row
        if isinstance(cell.value, int | float | datetime.datetime)
    ]


@pytest.mark.parametrize("report", CASES)
def test_english_ui_gives_english_headers_and_the_same_numbers(analyst_client, report):
    params, sheet_title, header = CASES[report]
    _, english = read_sheet(download(analyst_client, report, "en", **params))
    _, vietnamese = read_sheet(download(analyst_client, report, "vi", **params))
    assert english.title == sheet_title
    assert [c.value for c in english[HEADER_ROW]] == header
    assert [c.value for c in vietnamese[HEADER_ROW]][0] == "STT"
    assert english["A2"].value == "Reporting period: months 01–04/2021"
    assert english["A4"].value == "Figures as of: 04/30/2021"  # Django's en short date: month first
    assert english["A5"].value.startswith("Generated at: ") and english["A5"].value.endswith(" (analyst)")
    assert english["A3"].value.startswith("Scope: ")
    assert not VIETNAMESE.search(english["A1"].value)
    assert numbers(english) == numbers(vietnamese) and len(numbers(english)) > 20


def test_national_summary_in_english_after_switching_language(analyst_client):
    analyst_client.post("/i18n/setlang/", {"language": "en", "next": "/exports/"})  # the switcher on every page
    response = analyst_client.get("/exports/download/", {"report": "national", "year": 2021, "through_month": 4})
    _, sheet = read_sheet(b"".join(response.streaming_content))
    assert sheet["A1"].value == "SUMMARY REPORT OF NEW VOLUNTARY SOCIAL INSURANCE PARTICIPANTS"
    assert sheet["A3"].value == "Scope: Nationwide"
    total = table_rows(sheet)[-1]
    assert total[1].value == "National total"
    assert [c.value for c in total[3:8]] == [17971, 9391, 28215, 20831, 76408]
    assert all(isinstance(c.value, int) for c in total[2:8])


def test_province_allocation_note_groups_thousands_the_english_way(analyst_client):
    dak_lak = Province.objects.get(scheme="63", code="66")
    PostOfficePlan.objects.filter(post_office__province=dak_lak).order_by("pk").first().delete()
    rows = table_rows(read_sheet(download(analyst_client, "province", "en", province="66"))[1])
    assert rows[-2][2].value == "Province annual plan (set by HQ)"
    note = rows[-1][2].value
    assert note.startswith("Note: the allocation to post offices (") and "does not match the province plan" in note
    assert "," in note and "." not in note.removesuffix(").")  # 12,345 — not the Vietnamese 12.345


def test_submissions_in_english_statuses_and_month_first_dates(analyst_client):
    ha_noi = Province.objects.get(scheme="63", code="01")
    MonthStatus.objects.create(
        province=ha_noi,
        year=2021,
        month=1,
        status=MonthStatus.Status.CLOSED,
        closed_at=datetime.datetime(2021, 2, 5, 17, 5, tzinfo=datetime.UTC),
    )
    _, sheet = read_sheet(download(analyst_client, "submissions", "en"))
    rows = table_rows(sheet)
    january = rows[0]
    assert [c.value for c in january[1:5]] == ["01", "Hà Nội", 1, "Closed"]
    assert january[7].value == datetime.datetime(2021, 2, 6, 0, 5) and january[7].number_format == "mm/dd/yyyy hh:mm"
    assert rows[1][4].value == "Open"
    assert {r[2].value for r in rows if r[0].value is None} == {"Province-months: Closed", "Province-months: Open"}
    _, vietnamese = read_sheet(download(analyst_client, "submissions", "vi"))
    assert table_rows(vietnamese)[0][7].number_format == DATETIME_FORMAT


@pytest.mark.parametrize("report", CASES)
def test_command_line_language_en_writes_the_english_file(analyst_client, report, tmp_path):
    params, _title, header = CASES[report]
    output = tmp_path / f"{report}.xlsx"
    extra = ["--province", params["province"]] if params else []
    args = [report, "--year", "2021", "--through-month", "4", "--language", "en", "-o", str(output), *extra]
    call_command("export_report", *args, stdout=open(tmp_path / "log", "w"))
    assert (tmp_path / "log").read_text().startswith("Wrote ")
    _, from_cli = read_sheet(output)
    _, from_page = read_sheet(download(analyst_client, report, "en", **params))
    assert [c.value for c in from_cli[HEADER_ROW]] == header
    assert from_cli["A5"].value.endswith(", by: export_report (command line)")
    assert [[c.value for c in row] for row in table_rows(from_cli)] == [
        [c.value for c in row] for row in table_rows(from_page)
    ]
