"""Writes the measured figures into docs/benchmarks.md, one section per database engine (and label)."""

import datetime
import json
import os
import platform
import re
from pathlib import Path

from django.conf import settings
from django.db import connection

from devtools.bench.timing import Measurement

BENCHMARKS_MD = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\nWritten by `make bench` (`python manage.py bench` and the load scripts); "
    "one section per database engine and measurement.\n"
)
PAGE_DATA = re.compile(r"<!-- bench-pages (\{.*?\}) -->")


def engine_name() -> str:
    """The database engine as the section headings name it."""
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(connection.vendor, connection.vendor)


def machine_line(data_size: str) -> str:
    cpu = platform.processor() or platform.machine()
    return (
        f"- machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}\n"
        f"- database: {connection.vendor} {connection.Database.__name__} — {connection.settings_dict['NAME']}\n"
        f"- data: {data_size}\n"
        f"- date: {datetime.datetime.now().astimezone().strftime('%d/%m/%Y %H:%M %Z')}\n"
    )


def measurement_table(pairs: list[tuple[Measurement, Measurement | None]]) -> str:
    lines = [
        "| measurement | median ms | p95 ms | queries | floor | floor median ms | ratio |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for m, floor in pairs:
        floor_cells = (
            f"{floor.name} | {floor.median_ms:.1f} | {m.median_ms / floor.median_ms:.1f}×" if floor else "— | — | —"
        )
        lines.append(f"| {m.name} | {m.median_ms:.1f} | {m.p95_ms:.1f} | {m.queries} | {floor_cells} |")
    return "\n".join(lines) + "\n"


def page_data_comment(staff: int, province_staff: int, pages: list[Measurement]) -> str:
    """The page figures of a run, kept in its section (invisible) for the flatness table."""
    data = {
        "staff": staff,
        "province_staff": province_staff,
        "pages": [{"name": m.name, "median_ms": m.median_ms, "p95_ms": m.p95_ms, "queries": m.queries} for m in pages],
    }
    return f"<!-- bench-pages {json.dumps(data, ensure_ascii=False)} -->"


def _sections(text: str) -> dict[str, str]:
    return dict(re.findall(r"<!-- bench:([\w:.-]+) -->(.*?)<!-- /bench:\1 -->", text, re.S))


def flatness_table(runs: list[dict]) -> str:
    """Dashboard and province page at each data size measured, smallest first."""
    runs = sorted(runs, key=lambda r: r["staff"])
    header = "| page | " + " | ".join(f"{r['staff']:,} staff in the database" for r in runs) + " |"
    lines = [header, "|---|" + "---:|" * len(runs)]
    for index, label in enumerate(("national dashboard", "province page (biggest province)")):
        cells = []
        for run in runs:
            page = run["pages"][index]
            cells.append(f"{page['median_ms']:.1f} ms (p95 {page['p95_ms']:.1f}, {page['queries']} q)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| staff in the biggest province | " + " | ".join(f"{r['province_staff']:,}" for r in runs) + " |")
    return "\n".join(lines) + "\n"


def flatness_write() -> str:
    """Rebuild `<engine>:flatness` from the engine's measured sections; '' when fewer than two sizes."""
    text = BENCHMARKS_MD.read_text(encoding="utf-8")
    runs = []
    for name, body in _sections(text).items():
        if name.split(":")[0] == connection.vendor and (found := PAGE_DATA.search(body)):
            runs.append(json.loads(found.group(1)))
    if len({r["staff"] for r in runs}) < 2:
        return ""
    body = (
        f"## {engine_name()}: pages at each data size\n\nMedian server time (p95, SQL queries) of the pages, from "
        f"the sections above. The dashboard reads only rollups; the province page also reads one row per staff "
        f"member of that province (leaderboard, quota attainment), so it follows the province's size, not the "
        f"nation's.\n\n{flatness_table(runs)}"
    )
    section_write(body, key="flatness")
    return body


def section_write(body: str, key: str = "") -> Path:
    """Replace one section of docs/benchmarks.md, keeping the others.

    A section is named by the database engine plus an optional key ("load", "faults", a data size),
    so each measurement run rewrites only its own part of the page.
    """
    name = f"{connection.vendor}:{key}" if key else connection.vendor
    text = BENCHMARKS_MD.read_text(encoding="utf-8") if BENCHMARKS_MD.exists() else HEADER
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    section = f"{start}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    BENCHMARKS_MD.write_text(text, encoding="utf-8")
    return BENCHMARKS_MD
