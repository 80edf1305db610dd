"""Vietnamese text folding: what people type without diacritics matches what documents write.

`fold` is the one definition. The site's two JavaScript copies — the page script's (highlighting
the searched words on a page) and the search worker's (folding query words) — are generated from
it: `javascript()` writes the same function from the same two tables, and
`python3 -m kehoach.domain.textfold` puts it between the BEGIN/END lines of both files.
tests/test_fold.py checks that the files hold exactly that text, and runs both in Chromium against
`fold` on every Vietnamese letter with every tone, in NFC and NFD.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

# The marks a fold drops: the five blocks of combining diacritical marks (Combining Diacritical
# Marks, its Extended and Supplement blocks, for Symbols, Half Marks). NFD puts every mark of a
# Latin, Greek or Cyrillic letter there, the Vietnamese tones (◌̀ ◌́ ◌̉ ◌̃ ◌̣) and vowel marks
# (◌̆ ◌̂ ◌̛) included. Fixed ranges, not a Unicode property, so Python and every browser drop the
# same characters whatever their Unicode version; marks of other scripts (Arabic, Hebrew,
# Devanagari, the kana voicing marks) are kept: they are not diacritics one leaves out when typing.
MARK_BLOCKS: tuple[tuple[int, int], ...] = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))

# Letters read as a letter with a mark that NFD leaves whole: đ is a letter of its own (d with a
# stroke), not d plus a combining mark.
STROKES: dict[str, str] = {"đ": "d", "Đ": "D"}

_MARKS = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}" for first, last in MARK_BLOCKS) + "]")
_STROKES = str.maketrans(STROKES)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, drop tone and vowel marks, map đ to d: “Ủy ban”, “Uỷ ban”, “uy ban” all fold alike.

    In order: đ/Đ → d/D, NFD, marks of MARK_BLOCKS dropped, NFC, lower case (the JavaScript copies
    do the same steps in the same order).
    """
    if text.isascii():  # nothing to drop (ids, file names): the common case, kept cheap
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKES))
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed)).lower()


def fold_key(text: str) -> str:
    """A folded form with separators collapsed, for matching choices such as “thực hiện” / thuc-hien."""
    return "-".join(fold(text).replace("_", " ").replace("-", " ").split())


# ---------------------------------------------------------------------------------------------
# The JavaScript copies

JS_BEGIN = "/* BEGIN fold: generated from src/kehoach/domain/textfold.py by `python3 -m kehoach.domain.textfold`; do not edit */"
JS_END = "/* END fold */"
# The files holding a copy, relative to the package: the page script and the search worker.
JS_FILES = ("plugin/theme/assets/javascripts/kehoach.js", "plugin/theme/assets/javascripts/workers/kehoach-search.js")


def _js_char(code: int) -> str:
    return f"\\u{code:04x}" if code < 0x10000 else f"\\u{{{code:x}}}"


def javascript(indent: str = "  ") -> str:
    """The JavaScript `fold`, BEGIN and END lines included: what the two files hold."""
    marks = "".join(f"{_js_char(first)}-{_js_char(last)}" for first, last in MARK_BLOCKS)
    strokes = ", ".join(f'"{_js_char(ord(k))}": "{v}"' for k, v in STROKES.items())
    stroke_class = "".join(_js_char(ord(k)) for k in STROKES)
    lines = [
        JS_BEGIN,
        "/* Lower case, marks dropped, đ → d (kehoach.domain.textfold.fold): Ủy ban, Uỷ ban, uy ban → uy ban */",
        f"var FOLD_MARKS = /[{marks}]/g",
        f"var FOLD_STROKES = /[{stroke_class}]/g, FOLD_STROKE = {{ {strokes} }}",
        "function fold(value) {",
        "  return value.replace(FOLD_STROKES, function (c) { return FOLD_STROKE[c] })",
        '    .normalize("NFD").replace(FOLD_MARKS, "").normalize("NFC").toLowerCase()',
        "}",
        JS_END,
    ]
    return "\n".join(indent + line for line in lines) + "\n"


def _block(text: str) -> tuple[int, int]:
    """Where the generated block is in a file's text: from its BEGIN line to after its END line."""
    begin = text.index(JS_BEGIN)
    begin = text.rindex("\n", 0, begin) + 1
    end = text.index("\n", text.index(JS_END, begin)) + 1
    return begin, end


def javascript_in(text: str) -> str:
    """The generated block a file's text holds now."""
    begin, end = _block(text)
    return text[begin:end]


def write_javascript(path: Path) -> bool:
    """Put the current `javascript()` into a file (between its BEGIN and END lines); True when it changed."""
    text = path.read_text(encoding="utf-8")
    begin, end = _block(text)
    indent = text[begin : text.index(JS_BEGIN, begin)]
    updated = text[:begin] + javascript(indent) + text[end:]
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """Regenerate the JavaScript copies: the files given, or the theme's two."""
    package = Path(__file__).resolve().parents[1]
    paths = [Path(a) for a in (sys.argv[1:] if argv is None else argv)] or [package / name for name in JS_FILES]
    for path in paths:
        print(("updated " if write_javascript(path) else "unchanged ") + str(path))  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# Letters of other scripts drawn like Latin ones (the common cases of Unicode's confusables list).
_LOOK_ALIKES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u04bb\u0501\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421"
    "\u0422\u0425\u0406\u03bf\u03b1\u03bd\u03c1\u03c4\u0391\u0392\u0395\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a7\u03a5\u0396",
    "aeopcyxijshdABEKMHOPCTXIoavptABEHIKMNOPTXYZ",
)


def look_alike_key(text: str) -> str:
    """What a name looks like on screen: compatibility forms folded (NFKC), invisible format
    characters (zero-width, soft hyphen, bidi marks) dropped, letters of other scripts drawn like
    Latin ones mapped to them, spaces collapsed, case ignored. Two names with one key look alike."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFC", visible.translate(_LOOK_ALIKES)).casefold().split())


def visible_name(text: str) -> str:
    """The name with its invisible characters written out (U+200B), for a message about them."""
    return "".join(f"[U+{ord(c):04X}]" if unicodedata.category(c) == "Cf" else c for c in text)
