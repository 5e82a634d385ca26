"""HQ's month-wide actions: close all (confirmed), reopen all, reminders, and the deadline rule and overrides."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from enrollment import selectors
from enrollment.deadlines import deadline_day, due_dates
from enrollment.forms import DeadlineOverrideForm, DeadlineRuleForm, PeriodForm
from enrollment.models import DeadlineOverride
from enrollment.services import deadlines as deadline_services
from enrollment.services import months as month_services
from enrollment.services.reminders import reminders_send
from enrollment.views.access import hq_required
from enrollment.views.months import submissions_url


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def month_close_all(request: HttpRequest) -> HttpResponse:
    """GET: how many provinces would close (submitted / not); POST: close, the others only if ticked."""
    hq_required(request.user)
    data = request.POST if request.method == "POST" else request.GET
    year, month = PeriodForm(data).period(user=request.user)
    if request.method == "POST" and data.get("confirm") == "1":
        include = data.get("include_unsubmitted") == "1"
        closed = month_services.month_close(user=request.user, year=year, month=month, include_unsubmitted=include)
        messages.success(request, _("Đã khóa sổ %(count)s tỉnh.") % {"count": len(closed)})
        return redirect(submissions_url(year, month))
    rows = selectors.month_submissions(user=request.user, year=year, month=month, with_completeness=False)
    context = {
        "year": year,
        "month": month,
        "submitted": [r for r in rows if r.status_code == "submitted"],
        "not_submitted": [r for r in rows if r.status_code == "open"],
        "closed": [r for r in rows if r.status_code == "closed"],
    }
    return render(request, "enrollment/month_close_all.html", context)


@login_required
@require_POST
def month_reopen_all(request: HttpRequest) -> HttpResponse:
    """HQ reopens every closed province of the month."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    reopened = month_services.month_reopen_all(user=request.user, year=year, month=month)
    messages.success(request, _("Đã mở lại %(count)s tỉnh.") % {"count": len(reopened)})
    return redirect(submissions_url(year, month))


@login_required
@require_POST
def reminders(request: HttpRequest) -> HttpResponse:
    """HQ's button: the same reminders as the cron command (nobody gets two a day)."""
    hq_required(request.user)
    year, month = PeriodForm(request.POST).period(user=request.user)
    result = reminders_send(user=request.user)
    messages.success(
        request,
        _("Đã gửi %(sent)s thư nhắc; %(already)s người đã nhận hôm nay; %(missing)s người chưa có e-mail.")
        % {"sent": len(result.sent), "already": len(result.already_today), "missing": len(result.no_address)},
    )
    return redirect(submissions_url(year, month))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deadlines(request: HttpRequest) -> HttpResponse:
    """HQ: the rule (day N of the next month) and single months' due dates."""
    hq_required(request.user)
    rule_form = DeadlineRuleForm(initial={"day_of_next_month": deadline_day()})
    override_form = DeadlineOverrideForm()
    status = 200
    if request.method == "POST":
        bound_form = DeadlineRuleForm if "day_of_next_month" in request.POST else DeadlineOverrideForm
        form = bound_form(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Vui lòng sửa các lỗi bên dưới."))
            if bound_form is DeadlineRuleForm:
                deadline_services.deadline_rule_set(user=request.user, **form.cleaned_data)
            else:
                deadline_services.deadline_override_set(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            if form.is_valid():
                form.add_error(None, error)
            rule_form, override_form = (form, override_form) if bound_form is DeadlineRuleForm else (rule_form, form)
            status = 400
        else:
            messages.success(request, _("Đã lưu hạn nộp."))
            return redirect(reverse("enrollment:deadlines"))
    today = datetime.date.today()
    upcoming = [(today.year, m) for m in range(1, 13)]
    context = {
        "rule_form": rule_form,
        "override_form": override_form,
        "overrides": DeadlineOverride.objects.all()[:24],
        "year": today.year,
        "due_dates": sorted(due_dates(upcoming).items()),
    }
    return render(request, "enrollment/deadlines.html", context, status=status)
