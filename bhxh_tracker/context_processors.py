"""Template context every page needs regardless of the app."""

from django.conf import settings


def language_names(request) -> dict:
    """settings.LANGUAGES as written: each language named in itself ("Tiếng Việt", "English") for the switcher.

    Django's get_available_languages translates the names (English becomes "Tiếng Anh" in Vietnamese), and its
    LANG_INFO spells "Tiếng Việt" in decomposed Unicode, which text search and tests do not match.
    """
    return {"LANGUAGE_NAMES": settings.LANGUAGES}
