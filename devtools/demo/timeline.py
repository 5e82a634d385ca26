"""The organisation of the demo through time, written only through the services a user's act would go through.

Each month some people join (`staff_save`), leave (`staff_save` with `active_to`), move office (`staff_transfer`)
or get a new quota (`staff_quota_set`); on 1/7/2025 the change of map is `scheme_cutover`, on 1/9/2025 the district
offices give way to commune offices through `offices_reorganise`. Choices come from the year's random generator
in a fixed order (people and offices sorted by code), so the same run gives the same organisation.
"""

import datetime
import random

from django.core.exceptions import ValidationError

from core.period import scheme_on
from devtools.demo.names import staff_name
from enrollment.models import PostOffice, Staff
from enrollment.querysets import in_force_q
from enrollment.services.cutover import scheme_cutover
from enrollment.services.organisation import staff_save
from enrollment.services.placements import staff_quota_set, staff_transfer
from enrollment.services.reorganisation import ReorganisationRow, offices_reorganise

CUTOVER_DAY = datetime.date(2025, 7, 1)
COMMUNES_DAY = datetime.date(2025, 9, 1)
LEAVE_RATE, JOIN_RATE = 0.0012, 0.0017  # per month, of the people working: a small net growth
TRANSFERS_PER_MONTH, QUOTA_CHANGES_PER_MONTH = 2, 4
STAFF_PER_COMMUNE = 6  # a district office's people are shared out between up to three commune offices

COMMUNE_NAMES = (
    "Tân Lập", "Hòa Bình", "Phú Hòa", "Tân Phú", "Hòa Thắng", "Quảng Phú", "Ea Kar", "Krông Búk", "Hòa Xuân",
    "Xuân Phước", "An Ninh", "Tuy An", "Sơn Thành", "Đồng Xuân", "Hòa Hiệp", "Phú Lộc", "Tân Hưng", "Vĩnh Thạnh",
    "Long Hưng", "Minh Đức", "Quang Trung", "Đông Sơn", "Yên Bình", "Thạch Hà", "Kim Sơn", "Nghĩa Hưng", "Hải Hậu",
    "Tiền Hải", "Thái Thụy", "Đông Hưng", "Vũ Thư", "Quỳnh Phụ", "Kiến Xương", "Cẩm Giàng", "Gia Lộc", "Tứ Kỳ",
)  # fmt: skip


def _open_offices(day: datetime.date) -> list[PostOffice]:
    """Offices of the scheme in force on `day`, active and open that day, by code."""
    return list(
        PostOffice.objects.filter(province__scheme=scheme_on(day), is_active=True)
        .filter(in_force_q(day, day))
        .select_related("province")
        .order_by("code")
    )


def _working(day: datetime.date) -> list[int]:
    """The pks of the people working on `day` who started before it (by code), leaving date not yet set."""
    people = Staff.objects.active_on(day).filter(active_to__isnull=True, active_from__lt=day)
    return list(people.order_by("employee_code").values_list("pk", flat=True))


def _drawn(working: list[int], count: int, rng: random.Random) -> list[Staff]:
    """`count` people drawn from `working`, as rows to change (in the order drawn)."""
    drawn = rng.sample(working, min(count, len(working)))
    people = Staff.objects.select_related("post_office").in_bulk(drawn)
    return [people[pk] for pk in drawn]


def month_events(*, user, year: int, month: int, rng: random.Random) -> None:
    """The month's dated acts on the organisation, in the order they happen."""
    first = datetime.date(year, month, 1)
    if first == CUTOVER_DAY:
        scheme_cutover(user=user, on=CUTOVER_DAY)
    if first == COMMUNES_DAY:
        offices_reorganise(plan=communes_plan(COMMUNES_DAY, rng), on=COMMUNES_DAY, user=user)
    working = _working(first)
    for member in _drawn(working, round(len(working) * LEAVE_RATE * rng.uniform(0.5, 1.5)), rng):
        member.active_to = first.replace(day=15)
        staff_save(user=user, staff=member)
    offices = _open_offices(first)
    for number in range(1, round(len(working) * JOIN_RATE * rng.uniform(0.5, 1.5)) + 1):
        joiner = Staff(
            employee_code=f"VNP{year}{month:02d}{number:03d}",
            full_name=staff_name(rng),
            post_office=rng.choice(offices),
            active_from=first,
            monthly_quota=rng.choice((2, 2, 3, 3, 4, 5)),
        )
        if not Staff.objects.filter(employee_code=joiner.employee_code).exists():
            staff_save(user=user, staff=joiner)
    if first in (CUTOVER_DAY, COMMUNES_DAY):
        return  # everyone has just moved: no other transfer or quota change that day
    working = _working(first)
    for member in _drawn(working, TRANSFERS_PER_MONTH, rng):
        same_province = [o for o in offices if o.province_id == member.post_office.province_id]
        target = rng.choice(same_province)
        try:
            staff_transfer(user=user, staff=member, post_office=target, on=first)
        except ValidationError:
            pass  # e.g. drawn their own office: the demo simply has one move fewer that month
    for member in _drawn(working, QUOTA_CHANGES_PER_MONTH, rng):
        quota = rng.choice([q for q in (2, 3, 4, 5) if q != member.monthly_quota])
        staff_quota_set(user=user, staff=member, monthly_quota=quota, valid_from=first)


def communes_plan(on: datetime.date, rng: random.Random) -> list[ReorganisationRow]:
    """Each district office of the new provinces gives way to one to three commune offices (by its staff)."""
    names = COMMUNE_NAMES
    plan, serial = [], {}
    districts = [o for o in _open_offices(on) if o.kind == PostOffice.Kind.DISTRICT]
    staffed = dict.fromkeys((o.pk for o in districts), 0)
    for office_id in (
        Staff.objects.active_on(on).filter(post_office__in=districts).values_list("post_office", flat=True)
    ):
        staffed[office_id] += 1
    for office in districts:
        province_code = office.province.code
        for _ in range(max(1, min(3, staffed[office.pk] // STAFF_PER_COMMUNE))):
            serial[province_code] = serial.get(province_code, 0) + 1
            plan.append(
                ReorganisationRow(
                    old_code=office.code,
                    new_code=f"X{province_code}-{serial[province_code]:03d}",
                    name=f"Bưu điện xã {rng.choice(names)} ({province_code}-{serial[province_code]:03d})",
                )
            )
    return plan
