"""Helpers for the Excel tests: read a workbook back with openpyxl, convert it with LibreOffice."""

import csv
import io
import subprocess
import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from core.period import Period
from reports.exports.scope import ExportScope
from reports.exports.xlsx import report_build
from reports.exports.xlsx.writer import HEADER_ROW

APRIL_2021 = Period(2021, 4)

SOFFICE = "/usr/bin/soffice"


def user(username: str):
    return get_user_model().objects.get(username=username)


def report_bytes(name: str, username: str = "analyst", scope: ExportScope | None = None, period: Period = APRIL_2021):
    """Report `name` built as `username` would download it, as bytes."""
    with report_build(name=name, user=user(username), period=period, scope=scope or ExportScope()) as handle:
        return handle.read()


def read_sheet(data: bytes | Path):
    """The first sheet, read back normally (not read-only, so number formats and data types are there)."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    workbook = load_workbook(source)
    return workbook, workbook.worksheets[0]


def table_rows(sheet) -> list[list]:
    """The rows below the column headers, as cells."""
    return [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW + 1) if any(c.value is not None for c in row)]


def libreoffice_csv(xlsx: Path, tmp_path: Path) -> list[list[str]]:
    """Convert with LibreOffice headless (a private profile so parallel runs do not clash); parse the CSV."""
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    outdir = tmp_path / "csv"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true",
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    text = (outdir / (xlsx.stem + ".csv")).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))
