"""The change of map (1/7/2025): every old-scheme province's post offices, staff and managers carried into its successor.

`scheme_cutover` follows `Province.merged_into` (the fixtures' mapping). Each old office open on the day gets a new
office under the successor province (code `<old code>/<scheme>`, the tree kept) and closes the day before; everyone
placed at it moves there by a dated transfer (`staff_transfer_many`, the rules of `staff_transfer`); each manager's
spell on an old province ends the day before and one on the successor starts. Figures stay where they were earned
and annual plans are left alone: a new province's plan is derived from its predecessors' by the restated view
(`reports.selectors.restatement`) until HQ sets its own. Idempotent: what is already carried is counted, not redone.
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.period import scheme_on
from enrollment import roles
from enrollment.models import ManagerAssignment, PostOffice, Province, Staff
from enrollment.models.placements import StaffPlacement, earned_at
from enrollment.services.placements import ONE_DAY, staff_transfer_many

CODE_MAX_LENGTH = PostOffice._meta.get_field("code").max_length
CHANGE_REASON = "scheme_cutover"


@dataclass
class Skipped:
    """Something the cut-over could not carry, and why (shown to HQ, who settles it by hand)."""

    what: str
    reason: str


@dataclass
class CutoverReport:
    """What a run of `scheme_cutover` did, and what it found already done (a second run only counts)."""

    on: datetime.date
    dry_run: bool
    offices_created: int = 0
    offices_already: int = 0
    offices_closed: int = 0
    offices_deactivated: int = 0
    staff_moved: int = 0
    staff_already: int = 0
    assignments_ended: int = 0
    assignments_created: int = 0
    assignments_already: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """True when the run wrote something (rolled back again in a dry run)."""
        return any(
            (
                self.offices_created,
                self.offices_closed,
                self.offices_deactivated,
                self.staff_moved,
                self.assignments_ended,
                self.assignments_created,
            )
        )


def carried_code(code: str, scheme: str) -> str:
    """The code of an office's successor under the new scheme: deterministic, so a second run finds it."""
    return f"{code}/{scheme}"


@transaction.atomic
def scheme_cutover(*, user, on: datetime.date, dry_run: bool = False) -> CutoverReport:
    """Carry every province of the old scheme into its successor from `on` (HQ only); `dry_run` rolls back.

    Refused unless `on` is in the new scheme (from 1/7/2025). Returns the counts and what could not be carried.
    """
    started = time.perf_counter()
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty được chuyển đổi phân cấp tỉnh."))
    new_scheme = scheme_on(on)
    if new_scheme == Province.Scheme.P63:
        raise ValidationError(_("Ngày chuyển đổi phải thuộc phân cấp 34 tỉnh (từ 01/07/2025)."))
    report = CutoverReport(on=on, dry_run=dry_run)
    old_provinces = Province.objects.exclude(scheme=new_scheme).select_related("merged_into")
    successors = {p.pk: _successor(p, new_scheme) for p in old_provinces}
    carried = _offices_carry(on, new_scheme, successors, report)
    _staff_carry(user, on, successors, carried, report)
    _offices_close(on, carried, report)
    _assignments_carry(user, on, successors, report)
    if dry_run:
        transaction.set_rollback(True)
    report.seconds = time.perf_counter() - started
    return report


def _successor(province: Province, scheme: str) -> Province | None:
    successor = province.merged_into
    return successor if successor is not None and successor.scheme == scheme else None


def _offices_carry(
    on: datetime.date, scheme: str, successors: dict[int, Province | None], report: CutoverReport
) -> dict[int, PostOffice]:
    """Old office pk → its office under the successor (created now or found from an earlier run)."""
    old_offices = list(PostOffice.objects.filter(province_id__in=list(successors)).select_related("province"))
    codes = {office.pk: carried_code(office.code, scheme) for office in old_offices}
    existing = {office.code: office for office in PostOffice.objects.filter(code__in=list(codes.values()))}
    carried, created = {}, {}
    for office in old_offices:
        code, successor = codes[office.pk], successors[office.province_id]
        found = existing.get(code)
        if found is not None and successor is not None and found.province_id == successor.pk:
            carried[office.pk] = found
            report.offices_already += 1
            continue
        if not office.is_active or (office.valid_to is not None and office.valid_to < on):
            continue  # closed before the cut-over: nothing to carry
        reason = _office_refusal(office, code, successor, found, on)
        if reason:
            report.skipped.append(Skipped(f"{office.code} · {office.name}", reason))
            continue
        new = PostOffice(
            province=successor, code=code, name=office.name, kind=office.kind, valid_from=on, valid_to=office.valid_to
        )
        # Field rules only (no query per office): the code was checked above, province and parent are set by us.
        new.full_clean(exclude=["parent", "province"], validate_unique=False, validate_constraints=False)
        carried[office.pk] = created[office.pk] = new
    PostOffice.objects.bulk_create(created.values())
    by_pk = {office.pk: office for office in old_offices}
    for old_pk, new in created.items():  # the tree is kept: a carried child hangs under its carried parent
        parent = carried.get(by_pk[old_pk].parent_id)
        new.parent = parent
    PostOffice.objects.bulk_update([new for new in created.values() if new.parent_id], ["parent"])
    report.offices_created = len(created)
    return carried


def _office_refusal(
    office: PostOffice, code: str, successor: Province | None, found: PostOffice | None, on: datetime.date
) -> str:
    if successor is None:
        return _("Tỉnh %(province)s không có tỉnh kế thừa.") % {"province": office.province}
    if office.valid_from is not None and office.valid_from >= on:
        return _("Bưu điện mở từ ngày chuyển đổi trở đi; hãy chuyển thủ công.")
    if found is not None:
        return _("Mã %(code)s đã được dùng cho đơn vị khác.") % {"code": code}
    if len(code) > CODE_MAX_LENGTH:
        return _("Mã mới %(code)s dài quá %(length)d ký tự.") % {"code": code, "length": CODE_MAX_LENGTH}
    return ""


def _staff_carry(
    user, on: datetime.date, successors: dict, carried: dict[int, PostOffice], report: CutoverReport
) -> None:
    """Everyone placed at an old office on `on` moves to its carried office, one bulk transfer per new province."""
    old_offices = PostOffice.objects.filter(province_id__in=list(successors)).values("pk")
    report.staff_already = StaffPlacement.objects.filter(
        post_office__in=[office.pk for office in carried.values()], valid_from=on
    ).count()
    placed = (
        Staff.objects.active_on(on)
        .annotate(office_on=earned_at(on, on))
        .filter(office_on__in=old_offices)
        .order_by("pk")
        .values_list("pk", "employee_code", "full_name", "office_on")
    )
    moves: dict[int, dict[int, int]] = defaultdict(dict)
    for pk, code, name, office_id in placed:
        target = carried.get(office_id)
        if target is None:
            report.skipped.append(Skipped(f"{code} · {name}", _("Bưu điện của nhân viên không được chuyển.")))
        else:
            moves[target.province_id][pk] = target.pk
    for province_moves in moves.values():
        refused = staff_transfer_many(user=user, moves=province_moves, on=on, reason=CHANGE_REASON)
        report.staff_moved += len(province_moves) - len(refused)
        for staff in Staff.objects.filter(pk__in=list(refused)).order_by("employee_code"):
            report.skipped.append(Skipped(str(staff), " ".join(refused[staff.pk].messages)))
    not_working = Staff.objects.filter(post_office__province_id__in=list(successors)).filter(
        Q(active_to__lt=on) | Q(active_from__gt=on)
    )
    for staff in not_working.order_by("employee_code"):
        report.skipped.append(
            Skipped(str(staff), _("Không làm việc vào ngày chuyển đổi (ngoài thời gian làm việc); giữ nguyên."))
        )


def _offices_close(on: datetime.date, carried: dict[int, PostOffice], report: CutoverReport) -> None:
    """A carried old office ends the day before; it is deactivated once nobody working from `on` is left there."""
    eve = on - ONE_DAY
    old_ids = list(carried)
    open_after = PostOffice.objects.filter(pk__in=old_ids).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=eve))
    report.offices_closed = open_after.update(valid_to=eve)
    staffed = Staff.objects.filter(post_office_id__in=old_ids).filter(Q(active_to__isnull=True) | Q(active_to__gte=on))
    emptied = PostOffice.objects.filter(pk__in=old_ids, is_active=True).exclude(pk__in=staffed.values("post_office_id"))
    report.offices_deactivated = emptied.update(is_active=False)


def _assignments_carry(user, on: datetime.date, successors: dict[int, Province | None], report: CutoverReport) -> None:
    """Each spell on an old province in force the day before ends then; one on its successor starts on `on`."""
    eve = on - ONE_DAY
    spells = list(
        ManagerAssignment.objects.filter(province_id__in=list(successors))
        .in_force_on(eve)
        .select_related("user", "province")
        .order_by("pk")
    )
    held = set(
        ManagerAssignment.objects.filter(province__in=[p for p in successors.values() if p])
        .in_force_on(on)
        .values_list("user_id", "province_id")
    )
    ended, created = [], []
    for spell in spells:
        successor = successors[spell.province_id]
        if successor is None:
            report.skipped.append(Skipped(str(spell), _("Tỉnh không có tỉnh kế thừa; phân công giữ nguyên.")))
            continue
        did_something = False
        if (spell.user_id, successor.pk) not in held:
            later_end = spell.valid_to if spell.valid_to is not None and spell.valid_to > eve else None
            new = ManagerAssignment(user=spell.user, province=successor, valid_from=on, valid_to=later_end)
            new.full_clean()
            created.append(new)
            held.add((spell.user_id, successor.pk))
            did_something = True
        if spell.valid_to is None or spell.valid_to > eve:
            spell.valid_to = eve
            ended.append(spell)
            did_something = True
        report.assignments_already += not did_something
    # with history, as every other write of an assignment (services.accounts)
    history_user = user if user is not None and user.pk is not None else None
    bulk_update_with_history(
        ended, ManagerAssignment, ["valid_to"], default_user=history_user, default_change_reason=CHANGE_REASON
    )
    bulk_create_with_history(created, ManagerAssignment, default_user=history_user, default_change_reason=CHANGE_REASON)
    report.assignments_ended, report.assignments_created = len(ended), len(created)
