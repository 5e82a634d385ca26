"""Timing helpers: the median of several runs after a warm-up, with the SQL query count."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Measurement:
    name: str
    median_ms: float
    p95_ms: float
    runs: int
    queries: int | None = None


def measure(name: str, action: Callable[[], object], *, runs: int = 15, warmup: int = 3) -> Measurement:
    """Run `action` `warmup` times, count its queries once, then time `runs` runs (no query capture)."""
    for _ in range(warmup):
        action()
    reset_queries()  # requests reset the query log at their start; begin from an empty one
    with CaptureQueriesContext(connection) as captured:
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Measurement(name, statistics.median(samples), p95, runs, len(captured.captured_queries))
