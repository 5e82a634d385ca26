"""seed_demo creates known passwords: with DEBUG off it refuses unless told explicitly."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from enrollment.models import MonthlyFigure, PostOffice

pytestmark = pytest.mark.django_db


def test_refuses_with_debug_off_and_creates_nothing(db, settings):
    get_user_model().objects.all().delete()
    MonthlyFigure.objects.all().delete()
    offices = PostOffice.objects.count()
    assert settings.DEBUG is False  # pytest-django runs the suite with DEBUG off, as production does
    with pytest.raises(CommandError, match="--allow-known-passwords"):
        call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert not get_user_model().objects.exists()
    assert not MonthlyFigure.objects.exists() and PostOffice.objects.count() == offices


def test_runs_with_debug_on_without_the_option(demo_data):
    before = (get_user_model().objects.count(), MonthlyFigure.objects.count())
    with override_settings(DEBUG=True):
        call_command("seed_demo", through=2021, stdout=open("/dev/null", "w"))
    assert get_user_model().objects.get(username="hq").check_password("demo")
    assert (get_user_model().objects.count(), MonthlyFigure.objects.count()) == before
