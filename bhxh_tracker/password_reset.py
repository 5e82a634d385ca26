"""Password reset in the app's look: Django's PasswordResetView, throttled, and honest about the mail.

Throttle: at most PASSWORD_RESET_LIMIT requests per client address and per e-mail address in
PASSWORD_RESET_WINDOW, counted in Django's cache (an attacker cannot flood a colleague's mailbox, nor
probe the server's mail from one address). Honest: when the server cannot send mail (EMAIL_BACKEND left
at the console/dummy/file backends, or the SMTP server refusing) the page says so instead of "sent".
"""

import hashlib
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.mail import get_connection
from django.utils.translation import gettext as _

from bhxh_tracker.security import client_ip

logger = logging.getLogger(__name__)
#: backends that accept a message without delivering it to anyone
NON_DELIVERING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def mail_delivers() -> bool:
    return settings.EMAIL_BACKEND not in NON_DELIVERING_BACKENDS


def mail_server_answers() -> bool:
    """Open (and close) a connection to the mail server before promising a mail.

    Django's PasswordResetForm logs and swallows a failed send, so without this the page would say "sent"
    while the SMTP server is down. Checked whether or not the address has an account, so the answer does
    not tell which addresses exist.
    """
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
        connection.close()
    except (smtplib.SMTPException, OSError):
        logger.exception("the mail server did not answer; no password reset mail sent")
        return False
    return True


def _over_limit(kind: str, value: str) -> bool:
    """Count one request for (kind, value) in the window; True once past the limit."""
    key = f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"
    window = int(settings.PASSWORD_RESET_WINDOW.total_seconds())
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.PASSWORD_RESET_LIMIT


class PasswordResetView(auth_views.PasswordResetView):
    """Django's view (its form, token and e-mail), refusing with a message when throttled or mail cannot go."""

    template_name = "registration/password_reset_form.html"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        by_address = _over_limit("ip", client_ip(self.request) or "")
        by_email = _over_limit("email", email)
        if by_address or by_email:
            return self.refuse(form, _("Đã yêu cầu đặt lại mật khẩu quá nhiều lần; vui lòng thử lại sau một giờ."), 429)
        if not mail_delivers():
            return self.refuse(
                form,
                _(
                    "Máy chủ chưa được cấu hình để gửi thư nên không gửi được thư đặt lại mật khẩu. Vui lòng liên hệ quản trị viên."
                ),
                503,
            )
        if not mail_server_answers():
            return self.refuse(
                form,
                _("Không gửi được thư đặt lại mật khẩu lúc này. Vui lòng thử lại sau hoặc liên hệ quản trị viên."),
                503,
            )
        return super().form_valid(form)

    def refuse(self, form, message: str, status: int):
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=status)
