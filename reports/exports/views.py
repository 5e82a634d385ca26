"""Thin views of the export page: read the form, resolve the scope, return the workbook as a file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from enrollment.models import Province
from reports import selectors
from reports.export_forms import ExportForm
from reports.export_selectors import export_scope_resolve
from reports.xlsx import report_build, report_filename
from reports.xlsx.writer import XLSX_CONTENT_TYPE


def _visible_provinces(user) -> list[tuple[str, str, str]]:
    return [
        (p.code, p.name, p.get_scheme_display()) for p in Province.objects.visible_to(user).order_by("-scheme", "code")
    ]


@require_safe
@login_required
def export_page(request):
    """The form; the latest month with figures is preselected."""
    latest = selectors.latest_period(user=request.user)
    initial = {"report": "national"} | ({"year": latest.year, "through_month": latest.month} if latest else {})
    form = ExportForm(initial=initial, provinces=_visible_provinces(request.user))
    return render(request, "reports/exports.html", {"form": form})


@require_safe
@login_required
def export_download(request):
    """The chosen report as an .xlsx attachment; a province outside the user's scope is a 404."""
    form = ExportForm(request.GET, provinces=_visible_provinces(request.user))
    if not form.is_valid():
        return render(request, "reports/exports.html", {"form": form}, status=400)
    period = form.period
    scope = export_scope_resolve(
        user=request.user,
        period=period,
        region_code=form.cleaned_data["region"],
        province_code=form.cleaned_data["province"],
    )
    name = form.cleaned_data["report"]
    handle = report_build(name=name, user=request.user, period=period, scope=scope)
    return FileResponse(
        handle, as_attachment=True, filename=report_filename(name, period, scope), content_type=XLSX_CONTENT_TYPE
    )
