"""Writes the measured figures into docs/benchmarks.md, one section per database engine."""

import datetime
import os
import platform
import re
from pathlib import Path

from django.conf import settings
from django.db import connection

from benchmarks.timing import Measurement

BENCHMARKS_MD = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
HEADER = "# Benchmarks\n\nWritten by `make bench` (`python manage.py bench` and the load scripts); one section per database engine and measurement.\n"


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
