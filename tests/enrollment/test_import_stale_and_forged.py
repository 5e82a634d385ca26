"""The import's stale check, its limits on work, and hand-built workbooks that would otherwise lose rows."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from enrollment.imports import limits
from enrollment.imports.layout import FIRST_DATA_ROW, SEEN_SHEET_NAME, SHEET_NAME
from enrollment.models import MonthlyFigure, Province, Staff
from enrollment.services import figures as figure_services
from enrollment.services.figures import figures_record
from tests.enrollment.test_import import download, province_state, upload

pytestmark = pytest.mark.django_db
SHEET_XML = "xl/worksheets/sheet1.xml"


def saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rebuilt(source: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
        for name, content in (add or {}).items():
            new.writestr(name, content)
    return out.getvalue()


def member(content: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(name)


def first_row(book) -> tuple[Staff, int]:
    sheet = book[SHEET_NAME]
    staff = Staff.objects.get(employee_code=sheet.cell(row=FIRST_DATA_ROW, column=1).value)
    return staff, sheet.cell(row=FIRST_DATA_ROW, column=4).value


# ---- the stale check -------------------------------------------------------------------------------------
def test_template_carries_the_values_it_was_built_with_on_a_very_hidden_sheet(manager_client, daklak):
    book = download(manager_client, daklak)
    seen = book[SEEN_SHEET_NAME]
    assert seen.sheet_state == "veryHidden"
    values = {code: value for code, value in seen.iter_rows(min_row=2, values_only=True)}
    figures = dict(
        MonthlyFigure.objects.filter(post_office__province=daklak, year=2021, month=4).values_list(
            "staff__employee_code", "new_participants"
        )
    )
    assert values == {code: figures.get(code) for code in values} and len(values) > 10


@pytest.mark.parametrize("uploaded_change", [0, 1])
def test_upload_after_a_grid_save_is_refused_with_the_current_value(manager_client, manager, daklak, uploaded_change):
    book = download(manager_client, daklak)
    staff, value = first_row(book)
    figures_record(user=manager, year=2021, month=4, values={staff.pk: value + 40}, source="grid")  # a colleague
    book[SHEET_NAME].cell(row=FIRST_DATA_ROW, column=4).value = value + uploaded_change
    before = province_state(daklak)
    response = upload(manager_client, daklak, "mau.xlsx", saved(book))
    assert response.status_code == 400
    errors = response.context["errors"]
    assert any(row == FIRST_DATA_ROW and f"số {value + 40} cho {staff.employee_code}" in text for row, text in errors)
    assert province_state(daklak) == before
    assert MonthlyFigure.objects.get(staff=staff, year=2021, month=4).new_participants == value + 40


def test_upload_into_a_month_someone_filled_since_the_download_is_refused(manager_client, manager, daklak):
    book = download(manager_client, daklak, month=7)  # empty month: the template has no values
    staff, _value = first_row(book)
    figures_record(user=manager, year=2021, month=7, values={staff.pk: 5}, source="grid")
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = 1
    response = upload(manager_client, daklak, "mau.xlsx", saved(book), month=7)
    assert response.status_code == 400 and MonthlyFigure.objects.filter(year=2021, month=7).count() == 1


def test_a_tampered_seen_sheet_is_refused(manager_client, daklak):
    book = download(manager_client, daklak)
    book[SEEN_SHEET_NAME].cell(row=2, column=2).value = "nhiều"
    response = upload(manager_client, daklak, "mau.xlsx", saved(book))
    assert response.status_code == 400 and "đã bị sửa" in response.context["errors"][0][1]


def test_province_name_starting_with_equals_stays_text(manager_client, daklak):
    Province.objects.filter(pk=daklak.pk).update(name="=HYPERLINK(1)")
    book = download(manager_client, daklak)
    cell = book[SHEET_NAME]["E2"]
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


# ---- hand-built workbooks -------------------------------------------------------------------------------
def template(manager_client, daklak) -> bytes:
    return saved(download(manager_client, daklak))


def test_a_row_written_twice_is_refused(manager_client, daklak):
    content = template(manager_client, daklak)
    sheet = member(content, SHEET_XML).decode()
    row = re.search(rf'<row r="{FIRST_DATA_ROW}".*?</row>', sheet).group(0)
    forged = sheet.replace(row, row + row.replace(">5<", ">6<"), 1)
    before = province_state(daklak)
    response = upload(manager_client, daklak, "mau.xlsx", rebuilt(content, {SHEET_XML: forged.encode()}))
    assert response.status_code == 400
    assert f"Dòng {FIRST_DATA_ROW} xuất hiện hai lần" in response.context["errors"][0][1]
    assert province_state(daklak) == before


def test_rows_out_of_order_are_refused(manager_client, daklak):
    content = template(manager_client, daklak)
    sheet = member(content, SHEET_XML).decode()
    first = re.search(rf'<row r="{FIRST_DATA_ROW}".*?</row>', sheet).group(0)
    second = re.search(rf'<row r="{FIRST_DATA_ROW + 1}".*?</row>', sheet).group(0)
    forged = sheet.replace(first + second, second + first, 1)
    assert forged != sheet
    response = upload(manager_client, daklak, "mau.xlsx", rebuilt(content, {SHEET_XML: forged.encode()}))
    assert response.status_code == 400 and "không theo thứ tự" in response.context["errors"][0][1]


def test_a_hidden_template_sheet_behind_a_visible_decoy_is_refused(manager_client, daklak):
    book = download(manager_client, daklak)
    decoy = book.create_sheet("Bia", 0)
    decoy["A1"] = "Số liệu đã kiểm tra"
    book.active = 0
    book[SHEET_NAME].sheet_state = "hidden"
    before = province_state(daklak)
    response = upload(manager_client, daklak, "mau.xlsx", saved(book))
    assert response.status_code == 400 and "đang bị ẩn" in response.context["errors"][0][1]
    assert province_state(daklak) == before


def test_a_macro_enabled_workbook_renamed_xlsx_is_refused(manager_client, daklak):
    content = template(manager_client, daklak)
    types = member(content, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    for forged in (
        rebuilt(content, {"[Content_Types].xml": types}),
        rebuilt(content, {}, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 VBA"}),
    ):
        response = upload(manager_client, daklak, "mau.xlsx", forged)
        assert response.status_code == 400 and "macro" in response.context["errors"][0][1]


# ---- limits on work, checked while streaming ------------------------------------------------------------
def empty_cells_sheet(rows: int = 20_000, columns: int = 70) -> bytes:
    """A well-formed sheet of empty cells in order: a few MB packed, tens of MB of XML, millions of cells."""
    letters = [chr(65 + i // 26 - 1) + chr(65 + i % 26) if i >= 26 else chr(65 + i) for i in range(columns)]
    parts = [b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    parts.append(b"<sheetData>")
    for r in range(1, rows + 1):
        parts.append(f'<row r="{r}">'.encode() + "".join(f'<c r="{c}{r}"/>' for c in letters).encode() + b"</row>")
    parts.append(b"</sheetData></worksheet>")
    return b"".join(parts)


def shared_strings(megabytes: int) -> bytes:
    """Shared strings of long, mostly repeated text (each one different): deflates well inside the ratio limit."""
    count = megabytes * 1024 * 1024 // 480
    body = b"".join(b"<si><t>" + b"x" * 460 + b"%08d" % i + b"</t></si>" for i in range(count))
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    return head + body + b"</sst>"


def test_a_file_of_empty_cells_is_refused_at_the_cell_limit(manager_client, daklak):
    content = rebuilt(template(manager_client, daklak), {SHEET_XML: empty_cells_sheet()})
    assert 2_000_000 < len(content) <= 5 * 1024 * 1024  # like the 2,5 MB file that held a worker 40 s
    budget = limits.Budget.start()
    with zipfile.ZipFile(io.BytesIO(content)) as archive, pytest.raises(limits.UploadRefused):
        limits.scan_workbook(archive, budget)
    assert budget.cells == limits.MAX_CELLS + 1  # stopped at the limit, not after reading everything
    # the page refuses it through the same scan (its time belongs to make bench, not to a timed test)
    response = upload(manager_client, daklak, "mau.xlsx", content)
    assert response.status_code == 400 and "quá nhiều ô" in response.context["errors"][0][1]


def test_47_mb_of_shared_strings_inside_the_zip_limits_is_refused(manager_client, daklak):
    # openpyxl writes the template's text inline; the forged file adds the shared strings part
    content = rebuilt(template(manager_client, daklak), {}, add={"xl/sharedStrings.xml": shared_strings(47)})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(m.file_size for m in archive.infolist())
    assert unpacked / len(content) < 200 and unpacked < 50 * 1024 * 1024 and len(content) < 5 * 1024 * 1024
    budget = limits.Budget.start()
    with zipfile.ZipFile(io.BytesIO(content)) as archive, pytest.raises(limits.UploadRefused):
        limits.scan_workbook(archive, budget)
    assert limits.MAX_TEXT_CHARS < budget.text_chars < limits.MAX_TEXT_CHARS + 1000
    response = upload(manager_client, daklak, "mau.xlsx", content)
    assert response.status_code == 400 and "quá nhiều chữ" in response.context["errors"][0][1]


def test_a_dimension_naming_a_million_rows_is_refused(manager_client, daklak):
    content = template(manager_client, daklak)
    sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:D1048576"/>', member(content, SHEET_XML))
    assert b"D1048576" in sheet
    response = upload(manager_client, daklak, "mau.xlsx", rebuilt(content, {SHEET_XML: sheet}))
    assert response.status_code == 400 and "quá nhiều dòng" in response.context["errors"][0][1]


def test_a_parse_over_its_time_budget_is_refused(manager_client, daklak, monkeypatch):
    monkeypatch.setattr(limits, "PARSE_BUDGET_SECONDS", -1.0)
    response = upload(manager_client, daklak, "mau.xlsx", template(manager_client, daklak))
    assert response.status_code == 400 and "quá nhiều thời gian" in response.context["errors"][0][1]


def test_the_limits_are_stated_on_the_import_page(manager_client, daklak):
    response = manager_client.get("/entry/import/", {"year": 2021, "month": 4, "province": daklak.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "20.000 dòng" in body and "200.000 ô" in body and "5 MB" in body


# ---- two uploads racing into an empty month ----------------------------------------------------------
@pytest.mark.parametrize(
    ("raised", "shown"),
    [
        (IntegrityError("UNIQUE constraint failed: figure_one_per_staff_month"), "người khác vừa nhập cùng tháng"),
        (ValidationError("Người khác vừa nhập số liệu của tháng này; vui lòng tải lại."), "vừa nhập số liệu"),
    ],
)
def test_an_upload_losing_a_race_shows_the_reason_not_a_500(manager_client, daklak, monkeypatch, raised, shown):
    book = download(manager_client, daklak, month=8)
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        sheet.cell(row=row, column=4).value = 1

    def the_other_upload_won(**kwargs):
        raise raised

    monkeypatch.setattr(figure_services, "figures_record", the_other_upload_won)
    response = upload(manager_client, daklak, "mau.xlsx", saved(book), month=8)
    assert response.status_code == 400
    assert any(shown in text for _row, text in response.context["errors"]), response.context["errors"]
    assert shown in response.content.decode()


def test_entity_expansion_and_external_entities_in_a_sheet_are_refused_by_the_scan(manager_client, daklak):
    content = template(manager_client, daklak)
    sheet = member(content, SHEET_XML)
    entities = b"".join(b'<!ENTITY l%d "%s">' % (i, (b"&l%d;" % (i - 1)) * 10 if i else b"lol") for i in range(10))
    for doctype in (b"<!DOCTYPE w [" + entities + b"]>", b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'):
        forged = sheet.replace(b"<worksheet", doctype + b"<worksheet", 1)
        forged = forged.replace(
            b"</sheetData>", b'<row r="99999"><c r="A99999" t="inlineStr"><is><t>&l9;&e;</t></is></c></row></sheetData>'
        )
        response = upload(manager_client, daklak, "mau.xlsx", rebuilt(content, {SHEET_XML: forged}))
        assert response.status_code == 400
        assert "root:" not in response.content.decode()
