"""A world across the 2025 merger, written through the services (the demo has no 2024–2026 data).

Old (63-scheme) Đắk Lắk 66 and Phú Yên 54 → new Đắk Lắk 66; old Tiền Giang 82 and old Đồng Tháp 87 → new
Đồng Tháp 82 (code 82 names another province after 1/7/2025). Old staff work until 30/06/2025 and have
figures for 2024 and January–June 2025; new staff from 01/07/2025, with figures July 2025 – March 2026.
Plans 2025: old Đắk Lắk 100, Phú Yên 60 (new Đắk Lắk has none: derived 160); new Đồng Tháp its own 500.
"""

import datetime

from django.contrib.auth import get_user_model

from enrollment.models import AnnualPlan, PostOffice, Province, Staff
from enrollment.services.figures import figures_record

OLD_END, NEW_START = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
#: (scheme, code) → a staff member's figure per month: the month number + a province offset, so sums differ
UNITS = {("63", "66"): 10, ("63", "54"): 20, ("63", "82"): 30, ("63", "87"): 40, ("34", "66"): 50, ("34", "82"): 60}


def _months(scheme: str):
    if scheme == "63":
        return [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 7)]
    return [(2025, m) for m in range(7, 13)] + [(2026, m) for m in range(1, 4)]


def restated_world() -> dict:
    hq = get_user_model().objects.get(username="hq")
    provinces, staff = {}, {}
    for scheme, code in UNITS:
        province = Province.objects.get(scheme=scheme, code=code)
        provinces[scheme, code] = province
        office = PostOffice.objects.create(province=province, code=f"R{scheme}-{code}", name=f"Bưu điện R{code}")
        staff[scheme, code] = [
            Staff.objects.create(
                employee_code=f"R{scheme}-{code}-{n}",
                full_name=f"Nhân viên {n}",
                post_office=office,
                active_from=datetime.date(2024, 1, 1) if scheme == "63" else NEW_START,
                active_to=OLD_END if scheme == "63" else None,
            )
            for n in range(2)
        ]
    for (scheme, code), offset in UNITS.items():
        for year, month in _months(scheme):
            values = {member.pk: offset + month + n for n, member in enumerate(staff[scheme, code])}
            figures_record(user=hq, year=year, month=month, values=values)
    AnnualPlan.objects.create(province=provinces["63", "66"], year=2025, target=100)
    AnnualPlan.objects.create(province=provinces["63", "54"], year=2025, target=60)
    AnnualPlan.objects.create(province=provinces["34", "82"], year=2025, target=500)
    return {"hq": hq, "provinces": provinces, "staff": staff}
