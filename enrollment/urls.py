from django.urls import path

from enrollment.views import cycle, grid, history, imports, months, organisation, plan_imports, plans, quality

app_name = "enrollment"
urlpatterns = [
    path("", grid.entry_grid, name="grid"),
    path("template/", imports.template_download, name="template_download"),
    path("import/", imports.template_upload, name="import"),
    path("history/", history.history, name="history"),
    path("quality/", quality.confirmed_outliers, name="quality"),
    path("months/", months.submissions, name="submissions"),
    path("months/submit/", months.month_submit, name="month_submit"),
    path("months/close/", months.month_close, name="month_close"),
    path("months/reopen/", months.month_reopen, name="month_reopen"),
    path("months/return/", months.month_return, name="month_return"),
    path("months/close-all/", cycle.month_close_all, name="month_close_all"),
    path("months/reopen-all/", cycle.month_reopen_all, name="month_reopen_all"),
    path("months/reminders/", cycle.reminders, name="reminders"),
    path("months/deadlines/", cycle.deadlines, name="deadlines"),
    path("offices/", organisation.office_list, name="office_list"),
    path("offices/new/", organisation.office_edit, name="office_create"),
    path("offices/<int:pk>/", organisation.office_edit, name="office_edit"),
    path("staff/", organisation.staff_list, name="staff_list"),
    path("staff/new/", organisation.staff_edit, name="staff_create"),
    path("staff/<int:pk>/", organisation.staff_edit, name="staff_edit"),
    path("plans/", plans.year_plans, name="plans"),
    path("plans/allocate/", plans.allocation, name="plan_allocation"),
    path("plans/template/", plan_imports.plans_template_download, name="plans_template"),
    path("plans/import/", plan_imports.plans_upload, name="plans_import"),
]
