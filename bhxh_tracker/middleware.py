"""A request the database cannot serve right now (restart, failover, SQLite busy) gets 503 + Retry-After, not 500.

Whatever the request tried to write was rolled back with its transaction, so trying again is safe;
the next request reconnects by itself (CONN_HEALTH_CHECKS). The page is a plain string: rendering
base.html would ask the database for the session and the user again.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def unavailable_page() -> str:
    """In the user's language (LocaleMiddleware has run); a plain string, no template, no database."""
    return format_html(
        '<!doctype html><html lang="{}"><head><meta charset="utf-8"><title>503</title></head><body>'
        "<h1>{}</h1><p>{}</p></body></html>",
        get_language(),
        _("Hệ thống tạm thời không truy cập được cơ sở dữ liệu"),
        _("Chưa có gì được lưu từ thao tác vừa rồi. Vui lòng thử lại sau vài giây."),
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s %s", request.method, request.path, exc_info=exception)
        response = HttpResponse(unavailable_page(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
