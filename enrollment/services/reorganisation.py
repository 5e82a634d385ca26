"""A dated change of the post-office tree (the 1/9/2025 commune reorganisation): offices close, others open.

`offices_reorganise` takes a plan of rows (old office code → a new office: code, name, kind, parent). Each old
office listed closes the day before `on` (deactivated once nobody working from `on` is left); the new offices open
on `on` under the same province (optionally under a parent); everyone placed at the old office on `on` moves to its
new offices by dated transfers (`staff_transfer_many`, the rules of `staff_transfer`), shared out evenly in
employee-code order. Figures earned before stay where they were earned. The whole plan is checked first: one bad
row and nothing is written. Idempotent: a second run finds the new offices and the closed old ones and counts them.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from core.period import scheme_on
from enrollment.models import MonthlyFigure, PostOffice, Province, Staff, StaffPlacement
from enrollment.models.placements import earned_at
from enrollment.services.cutover import Skipped
from enrollment.services.placements import ONE_DAY, staff_transfer_many

CHANGE_REASON = "offices_reorganise"
CODE_MAX_LENGTH = PostOffice._meta.get_field("code").max_length
NAME_MAX_LENGTH = PostOffice._meta.get_field("name").max_length


@dataclass(frozen=True)
class ReorganisationRow:
    """One line of a plan: the old office `old_code` is replaced (in part) by the new office `new_code`."""

    old_code: str
    new_code: str
    name: str
    kind: str = PostOffice.Kind.COMMUNE
    parent_code: str = ""
    line: int = 0  # the plan's line number, for messages (a CSV's line; 0: not from a file)


@dataclass
class ReorganisationReport:
    """What a run did, and what it found already done (a second run only counts)."""

    on: datetime.date
    dry_run: bool
    offices_opened: int = 0
    offices_already: int = 0
    offices_closed: int = 0
    offices_deactivated: int = 0
    staff_moved: int = 0
    staff_already: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """True when the run wrote something (rolled back again in a dry run)."""
        return any((self.offices_opened, self.offices_closed, self.offices_deactivated, self.staff_moved))


@transaction.atomic
def offices_reorganise(
    *, plan: list[ReorganisationRow], on: datetime.date, user, dry_run: bool = False
) -> ReorganisationReport:
    """Replace the plan's old offices by its new ones from `on` (34-province scheme only); `dry_run` rolls back.

    Raises ValidationError listing every bad row (nothing written) and PermissionDenied when an office is outside
    the user's change scope. An old office with figures from `on`'s month on is left as it is and reported.
    """
    started = time.perf_counter()
    old_offices = _plan_check(plan, on, user)
    report = ReorganisationReport(on=on, dry_run=dry_run)
    eve = on - ONE_DAY
    carrying = {}
    for office in old_offices.values():
        reason = _office_refusal(office, on)
        if reason:
            report.skipped.append(Skipped(f"{office.code} · {office.name}", reason))
        else:
            carrying[office.code] = office
    rows = [row for row in plan if row.old_code in carrying]
    new_offices = _offices_open(rows, carrying, on, report)
    _staff_move(user, rows, carrying, new_offices, on, report)
    closing = PostOffice.objects.filter(pk__in=[office.pk for office in carrying.values()])
    report.offices_closed = closing.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=eve)).update(valid_to=eve)
    staffed = Staff.objects.filter(post_office__in=closing).filter(Q(active_to__isnull=True) | Q(active_to__gte=on))
    report.offices_deactivated = (
        closing.filter(is_active=True).exclude(pk__in=staffed.values("post_office_id")).update(is_active=False)
    )
    if dry_run:
        transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report


def _line(row: ReorganisationRow, message: str) -> str:
    return _("Dòng %(line)d: %(message)s") % {"line": row.line, "message": message} if row.line else message


def _plan_check(plan: list[ReorganisationRow], on: datetime.date, user) -> dict[str, PostOffice]:
    """Every rule a plan's rows must meet, all at once (one ValidationError listing them); the old offices by code."""
    if scheme_on(on) != Province.Scheme.P34:
        raise ValidationError(_("Ngày sắp xếp phải thuộc phân cấp 34 tỉnh (từ 01/07/2025)."))
    if not plan:
        raise ValidationError(_("Kế hoạch sắp xếp không có dòng nào."))
    codes = {row.old_code for row in plan} | {row.new_code for row in plan} | {row.parent_code for row in plan}
    stored = {office.code: office for office in PostOffice.objects.filter(code__in=codes).select_related("province")}
    old_codes = {row.old_code for row in plan}
    new_rows: dict[str, ReorganisationRow] = {}
    errors = []
    for row in plan:
        errors.extend(_line(row, message) for message in _row_errors(row, on, stored, old_codes, new_rows))
        new_rows.setdefault(row.new_code, row)
    for row in plan:  # the parent may be any new office of the plan, so it is checked once all are known
        if row.parent_code and row.parent_code not in new_rows:
            parent, old = stored.get(row.parent_code), stored.get(row.old_code)
            if parent is None or row.parent_code in old_codes or (old and parent.province_id != old.province_id):
                errors.append(
                    _line(
                        row,
                        _("Đơn vị cấp trên %(code)s không có trong tỉnh hoặc sắp đóng.") % {"code": row.parent_code},
                    )
                )
    if errors:
        raise ValidationError(errors)
    old_offices = {code: stored[code] for code in sorted(old_codes)}
    changeable = PostOffice.objects.visible_to(user, "change").filter(pk__in=[o.pk for o in old_offices.values()])
    if changeable.count() != len(old_offices):
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    return old_offices


def _row_errors(
    row: ReorganisationRow,
    on: datetime.date,
    stored: dict[str, PostOffice],
    old_codes: set[str],
    new_rows: dict[str, ReorganisationRow],
) -> list[str]:
    errors = []
    old = stored.get(row.old_code)
    if not row.old_code or old is None:
        errors.append(_("Không có bưu điện mã %(code)s.") % {"code": row.old_code})
    elif old.province.scheme != Province.Scheme.P34:
        errors.append(_("Bưu điện %(code)s thuộc tỉnh cũ (63 tỉnh); hãy chuyển đổi tỉnh trước.") % {"code": old.code})
    if not row.new_code or len(row.new_code) > CODE_MAX_LENGTH:
        errors.append(_("Mã bưu điện mới phải có từ 1 đến %(length)d ký tự.") % {"length": CODE_MAX_LENGTH})
    elif row.new_code in old_codes:
        errors.append(_("Mã %(code)s vừa là bưu điện cũ vừa là bưu điện mới.") % {"code": row.new_code})
    if not row.name or len(row.name) > NAME_MAX_LENGTH:
        errors.append(_("Tên bưu điện mới phải có từ 1 đến %(length)d ký tự.") % {"length": NAME_MAX_LENGTH})
    if row.kind not in PostOffice.Kind.values:
        errors.append(
            _("Loại %(kind)s không hợp lệ (dùng: %(kinds)s).")
            % {"kind": row.kind, "kinds": ", ".join(PostOffice.Kind.values)}
        )
    existing = stored.get(row.new_code)
    if existing is not None and old is not None:
        if existing.province_id != old.province_id or existing.valid_from != on:
            errors.append(_("Mã %(code)s đã được dùng cho đơn vị khác.") % {"code": row.new_code})
    earlier = new_rows.get(row.new_code)
    if earlier is not None and (earlier.name, earlier.kind, earlier.parent_code) != (
        row.name,
        row.kind,
        row.parent_code,
    ):
        errors.append(_("Mã %(code)s xuất hiện nhiều lần với thông tin khác nhau.") % {"code": row.new_code})
    if earlier is not None and old is not None and stored.get(earlier.old_code) is not None:
        if stored[earlier.old_code].province_id != old.province_id:
            errors.append(_("Bưu điện mới %(code)s thay cho bưu điện của hai tỉnh.") % {"code": row.new_code})
    if row.parent_code == row.new_code and row.new_code:
        errors.append(_("Bưu điện không thể là cấp trên của chính nó."))
    return errors


def _office_refusal(office: PostOffice, on: datetime.date) -> str:
    """Why an old office of a valid plan is left as it is (reported, the rest of the plan goes ahead), or ''."""
    eve = on - ONE_DAY
    if office.valid_from is not None and office.valid_from >= on:
        return _("Bưu điện mở từ ngày sắp xếp trở đi; không đóng.")
    if office.valid_to is not None and office.valid_to < eve:
        return _("Bưu điện đã đóng trước ngày sắp xếp.")
    later = MonthlyFigure.objects.filter(post_office=office).filter(
        Q(year__gt=on.year) | Q(year=on.year, month__gte=on.month)
    )
    if later.exists():
        return _("Bưu điện có số liệu từ tháng %(month)s trở đi; không đóng.") % {
            "month": formats.date_format(on, "YEAR_MONTH_FORMAT")
        }
    return ""


def _offices_open(
    rows: list[ReorganisationRow], carrying: dict[str, PostOffice], on: datetime.date, report: ReorganisationReport
) -> dict[str, PostOffice]:
    """The new offices by code: found from an earlier run or created now (parents set once all exist)."""
    existing = {office.code: office for office in PostOffice.objects.filter(code__in=[row.new_code for row in rows])}
    created: dict[str, PostOffice] = {}
    for row in rows:
        if row.new_code in existing or row.new_code in created:
            continue
        office = PostOffice(
            province=carrying[row.old_code].province,
            code=row.new_code,
            name=row.name,
            kind=row.kind,
            valid_from=on,
        )
        office.full_clean(exclude=["parent", "province"], validate_unique=False, validate_constraints=False)
        created[row.new_code] = office
    PostOffice.objects.bulk_create(created.values())
    report.offices_opened, report.offices_already = len(created), len(existing)
    offices = existing | created
    parent_codes = {row.parent_code for row in rows if row.parent_code and row.new_code in created}
    parents = offices | {o.code: o for o in PostOffice.objects.filter(code__in=parent_codes - set(offices))}
    with_parent = []
    for row in rows:
        office = created.get(row.new_code)
        if office is not None and row.parent_code and office.parent_id is None:
            office.parent = parents[row.parent_code]
            with_parent.append(office)
    PostOffice.objects.bulk_update(with_parent, ["parent"])
    return offices


def _staff_move(
    user,
    rows: list[ReorganisationRow],
    carrying: dict[str, PostOffice],
    new_offices: dict[str, PostOffice],
    on: datetime.date,
    report: ReorganisationReport,
) -> None:
    """Everyone placed at an old office on `on` moves to its new offices, shared out in employee-code order."""
    targets: dict[int, list[PostOffice]] = {}
    for row in rows:
        office_targets = targets.setdefault(carrying[row.old_code].pk, [])
        if new_offices[row.new_code] not in office_targets:
            office_targets.append(new_offices[row.new_code])
    report.staff_already = StaffPlacement.objects.filter(
        post_office__in=[office.pk for office in new_offices.values()], valid_from=on
    ).count()
    placed = (
        Staff.objects.active_on(on)
        .annotate(office_on=earned_at(on, on))
        .filter(office_on__in=list(targets))
        .order_by("employee_code")
        .values_list("pk", "office_on")
    )
    moves, shared = {}, {office_id: 0 for office_id in targets}
    for pk, office_id in placed:
        choices = targets[office_id]
        moves[pk] = choices[shared[office_id] % len(choices)].pk
        shared[office_id] += 1
    refused = staff_transfer_many(user=user, moves=moves, on=on, reason=CHANGE_REASON) if moves else {}
    report.staff_moved = len(moves) - len(refused)
    for staff in Staff.objects.filter(pk__in=list(refused)).order_by("employee_code"):
        report.skipped.append(Skipped(str(staff), " ".join(refused[staff.pk].messages)))
    later = Staff.objects.filter(post_office_id__in=list(targets), active_from__gt=on).order_by("employee_code")
    for staff in later:
        report.skipped.append(Skipped(str(staff), _("Bắt đầu làm việc sau ngày sắp xếp; giữ nguyên, hãy chuyển sau.")))
