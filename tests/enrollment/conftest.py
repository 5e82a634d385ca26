import pytest

from enrollment.models import PostOffice, Province, Staff


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
