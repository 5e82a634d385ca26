"""Login throttling (django-axes): a cool-off after repeated failures, never a permanent lock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings

LOGIN = "/accounts/login/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def attempt(client, username: str, password: str, ip: str = "10.0.0.7", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@pytest.fixture
def axes_on():
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, AXES_COOLOFF_TIME=timedelta(minutes=15)):
        yield


@pytest.mark.usefixtures("axes_on")
def test_fifth_failure_locks_the_pair_even_for_the_right_password(client):
    for _ in range(4):
        assert attempt(client, "manager-66", "wrong").status_code == 200  # the form again, with its message
    locked = attempt(client, "manager-66", "wrong")
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    # Locked: even the right password is refused and no session is opened.
    again = attempt(client, "manager-66", "demo")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("axes_on")
def test_lock_is_per_username_and_address(client):
    for _ in range(5):
        attempt(client, "manager-66", "wrong")
    # Another user from the same address, and the same user from another address, still get in.
    assert attempt(client, "manager-01", "demo").status_code == 302
    client.logout()
    assert attempt(client, "manager-66", "demo", ip="10.0.0.8").status_code == 302


@pytest.mark.usefixtures("axes_on")
def test_lock_ends_after_the_cool_off(client):
    for _ in range(5):
        attempt(client, "analyst", "wrong")
    assert attempt(client, "analyst", "demo").status_code == 429
    # Fifteen minutes later (the attempts are moved back in time rather than sleeping).
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16))
    response = attempt(client, "analyst", "demo")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.usefixtures("axes_on")
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_nginx_the_forwarded_client_address_counts_and_spoofing_is_ignored(client):
    # All requests arrive from nginx (127.0.0.1); nginx appends the real client as the last entry.
    for n in range(5):
        attempt(client, "hq", "wrong", ip="127.0.0.1", forwarded=f"1.2.3.{n}, 203.0.113.9")
    # The attacker changed the (client-written) first entry every time: still locked as 203.0.113.9.
    assert attempt(client, "hq", "demo", ip="127.0.0.1", forwarded="203.0.113.9").status_code == 429
    # A colleague behind the same nginx, from another address, is not locked out.
    assert attempt(client, "hq", "demo", ip="127.0.0.1", forwarded="198.51.100.20").status_code == 302


def test_production_defaults_are_a_cool_off_not_a_permanent_lock():
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
