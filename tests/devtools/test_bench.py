"""The benchmark's own parts: its measurements run on a small generated dataset, and docs/benchmarks.md
keeps every other section when one is rewritten, with a flatness table once two data sizes are there."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from core.period import Period
from devtools.bench import report
from devtools.bench.pages import biggest_province, page_measurements
from devtools.bench.timing import Measurement
from devtools.bench.writes import grid_save_measurement, import_measurement
from enrollment.models import MonthlyFigure, Staff
from reports.rollups import rollups_drift


@pytest.fixture
def page_file(tmp_path, monkeypatch):
    path = tmp_path / "benchmarks.md"
    path.write_text(report.HEADER + "\n<!-- bench:postgresql:load -->\nload figures\n<!-- /bench:postgresql:load -->\n")
    monkeypatch.setattr(report, "BENCHMARKS_MD", path)
    return path


def run_body(staff: int, province_staff: int, dashboard_ms: float, province_ms: float) -> str:
    pages = [
        Measurement("national dashboard /", dashboard_ms, dashboard_ms + 1, 5, 7),
        Measurement("p", province_ms, 60, 5, 11),
    ]
    return f"## run\n\ntable\n{report.page_data_comment(staff, province_staff, pages)}\n"


def test_sections_are_replaced_alone_and_flatness_compares_the_sizes(page_file, db):
    vendor = connection.vendor
    report.section_write(run_body(55_000, 4_935, 21.0, 48.0))
    assert report.flatness_write() == ""  # one size only
    report.section_write(run_body(10_000, 495, 20.5, 30.0), key="5k")
    report.section_write(run_body(55_000, 4_935, 19.0, 45.0))  # measured again: replaces its own section
    flatness = report.flatness_write()
    text = page_file.read_text()
    assert text.count(f"<!-- bench:{vendor} -->") == 1 and f"<!-- bench:{vendor}:5k -->" in text
    assert "load figures" in text and f"<!-- bench:{vendor}:flatness -->" in text
    assert "| page | 10,000 staff in the database | 55,000 staff in the database |" in flatness
    assert "| national dashboard | 20.5 ms (p95 21.5, 7 q) | 19.0 ms (p95 20.0, 7 q) |" in flatness
    assert "| province page (biggest province) | 30.0 ms (p95 60.0, 11 q) | 45.0 ms (p95 60.0, 11 q) |" in flatness
    assert "| staff in the biggest province | 495 | 4,935 |" in flatness
    data = json.loads(report.PAGE_DATA.search(text).group(1))
    assert data["staff"] in (55_000, 10_000)


def test_measurements_on_generated_data(db, demo_data, benchmark_database):
    call_command("generate_load", staff=400, years=1, seed=5, stdout=open("/dev/null", "w"))
    period = Period(2026, 12)
    province = biggest_province(period)
    pages = page_measurements(period, province, runs=2)
    names = [m.name.split(" (")[0] for m, _ in pages]
    assert names[:7] == [
        "national dashboard /",
        "province page",
        "national dashboard / restated",
        "national dashboard 12/2025 reported",
        "national dashboard 12/2025 restated",
        "national dashboard 11/2026 reported",
        "national dashboard 11/2026 restated",
    ]
    history = [m.name.split(" (")[0] for m, _ in pages[7:-1] if not m.name.endswith(", page 2")]
    first_pages = ["newest first", "one province", "month 12/2026", "one post office", "one staff member", "one user"]
    assert history == [f"history: {name}" for name in first_pages]
    assert (
        "history: newest first, page 2" in [m.name for m, _ in pages]
        and names[-1] == "floor: raw SQL aggregate over staff figures"
    )
    assert all(m.queries <= 12 for m, _ in pages[:-1]) and pages[0][1].name.startswith("floor")
    before = MonthlyFigure.objects.filter(year=2026, month=12).count()
    grid = grid_save_measurement(period, runs=2)
    imported = import_measurement(period, province, runs=2)
    rows = Staff.objects.filter(post_office__province=province).count()
    assert imported.name.startswith(f"import of a {rows:,}-row template ({province.name}")
    assert grid.median_ms > 0 and imported.queries <= 20
    assert MonthlyFigure.objects.filter(year=2026, month=12).count() == before  # updates, no new rows
    assert rollups_drift() == []
