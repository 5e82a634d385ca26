"""Shared fixtures. The 2021 demo is seeded once per test database and rolled back per test.

`seed_demo --through 2021`: the article's year alone, on the 63 provinces; the years to 2026 (the cut-over, the
commune offices) are built once, for their own tests, by `tests/devtools/test_demo_today.py`.

pytest-django runs transactional tests (live_server, concurrency) after the others; they
empty the database when they finish, so they ask for `demo_data`, which re-seeds when needed.
"""

import os

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DEMO_THROUGH = 2021  # the suite's demo: the article's year (the cut-over tests carry it into the 34 themselves)  # Playwright's sync API runs an event loop

# CI (`.ci/run`) runs the property-based tests with a fixed seed, so a run on a clean clone is repeatable;
# a developer's `make test` keeps exploring new examples (and hypothesis replays any it saw fail).
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command(
            "seed_demo", verbosity=0, allow_known_passwords=True, through=DEMO_THROUGH, stdout=open(os.devnull, "w")
        )


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Vietnamese: LocaleMiddleware leaves the thread in the last request's language (en)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def demo_data(db):
    """The 2021 demo (seeded again only if a transactional test emptied the database)."""
    from enrollment.geography import load_geography
    from enrollment.models import MonthlyFigure, Province, Region
    from enrollment.roles import groups_sync

    if not Province.objects.exists():  # a flush also removes what the migrations loaded
        load_geography(Region, Province)
        groups_sync()
    if not MonthlyFigure.objects.exists():
        call_command("seed_demo", allow_known_passwords=True, through=DEMO_THROUGH, stdout=open(os.devnull, "w"))


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def demo_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.fixture
def hq(demo_data):
    """HQ staff (Ban Thu BHXH, BHYT): sees and changes everything."""
    return demo_user("hq")


@pytest.fixture
def analyst(demo_data):
    """Analyst: sees everything, changes nothing."""
    return demo_user("analyst")


@pytest.fixture
def manager(demo_data):
    """The manager of Đắk Lắk (old code 66), the article's first province."""
    return demo_user("manager-66")


@pytest.fixture
def manager_hanoi(demo_data):
    """The manager of Hà Nội (old code 01): a foreign province for `manager`."""
    return demo_user("manager-01")


@pytest.fixture
def new_daklak(demo_data):
    """Đắk Lắk of the 34 provinces (took in old Đắk Lắk and Phú Yên on 01/07/2025)."""
    from enrollment.models import Province

    return Province.objects.get(scheme="34", code="66")


@pytest.fixture
def hanoi_34(demo_data):
    """Hà Nội of the 34 provinces."""
    from enrollment.models import Province

    return Province.objects.get(scheme="34", code="01")


@pytest.fixture
def outlier_rule(settings):
    """The plausible-figure check with the production defaults (tests/settings.py turns it off for the suite)."""
    settings.OUTLIER_HISTORY_FACTOR, settings.OUTLIER_HISTORY_MONTHS, settings.OUTLIER_QUOTA_FACTOR = 3, 6, 3
