"""HQ's users pages: HQ only (GET and POST), the list with roles, provinces and dates, search and pages, one form to
create a manager, errors shown on the page, and the query budget of the list."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from accounts import services
from enrollment.models import ManagerAssignment

pytestmark = pytest.mark.django_db
User = get_user_model()
D = datetime.date
LIST, CREATE = "/users/", "/users/new/"


@pytest.fixture
def newcomer(hq, new_daklak):
    return services.user_create(
        by=hq,
        username="lan.nt",
        full_name="Nguyễn Thị Lan",
        email="lan@vnpost.example",
        role="manager",
        provinces=[new_daklak],
        valid_from=D(2026, 12, 1),
    )


def _write_urls(user, spell):
    return {
        CREATE: {"username": "x", "full_name": "X", "email": "x@e.vn", "role": "hq"},
        f"/users/{user.pk}/active/": {"active": "0"},
        f"/users/{user.pk}/assignments/": {"province": spell.province_id, "valid_from": "01/01/2027"},
        f"/users/{user.pk}/assignments/{spell.pk}/end/": {f"end-{spell.pk}-valid_to": "01/01/2027"},
        f"/users/{user.pk}/password-link/": {},
    }


@pytest.mark.parametrize("who", ["manager", "analyst"])
def test_managers_and_analysts_can_neither_read_nor_post(client, request, who, newcomer):
    client.force_login(request.getfixturevalue(who))
    spell = newcomer.assignments.get()
    for url in (LIST, CREATE, f"/users/{newcomer.pk}/"):
        assert client.get(url).status_code == 403, url
    users_before = User.objects.count()
    for url, data in _write_urls(newcomer, spell).items():
        assert client.post(url, data).status_code == 403, url
    newcomer.refresh_from_db()
    assert newcomer.is_active and User.objects.count() == users_before and mail.outbox == []
    assert list(newcomer.assignments.values_list("valid_to", flat=True)) == [None]
    assert "/users/" not in client.get("/").content.decode()  # no menu link either


def test_anonymous_is_sent_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_list_shows_role_provinces_status_and_last_login(hq_client, newcomer, django_assert_max_num_queries):
    User.objects.filter(pk=newcomer.pk).update(is_active=False)
    with django_assert_max_num_queries(6):
        response = hq_client.get(LIST, {"q": "lan"})
    assert response.status_code == 200
    rows = list(response.context["table"].page.object_list)
    assert [row.record.username for row in rows] == ["lan.nt"]
    body = response.content.decode()
    assert "Nguyễn Thị Lan" in body and "Lãnh đạo tỉnh" in body and "Đắk Lắk (34) 01/12/2025" not in body
    assert "Đắk Lắk (34) 01/12/2026 – …" in body and "Đã khóa" in body


def test_the_list_pages_and_filters(hq_client, django_assert_max_num_queries):
    everyone = User.objects.count()  # the demo: hq, analyst and 63 managers
    assert everyone > 50
    with django_assert_max_num_queries(6):  # session, user, groups, count, page, the page's spells: 25 rows or 5
        first = hq_client.get(LIST)
    assert len(first.context["table"].page.object_list) == 25
    assert first.context["table"].paginator.count == everyone
    body = first.content.decode()
    assert "Hà Nội (63) … – …" in body  # the demo's open-ended spells
    managers = hq_client.get(LIST, {"role": "manager", "active": "yes"})
    assert managers.context["table"].paginator.count == User.objects.filter(groups__name="Province manager").count()
    analysts = hq_client.get(LIST, {"role": "analyst"})
    assert [row.record.username for row in analysts.context["table"].page.object_list] == ["analyst"]
    bad = hq_client.get(LIST, {"role": "boss", "page": "999999999999999999999"})
    assert bad.status_code in (200, 404)  # a bad choice is reported on the form, never a server error


def test_hq_creates_a_manager_in_one_form(hq_client, new_daklak):
    response = hq_client.post(
        CREATE,
        {
            "username": "minh.tv",
            "full_name": "Trần Văn Minh",
            "email": "minh@vnpost.example",
            "role": "manager",
            "provinces": [new_daklak.pk],
            "valid_from": "01/12/2026",
        },
    )
    user = User.objects.get(username="minh.tv")
    assert response.status_code == 302 and response.url == f"/users/{user.pk}/"
    assert list(user.assignments.values_list("province", "valid_from")) == [(new_daklak.pk, D(2026, 12, 1))]
    page = hq_client.get(response.url).content.decode()
    assert "Đã tạo người dùng minh.tv" in page and "01/12/2026" in page


def test_a_refused_create_shows_why_and_saves_nothing(hq_client, old_daklak):
    data = {"username": "minh.tv", "full_name": "Trần Văn Minh", "email": "minh@vnpost.example", "role": "manager"}
    response = hq_client.post(CREATE, data | {"provinces": [old_daklak.pk], "valid_from": "01/12/2026"})
    assert response.status_code == 400
    assert "chỉ còn hiệu lực đến 30/06/2025" in response.content.decode()
    no_province = hq_client.post(CREATE, data)
    assert no_province.status_code == 400 and "ít nhất một tỉnh" in no_province.content.decode()
    bad_date = hq_client.post(CREATE, data | {"valid_from": "31/02/2026"})
    assert bad_date.status_code == 400
    assert not User.objects.filter(username="minh.tv").exists()


def test_assign_and_end_on_the_user_page(hq_client, newcomer, new_daklak, hanoi_34, django_assert_max_num_queries):
    url = f"/users/{newcomer.pk}/"
    added = hq_client.post(f"{url}assignments/", {"province": hanoi_34.pk, "valid_from": "01/01/2027"})
    assert added.status_code == 302
    overlap = hq_client.post(f"{url}assignments/", {"province": new_daklak.pk, "valid_from": "01/01/2027"})
    assert overlap.status_code == 400 and "trùng lặp" in overlap.content.decode()
    spell = newcomer.assignments.get(province=new_daklak)
    ended = hq_client.post(f"{url}assignments/{spell.pk}/end/", {f"end-{spell.pk}-valid_to": "31/12/2026"}, follow=True)
    assert "Đã kết thúc phân công" in ended.content.decode()
    spell.refresh_from_db()
    assert spell.valid_to == D(2026, 12, 31)
    backwards = hq_client.post(
        f"{url}assignments/{spell.pk}/end/", {f"end-{spell.pk}-valid_to": "01/01/2020"}, follow=True
    )
    assert "Ngày kết thúc phải cùng hoặc sau ngày bắt đầu" in backwards.content.decode()
    with django_assert_max_num_queries(7):  # session, user, groups, the subject, spells, provinces to pick, history
        history = hq_client.get(url)
    assert history.status_code == 200
    assert len(history.context["history"]) == 3 and history.context["history"][0].history_user.username == "hq"


def test_another_users_spell_is_a_404(hq_client, newcomer, manager):
    foreign = ManagerAssignment.objects.filter(user=manager).first()
    response = hq_client.post(
        f"/users/{newcomer.pk}/assignments/{foreign.pk}/end/", {f"end-{foreign.pk}-valid_to": "01/01/2027"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.valid_to is None


def test_disable_and_enable_from_the_page(hq_client, newcomer):
    response = hq_client.post(f"/users/{newcomer.pk}/active/", {"active": "0"}, follow=True)
    assert "Đã khóa tài khoản" in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.is_active
    hq_client.post(f"/users/{newcomer.pk}/active/", {"active": "1"})
    newcomer.refresh_from_db()
    assert newcomer.is_active


def test_the_password_link_button_sends_the_mail(hq_client, newcomer):
    response = hq_client.post(f"/users/{newcomer.pk}/password-link/", follow=True)
    assert "Đã gửi đường dẫn đặt mật khẩu tới lan@vnpost.example" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan@vnpost.example"]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_the_password_link_button_is_honest_without_mail(hq_client, newcomer):
    response = hq_client.post(f"/users/{newcomer.pk}/password-link/", follow=True)
    body = response.content.decode()
    assert "chưa được cấu hình để gửi thư" in body and "Đã gửi đường dẫn" not in body


def test_the_menu_links_the_users_page_for_hq(hq_client):
    assert 'id="nav-users"' in hq_client.get("/").content.decode()
