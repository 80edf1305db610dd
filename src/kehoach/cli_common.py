"""What every `kehoach` command shares: its name, its exit codes, and the usage error.

Apart from cli.py so that the commands cli.py registers (kehoach.importer, kehoach.report) can use
them without importing cli.py back: no circle through the command line.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

PROGRAM = "kehoach"


class UsageError(Exception):
    """A mistake in how the command was called; exit code 2."""
