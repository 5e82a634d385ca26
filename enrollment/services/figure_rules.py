"""The rules a figure must pass before figures_record locks anything: who may write, the count, and each
person's working dates, placement, office and month's scheme (figure_targets).

figures_record (services/figures.py) and figures_check call these; the grid form, the admin form and the importer
read what the user typed with count_parse, so "1.000" or a number stored as text means the same on every path and a
refusal has one message.
"""

import math
import re
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BigIntegerField, BooleanField, Exists, ExpressionWrapper, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _

from core.period import month_bounds, scheme_of_month
from enrollment import roles
from enrollment.models import MonthlyFigure, PostOffice, Province, Staff
from enrollment.models.placements import month_office, office_open_q
from enrollment.querysets import staff_active_q

COUNT_MAX = 10_000  # far above any real month of one person; catches typos like 30000


def can_write_figures(user) -> bool:
    """Whether the user enters figures at all (HQ, or a manager with a province); which ones is visible_to's job."""
    return roles.is_hq(user) or roles.is_manager(user)


def count_validate(value) -> int:
    """The count rule, for every path (grid form, import, service): a whole number from 0 to COUNT_MAX."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Số người tham gia mới phải là số nguyên."), code="invalid")
    if value < 0:
        raise ValidationError(_("Số người tham gia mới không được âm."), code="min_value")
    if value > COUNT_MAX:
        limit = formats.number_format(COUNT_MAX, force_grouping=True)
        raise ValidationError(_("Số người tham gia mới quá lớn (tối đa %(max)s).") % {"max": limit}, code="max_value")
    return value


# Vietnamese writes 1.000 or 1 000 for one thousand and 5,0 for five; Excel may hand over 5.0 or the text "5".
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}(?:(?P<sep>[. ])[0-9]{3})(?:(?P=sep)[0-9]{3})*")
_AMBIGUOUS = re.compile(r"[0-9]{1,3},[0-9]{3}")  # 1,000: one (vi) or one thousand (en) — refused, never guessed
_DECIMAL = re.compile(r"(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)[,.](?P<fraction>[0-9]+)")
_MAX_TEXT = 40  # longer is no count; int() of thousands of digits is slow and refused by Python anyway


def _not_a_number(raw) -> ValidationError:
    return ValidationError(
        _("“%(value)s” không phải là số nguyên (ví dụ 3 hoặc 1.000).") % {"value": str(raw)[:_MAX_TEXT]},
        code="invalid",
    )


def _decimal_refused() -> ValidationError:
    return ValidationError(_("Số người tham gia mới phải là số nguyên, không có phần thập phân."), code="invalid")


def count_parse(raw) -> int | None:
    """What a user typed or a cell holds, read as a count, then `count_validate`; None for a blank.

    The one reader for every path (grid, admin, import, service): "1.000" and "1 000" are one thousand, "5,0"
    and "5.0" are 5, a number stored as text is a number; "5,5", "-1", "1,000" (ambiguous) and "abc" are refused,
    each with the same message wherever it was typed.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _not_a_number(raw)
    if isinstance(raw, int):
        return count_validate(raw)
    if isinstance(raw, float | Decimal):
        if not math.isfinite(raw):
            raise _not_a_number(raw)
        if raw != int(raw):
            raise _decimal_refused()
        return count_validate(int(raw))
    text = _SPACES.sub(" ", str(raw)).strip()
    if not text:
        return None
    if len(text) > _MAX_TEXT:
        raise _not_a_number(text)
    negative = text[0] in "-−"
    if text[0] in "+-−":
        text = text[1:].strip()
    count = _text_count(text, raw)
    if negative and count:
        raise ValidationError(_("Số người tham gia mới không được âm."), code="min_value")
    return count_validate(count)


def _text_count(text: str, raw) -> int:
    if _PLAIN.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(text.replace(".", "").replace(" ", ""))
    if _AMBIGUOUS.fullmatch(text):
        raise ValidationError(
            _("“%(value)s” không rõ là bao nhiêu; viết số không có dấu phẩy (ví dụ 1000 hoặc 1.000).")
            % {"value": str(raw)[:_MAX_TEXT]},
            code="invalid",
        )
    if decimal := _DECIMAL.fullmatch(text):
        if decimal["fraction"].strip("0"):
            raise _decimal_refused()
        return int(decimal["whole"].replace(".", ""))
    raise _not_a_number(raw)


def values_validate(values: Mapping[int, object]) -> dict[int, int]:
    """{staff id: count} read with count_parse; refuses the batch with one message list per bad value."""
    errors, counts = {}, {}
    for staff_id, value in values.items():
        try:
            counts[staff_id] = count_parse(value)
            if counts[staff_id] is None:
                raise ValidationError(_("Số người tham gia mới không được để trống."), code="required")
        except ValidationError as error:
            errors[staff_id] = error.messages
    if errors:
        raise ValidationError(errors)
    return counts


def figure_targets(*, user, year: int, month: int, values: Mapping[int, int]) -> tuple[dict[int, Staff], set[int]]:
    """The staff members written and the provinces their figures belong to; refuses what the user may not change.

    An existing figure belongs to the province of the post office where it was earned; a new one is earned at
    the post office where the person was placed in THAT month (`placed_office`), which must be open then — not
    where they work today. Each person's `earned_at` is set to that office. Two reads, no lock yet (the locks
    come in the fixed order below).
    """
    first, last = month_bounds(year, month)
    figure = MonthlyFigure.objects.filter(staff=OuterRef("pk"), year=year, month=month).order_by()
    earned_office = PostOffice.objects.filter(pk=OuterRef("earned_at_id")).order_by()
    staff = {
        member.pk: member
        for member in Staff.objects.filter(pk__in=values)
        .annotate(has_figure=Exists(figure), earned_at_id=month_office(year, month))
        .annotate(
            # scope by the office the figure is or would be earned at; with no placement that month, by
            # where the person works now (a refusal must not tell a manager about someone else's staff)
            changeable=Exists(
                PostOffice.objects.visible_to(user, "change").filter(
                    pk=Coalesce(OuterRef("earned_at_id"), OuterRef("post_office_id"), output_field=BigIntegerField())
                )
            ),
            earned_province_id=Subquery(earned_office.values("province_id")[:1]),
            earned_open=Exists(earned_office.filter(office_open_q(first, last))),
            earned_scheme=Subquery(earned_office.values("province__scheme")[:1]),
            working=ExpressionWrapper(staff_active_q(first, last), output_field=BooleanField()),
        )
        .order_by()
    }
    if len(staff) < len(values) or not all(member.changeable for member in staff.values()):
        raise PermissionDenied(_("Có nhân viên không thuộc phạm vi của bạn."))
    _refuse(staff, lambda m: not m.working, year, month, _("%(staff)s không làm việc trong tháng %(month)s/%(year)s."))
    _refuse(
        staff,
        lambda m: m.earned_at_id is None,
        year,
        month,
        _("%(staff)s không có nơi công tác trong tháng %(month)s/%(year)s."),
    )
    _refuse(
        staff,
        lambda m: not m.has_figure and not m.earned_open,
        year,
        month,
        _("Bưu điện của %(staff)s không hoạt động trong tháng %(month)s/%(year)s."),
    )
    in_force = scheme_of_month(year, month)
    wrong_scheme = {pk: m for pk, m in staff.items() if m.earned_scheme and m.earned_scheme != in_force}
    if wrong_scheme:
        raise ValidationError(
            {pk: [_scheme_message(m, m.earned_scheme, year, month)] for pk, m in wrong_scheme.items()}
        )
    for member in staff.values():  # enough of the office for the new figure and its FigureChange, without a read
        member.earned_at = PostOffice(pk=member.earned_at_id, province_id=member.earned_province_id)
    return staff, {member.earned_province_id for member in staff.values()}


def _refuse(staff: dict[int, Staff], wrong, year: int, month: int, message: str) -> None:
    """Refuse the batch, one message per person for whom `wrong(member)` holds, naming them."""
    errors = {
        pk: [message % {"staff": member, "month": month, "year": year}] for pk, member in staff.items() if wrong(member)
    }
    if errors:
        raise ValidationError(errors)


def _scheme_message(member: Staff, scheme: str, year: int, month: int) -> str:
    """Why a figure may not go to a province of the other scheme: a month has one map (1/7/2025 is the switch)."""
    return _(
        "Tháng %(month)s/%(year)s báo cáo theo phân cấp %(in_force)s; không thể ghi số liệu của %(staff)s vào "
        "một tỉnh thuộc phân cấp %(scheme)s."
    ) % {
        "month": month,
        "year": year,
        "staff": member,
        "in_force": Province.Scheme(scheme_of_month(year, month)).label,
        "scheme": Province.Scheme(scheme).label,
    }
