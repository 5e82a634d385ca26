"""accounts.services: HQ only; assignments dated, on the right scheme, never overlapping, with history; users
created in one step, disabled with their sessions ended; the password-set link sent honestly."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory, override_settings

from accounts import services
from enrollment import roles
from enrollment.models import ManagerAssignment
from enrollment.services.assignments import manager_assign, manager_assignment_end

pytestmark = pytest.mark.django_db
User = get_user_model()
D = datetime.date


def _manager(hq, username="new-manager", **kwargs):
    defaults = {"full_name": "Nguyễn Thị Lan", "email": f"{username}@vnpost.example", "role": "manager"}
    return services.user_create(by=hq, username=username, **(defaults | kwargs))


def _request():
    return RequestFactory().post("/users/1/password-link/")


@pytest.mark.parametrize("who", ["manager", "analyst"])
def test_only_hq_writes(request, who, hq, new_daklak):
    by = request.getfixturevalue(who)
    target = _manager(hq, provinces=[new_daklak])
    spell = target.assignments.get()
    attempts = [
        lambda: services.user_create(by=by, username="x", full_name="X", email="x@e.vn", role="analyst"),
        lambda: manager_assign(user=target, province=new_daklak, valid_from=D(2027, 1, 1), by=by),
        lambda: manager_assignment_end(assignment=spell, valid_to=D(2027, 1, 1), by=by),
        lambda: services.user_active_set(user=target, active=False, by=by),
        lambda: services.password_set_link_send(user=target, request=_request(), by=by),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    target.refresh_from_db()
    assert target.is_active and not User.objects.filter(username="x").exists() and mail.outbox == []
    assert list(target.assignments.values_list("valid_from", "valid_to")) == [(spell.valid_from, None)]


# --- creating users --------------------------------------------------------------------------------------------


def test_create_a_manager_in_one_step(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak], valid_from=D(2026, 12, 1))
    user = User.objects.get(pk=user.pk)
    assert (user.username, user.first_name, user.email, user.is_staff) == (
        "new-manager",
        "Nguyễn Thị Lan",
        "new-manager@vnpost.example",
        True,
    )
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [roles.MANAGER_GROUP]
    assert list(user.assignments.values_list("province", "valid_from", "valid_to")) == [
        (new_daklak.pk, D(2026, 12, 1), None)
    ]


def test_create_refusals_leave_nothing_behind(hq, new_daklak, old_daklak):
    before = User.objects.count()
    cases = [
        ({"provinces": []}, "ít nhất một tỉnh"),
        ({"role": "analyst", "provinces": [new_daklak]}, "Chỉ lãnh đạo tỉnh"),
        ({"email": "HQ-existing@vnpost.example"}, "đã thuộc một người dùng khác"),
        ({"username": "hq"}, "username"),  # taken (Django's own message names the field)
        ({"username": "bad name!"}, "username"),
        # a wrong-scheme province after the user row was written: the transaction takes the user back
        ({"provinces": [old_daklak], "valid_from": D(2026, 1, 1)}, "30/06/2025"),
    ]
    User.objects.filter(username="analyst").update(email="hq-existing@vnpost.example")
    for changes, expected in cases:
        arguments = {"provinces": [new_daklak]} | changes
        with pytest.raises(ValidationError) as refused:
            _manager(hq, **arguments)
        error = refused.value
        text = " ".join(error.messages) + " ".join(getattr(error, "message_dict", {}))
        assert expected in text, (changes, text)
    assert (
        User.objects.count() == before and not ManagerAssignment.objects.filter(user__username="new-manager").exists()
    )


# --- disabling ---------------------------------------------------------------------------------------------------


def test_disabling_ends_the_sessions_and_the_login(client, hq, new_daklak, settings):
    user = _manager(hq, provinces=[new_daklak])
    user.set_password("a-long-Passw0rd")
    user.save()
    assert client.login(username="new-manager", password="a-long-Passw0rd")
    assert client.get("/entry/offices/").status_code == 200
    services.user_active_set(user=user, active=False, by=hq)
    assert not any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in Session.objects.all())
    response = client.get("/entry/offices/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert not client.login(username="new-manager", password="a-long-Passw0rd")
    # re-enabled: logs in again with a new session; the old one does not come back by itself
    services.user_active_set(user=user, active=True, by=hq)
    assert client.login(username="new-manager", password="a-long-Passw0rd")


def test_disabling_leaves_other_users_sessions(client, hq, manager, new_daklak):
    user = _manager(hq, provinces=[new_daklak])
    client.force_login(manager)
    services.user_active_set(user=user, active=False, by=hq)
    assert client.get("/entry/offices/").status_code == 200


def test_hq_cannot_disable_itself(hq):
    with pytest.raises(ValidationError) as refused:
        services.user_active_set(user=hq, active=False, by=hq)
    assert "tự khóa" in " ".join(refused.value.messages)
    hq.refresh_from_db()
    assert hq.is_active


# --- the password-set link ------------------------------------------------------------------------------------


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)


def test_the_link_is_mailed_and_sets_the_password(client, hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak])
    services.password_set_link_send(user=user, request=_request(), by=hq)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new-manager@vnpost.example"] and "new-manager" in message.body
    assert "Tài khoản mới" in message.subject
    confirm = client.get(_link(message), follow=True)
    assert confirm.status_code == 200 and 'id="password-reset-confirm-form"' in confirm.content.decode()
    done = client.post(
        confirm.redirect_chain[-1][0], {"new_password1": "Bao-hiem-2026!", "new_password2": "Bao-hiem-2026!"}
    )
    assert done.status_code == 302 and done.url == "/accounts/reset/done/"
    user.refresh_from_db()
    assert user.check_password("Bao-hiem-2026!")
    assert client.login(username="new-manager", password="Bao-hiem-2026!")
    # used once: the same link is refused afterwards
    client.logout()
    again = client.get(_link(message), follow=True)
    assert 'id="invalid-link"' in again.content.decode()


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_link_is_refused_honestly_when_mail_cannot_go(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak])
    with pytest.raises(services.MailNotSent) as refused:
        services.password_set_link_send(user=user, request=_request(), by=hq)
    assert "chưa được cấu hình để gửi thư" in " ".join(refused.value.messages)


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9, EMAIL_TIMEOUT=2
)
def test_the_link_is_refused_honestly_when_the_smtp_server_refuses(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak])
    with pytest.raises(services.MailNotSent) as refused:
        services.password_set_link_send(user=user, request=_request(), by=hq)
    assert "Không gửi được thư" in " ".join(refused.value.messages)


def test_a_failed_send_is_not_reported_as_sent(hq, new_daklak, monkeypatch):
    """The server answered the check, then refused the message: Django's form would log and carry on."""
    user = _manager(hq, provinces=[new_daklak])

    def refuse(self, fail_silently=False):
        raise OSError("connection reset")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(services.MailNotSent):
        services.password_set_link_send(user=user, request=_request(), by=hq)


def test_no_link_for_a_disabled_user(hq, new_daklak):
    user = _manager(hq, provinces=[new_daklak])
    services.user_active_set(user=user, active=False, by=hq)
    with pytest.raises(ValidationError):
        services.password_set_link_send(user=user, request=_request(), by=hq)
    assert mail.outbox == []
