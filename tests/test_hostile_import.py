"""Hostile Excel uploads to the importer: random cell contents and zip bombs. Never a 500; all rows or nothing.

The cells of a real template (Đắk Lắk, April 2021, as HQ downloads it) are replaced by whatever a hostile
or careless user could type or forge: Unicode with combining marks, 40.000-character strings, numbers
past 2^63, negative zero, NaN, formulas, HTML and script. The upload is either refused with a message
(400, nothing changed) or saved whole (200, every row's figure is the uploaded value).
"""

import io
import math
import re
import zipfile
from functools import cache

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from enrollment.imports.layout import FIRST_DATA_ROW, SHEET_NAME
from enrollment.imports.template import template_build
from enrollment.models import MonthlyFigure, Province
from enrollment.services.figure_rules import count_parse
from tests.fingerprint import data_fingerprint
from tests.test_hostile_input import XSS, any_text, assert_safe

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]

IMPORT_SETTINGS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
CODE, NAME, VALUE = 1, 2, 4  # template columns: Mã NV, Họ và tên, (Bưu điện), Số người tham gia mới

cell_content = st.one_of(
    any_text,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            -0.0,
            2**63,
            -(2**63) - 1,
            3.0,
            True,
            None,
            "=1+1",
            '=HYPERLINK("http://evil.example","x")',
            "=cmd|' /C calc'!A0",
            "@SUM(1)",
            "+3",
            "-0",
            "3 ",
            "A" * 40_000,
            "e\u0301" * 5_000,
            *XSS,
        ]
    ),
)


@cache
def template_bytes() -> bytes:
    """Đắk Lắk's April template with its current figures (the suite's data are the same in every test)."""
    hq = get_user_model().objects.get(username="hq")
    province = Province.objects.get(scheme=Province.Scheme.P63, code="66")
    return template_build(user=hq, province=province, year=2021, month=4).read()


def upload(content: bytes, name: str = "mau.xlsx"):
    client = Client()
    client.force_login(get_user_model().objects.get(username="manager-66"))
    province = Province.objects.get(scheme=Province.Scheme.P63, code="66")
    file = io.BytesIO(content)
    file.name = name
    return client.post("/entry/import/", {"year": 2021, "month": 4, "province": province.pk, "file": file})


def daklak_april() -> dict[str, int]:
    return dict(
        MonthlyFigure.objects.filter(post_office__province__code="66", post_office__province__scheme="63")
        .filter(year=2021, month=4)
        .values_list("staff__employee_code", "new_participants")
    )


@IMPORT_SETTINGS
@given(cells=st.lists(st.tuples(st.integers(0, 40), st.sampled_from([CODE, NAME, VALUE]), cell_content), max_size=4))
@example(cells=[(0, VALUE, 2**63)])
@example(cells=[(0, VALUE, -0.0), (1, VALUE, "-0")])
@example(cells=[(0, VALUE, float("nan"))])
@example(cells=[(0, VALUE, "=1+1")])
@example(cells=[(0, CODE, "<script>alert(1)</script>")])
@example(cells=[(0, NAME, "<script>alert(1)</script>"), (1, VALUE, 7)])
@example(cells=[(0, CODE, "Nguye\u0302\u0303n" * 1000)])
def test_hostile_cells_are_refused_whole_or_saved_whole(cells):
    book = load_workbook(io.BytesIO(template_bytes()))
    sheet = book[SHEET_NAME]
    rows = sheet.max_row - FIRST_DATA_ROW + 1
    for offset, column, value in cells:
        try:
            sheet.cell(row=FIRST_DATA_ROW + offset % rows, column=column, value=value)
        except (IllegalCharacterError, ValueError):
            assume(False)  # openpyxl itself refuses to write it; the zip tests below forge what it will not
    content = io.BytesIO()
    try:
        book.save(content)
    except ValueError:
        assume(False)  # lxml refuses a character XML cannot hold (U+FFFF…) when the file is written
    before, figures_before = data_fingerprint(Province.objects.get(scheme="63", code="66")), daklak_april()

    response = upload(content.getvalue())
    assert_safe(response)
    if response.status_code == 200:  # saved whole: every row's figure is the uploaded number
        uploaded = {
            str(code).strip(): value
            for code, _name, _office, value in sheet.iter_rows(min_row=FIRST_DATA_ROW, max_col=4, values_only=True)
        }
        saved = daklak_april()
        for code, value in uploaded.items():
            assert not isinstance(value, bool) and (isinstance(value, str) or math.isfinite(value))
            assert saved[code] == count_parse(value), code  # the one number reader: "5" stored as text is 5
    else:
        assert response.status_code == 400
        # refused with a message, or held back until its outliers are confirmed
        assert response.context["errors"] or response.context["outliers"], "refused without a message"
        assert daklak_april() == figures_before, "half saved"
        assert data_fingerprint(Province.objects.get(scheme="63", code="66")) == before


# ---- zip bombs and forged archives posing as .xlsx ----------------------------------------------
def rebuilt(source: bytes, replace: dict[str, bytes]) -> bytes:
    """The same archive with some members' contents replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, replace.get(item.filename, old.read(item.filename)))
    return out.getvalue()


def forge_uncompressed_size(archive: bytes, member: str, size: int) -> bytes:
    """Write a false uncompressed size for `member` into both its local header and the central directory."""
    data = bytearray(archive)
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(member)
    data[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + name_length] == name:
            data[central + 24 : central + 28] = size.to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 46)
    return bytes(data)


SHEET_XML = "xl/worksheets/sheet1.xml"


def padded_sheet(megabytes: int) -> bytes:
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as archive:
        sheet = archive.read(SHEET_XML)
    return sheet + b" " * (megabytes * 1024 * 1024)  # whitespace after the root element: still well-formed XML


def lying_bomb() -> bytes:
    """80 MB of sheet packed into ~80 KB, its headers claiming the original small size (ratio check fooled)."""
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as archive:
        true_size = len(archive.read(SHEET_XML))
    return forge_uncompressed_size(rebuilt(template_bytes(), {SHEET_XML: padded_sheet(80)}), SHEET_XML, true_size)


def honest_bomb() -> bytes:
    """The real template with 80 MB of whitespace in its sheet: refused for its compression ratio."""
    return rebuilt(template_bytes(), {SHEET_XML: padded_sheet(80)})


def forged_numbers() -> bytes:
    """Number cells Excel would never write: NaN, 1e999, a 400-digit integer, text typed as a number."""
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as archive:
        sheet = archive.read(SHEET_XML).decode()
    for row, forged in enumerate(("nan", "1e999", "9" * 400, "abc"), start=FIRST_DATA_ROW):
        sheet = re.sub(rf'<c r="D{row}"[^>]*>.*?</c>', f'<c r="D{row}" t="n"><v>{forged}</v></c>', sheet, count=1)
    return rebuilt(template_bytes(), {SHEET_XML: sheet.encode()})


def nested_zip() -> bytes:
    """A workbook whose sheet is itself a zip archive."""
    return rebuilt(template_bytes(), {SHEET_XML: template_bytes()})


BROKEN_ARCHIVES = [
    (lying_bomb, "hỏng"),  # zipfile stops at the forged size, then the CRC does not match
    (honest_bomb, "nén bất thường"),
    (forged_numbers, "hỏng"),
    (nested_zip, "hỏng"),
]


@pytest.mark.parametrize(("build", "message"), BROKEN_ARCHIVES, ids=[build.__name__ for build, _ in BROKEN_ARCHIVES])
def test_bombs_and_forged_archives_are_refused_cleanly(build, message):
    before = daklak_april()
    response = upload(build())
    assert_safe(response)
    assert response.status_code == 400
    assert any(message in text for _row, text in response.context["errors"]), response.context["errors"]
    assert daklak_april() == before
