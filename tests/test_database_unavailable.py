"""A request that meets an unreachable database answers 503 with Retry-After, not a 500 page."""

import sqlite3

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from bhxh_tracker.middleware import DatabaseUnavailableMiddleware


def real_connection_error() -> OperationalError:
    """The error a driver raises when the database is not there (here: SQLite asked to open a directory)."""
    try:
        sqlite3.connect("file:/?mode=ro", uri=True).execute("SELECT 1")
    except sqlite3.OperationalError as error:
        return OperationalError(*error.args)
    pytest.fail("opening a directory as a database did not fail")


def test_database_errors_become_503_with_retry_after():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().post("/entry/"), real_connection_error())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Chưa có gì được lưu" in response.content.decode()


def test_the_503_page_follows_the_users_language():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    with translation.override("en"):
        response = middleware.process_exception(RequestFactory().get("/"), real_connection_error())
    assert 'lang="en"' in response.content.decode() and "Nothing from your last action" in response.content.decode()


def test_other_errors_are_left_to_django():
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("a bug")) is None
