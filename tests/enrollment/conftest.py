from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from enrollment.models import PostOffice, Province, Staff
from enrollment.services.figures import figures_record
from tests.enrollment.cutover import assignment_move, new_scheme_office_with_staff


@pytest.fixture
def daklak(demo_data) -> Province:
    return Province.objects.get(scheme="63", code="66")


@pytest.fixture
def hanoi(demo_data) -> Province:
    return Province.objects.get(scheme="63", code="01")


@pytest.fixture
def office(daklak) -> PostOffice:
    return PostOffice.objects.filter(province=daklak).order_by("code").first()


@pytest.fixture
def office_staff(office) -> list[Staff]:
    return list(Staff.objects.filter(post_office=office).order_by("employee_code"))


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def hq_client(client, hq):
    client.force_login(hq)
    return client


@pytest.fixture
def cutover(demo_data, hq) -> SimpleNamespace:
    """The 1/7/2025 change for two managers: manager-66 (old Đắk Lắk → new Đắk Lắk, which also took in Phú Yên)
    and manager-01 (Hà Nội → Hà Nội, which merged with nothing), with a July 2025 figure in each new province."""
    users = get_user_model().objects
    old = {code: Province.objects.get(scheme="63", code=code) for code in ("66", "54", "01")}
    new = {code: Province.objects.get(scheme="34", code=code) for code in ("66", "01")}
    managers = {code: users.get(username=f"manager-{code}") for code in ("66", "01")}
    for code, user in managers.items():
        assignment_move(user, old=old[code], new=new[code])
    staff = {code: new_scheme_office_with_staff(new[code]) for code in new}
    figures_record(user=hq, year=2025, month=7, values={staff["66"][0].pk: 4, staff["01"][0].pk: 3})
    return SimpleNamespace(old=old, new=new, managers=managers, staff=staff)
