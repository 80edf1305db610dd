"""Vietnamese alphabetical order (issue 13, point 6): CLDR's Vietnamese collation, as plain Python.

``vietnamese_key(text)`` gives a sort key; ``sorted_vietnamese(items, key=...)`` sorts with it. Every place
that sorts names (organization index, filters, matrix columns, groups) sorts with these, at build time, so
the pages need no script to put names in order.

The order is CLDR's ``vi`` tailoring of the Unicode Collation Algorithm, with CLDR's numeric option
(``vi-u-kn``) on:

    [normalization on] &\\u0300<<\\u0309<<\\u0303<<\\u0301<<\\u0323   (grave, hook, tilde, acute, dot below)
    &a<ă<<<Ă<â<<<Â &d<đ<<<Đ &e<ê<<<Ê &o<ô<<<Ô<ơ<<<Ơ &u<ư<<<Ư

- Primary level, the letters: a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z).
  So "Ban Tổ chức" < "Ban Tuyên giáo" (ô < u), "Dân" < "Đài" < "Em", "Uông" < "Ủy ban" < "Ưng", which
  code-point order gets wrong ("Tu" < "Tổ", "Đ" after every other Latin letter).
- Secondary level, the tones, compared over the whole text only when the letters are equal: none < grave
  (huyền) < hook (hỏi) < tilde (ngã) < acute (sắc) < dot below (nặng): ma < mà < mả < mã < má < mạ.
- Tertiary level, the case: lower before upper ("ban" < "Ban"), only when letters and tones are equal.
- Spaces, then punctuation and symbols (in the root collation's order: _ - – — , ; : ! ? . ' " ( ) …),
  then digits, then letters; spaces and punctuation count (CLDR's default "non-ignorable").
- Numbers by value: "Chi bộ 2" < "Chi bộ 10" (CLDR's default compares digit by digit and would give the
  reverse; numeric order is CLDR's ``kn`` option, what a reader of a list of numbered bodies expects).
  Leading zeros do not count ("05" sorts with "5").
- Composed (NFC) and decomposed (NFD) spellings of the same text get the same key.
- Equal keys only for texts that are the same after NFC; any other tie is broken by the text itself, so
  a sort is the same on every build.

Why own code rather than a library (checked when this was written):
- PyICU, the well-kept binding of ICU (whose CLDR ``vi`` tailoring is exactly the rules above), is published
  on PyPI as a source archive only (pyicu-2.17.tar.gz, no wheel): ``pip install pyicu`` compiles C++
  against the ICU headers, so every developer and CI would need a compiler and Debian's libicu-dev, and a
  Windows or macOS user would need ICU itself; the site builds everywhere with pure-Python dependencies
  today. Debian's ``python3-icu`` exists but only for the system Python, not a virtual environment.
- ``pyicu-wheels`` (prebuilt PyICU) has no home page, author or licence in its metadata: not a dependency
  to trust; ``icu4py`` (wheels) binds break iterators, locales and message formats but no collator.
- ``pyuca`` is pure Python but implements the root order (DUCET) only, with no way to tailor it: there
  ă â đ ê ô ơ ư are a, d, e, o, u with a secondary (accent) difference, so it sorts "Đài" < "Dân",
  "Ơn" < "Oz", "Ưng" < "Uông" < "Ủy ban", and the tones in DUCET's accent order
  ma < má < mà < mã < mả < mạ (tried: pyuca 1.2). It does get "Ban Tổ chức" < "Ban Tuyên giáo" (o < u).
- The tailoring itself is small: 29 letters and 5 tones; the rest of the text is Latin names, digits and
  a little punctuation. tests/test_collation.py checks this key against ICU's ``vi`` collator whenever
  ICU can be reached (PyICU in this Python, or Debian's python3-icu under /usr/bin/python3), and against
  orders written from the rules above always. When written, it agreed with ICU 72.1 (Debian 12) and
  77.1 on every one of about 920,000 pairs of random Vietnamese text with digits and punctuation.

Where it may differ from ICU (text the records do not hold): scripts other than Latin sort after Latin, by code point; letters outside the table with a compatibility
decomposition (ligatures, full-width forms) sort as that decomposition. Pure Python, standard library only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar, cast

__all__ = ["CollationKey", "sorted_vietnamese", "vietnamese_key"]

# (primary weights, secondary weights, tertiary weights, the NFC text as last tie-break)
CollationKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]

T = TypeVar("T")

# Bands of primary weights, lowest first: whitespace < punctuation and symbols < digits < Latin letters < other letters.
_SPACE = 1
_PUNCT = 1_000
_PUNCT_OTHER = 2_000  # punctuation outside the list below, then by code point
_SYMBOL_OTHER = 2_000_000  # symbols outside the list, by code point
_DIGITS = 4_000_000  # a number: this plus its count of significant digits, then one weight per digit
_LATIN = 8_000_000
_OTHER = 9_000_000  # letters of other scripts and anything else, by code point

# Punctuation and symbols in the order ICU's root (and vi) collation gives them.
_PUNCTUATION_ORDER = "_-\u2010\u2011\u2013\u2014,;:!?.\u2026\u00b7'\u2018\u2019\"\u201c\u201d\u00ab\u00bb()[]{}\u00a7@*/\\&#%\u2022`^\u00b0+\u00d7<=>|~\u2212$\u20ab"
_PUNCT_WEIGHT = {ch: _PUNCT + i for i, ch in enumerate(_PUNCTUATION_ORDER)}
_PUNCT_WEIGHT["\u2011"] = _PUNCT_WEIGHT["\u2010"]  # non-breaking hyphen: the hyphen's primary

# The Latin alphabet with Vietnamese's letters in place (f, j, w, z for foreign names).
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER_WEIGHT = {letter: _LATIN + i for i, letter in enumerate(_ALPHABET)}

# Base letter + a letter-forming mark (breve, circumflex, horn) = a letter of its own (a primary difference).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_FORMS = {("a", _BREVE): "ă", ("a", _CIRCUMFLEX): "â", ("e", _CIRCUMFLEX): "ê", ("o", _CIRCUMFLEX): "ô", ("o", _HORN): "ơ", ("u", _HORN): "ư"}

# Secondary weights: 0 for a base character; the tones in Vietnamese order; other marks after them,
# the common Latin ones in ICU's order, the rest by code point.
_TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng
_MARK_WEIGHT = {mark: 1 + i for i, mark in enumerate(_TONES)}
_MARK_WEIGHT.update({mark: 10 + i for i, mark in enumerate("\u0306\u0302\u030c\u030a\u0308\u030b\u0307\u0338\u0327\u0328\u0304")})
_MARK_OTHER = 100

_LINE_SPACES = "\t\n\v\f\r\x85\u2028\u2029"


def _single(ch: str) -> tuple[int, bool] | None:
    """Primary weight of one character that is not a digit and not a combining mark, and whether it is
    upper case; None for a character collation ignores (controls, format characters)."""
    lower = ch.lower()
    weight = _LETTER_WEIGHT.get(lower)
    if weight is not None:
        return weight, lower != ch
    weight = _PUNCT_WEIGHT.get(ch)
    if weight is not None:
        return weight, False
    category = unicodedata.category(ch)
    if ch == " " or category == "Zs" or ch in _LINE_SPACES:
        return _SPACE, False
    if category in ("Cc", "Cf", "Cs", "Co", "Cn") or category.startswith("Z"):
        return None
    if category.startswith("P"):
        return _PUNCT_OTHER + ord(ch), False
    if category.startswith("S"):
        return _SYMBOL_OTHER + ord(ch), False
    return _OTHER + ord(lower[0]) if len(lower) == 1 else _OTHER + ord(ch), lower != ch


def _expand(text: str) -> str:
    """The text in NFD, with characters the tables do not know replaced by their compatibility
    decomposition (the ligature U+FB01 → fi, full-width U+FF21 → A) where they have one; … and the like stay as they are."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if ch.lower() in _LETTER_WEIGHT or ch in _PUNCT_WEIGHT or ch.isascii():
            out.append(ch)
        else:
            out.append(unicodedata.normalize("NFKD", ch))
    return "".join(out)


@lru_cache(maxsize=65536)
def vietnamese_key(text: str) -> CollationKey:
    """Sort key of ``text`` in Vietnamese alphabetical order (CLDR ``vi``, numbers by value); see the
    module's docstring. Cached: a name sorted on many pages is keyed once."""
    primaries: list[int] = []
    secondaries: list[int] = []
    tertiaries: list[int] = []
    chars = _expand(text)
    # The letter that the marks read so far belong to: its index in `primaries`, its base, whether a
    # letter-forming mark already joined it, and the combining classes of the marks after it (a mark
    # joins only if no mark of its class stands between, as in Unicode's canonical equivalence).
    letter_at = -1
    letter_base = ""
    formed = False
    classes_seen: set[int] = set()
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        ccc = unicodedata.combining(ch)
        if ccc:
            form = _FORMS.get((letter_base, ch)) if letter_at >= 0 and not formed and ccc not in classes_seen else None
            if form is not None:
                primaries[letter_at] = _LETTER_WEIGHT[form]
                formed = True
            else:
                secondaries.append(_MARK_WEIGHT.get(ch, _MARK_OTHER + ord(ch)))
            classes_seen.add(ccc)
            i += 1
            continue
        letter_at, letter_base, formed = -1, "", False
        classes_seen = set()
        if ch.isdecimal():
            j = i
            while j < n and chars[j].isdecimal():
                j += 1
            digits = [unicodedata.decimal(d) for d in chars[i:j]]
            while len(digits) > 1 and digits[0] == 0:
                digits.pop(0)
            primaries.append(_DIGITS + len(digits))
            primaries.extend(digits)
            secondaries.append(0)
            tertiaries.append(0)
            i = j
            continue
        single = _single(ch)
        i += 1
        if single is None:
            continue
        weight, upper = single
        if _LATIN <= weight < _OTHER:
            letter_at, letter_base = len(primaries), ch.lower()
        primaries.append(weight)
        secondaries.append(0)
        tertiaries.append(1 if upper else 0)
    return tuple(primaries), tuple(secondaries), tuple(tertiaries), unicodedata.normalize("NFC", text)


def sorted_vietnamese(items: Iterable[T], key: Callable[[T], str] | None = None, *, reverse: bool = False) -> list[T]:
    """``items`` in Vietnamese alphabetical order of ``key(item)`` (of the items themselves, which must then
    be strings, when no key is given). Stable: items with the same text keep their order."""
    get: Callable[[T], str] = key if key is not None else cast("Callable[[T], str]", _itself)
    return sorted(items, key=lambda item: vietnamese_key(get(item)), reverse=reverse)


def _itself(item: str) -> str:
    return item
