"""Who manages which province, through time: HQ's writes of `ManagerAssignment` spells, each with history.

One check for every path (the users page, the admin, `manager_assign` / `manager_assignment_end`): HQ only; a start
date for a new spell (older ones may have none: "since always"); ordered dates; inside the province's scheme (a 63-scheme province until 30/06/2025, a 34-scheme one from
01/07/2025, from `Province.valid_from/valid_to`); only a user of the manager group; no overlap with another spell of
the same user on the same province (`ManagerAssignment.clean`, through full_clean). The user's row is locked while
checked and saved, so two requests cannot both pass the overlap check. The cut-over carries spells in bulk
(services.cutover), with history too.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.formats import date_text
from enrollment import roles
from enrollment.models import ManagerAssignment, Province


def _require_hq(user) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty phân công được lãnh đạo tỉnh."))


def _scheme_refusal(assignment: ManagerAssignment) -> str | None:
    start, end, province = assignment.valid_from, assignment.valid_to, assignment.province
    facts = {"province": province.name, "scheme": province.scheme}
    if province.valid_to is not None and (end is None or end > province.valid_to):
        return _(
            "%(province)s là tỉnh của phân cấp %(scheme)s tỉnh, chỉ còn hiệu lực đến %(day)s: "
            "phân công phải kết thúc muộn nhất ngày đó."
        ) % (facts | {"day": date_text(province.valid_to)})
    if province.valid_from is not None and (start is None or start < province.valid_from):
        return _(
            "%(province)s là tỉnh của phân cấp %(scheme)s tỉnh, có hiệu lực từ %(day)s: "
            "phân công không thể bắt đầu trước ngày đó."
        ) % (facts | {"day": date_text(province.valid_from)})
    return None


def assignment_check(*, user, assignment: ManagerAssignment) -> None:
    """The rules of a spell as it would be saved, without saving (also the admin form's clean)."""
    _require_hq(user)
    if assignment.valid_from is None and assignment.pk is None:  # older spells may say "since always"
        raise ValidationError({"valid_from": _("Hãy nhập ngày bắt đầu phân công.")})
    if None not in (assignment.valid_from, assignment.valid_to) and assignment.valid_to < assignment.valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc phải cùng hoặc sau ngày bắt đầu.")})
    if not Province.objects.visible_to(user, "change").filter(pk=assignment.province_id).exists():
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị của tỉnh này."))
    refusal = _scheme_refusal(assignment)
    if refusal is not None:
        raise ValidationError(refusal)
    if not assignment.user.groups.filter(name=roles.MANAGER_GROUP).exists():
        raise ValidationError({"user": _("Chỉ phân công tỉnh cho người dùng có vai trò lãnh đạo tỉnh.")})
    assignment.full_clean()  # the model's own rule: no overlapping spell of this user on this province


@transaction.atomic
def assignment_save(*, user, assignment: ManagerAssignment, reason: str | None = None) -> ManagerAssignment:
    """Create or change a spell (`user` is who does it), checked under the manager's row lock, with history."""
    get_user_model()._default_manager.select_for_update().filter(pk=assignment.user_id).first()
    assignment_check(user=user, assignment=assignment)
    assignment._history_user = user
    if reason:
        assignment._change_reason = reason
    assignment.save()
    return assignment


def manager_assign(
    *, user, province: Province, valid_from: datetime.date, valid_to: datetime.date | None = None, by
) -> ManagerAssignment:
    """Give manager `user` the province from `valid_from` to `valid_to` (inclusive; None: open-ended)."""
    spell = ManagerAssignment(user=user, province=province, valid_from=valid_from, valid_to=valid_to)
    return assignment_save(user=by, assignment=spell)


@transaction.atomic
def manager_assignment_end(*, assignment: ManagerAssignment, valid_to: datetime.date, by) -> ManagerAssignment:
    """End a spell on `valid_to` (its last day, inclusive); the earlier end stays in the history."""
    _require_hq(by)
    if valid_to is None:
        raise ValidationError({"valid_to": _("Hãy nhập ngày kết thúc phân công.")})
    stored = ManagerAssignment.objects.visible_to(by, "change").select_related("province", "user").get(pk=assignment.pk)
    stored.valid_to = valid_to
    return assignment_save(user=by, assignment=stored)
