import datetime

import pytest
from django.core.cache import cache

from enrollment.models import Province

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def hq_client(client, hq):
    client.force_login(hq)
    return client


@pytest.fixture
def new_daklak(demo_data) -> Province:
    """Đắk Lắk of the 34 provinces (took in old Đắk Lắk and Phú Yên on 01/07/2025)."""
    return Province.objects.get(scheme="34", code="66")


@pytest.fixture
def old_daklak(demo_data) -> Province:
    return Province.objects.get(scheme="63", code="66")


@pytest.fixture
def hanoi_34(demo_data) -> Province:
    return Province.objects.get(scheme="34", code="01")


@pytest.fixture(autouse=True)
def empty_cache():
    """The password-reset throttle counts in the cache."""
    cache.clear()
    yield
    cache.clear()
