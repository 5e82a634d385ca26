"""Users for HQ without the admin: create, disable / re-enable, assign provinces through time, send a password-set link.

Every function is HQ's alone (`roles.is_hq`; anyone else gets PermissionDenied), keyword-only and atomic, and
raises ValidationError with a Vietnamese message for anything the page should show. Assignments are dated rows
(`ManagerAssignment`, with history); `manager_assign` and `manager_assignment_end` share one check
(`_assignment_check`): ordered dates, inside the province's scheme (a 63-province only until 30/06/2025, a 34-province
from 01/07/2025), no overlap with another spell of the same user on the same province.
"""

import datetime
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bhxh_tracker.password_reset import PasswordSetLinkForm, mail_refusal
from core.formats import date_text
from enrollment import roles
from enrollment.models import ManagerAssignment, Province

User = get_user_model()

#: the role a form chooses → its group; HQ and managers get the admin's door too (as the demo's users do)
ROLE_GROUPS = {"hq": roles.HQ_GROUP, "analyst": roles.ANALYST_GROUP, "manager": roles.MANAGER_GROUP}
STAFF_ROLES = {"hq", "manager"}
ROLE_CHOICES = [
    ("hq", gettext_lazy("Tổng công ty")),
    ("analyst", gettext_lazy("Chuyên viên phân tích")),
    ("manager", gettext_lazy("Lãnh đạo tỉnh")),
]


def _require_hq(by) -> None:
    if not roles.is_hq(by):
        raise PermissionDenied(_("Chỉ Tổng công ty quản lý được người dùng."))


def _history_user(instance, by) -> None:
    instance._history_user = by


def _assignment_check(assignment: ManagerAssignment) -> None:
    """The rules of one spell, before it is saved (the caller holds the user's row lock)."""
    start, end, province = assignment.valid_from, assignment.valid_to, assignment.province
    if start is None:
        raise ValidationError({"valid_from": _("Hãy nhập ngày bắt đầu phân công.")})
    if end is not None and end < start:
        raise ValidationError({"valid_to": _("Ngày kết thúc phải cùng hoặc sau ngày bắt đầu.")})
    facts = {"province": province.name, "scheme": province.scheme}
    if province.valid_to is not None and (end is None or end > province.valid_to):
        raise ValidationError(
            _(
                "%(province)s là tỉnh của phân cấp %(scheme)s tỉnh, chỉ còn hiệu lực đến %(day)s: "
                "phân công phải kết thúc muộn nhất ngày đó."
            )
            % (facts | {"day": date_text(province.valid_to)})
        )
    if province.valid_from is not None and start < province.valid_from:
        raise ValidationError(
            _(
                "%(province)s là tỉnh của phân cấp %(scheme)s tỉnh, có hiệu lực từ %(day)s: "
                "phân công không thể bắt đầu trước ngày đó."
            )
            % (facts | {"day": date_text(province.valid_from)})
        )
    if not assignment.user.groups.filter(name=roles.MANAGER_GROUP).exists():
        raise ValidationError(_("Chỉ phân công tỉnh cho người dùng có vai trò lãnh đạo tỉnh."))
    assignment.full_clean()  # the model's own rule: no overlapping spell of this user on this province


def _user_locked(user) -> AbstractBaseUser:
    """The user's row, locked: assignments of one user are checked and written one at a time."""
    return User._default_manager.select_for_update().get(pk=user.pk)


@transaction.atomic
def manager_assign(
    *, user, province: Province, valid_from: datetime.date, valid_to: datetime.date | None = None, by
) -> ManagerAssignment:
    """Give a manager a province from `valid_from` to `valid_to` (inclusive; None: open-ended), with history."""
    _require_hq(by)
    province = Province.objects.visible_to(by, "change").get(pk=province.pk)
    assignment = ManagerAssignment(user=_user_locked(user), province=province, valid_from=valid_from, valid_to=valid_to)
    _assignment_check(assignment)
    _history_user(assignment, by)
    assignment.save()
    return assignment


@transaction.atomic
def manager_assignment_end(*, assignment: ManagerAssignment, valid_to: datetime.date, by) -> ManagerAssignment:
    """End a spell on `valid_to` (its last day, inclusive); the earlier end date stays in the history."""
    _require_hq(by)
    _user_locked(assignment.user)
    stored = ManagerAssignment.objects.visible_to(by, "change").select_related("province", "user").get(pk=assignment.pk)
    if valid_to is None:
        raise ValidationError({"valid_to": _("Hãy nhập ngày kết thúc phân công.")})
    stored.valid_to = valid_to
    _assignment_check(stored)
    _history_user(stored, by)
    stored.save(update_fields=["valid_to"])
    return stored


@transaction.atomic
def user_create(
    *,
    by,
    username: str,
    full_name: str,
    email: str,
    role: str,
    provinces: list[Province] | tuple = (),
    valid_from: datetime.date | None = None,
) -> AbstractBaseUser:
    """A new user of one role, without a password until they follow the set-password link.

    A manager must be given at least one province, held from `valid_from` (today by default); the other roles none.
    The full name is kept whole in `first_name` (Vietnamese names do not split into first and last the English way).
    """
    _require_hq(by)
    if role not in ROLE_GROUPS:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    provinces = list(provinces)
    if role == "manager" and not provinces:
        raise ValidationError({"provinces": _("Lãnh đạo tỉnh cần được phân công ít nhất một tỉnh.")})
    if role != "manager" and provinces:
        raise ValidationError({"provinces": _("Chỉ lãnh đạo tỉnh được phân công tỉnh.")})
    email = User.objects.normalize_email(email.strip())
    if email and User._default_manager.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Địa chỉ thư này đã thuộc một người dùng khác.")})
    user = User(username=username.strip(), first_name=full_name.strip(), email=email, is_staff=role in STAFF_ROLES)
    user.set_unusable_password()
    user.full_clean()  # username rules and uniqueness, lengths
    user.save()
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    start = valid_from or timezone.localdate()
    for province in provinces:
        manager_assign(user=user, province=province, valid_from=start, by=by)
    return user


def _sessions_end(user) -> int:
    """Delete the user's sessions (database sessions: decoded one by one; a few hundred users' sessions at most).

    A disabled user is already refused by the authentication backend on their next request; deleting the sessions
    also keeps a re-enabled account from finding its old sessions alive again.
    """
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def user_active_set(*, user, active: bool, by) -> AbstractBaseUser:
    """Disable (is_active=False: cannot log in, their sessions end) or re-enable a user. HQ cannot disable itself."""
    _require_hq(by)
    user = _user_locked(user)
    if not active and user.pk == by.pk:
        raise ValidationError(_("Bạn không thể tự khóa tài khoản của mình."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _sessions_end(user)
    return user


class MailNotSent(ValidationError):
    """The set-password link could not be sent; the message says why."""


def password_set_link_send(*, user, request, by) -> None:
    """E-mail `user` a link to set their password (Django's token generator), or raise MailNotSent saying why.

    Honest as the reset page is: refused when the server cannot deliver mail (console/file backends, SMTP down) or
    when the send itself fails; nothing is written either way.
    """
    _require_hq(by)
    user = User._default_manager.get(pk=user.pk)  # as stored now, not as the caller last read it
    if not user.is_active:
        raise ValidationError(_("Tài khoản đang bị khóa; hãy mở lại trước khi gửi đường dẫn."))
    if not user.email:
        raise ValidationError(_("Người dùng chưa có địa chỉ thư."))
    refusal = mail_refusal()
    if refusal is not None:
        raise MailNotSent(refusal)
    form = PasswordSetLinkForm(user=user)
    form.is_valid()
    try:
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="registration/password_set_subject.txt",
            email_template_name="registration/password_set_email.txt",
        )
    except (smtplib.SMTPException, OSError) as error:
        raise MailNotSent(
            _("Không gửi được thư đặt lại mật khẩu lúc này. Vui lòng thử lại sau hoặc liên hệ quản trị viên.")
        ) from error
