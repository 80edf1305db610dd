"""One fold for Vietnamese text (kehoach.domain.textfold.fold) and its two JavaScript copies: the
page script's (highlighting searched words on a page) and the search worker's (folding query
words against the index, whose terms Python folded).

- the copies are the text `textfold.javascript()` generates, byte for byte;
- in Chromium, both copies give what Python gives: every Vietnamese letter, upper and lower case,
  with each of the six tones, precomposed (NFC), decomposed (NFD) and as Vietnamese keyboards
  type it decomposed (the vowel precomposed, the tone a combining mark: ơ + ◌̀); the two tone
  placements (hòa/hoà, thủy/thuỷ, Ủy/Uỷ); other Latin letters with diacritics; other scripts;
  and every code point assigned in Python's Unicode, alone and after a letter;
- in Python, the fold gives the expected base letters for those inputs.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kehoach.domain import textfold
from kehoach.domain.textfold import fold, fold_key
from kehoach.plugin.plugin import THEME_DIR

PACKAGE = Path(textfold.__file__).resolve().parents[1]
PAGE_SCRIPT = THEME_DIR / "assets" / "javascripts" / "kehoach.js"
WORKER = THEME_DIR / "assets" / "javascripts" / "workers" / "kehoach-search.js"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# The 29 letters of the Vietnamese alphabet, and what each folds to.
LETTERS = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y"]
BASE = {"ă": "a", "â": "a", "đ": "d", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}
# The six tones: none, huyền, sắc, hỏi, ngã, nặng.
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


def _vietnamese() -> list[tuple[str, str]]:
    """(input, expected fold): each letter × case × tone × form (NFC, NFD, letter + combining tone)."""
    cases = []
    for letter in LETTERS:
        for cased in (letter, letter.upper()):
            for tone in TONES:
                for text in (nfc(cased + tone), nfd(cased + tone), cased + tone):
                    cases.append((text, BASE.get(letter, letter)))
    return list(dict.fromkeys(cases))  # a toneless letter's forms may coincide


VIETNAMESE = _vietnamese()

# Words and phrases: the two tone placements, all in NFC and NFD, and whole sentences.
WORDS = {
    "hòa": "hoa", "hoà": "hoa", "Hòa": "hoa", "HOÀ": "hoa",
    "thủy": "thuy", "thuỷ": "thuy", "THỦY": "thuy",
    "Ủy": "uy", "Uỷ": "uy", "ủy": "uy", "uỷ": "uy",
    "khỏe": "khoe", "khoẻ": "khoe", "tuỳ": "tuy", "tùy": "tuy", "quý": "quy", "quí": "qui",
    "Ủy ban Kiểm tra Trung ương": "uy ban kiem tra trung uong",
    "Đảng Cộng sản Việt Nam": "dang cong san viet nam", "ĐẢNG": "dang", "Đ": "d",
    "Tỉnh ủy Hưng Yên": "tinh uy hung yen", "Nguyễn Thị Minh Khai": "nguyen thi minh khai",
    "nghĩa vụ, quyền hạn": "nghia vu, quyen han", "“tổ chức”": "“to chuc”",
    "Chỉ thị số 05-CT/TW ngày 15/5/2016": "chi thi so 05-ct/tw ngay 15/5/2016",
    "Bộ Chính trị; Ban Bí thư": "bo chinh tri; ban bi thu", "": "", "CT/TW": "ct/tw",
}
WORDS = {**WORDS, **{nfd(k): v for k, v in WORDS.items()}}

# Other Latin letters: marks dropped; letters that are not a letter plus a mark (ø, ł, ß, æ, œ,
# dotless i, ð, ħ) stay as they are, lower-cased.
LATIN = {
    "é": "e", "È": "e", "ë": "e", "Ç": "c", "ñ": "n", "Å": "a", "ü": "u", "Ÿ": "y", "ő": "o",
    "ž": "z", "Č": "c", "ř": "r", "ğ": "g", "Ş": "s", "ą": "a", "ė": "e", "ǖ": "u", "ṩ": "s",
    "İstanbul": "istanbul", "Ångström": "angstrom", "\u212b": "a", "\u212a": "k",  # Å and K signs
    "Crème brûlée": "creme brulee", "São Paulo": "sao paulo", "Dvořák": "dvorak",
    "Ø": "ø", "Łódź": "łodz", "Straße": "straße", "ẞ": "ß", "Æ": "æ", "Œuvre": "œuvre",
    "\u0131": "\u0131", "Ð": "ð", "Ħ": "ħ", "ﬁ": "ﬁ", "ǅ": "ǆ",
    # marks of the other combining blocks, and ones that never compose
    "a\u1dc4": "a", "x\u20dd": "x", "a\u034fb": "ab", "e\u0323\u0302\u0301": "e", "q\u0303": "q",
}
LATIN = {**LATIN, **{nfd(k): v for k, v in LATIN.items()}}

# Other scripts: lower case where there is one; Greek and Cyrillic marks dropped (they are in the
# same blocks), those of other scripts kept.
OTHER = {
    "Ελλάδα": "ελλαδα", "ΟΔΟΣ": "οδος", "Ἀθῆναι": "αθηναι",
    "Йошкар-Ола": "иошкар-ола", "Ёлка": "елка", "Москва": "москва",
    "أحمد": "أحمد", "שָׁלוֹם": "שָׁלוֹם", "が": "が", "パン": "パン", "中文": "中文", "한국어": "한국어",
    "ภาษาไทย": "ภาษาไทย", "हिन्दी": "हिन्दी", "\U0001d49c\U0001d401": "\U0001d49c\U0001d401", "👍🏽": "👍🏽", "\uff11\uff21": "\uff11\uff41",
}
OTHER = {**OTHER, **{nfd(k): nfc(v) if k != nfd(k) else v for k, v in OTHER.items()}}

CASES = VIETNAMESE + list(WORDS.items()) + list(LATIN.items()) + list(OTHER.items())


# ---------------------------------------------------------------- Python


def test_every_vietnamese_letter_with_every_tone_folds_to_its_base():
    assert len({text for text, _ in VIETNAMESE}) > 29 * 2 * 6  # every letter, case, tone; the forms besides
    for text, expected in VIETNAMESE:
        assert fold(text) == expected, (text, [f"U+{ord(c):04X}" for c in text])


@pytest.mark.parametrize(("text", "expected"), list(WORDS.items()) + list(LATIN.items()) + list(OTHER.items()))
def test_words_and_other_scripts(text, expected):
    assert fold(text) == expected


def test_fold_is_nfc_and_idempotent():
    for text, _ in CASES:
        folded = fold(text)
        assert unicodedata.is_normalized("NFC", folded), text
        assert fold(folded) == folded, text


def test_fold_key():
    assert fold_key("Thực hiện") == fold_key("thuc_hien") == fold_key(" thực  -  hiện ") == "thuc-hien"
    assert fold_key("Đã hoàn thành") == "da-hoan-thanh"


# ---------------------------------------------------------------- the JavaScript copies


@pytest.mark.parametrize("path", [PAGE_SCRIPT, WORKER], ids=["page script", "worker"])
def test_javascript_copies_are_generated_from_python(path):
    held = textfold.javascript_in(path.read_text(encoding="utf-8"))
    assert held == textfold.javascript(), f"{path.name}: run `python3 -m kehoach.domain.textfold` to regenerate its fold"


def test_the_generator_knows_both_files():
    assert sorted(PACKAGE / name for name in textfold.JS_FILES) == sorted([PAGE_SCRIPT, WORKER])


def test_the_generator_rewrites_a_stale_copy(tmp_path):
    path = tmp_path / "x.js"
    text = PAGE_SCRIPT.read_text(encoding="utf-8")
    path.write_text(text.replace("FOLD_MARKS, \"\")", "/x/g, \"\")"), encoding="utf-8")
    assert textfold.write_javascript(path)
    assert path.read_text(encoding="utf-8") == text
    assert not textfold.write_javascript(path)


def _assigned() -> list[str]:
    """Every code point Python's Unicode assigns (surrogates and private use left out), alone
    and after a letter: those the browser's Unicode, newer or not, gives the same properties."""
    chars = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    return chars + ["A" + c for c in chars]


@pytest.fixture(scope="module")
def js_folds(chromium):
    """fold of the page script and of the worker, each loaded from its file into a blank page."""
    page = chromium.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=PAGE_SCRIPT.read_text(encoding="utf-8"))
        page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
        assert page.evaluate("typeof window.__khPage.fold === 'function' && typeof self.__khSearch.text.fold === 'function'")

        def run(texts: list[str]) -> tuple[list[str], list[str]]:
            return page.evaluate("texts => [texts.map(window.__khPage.fold), texts.map(self.__khSearch.text.fold)]", texts)

        yield run
    finally:
        page.close()


def _mismatches(texts: list[str], page: list[str], worker: list[str]) -> list[str]:
    wrong = []
    for text, p, w in zip(texts, page, worker, strict=True):
        expected = fold(text)
        if p != expected or w != expected:
            codes = " ".join(f"U+{ord(c):04X}" for c in text)
            wrong.append(f"{text!r} ({codes}): python {expected!r}, page {p!r}, worker {w!r}")
    return wrong


def test_both_javascript_folds_agree_with_python(js_folds):
    texts = [text for text, _ in CASES]
    page, worker = js_folds(texts)
    assert _mismatches(texts, page, worker) == []
    # and so with the expected base letters
    assert [p for p in page] == [expected for _, expected in CASES]


def test_both_javascript_folds_agree_with_python_on_every_code_point(js_folds):
    texts = _assigned()
    wrong = []
    for start in range(0, len(texts), 100_000):
        chunk = texts[start : start + 100_000]
        wrong += _mismatches(chunk, *js_folds(chunk))
    assert wrong == [], f"{len(wrong)} differ, the first: {wrong[:20]}"
