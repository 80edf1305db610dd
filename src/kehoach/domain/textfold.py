"""Vietnamese text folding: what people type without diacritics matches what documents write."""

from __future__ import annotations

import unicodedata

_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, drop tone and vowel marks, map đ to d: “Ủy ban”, “Uỷ ban”, “uy ban” all fold alike.

    NFD plus dropping combining marks leaves đ alone (it is a letter of its own, not d plus a mark),
    hence the explicit mapping.
    """
    if text.isascii():  # nothing to drop (ids, file names): the common case, kept cheap
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def fold_key(text: str) -> str:
    """A folded form with separators collapsed, for matching choices such as “thực hiện” / thuc-hien."""
    return "-".join(fold(text).replace("_", " ").replace("-", " ").split())
