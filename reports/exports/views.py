"""Thin views of the export page: read the filter, resolve the scope, return the workbook as a file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.period import default_period
from enrollment.models import Province
from reports.exports.forms import ExportFilterSet
from reports.exports.scope import export_scope_resolve
from reports.exports.xlsx import report_build, report_filename
from reports.exports.xlsx.writer import XLSX_CONTENT_TYPE


def _visible_provinces(user) -> list[tuple[str, str, str]]:
    return [
        (p.code, p.name, p.get_scheme_display()) for p in Province.objects.visible_to(user).order_by("-scheme", "code")
    ]


@require_safe
@login_required
def export_page(request):
    """The form; the default period (core.period.default_period) is preselected."""
    period = default_period(user=request.user)
    initial = {"report": "national", "year": period.year, "through_month": period.month}
    filters = ExportFilterSet(initial=initial, provinces=_visible_provinces(request.user))
    return render(request, "reports/exports.html", {"form": filters.form})


@require_safe
@login_required
def export_download(request):
    """The chosen report as an .xlsx attachment; a province outside the user's scope is a 404."""
    filters = ExportFilterSet(request.GET, provinces=_visible_provinces(request.user))
    if not filters.form.is_valid():
        return render(request, "reports/exports.html", {"form": filters.form}, status=400)
    period = filters.export_period
    name = filters.report_name
    view = filters.view_for(period)  # every report reads it, restated by default across 1/7/2025
    scope = export_scope_resolve(
        user=request.user,
        period=period,
        region_code=filters.region_code,
        province_code=filters.province_code,
        view=view,
    )
    handle = report_build(name=name, user=request.user, period=period, scope=scope)
    return FileResponse(
        handle, as_attachment=True, filename=report_filename(name, period, scope), content_type=XLSX_CONTENT_TYPE
    )
