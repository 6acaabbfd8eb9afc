"""What the three import commands share: the FILE and --dry-run arguments, and the output."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from goldenthread.indicators.imports.result import ImportResult


def add_file_arguments(parser: ArgumentParser, *, file_required: bool = True) -> None:
    parser.add_argument(
        "file",
        nargs=None if file_required else "?",
        metavar="FILE",
        help="a CSV (UTF-8) or XLSX file; see docs/imports.md for its columns",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and report, writing nothing",
    )


def report(command: BaseCommand, result: ImportResult) -> None:
    """Print the counts, or every error to stderr and fail, so the shell sees a non-zero exit."""
    if result.ok:
        command.stdout.write(result.summary())
        return
    for line in result.error_lines():
        command.stderr.write(line)
    raise CommandError(result.summary())
