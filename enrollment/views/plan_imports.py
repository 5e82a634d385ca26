"""HQ's plans from Excel: download a year's template, upload it back (all rows valid → saved together)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from enrollment.forms import UploadForm
from enrollment.imports.plans_parse import plans_parse
from enrollment.imports.plans_template import plans_template_build
from enrollment.models import Province
from enrollment.plan_forms import PlanYearForm
from enrollment.services import plans as plan_services
from enrollment.views.access import hq_required


@require_safe
@login_required
def plans_template_download(request: HttpRequest) -> HttpResponse:
    hq_required(request.user)
    year = PlanYearForm(request.GET).year_value()
    output = plans_template_build(user=request.user, year=year)
    return FileResponse(output, as_attachment=True, filename=f"mau-ke-hoach-{year}.xlsx")


@login_required
def plans_upload(request: HttpRequest) -> HttpResponse:
    """Upload a filled plans template; any error → nothing saved; saved → a summary of what changed."""
    hq_required(request.user)
    year = PlanYearForm(request.POST if request.method == "POST" else request.GET).year_value()
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"year": year, "form": form, "errors": [], "changes": None}
    if request.method == "POST" and form.is_valid():
        parsed = plans_parse(user=request.user, upload=form.cleaned_data["file"], year=year)
        context["errors"] = parsed.errors
        if not parsed.errors:
            context["changes"], context["errors"] = _save(request.user, year, parsed.targets)
    failed = request.method == "POST" and (context["errors"] or form.errors)
    return render(request, "enrollment/plans_import.html", context, status=400 if failed else 200)


def _save(user, year: int, targets: dict[int, int]):
    try:
        return plan_services.plans_set(user=user, year=year, targets=targets, source=plan_services.SOURCE_IMPORT), []
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            return None, [(None, message) for message in error.messages]
        names = dict(Province.objects.filter(pk__in=error.error_dict).values_list("pk", "name"))
        return None, [
            (None, f"{names.get(pk, pk)}: {' '.join(messages)}") for pk, messages in error.message_dict.items()
        ]
