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
]
