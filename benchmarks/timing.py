"""Timing helpers: the median of several runs after a warm-up, with the SQL query count."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Measurement:
    name: str
    median_ms: float
    p95_ms: float
    runs: int
    queries: int | None = None
    note: str = ""


def measure(
    name: str, action: Callable[[], object], *, runs: int = 15, warmup: int = 3, count_queries: bool = True
) -> Measurement:
    for _ in range(warmup):
        action()
    samples = []
    queries = None
    for index in range(runs):
        if count_queries and index == 0:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                action()
                samples.append((time.perf_counter() - started) * 1000)
            queries = len(captured.captured_queries)
        else:
            started = time.perf_counter()
            action()
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return Measurement(name, statistics.median(samples), p95, runs, queries)
