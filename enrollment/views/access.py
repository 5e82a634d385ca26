"""Who may open the entry pages, and the province a request names — shared by the entry views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from core.ids import pk_or_404
from enrollment import roles
from enrollment.models import Province
from enrollment.services.figure_rules import can_write_figures


def writer_required(user) -> None:
    if not can_write_figures(user):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu."))


def hq_required(user) -> None:
    if not roles.is_hq(user):
        raise PermissionDenied(_("Chỉ Tổng công ty xem được trang này."))


def province_from_request(request: HttpRequest, data) -> Province:
    """The province asked for (a manager's own by default), through visible_to: another is a 404."""
    province_id = pk_or_404(data.get("province") or roles.managed_province_id(request.user))
    return get_object_or_404(Province.objects.visible_to(request.user), pk=province_id)
