"""Loads the 63 provinces of 2021, the 34 of 1 July 2025, the mergers and the regions of both schemes.

Sources: fixtures/geography/provinces_63_to_34.csv (public GSO facts) and regions_34_provisional.csv (the
Oct 2025 proposal for the 34, provisional). Idempotent: run by data migrations, and safe to run again; a
run never undoes HQ's edits to the 34's regions (their names, the provisional flag, a province's region).
"""

import csv
import unicodedata
from pathlib import Path

# The date → scheme rule is pure and lives in core; kept importable from here for the enrollment callers.
from core.period import NEW_SCHEME_START, OLD_SCHEME_END, scheme_of_month, scheme_on  # noqa: F401  (re-exported)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "geography"
GEOGRAPHY_CSV = FIXTURES / "provinces_63_to_34.csv"
REGIONS_34_CSV = FIXTURES / "regions_34_provisional.csv"


# Resolution 81/2023/QH15, in the order Vietnamese reports list them (north to south).
REGIONS = [
    ("TDMNPB", "Trung du và miền núi phía Bắc"),
    ("DBSH", "Đồng bằng sông Hồng"),
    ("BTB_DHMT", "Bắc Trung Bộ và duyên hải miền Trung"),
    ("TN", "Tây Nguyên"),
    ("DNB", "Đông Nam Bộ"),
    ("DBSCL", "Đồng bằng sông Cửu Long"),
]

FULL_NAME_PREFIX = {"tinh": "Tỉnh", "thanh_pho_tw": "Thành phố"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def read_rows(path: Path = GEOGRAPHY_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: nfc(value) for key, value in row.items()} for row in csv.DictReader(handle)]


def _has_region_schemes(Region) -> bool:
    # Migration 0002 passes the historical Region of its time, before regions had a scheme (0004).
    return any(f.name == "scheme" for f in Region._meta.get_fields())


def load_geography(Region, Province) -> None:
    """Create or update regions and both schemes' provinces. Takes model classes so a migration can pass historical ones."""
    of_63 = {"scheme": "63"} if _has_region_schemes(Region) else {}
    regions = {}
    for position, (code, name) in enumerate(REGIONS):
        regions[code], _ = Region.objects.update_or_create(
            code=code, **of_63, defaults={"name": name, "position": position}
        )

    rows = read_rows()
    new_provinces = {}
    for row in rows:
        if row["new_code"] in new_provinces:
            continue
        new_provinces[row["new_code"]], _ = Province.objects.update_or_create(
            scheme="34",
            code=row["new_code"],
            defaults={
                "name": row["new_name"],
                "full_name": f"{FULL_NAME_PREFIX[row['new_type']]} {row['new_name']}",
                "kind": row["new_type"],
                "valid_from": NEW_SCHEME_START,
                "valid_to": None,
                "merged_into": None,
            },
        )
    for row in rows:
        Province.objects.update_or_create(
            scheme="63",
            code=row["old_code"],
            defaults={
                "name": row["old_name"],
                "full_name": row["old_full_name_2021"],
                "kind": row["old_type"],
                "region": regions[row["old_region"]],
                "valid_from": None,
                "valid_to": OLD_SCHEME_END,
                "merged_into": new_provinces[row["new_code"]],
            },
        )
    if of_63:
        load_regions_34(Region, Province)


def load_regions_34(Region, Province) -> None:
    """The provisional regions of the 34 provinces, and each 34-scheme province's region where it has none.

    get_or_create, never update: once loaded, a region's name, order and `provisional` flag, and a province's
    region, are HQ's to edit in the admin.
    """
    regions = {}
    for row in read_rows(REGIONS_34_CSV):
        if row["region_code"] not in regions:
            regions[row["region_code"]], _ = Region.objects.get_or_create(
                scheme="34",
                code=row["region_code"],
                defaults={"name": row["region_name"], "position": len(regions), "provisional": True},
            )
        Province.objects.filter(scheme="34", code=row["new_code"], region__isnull=True).update(
            region=regions[row["region_code"]]
        )
