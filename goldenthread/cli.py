"""The `goldenthread` console script: Django's management commands under one name.

Command names may be written with hyphens (`goldenthread import-indicators`), as the docs do.
A misconfiguration (a missing setting, a database never migrated) is one line on standard
error and exit status 1, not a traceback; `--traceback` shows the traceback as well.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, OperationalError

from goldenthread.env import load_checkout_defaults

# PostgreSQL's code for "relation does not exist".
UNDEFINED_TABLE = "42P01"


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    try:
        load_checkout_defaults()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except (ImproperlyConfigured, DatabaseError) as error:
        problem = configuration_problem(error)
        if problem is None or "--traceback" in args:
            raise
        print(f"goldenthread: {problem}", file=sys.stderr)
        sys.exit(1)
    except BrokenPipeError:
        # The reader went away (`goldenthread report status | head`): stop quietly, and keep
        # Python from failing again as it flushes standard output on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


def configuration_problem(error: Exception) -> str | None:
    """What an operator must fix, in one line; None for an error that is not about set-up."""
    if isinstance(error, ImproperlyConfigured):
        return " ".join(str(error).split())
    if isinstance(error, OperationalError) and raised_while_connecting(error):
        reason = " ".join(str(error).split())
        return f"cannot open the database {database_name()} ({reason}): check DATABASE_URL"
    table = missing_table(error)
    if table is None:
        return None
    return (
        f"the database has no table {table}: run `goldenthread migrate` "
        f"(the database is {database_name()})"
    )


def raised_while_connecting(error: Exception) -> bool:
    """Whether the error came from opening the connection (a wrong address, database or
    password, an unwritable directory) rather than from a query."""
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_name == "get_new_connection":
            return True
        frame = frame.tb_next
    return False


def missing_table(error: Exception) -> str | None:
    """The table a database error says does not exist, in SQLite's or PostgreSQL's words."""
    message = str(error).strip()
    if message.startswith("no such table: "):
        return message.removeprefix("no such table: ").split()[0]
    if getattr(error.__cause__, "sqlstate", None) == UNDEFINED_TABLE:
        # relation "planning_objective" does not exist
        return message.split('"')[1] if message.count('"') >= 2 else message
    return None


def database_name() -> str:
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(settings["NAME"])
    return f"{settings['NAME']} on {settings.get('HOST') or 'localhost'}"


if __name__ == "__main__":
    main()
