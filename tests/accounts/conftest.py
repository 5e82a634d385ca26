import pytest
from django.core.cache import cache

from enrollment.models import Province


@pytest.fixture
def hq_client(client, hq):
    client.force_login(hq)
    return client


@pytest.fixture
def old_daklak(demo_data) -> Province:
    """Đắk Lắk of the 63 provinces (tests/enrollment calls it `daklak`)."""
    return Province.objects.get(scheme="63", code="66")


@pytest.fixture(autouse=True)
def empty_cache():
    """The password-reset throttle counts in the cache."""
    cache.clear()
    yield
    cache.clear()
