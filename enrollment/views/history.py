"""The audit trail of figures: newest first, narrowed by month, post office, staff or user, paged older / newer."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.keyset import keyset_page
from enrollment import roles, selectors
from enrollment.history_filters import HistoryFilterForm
from enrollment.services.figure_rules import can_write_figures
from enrollment.views.access import province_from_request

PAGE_SIZE = 50


def _link(request: HttpRequest, field: str, cursor) -> str | None:
    """This page's query string with the cursor `field` (older or newer) set; None without a cursor."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query.pop("older", None)
    query.pop("newer", None)
    query[field] = str(cursor)
    return f"?{query.urlencode()}"


@require_safe
@login_required
def history(request: HttpRequest) -> HttpResponse:
    """Changes to figures: a manager sees their province, HQ and analysts everything. Never counts the table."""
    if not (can_write_figures(request.user) or roles.sees_everything(request.user)):
        raise PermissionDenied
    province = province_from_request(request, request.GET) if request.GET.get("province") else None
    form = HistoryFilterForm(request.GET, user=request.user)
    records = selectors.figure_history(user=request.user, narrowed=form.narrowed(province.pk if province else None))
    chosen = form.valid()
    page = keyset_page(
        records,
        moment="history_date",
        pk="history_id",
        size=PAGE_SIZE,
        older_than=chosen.get("older"),
        newer_than=chosen.get("newer"),
    )
    context = {
        "form": form,
        "province": province,
        "records": page.object_list,
        "older_link": _link(request, "older", page.older),
        "newer_link": _link(request, "newer", page.newer),
    }
    return render(request, "enrollment/history.html", context)
