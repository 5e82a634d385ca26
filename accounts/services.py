"""Users for HQ without the admin: create (a manager with their provinces), disable / re-enable, password-set link.

Every function is HQ's alone (`roles.is_hq`; anyone else gets PermissionDenied), keyword-only, and raises
ValidationError with a Vietnamese message for anything the page should show. Province spells are written by
enrollment.services.assignments (`manager_assign`, `manager_assignment_end`: the one home of their rules).
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
from enrollment import roles
from enrollment.models import Province
from enrollment.services.assignments import manager_assign

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


def _user_locked(user) -> AbstractBaseUser:
    return User._default_manager.select_for_update().get(pk=user.pk)


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
