"""Test data for the 1/7/2025 change of map: new-scheme offices and staff, managers moved to the new provinces.

One place to adapt when the organisation's dated model (placements) changes how staff are created.
"""

import datetime

from enrollment.models import ManagerAssignment, PostOffice, Province, Staff

CUTOVER = datetime.date(2025, 7, 1)
OLD_SCHEME_LAST_DAY = datetime.date(2025, 6, 30)


def new_scheme_office_with_staff(
    province: Province, *, suffix: str = "01", staff: int = 2, active_from: datetime.date = CUTOVER
) -> list[Staff]:
    """A post office of a 34-scheme province with staff working from the cut-over (test data, one place to adapt)."""
    office = PostOffice.objects.create(province=province, code=f"N{province.code}-{suffix}", name=f"BĐ mới {suffix}")
    return [
        Staff.objects.create(
            employee_code=f"N{province.code}{suffix}{n:02d}",
            full_name=f"Nhân viên mới {n}",
            post_office=office,
            active_from=active_from,
        )
        for n in range(staff)
    ]


def assignment_move(user, *, old: Province, new: Province) -> None:
    """What the cut-over does to a manager: the old province's assignment ends on 30/06/2025, the new one starts."""
    ManagerAssignment.objects.filter(user=user, province=old).update(valid_to=OLD_SCHEME_LAST_DAY)
    ManagerAssignment.objects.create(user=user, province=new, valid_from=CUTOVER)
