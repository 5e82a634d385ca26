from django.urls import path

from enrollment import views

app_name = "enrollment"
urlpatterns = [
    path("", views.entry_grid, name="grid"),
    path("template/", views.template_download, name="template_download"),
    path("import/", views.template_upload, name="import"),
    path("history/", views.history, name="history"),
    path("months/", views.submissions, name="submissions"),
    path("months/submit/", views.month_submit, name="month_submit"),
    path("months/close/", views.month_close, name="month_close"),
    path("months/reopen/", views.month_reopen, name="month_reopen"),
    path("offices/", views.office_list, name="office_list"),
    path("offices/new/", views.office_edit, name="office_create"),
    path("offices/<int:pk>/", views.office_edit, name="office_edit"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_edit, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
]
