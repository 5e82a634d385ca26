"""Password reset in the app's look: Django's PasswordResetView, throttled, and honest about the mail.

Also the home of the password-set link HQ sends a new user (`PasswordSetLinkForm`, used by
accounts.services.password_set_link_send): the same token generator, the same honesty (`mail_refusal`).

Throttle: at most PASSWORD_RESET_LIMIT requests per client address and per e-mail address in
PASSWORD_RESET_WINDOW, counted in Django's cache (an attacker cannot flood a colleague's mailbox, nor
probe the server's mail from one address). Honest: when the server cannot send mail (EMAIL_BACKEND left
at the console/dummy/file backends, or the SMTP server refusing) the page says so instead of "sent".
"""

import hashlib
import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template import loader
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


def mail_refusal() -> str | None:
    """Why no mail can go now (translated, for the page), or None when the server delivers and answers."""
    if not mail_delivers():
        return _(
            "Máy chủ chưa được cấu hình để gửi thư nên không gửi được thư đặt lại mật khẩu. Vui lòng liên hệ quản trị viên."
        )
    if not mail_server_answers():
        return _("Không gửi được thư đặt lại mật khẩu lúc này. Vui lòng thử lại sau hoặc liên hệ quản trị viên.")
    return None


class AccountPasswordResetForm(PasswordResetForm):
    """Django's form with our own e-mail, sent also to an active account that never set a password.

    Django skips unusable passwords (meant for accounts of an outside login); here every account logs in with a
    password, and a user created by HQ has none until they follow a link. Without this, a newcomer whose
    password-set link expired would ask for a reset, read "sent", and receive nothing.
    """

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email.strip(), is_active=True)
        return (user for user in users.iterator() if user.email)


class PasswordSetLinkForm(AccountPasswordResetForm):
    """The first password-set link for one named user (HQ's "gửi đường dẫn đặt mật khẩu"), never swallowing a
    failed send: Django's form logs it and carries on, which would let the page say "sent"."""

    def __init__(self, *, user, **kwargs):
        super().__init__({"email": user.email}, **kwargs)
        self.user = user

    def get_users(self, email):
        return [self.user] if self.user.is_active and self.user.email else []

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


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
    form_class = AccountPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        by_address = _over_limit("ip", client_ip(self.request) or "")
        by_email = _over_limit("email", email)
        if by_address or by_email:
            return self.refuse(form, _("Đã yêu cầu đặt lại mật khẩu quá nhiều lần; vui lòng thử lại sau một giờ."), 429)
        refusal = mail_refusal()
        if refusal is not None:
            return self.refuse(form, refusal, 503)
        return super().form_valid(form)

    def refuse(self, form, message: str, status: int):
        form.add_error(None, message)
        return self.render_to_response(self.get_context_data(form=form), status=status)
