from django.contrib import admin
from django.urls import include, path

from bhxh_tracker.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("entry/", include("enrollment.urls")),
    path("exports/", include("reports.exports.urls")),
    path("", include("reports.urls")),
]
