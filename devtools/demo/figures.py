"""The arithmetic behind the demo: plans and figures that reproduce the 2021 article exactly.

Pure functions over integers (no database), so each published figure can be checked on its own:
national months 17.971 / 9.391 / 28.215 / 20.831, lũy kế 76.408 = 19% of the national plan,
the published top ten with their one-decimal percentages, every other province below 28,7%.
"""

import json
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

DEMO_SEED = 2021  # every random generator of the demo is seeded from this (one per year)
SEED_FIGURES_JSON = Path(__file__).resolve().parents[2] / "fixtures" / "seed-figures.json"

NATIONAL_PLAN_TARGET = 402_000  # the article's 19% puts the plan between 391.837 and 413.015
OTHERS_MAX_PERCENT = Decimal("27.5")  # well below the tenth province's 28,7%
OTHERS_MIN_PERCENT = Decimal("6")

# Rough relative size of a province's plan; the two big cities and the most populous provinces
# carry more, the rest vary around 1.
PLAN_WEIGHT_OVERRIDES = {"01": 3.2, "79": 3.4, "38": 1.9, "40": 1.8, "75": 1.5, "74": 1.3, "31": 1.3}


@dataclass(frozen=True)
class PublishedFigures:
    year: int
    national_by_month: dict[int, int]
    cumulative: int
    national_percent: int
    top10: list[tuple[str, Decimal]]


def published_figures() -> PublishedFigures:
    data = json.loads(SEED_FIGURES_JSON.read_text(encoding="utf-8"))
    return PublishedFigures(
        year=data["year"],
        national_by_month={int(m): v for m, v in data["national_new_participants_by_month"].items()},
        cumulative=data["national_cumulative_through_april"],
        national_percent=data["national_percent_of_annual_plan_through_april"],
        top10=[
            (name, Decimal(str(pct))) for name, pct in data["top10_provinces_by_percent_of_annual_plan_through_april"]
        ],
    )


def one_decimal_percent(numerator: int, denominator: int) -> Decimal:
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def largest_remainder(total: int, weights: list[float], caps: list[int] | None = None) -> list[int]:
    """Split `total` into integers proportional to `weights` (Hamilton's method), optionally capped per item."""
    weight_sum = sum(weights)
    exact = [total * w / weight_sum for w in weights]
    shares = [int(x) for x in exact]
    if caps:
        shares = [min(s, c) for s, c in zip(shares, caps, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    missing = total - sum(shares)
    while missing > 0:
        progressed = False
        for i in order:
            if missing == 0:
                break
            if caps is None or shares[i] < caps[i]:
                shares[i] += 1
                missing -= 1
                progressed = True
        if not progressed:
            raise ValueError("caps too small for the total")
    return shares


def annual_plans(province_codes: list[str], rng: random.Random) -> dict[str, int]:
    """Plans per province, rounded to tens, summing to about NATIONAL_PLAN_TARGET."""
    weights = [PLAN_WEIGHT_OVERRIDES.get(code, rng.uniform(0.55, 1.35)) for code in province_codes]
    total = sum(weights)
    return {
        code: max(10, round(NATIONAL_PLAN_TARGET * w / total / 10) * 10)
        for code, w in zip(province_codes, weights, strict=True)
    }


def top10_cumulative(plan: int, percent: Decimal) -> int:
    """The lũy kế that shows exactly `percent` (one decimal) against `plan`."""
    cumulative = int((Decimal(plan) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    for candidate in (cumulative, cumulative - 1, cumulative + 1):
        if one_decimal_percent(candidate, plan) == percent:
            return candidate
    raise ValueError(f"no whole number gives {percent}% of {plan}")


def other_cumulatives(plans: dict[str, int], remainder: int, rng: random.Random) -> dict[str, int]:
    """Lũy kế for the provinces outside the top ten: varied rates, summing to `remainder`, all below the cap."""
    codes = sorted(plans)
    rates = [rng.uniform(float(OTHERS_MIN_PERCENT), float(OTHERS_MAX_PERCENT) - 3) for _ in codes]
    caps = [int(plans[c] * OTHERS_MAX_PERCENT / 100) for c in codes]
    shares = largest_remainder(remainder, [plans[c] * r for c, r in zip(codes, rates, strict=True)], caps)
    return dict(zip(codes, shares, strict=True))


def monthly_split(
    cumulatives: dict[str, int], national_by_month: dict[int, int], rng: random.Random
) -> dict[str, dict[int, int]]:
    """Split each province's lũy kế into months so that each month's national sum is the published one.

    Iterative proportional fitting of noisy weights to the row (province) and column (month)
    sums, then rounding month by month with the last month taking what is left.
    """
    codes = sorted(cumulatives)
    months = sorted(national_by_month)
    grid = {c: {m: national_by_month[m] * rng.uniform(0.75, 1.25) for m in months} for c in codes}
    for _ in range(200):
        for c in codes:
            row = sum(grid[c].values())
            for m in months:
                grid[c][m] *= cumulatives[c] / row
        for m in months:
            column = sum(grid[c][m] for c in codes)
            for c in codes:
                grid[c][m] *= national_by_month[m] / column

    result = {c: {} for c in codes}
    remaining = dict(cumulatives)
    for m in months[:-1]:
        shares = largest_remainder(national_by_month[m], [grid[c][m] for c in codes], [remaining[c] for c in codes])
        for c, share in zip(codes, shares, strict=True):
            result[c][m] = share
            remaining[c] -= share
    for c in codes:
        result[c][months[-1]] = remaining[c]
    return result
