from django.urls import path

from reports.exports import views as exports

app_name = "exports"
urlpatterns = [
    path("", exports.export_page, name="page"),
    path("download/", exports.export_download, name="download"),
]
