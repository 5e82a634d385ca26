"""`backup` then `restore` into an empty database gives back every figure, every row of every table."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from enrollment.models import MonthlyFigure
from tests.conftest import is_postgres

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]


def rows_by_table(cursor, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order (the first column), as plain tuples."""
    result = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
        result[table] = [tuple(row) for row in cursor.fetchall()]
    return result


def manage(*args: str, database_url: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "bhxh_tracker.settings", "DATABASE_URL": database_url, "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def empty_database(tmp_path):
    """(DATABASE_URL, open a DB-API connection) of a newly created, empty database of the same engine."""
    if not is_postgres():
        path = tmp_path / "restored.sqlite3"
        import sqlite3

        yield (
            f"sqlite:///{path}",
            lambda: sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES),
        )
        return
    import psycopg2

    params = connection.get_connection_params()
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    user, host, port = params.get("user", ""), params.get("host", ""), params.get("port", 5432)
    password = f":{params['password']}" if params.get("password") else ""
    try:
        yield (
            f"postgres://{user}{password}@{host}:{port}/{name}",
            lambda: psycopg2.connect(**{**params, "dbname": name}),
        )
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db(transaction=True)  # a backup is taken outside any transaction, as in real use
def test_restore_into_an_empty_database_gives_back_every_figure(tmp_path, empty_database):
    url, connect = empty_database
    backup = tmp_path / "bhxh.backup"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))
    assert backup.stat().st_size > 100_000

    restored = manage("restore", str(backup), database_url=url)
    assert restored.returncode == 0, restored.stderr
    # The restored database is complete as far as Django is concerned: no migration is missing.
    check = manage("migrate", "--check", database_url=url)
    assert check.returncode == 0, check.stdout + check.stderr

    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        original = rows_by_table(cursor, tables)
    copy = connect()
    try:
        restored_rows = rows_by_table(copy.cursor(), tables)
    finally:
        copy.close()
    assert len(original["enrollment_monthlyfigure"]) == MonthlyFigure.objects.count() == 22_468
    for table in tables:
        assert restored_rows[table] == original[table], table
    copy = connect()
    try:
        cursor = copy.cursor()
        cursor.execute("SELECT SUM(new_participants) FROM enrollment_monthlyfigure WHERE year = 2021 AND month <= 4")
        assert cursor.fetchone()[0] == 76_408  # the article's lũy kế through April
    finally:
        copy.close()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup = tmp_path / "bhxh.backup"
    backup.write_bytes(b"refused before it is read")
    before = MonthlyFigure.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))
    assert MonthlyFigure.objects.count() == before


def test_backup_inside_a_transaction_is_refused_rather_than_hanging(tmp_path):
    if is_postgres():
        pytest.skip("pg_dump runs in its own session")
    with pytest.raises(CommandError, match="outside a transaction"):
        call_command("backup", str(tmp_path / "x.backup"))


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such backup file"):
        call_command("restore", str(tmp_path / "nothing.backup"), "--force")


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, empty_database):
    url, connect = empty_database
    bogus = tmp_path / "bogus.backup"
    bogus.write_bytes(b"PK\x03\x04 this is not a database" * 100)
    result = manage("restore", str(bogus), database_url=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    # refused for what it is (not for some other reason, such as a database that is not empty) …
    expected = "pg_restore failed" if is_postgres() else f"{bogus} is not a SQLite backup"
    assert expected in result.stderr, result.stderr[-2000:]
    # … and the target was left empty
    target = connect()
    try:
        cursor = target.cursor()
        if is_postgres():
            cursor.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'")
        assert cursor.fetchone()[0] == 0
    finally:
        target.close()
