"""Problems found in records, reported to people as `file:line:col: what (how to fix)`."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

# Record text quoted in a message is cut to this many characters: a message stays one short line.
MAX_QUOTED = 80
_QUOTED = re.compile(r"“([^”]*)”")
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def one_line(text: str) -> str:
    """Text as a problem line may show it: control and direction characters made visible."""
    if text.isprintable():
        return text
    return "".join(f"[U+{ord(ch):04X}]" if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI else ch for ch in text)


def _shorten(match: re.Match) -> str:
    quoted = match.group(1)
    return f"“{quoted[:MAX_QUOTED]}…”" if len(quoted) > MAX_QUOTED else match.group(0)


class Severity(str, Enum):
    ERROR = "lỗi"
    WARNING = "cảnh báo"


class Location(NamedTuple):
    """A place in a record file; line and column count from 1, as editors show them.

    A named tuple, not a dataclass: every value read from a record carries one (half a million at
    province size), and a tuple is made several times faster while ordering the same way.
    """

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{one_line(self.path)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        # Messages quote what records hold; whatever that is, a problem prints as one line.
        object.__setattr__(self, "message", _QUOTED.sub(_shorten, one_line(self.message)))
        object.__setattr__(self, "hint", _QUOTED.sub(_shorten, one_line(self.hint)))

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.severity is Severity.WARNING:
            text = f"{self.location}: cảnh báo: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class RecordsInvalid(Exception):
    """Raised when records cannot be turned into a site; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: p.location)
        errors = sum(p.is_error for p in self.problems)
        super().__init__(f"{errors} lỗi trong bản ghi")
