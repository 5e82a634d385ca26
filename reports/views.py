"""Thin views: read the filters, call reports.selectors, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django_tables2 import RequestConfig

from reports import selectors
from reports.forms import PeriodForm
from reports.tables import ProvinceRankingTable


def period_from_request(request) -> tuple[PeriodForm, selectors.Period | None]:
    """The period asked for, completed from the latest month with figures; invalid input falls back too."""
    form = PeriodForm(request.GET or None)
    latest = selectors.latest_period(user=request.user)
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or (latest.year if latest else None)
        month = form.cleaned_data["month"] or (latest.month if latest and latest.year == year else 12)
        if year:
            return form, selectors.Period(year=year, month=month)
    return form, latest


@login_required
def national_summary(request):
    form, period = period_from_request(request)
    context = {"form": form, "period": period, "months": range(1, 13)}
    if period:
        rows = selectors.province_ranking(user=request.user, period=period)
        table = ProvinceRankingTable(rows)
        RequestConfig(request, paginate=False).configure(table)
        context |= {"table": table, "totals": selectors.national_totals(rows=rows, period=period)}
    return render(request, "reports/summary.html", context)
