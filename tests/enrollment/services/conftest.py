import pytest
from django.contrib.auth import get_user_model


@pytest.fixture
def manager_hanoi(demo_data):
    return get_user_model().objects.get(username="manager-01")


@pytest.fixture
def analyst(demo_data):
    return get_user_model().objects.get(username="analyst")
