"""The language switcher: Django's set_language, and the choice remembered for the signed-in user."""

from django.http import HttpRequest, HttpResponse
from django.views.i18n import set_language as django_set_language

from enrollment.services.preferences import language_preference_set


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the page's language (cookie, as Django does) and save it as the user's preference (reminders)."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        language_preference_set(user=request.user, language=request.POST.get("language", ""))
    return response
