"""Production settings (DEBUG=0) list no developer app and know none of its commands; DEV_TOOLS=1 brings them."""

import pytest

from tests.test_security_settings import PRODUCTION, manage

APPS = "from django.conf import settings as s; print(' '.join(s.INSTALLED_APPS))"


def test_production_lists_no_developer_app_and_no_humanize():
    result = manage("shell", "--no-imports", "-c", APPS, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    apps = result.stdout.split()
    assert "enrollment" in apps and "reports" in apps
    assert "devtools" not in apps and "benchmarks" not in apps and "django.contrib.humanize" not in apps


def test_production_does_not_know_the_writing_commands():
    for command in ("bench", "generate_load", "seed_demo", "bench_database_mark"):
        result = manage(command, **PRODUCTION)
        assert result.returncode != 0
        assert f"Unknown command: '{command}'" in result.stderr


def test_dev_tools_on_demand_and_in_development():
    on_demand = manage("shell", "--no-imports", "-c", APPS, **PRODUCTION, DEV_TOOLS="1")
    assert on_demand.returncode == 0, on_demand.stderr
    assert "devtools" in on_demand.stdout.split()
    development = manage("shell", "--no-imports", "-c", APPS)  # DEBUG unset: on by default
    assert "devtools" in development.stdout.split()


def test_the_benchmark_floor_view_is_only_in_the_bench_urlconf():
    """`bench` swaps in devtools.bench.urls for its own requests; the site's URLconf never routes to it."""
    from django.urls import Resolver404, resolve

    from devtools.bench import urls as bench_urls

    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
    assert resolve("/bench/floor/", urlconf=bench_urls).func is bench_urls.floor
