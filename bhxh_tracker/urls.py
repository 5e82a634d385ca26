from django.contrib import admin
from django.urls import include, path

from bhxh_tracker.health import healthz
from bhxh_tracker.password_reset import PasswordResetView
from enrollment.views.language import set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Before Django's auth URLs, so the name "password_reset" resolves to the throttled, honest view.
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    # Before Django's i18n URLs: the switcher also saves the signed-in user's language (their reminders' language).
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("entry/", include("enrollment.urls")),
    path("users/", include("accounts.urls")),
    path("exports/", include("reports.exports.urls")),
    path("", include("reports.urls")),
]
