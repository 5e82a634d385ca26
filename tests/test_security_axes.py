"""Login throttling (django-axes): a cool-off after repeated failures, never a permanent lock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import override_settings

from bhxh_tracker.security import client_ip

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
@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_nginx_the_forwarded_client_address_counts_and_spoofing_is_ignored(client):
    # All requests arrive from nginx (127.0.0.1); nginx appends the real client as the last entry.
    for n in range(5):
        attempt(client, "hq", "wrong", ip="127.0.0.1", forwarded=f"1.2.3.{n}, 203.0.113.9")
    # The attacker changed the (client-written) first entry every time: still locked as 203.0.113.9.
    assert attempt(client, "hq", "demo", ip="127.0.0.1", forwarded="203.0.113.9").status_code == 429
    # A colleague behind the same nginx, from another address, is not locked out.
    assert attempt(client, "hq", "demo", ip="127.0.0.1", forwarded="198.51.100.20").status_code == 302


@pytest.mark.usefixtures("axes_on")
# TRUSTED_PROXY_COUNT=1 was the old production setting, which trusted the header from any address.
@override_settings(TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/29"], TRUSTED_PROXY_COUNT=1)
def test_a_forwarded_for_from_a_client_that_is_not_a_proxy_is_ignored(client):
    # gunicorn reached directly: 30 wrong passwords, each claiming another address in X-Forwarded-For.
    statuses = [
        attempt(client, "manager-66", "wrong", ip="198.51.100.7", forwarded=f"203.0.113.{n}").status_code
        for n in range(30)
    ]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    # Locked: the right password with yet another forged address does not get in.
    again = attempt(client, "manager-66", "demo", ip="198.51.100.7", forwarded="192.0.2.1")
    assert again.status_code == 429 and "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("remote", "forwarded", "client_address"),
    [
        ("198.51.100.7", "203.0.113.1", "198.51.100.7"),  # not a proxy: the header is the client's own words
        ("127.0.0.1", "203.0.113.1", "203.0.113.1"),  # nginx on this machine
        ("10.0.0.3", "1.1.1.1, 203.0.113.1, 10.0.0.2", "203.0.113.1"),  # two proxies; the first hop forged
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_ip_trusts_the_header_only_from_configured_proxies(rf, remote, forwarded, client_address):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1", "10.0.0.0/29"]):
        assert client_ip(request) == client_address


def test_production_defaults_are_a_cool_off_not_a_permanent_lock():
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
