"""Password reset: in the app's look, throttled per address and per e-mail, and honest when no mail can go."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
RESET = "/accounts/password_reset/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hq_email(django_user_model):
    django_user_model.objects.filter(username="hq").update(email="hq@vnpost.example")
    return "hq@vnpost.example"


def test_reset_page_is_in_the_app_look(client):
    response = client.get(RESET)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="password-reset-form"' in body and "Quên mật khẩu" in body
    assert "django-admin" not in body and "/static/admin/" not in body


def test_reset_sends_the_mail_when_mail_works(client, hq_email):
    response = client.post(RESET, {"email": hq_email})
    assert response.status_code == 302 and response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [hq_email] and "/accounts/reset/" in mail.outbox[0].body
    done = client.get(response.url).content.decode()
    assert 'id="password-reset-done"' in done


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_reset_says_no_mail_was_sent_when_the_server_cannot_send(client, hq_email):
    response = client.post(RESET, {"email": hq_email})
    assert response.status_code == 503
    assert "chưa được cấu hình để gửi thư" in response.content.decode()


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9, EMAIL_TIMEOUT=2
)
def test_reset_says_so_when_the_smtp_server_refuses(client, hq_email):
    response = client.post(RESET, {"email": hq_email})  # port 9 (discard) is closed: connection refused
    assert response.status_code == 503
    assert "Không gửi được thư đặt lại mật khẩu" in response.content.decode()


@override_settings(PASSWORD_RESET_LIMIT=3)
def test_reset_is_throttled_per_address(client, hq_email):
    statuses = [client.post(RESET, {"email": f"nobody{n}@example.com"}).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    refused = client.post(RESET, {"email": hq_email})
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert mail.outbox == []  # the real account's mail was not sent once throttled
    other_address = client.post(RESET, {"email": "x@example.com"}, REMOTE_ADDR="10.9.9.9")
    assert other_address.status_code == 302


@override_settings(PASSWORD_RESET_LIMIT=3)
def test_reset_is_throttled_per_email(client, hq_email):
    for n in range(3):
        assert client.post(RESET, {"email": hq_email}, REMOTE_ADDR=f"10.0.1.{n}").status_code == 302
    assert client.post(RESET, {"email": hq_email.upper()}, REMOTE_ADDR="10.0.1.99").status_code == 429
    assert len(mail.outbox) == 3


def test_login_page_links_to_the_reset(client):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)


def test_the_reset_mail_is_the_apps_own_and_its_link_sets_the_password(client, hq_email, django_user_model):
    client.post(RESET, {"email": hq_email})
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu · BHXH tự nguyện · Bưu điện Việt Nam"
    assert "Tên đăng nhập của bạn: hq" in message.body and "Bưu điện Việt Nam" in message.body
    assert "You're receiving this email" not in message.body
    confirm = client.get(_reset_link(message), follow=True)
    body = confirm.content.decode()
    assert 'id="password-reset-confirm-form"' in body and "/static/admin/" not in body
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "Bao-hiem-2026!", "new_password2": "Bao-hiem-2026!"},
        follow=True,
    )
    body = done.content.decode()
    assert 'id="password-reset-complete"' in body and "/static/admin/" not in body
    assert django_user_model.objects.get(username="hq").check_password("Bao-hiem-2026!")


def test_a_user_who_never_set_a_password_can_ask_for_one(client, hq):
    """HQ creates users without a password; when their first link has expired, "Quên mật khẩu" must still work."""
    from accounts.services import user_create

    user = user_create(by=hq, username="lan.nt", full_name="Nguyễn Thị Lan", email="lan@vnpost.example", role="analyst")
    assert not user.has_usable_password()
    assert client.post(RESET, {"email": "LAN@vnpost.example"}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan@vnpost.example"]


def test_a_disabled_user_gets_no_mail_and_the_page_does_not_tell(client, hq_email, django_user_model):
    django_user_model.objects.filter(username="hq").update(is_active=False)
    response = client.post(RESET, {"email": hq_email})
    assert response.status_code == 302 and response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_password_change_is_in_the_app_look(client, hq):
    client.force_login(hq)
    page = client.get("/accounts/password_change/").content.decode()
    assert 'id="password-change-form"' in page and "/static/admin/" not in page and "Đổi mật khẩu" in page
    assert 'id="nav-password-change"' in client.get("/").content.decode()
    hq.set_password("Old-Passw0rd!")
    hq.save()
    client.force_login(hq)
    done = client.post(
        "/accounts/password_change/",
        {"old_password": "Old-Passw0rd!", "new_password1": "Bao-hiem-2026!", "new_password2": "Bao-hiem-2026!"},
        follow=True,
    )
    body = done.content.decode()
    assert 'id="password-change-done"' in body and "/static/admin/" not in body
    hq.refresh_from_db()
    assert hq.check_password("Bao-hiem-2026!")
