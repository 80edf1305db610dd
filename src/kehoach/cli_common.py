"""What every `kehoach` command shares: its name, its exit codes, and the usage error.

Apart from cli.py so that the commands cli.py registers (kehoach.importer, kehoach.report) can use
them without importing cli.py back: no circle through the command line.
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

PROGRAM = "kehoach"


class UsageError(Exception):
    """A mistake in how the command was called; exit code 2."""


def kehoach_options(config: Any) -> tuple[dict[str, Any], str]:
    """The kehoach options of a parsed mkdocs.yml, and where they are written there (`extra`, or
    `plugins.kehoach` when the kehoach plugin has options of its own: those win)."""
    from kehoach.records.yamlsource import plain_data

    data = plain_data(config) if config is not None else None
    if not isinstance(data, dict):
        return {}, "extra"
    options = dict(data["extra"]) if isinstance(data.get("extra"), dict) else {}
    origin = "extra"
    # An office's repository sets them as the plugin's options (`plugins: - kehoach: {records: …}`).
    plugins = data.get("plugins")
    for entry in plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("kehoach"), dict):
            options.update(entry["kehoach"])
            origin = "plugins.kehoach"
    return options, origin
