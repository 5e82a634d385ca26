"""Password reset: in the app's look, throttled per address and per e-mail, and honest when no mail can go."""

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
