"""Backup and restore of the whole database: pg_dump/pg_restore on PostgreSQL, sqlite3's backup API on SQLite.

Used by the `backup` and `restore` management commands. A restore refuses a database that already
has tables unless forced, so a typo can never overwrite live figures.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections

from enrollment.db_statistics import statistics_refresh


def _pg_env_and_args(settings_dict: dict) -> tuple[dict, list[str]]:
    """Connection details for the PostgreSQL client tools, the password through the environment only."""
    env = os.environ.copy()
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def database_backup(*, out: Path, alias: str = "default") -> None:
    """Write a complete, consistent copy of database `alias` to `out`."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        # Custom format: compressed, and pg_restore can restore it into an empty database.
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(out), *args]
            + ["--dbname", connection.settings_dict["NAME"]],
            env,
        )
    elif connection.vendor == "sqlite":
        if connection.in_atomic_block:
            # sqlite3's backup waits forever for a write lock held by this very connection.
            raise CommandError("Back up outside a transaction (run the command on its own).")
        connection.ensure_connection()
        target = sqlite3.connect(out)
        try:
            with target:
                connection.connection.backup(target)  # a consistent snapshot even while others write
        finally:
            target.close()
    else:
        raise CommandError(f"Backup is not supported on {connection.vendor}.")


def database_is_empty(*, alias: str = "default") -> bool:
    """True when the database has no tables at all (a freshly created one)."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def database_restore(*, source: Path, alias: str = "default", force: bool = False) -> None:
    """Replace database `alias` with the backup `source`; refuses a non-empty database unless `force`."""
    if not source.is_file():
        raise CommandError(f"No such backup file: {source}")
    connection = connections[alias]
    if not force and not database_is_empty(alias=alias):
        raise CommandError(
            "The target database is not empty; restore into a newly created database, or pass --force to replace it."
        )
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args(connection.settings_dict)
        connection.close()  # pg_restore --clean must be able to drop what this connection holds
        clean = ["--clean", "--if-exists"] if force else []
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *clean, *args]
            + ["--dbname", connection.settings_dict["NAME"], str(source)],
            env,
        )
        statistics_refresh(alias)  # pg_restore brings the rows, not the planner statistics
    elif connection.vendor == "sqlite":
        try:
            backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{source} is not a SQLite backup: {error}") from error
        connection.ensure_connection()
        try:
            backup.backup(connection.connection)  # page by page, replaces the whole target
        finally:
            backup.close()
    else:
        raise CommandError(f"Restore is not supported on {connection.vendor}.")
