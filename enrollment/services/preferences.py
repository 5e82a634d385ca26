"""A user's own settings, saved as they use the app (the language switcher)."""

from django.conf import settings
from django.db import transaction

from enrollment.models import UserPreference


@transaction.atomic
def language_preference_set(*, user, language: str) -> UserPreference | None:
    """Remember the language the user chose (reminders are written in it); an unknown code changes nothing."""
    if not user.is_authenticated or language not in dict(settings.LANGUAGES):
        return None
    preference, _created = UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    return preference


def language_of(user) -> str:
    """The user's language: their saved choice, else the site's default (Vietnamese)."""
    preference = getattr(user, "preference", None) if user.pk else None
    return preference.language if preference else settings.LANGUAGE_CODE
