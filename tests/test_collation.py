"""Vietnamese alphabetical order (issue 13, point 6): kehoach.domain.collation against CLDR's vi collation.

Two kinds of check:
- fixed orders written from CLDR's vi rules (letters a ă â b c d đ e ê g … o ô ơ … u ư …; tones
  none < huyền < hỏi < ngã < sắc < nặng at the secondary level; case third), always run;
- the same key against ICU's own ``vi`` collator (with CLDR's numeric option) on every pair of a corpus of
  real record names and generated Vietnamese text, run where ICU can be reached: PyICU in this Python, or
  Debian's python3-icu under /usr/bin/python3 (``apt-get install python3-icu``); skipped elsewhere.
"""

from __future__ import annotations

import json
import random
import subprocess
import unicodedata
from itertools import combinations, pairwise
from pathlib import Path

import pytest
import yaml

from kehoach.domain.collation import sorted_vietnamese, vietnamese_key

ROOT = Path(__file__).resolve().parent.parent

# records/to-chuc/*.yml's names, in Vietnamese order (the order of their file names, which are the names
# without diacritics). Code-point order puts "Ban Tuyên giáo" before "Ban Tổ chức" and "Đài", "Ủy ban" last.
ORGANIZATIONS = [
    "Ban Bí thư Trung ương Đảng",
    "Ban Thường vụ Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo Tỉnh ủy",
    "Báo Hưng Yên",
    "Chuyên viên tổng hợp",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Lãnh đạo Văn phòng Tỉnh ủy",
    "Mặt trận Tổ quốc Việt Nam tỉnh",
    "Thường trực Tỉnh ủy",
    "Tỉnh ủy Hưng Yên",
    "Trung ương Đảng",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
]

# Each list strictly increasing under CLDR vi.
ORDERS = [
    # letters of their own (primary): a < ă < â < b, d < đ < e, e < ê < g, o < ô < ơ < p, u < ư < v
    ["a", "ă", "â", "b"],
    ["d", "đ", "e"],
    ["e", "ê", "g"],
    ["o", "ô", "ơ", "p"],
    ["u", "ư", "v"],
    ["Ban Tổ chức", "Ban Tuyên giáo"],  # ô < u
    ["Dân", "Đài", "Em"],
    ["Đài PT-TH", "Mặt trận"],
    ["Uông", "Ủy ban", "Ưng"],
    ["Tổ", "Tơ", "Tu", "Tư"],
    # a letter outranks every tone: the whole text's letters are compared before any tone
    ["ả", "ă", "ằ", "ẳ", "ẵ", "ắ", "ặ", "â", "ầ", "ậ", "b"],
    ["mạ", "mà b", "ma c", "mac"],
    ["ượng", "ưu"],
    # tones (secondary): none < huyền < hỏi < ngã < sắc < nặng
    ["ma", "mà", "mả", "mã", "má", "mạ"],
    ["Ma", "mà"],  # a tone outranks case
    ["hoa", "hoà", "hoả", "hoã", "hoá", "hoạ"],
    ["mua", "múa", "mưa", "mứa"],
    # case (tertiary): lower before upper, only where letters and tones agree
    ["ma", "Ma", "mà", "Mà"],
    ["đài", "Đài"],
    ["ủy ban", "Ủy ban", "Ủy Ban"],
    # spaces < punctuation < digits < letters; spaces and punctuation count
    ["Các cấp ủy đảng", "Các cấp ủy trực thuộc Tỉnh ủy", "Các cấp ủy, tổ chức đảng"],
    ["Ban A", "Ban-A", "Ban1", "BanA"],
    # numbers by value (CLDR's numeric option); CLDR's default would put "10" before "2"
    ["Chi bộ 1", "Chi bộ 2", "Chi bộ 9", "Chi bộ 10", "Chi bộ 10a", "Chi bộ 100", "Chi bộ A"],
    ["Kế hoạch số 5-KH/TU", "Kế hoạch số 12-KH/TU"],
]


def test_organization_names_sort_in_vietnamese_order() -> None:
    shuffled = list(reversed(ORGANIZATIONS))
    assert sorted_vietnamese(shuffled) == ORGANIZATIONS
    # the names that code-point order gets wrong, so the test shows something
    assert sorted(ORGANIZATIONS) != ORGANIZATIONS
    names = {yaml.safe_load(p.read_text(encoding="utf-8"))["ten"] for p in (ROOT / "records" / "to-chuc").glob("*.yml")}
    assert names <= set(ORGANIZATIONS), "a new organization record: add its name to ORGANIZATIONS, in its place"


@pytest.mark.parametrize("order", ORDERS, ids=lambda o: " < ".join(o)[:60])
def test_fixed_orders(order: list[str]) -> None:
    for a, b in pairwise(order):
        assert vietnamese_key(a) < vietnamese_key(b), f"{a!r} should sort before {b!r}"
    assert sorted_vietnamese(reversed(order)) == order
    rng = random.Random(13)
    for _ in range(5):
        shuffled = order[:]
        rng.shuffle(shuffled)
        assert sorted_vietnamese(shuffled) == order


def test_composed_and_decomposed_spellings_are_equal() -> None:
    for text in ORGANIZATIONS + ["Ặ ậ Ợ ự ẫ ỗ ữ ẽ ỹ", "Nguyễn Thị Thuỷ / Thủy"]:
        nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
        assert nfc != nfd
        assert vietnamese_key(nfd) == vietnamese_key(nfc)
    # dot below before circumflex in NFD (canonical order): still the letter â with the nặng tone
    assert vietnamese_key("a\u0323\u0302") == vietnamese_key("\u1ead")
    assert vietnamese_key("a\u0323\u0302")[0] == vietnamese_key("â")[0]


def test_same_letters_different_tone_or_case_are_not_equal() -> None:
    keys = {vietnamese_key(t) for t in ["ma", "Ma", "MA", "mà", "mả", "mã", "má", "mạ", "ma ", "mă"]}
    assert len(keys) == 10


def test_ties_are_broken_by_the_text_so_every_build_sorts_alike() -> None:
    assert vietnamese_key("Chi bộ 05") != vietnamese_key("Chi bộ 5")
    assert vietnamese_key("Chi bộ 05")[:3] == vietnamese_key("Chi bộ 5")[:3]
    assert sorted_vietnamese(["Chi bộ 5", "Chi bộ 05"]) == sorted_vietnamese(["Chi bộ 05", "Chi bộ 5"])


def test_sorted_vietnamese_with_a_key_is_stable() -> None:
    items = [("Văn phòng", 1), ("Ban Tuyên giáo", 2), ("Ban Tổ chức", 3), ("Văn phòng", 0)]
    assert sorted_vietnamese(items, key=lambda pair: pair[0]) == [("Ban Tổ chức", 3), ("Ban Tuyên giáo", 2), ("Văn phòng", 1), ("Văn phòng", 0)]
    assert sorted_vietnamese(items, key=lambda pair: pair[0], reverse=True)[0][0] == "Văn phòng"


def test_odd_text_gets_a_key() -> None:
    for text in ["", " ", "\u0301", "\u0301a", "a\u200db", "\x00", "\ufb01", "\uff21", "Ω", "中文", "😀", "\ud800", "ß", "İ", "½", "١٢"]:
        key = vietnamese_key(text)
        assert isinstance(key, tuple)
    assert vietnamese_key("") < vietnamese_key(" ") < vietnamese_key("a")
    assert vietnamese_key("Z") < vietnamese_key("Ω") < vietnamese_key("中")
    assert vietnamese_key("\ufb01")[0] == vietnamese_key("fi")[0]  # the ligature sorts as its letters


# ---- ICU's vi collator as the oracle, where ICU can be reached -------------------------------------------

_ICU_SCRIPT = """
import json, sys
import icu
collator = icu.Collator.createInstance(icu.Locale("vi"))
collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
texts = json.load(sys.stdin)
json.dump([collator.getSortKey(t).hex() for t in texts], sys.stdout)
"""


def _icu_sort_keys(texts: list[str]) -> list[str] | None:
    """ICU's vi sort keys (hex) of the texts, from PyICU here or Debian's python3-icu; None without ICU."""
    try:
        import icu  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        pass
    else:
        collator = icu.Collator.createInstance(icu.Locale("vi"))
        collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
        return [collator.getSortKey(t).hex() for t in texts]
    system = Path("/usr/bin/python3")
    if not system.exists():
        return None
    try:
        done = subprocess.run([str(system), "-c", _ICU_SCRIPT], input=json.dumps(texts), capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    keys: list[str] = json.loads(done.stdout)
    return keys


def _record_names() -> list[str]:
    names: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "ten" and isinstance(v, str):
                    names.add(v)
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for path in sorted((ROOT / "records").rglob("*.yml")):
        try:
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue
    return sorted(names)


_SYLLABLES = ["ban", "bạn", "tổ", "tu", "tư", "tơ", "to", "đài", "dân", "đảng", "ủy", "uông", "ưng", "mặt", "trận", "văn", "vân", "ăn", "ân", "an",
              "ê", "e", "hưng", "yên", "giáo", "tuyên", "chức", "thường", "trực", "tỉnh", "huyện", "xã", "phường", "người", "nguyễn", "ạ", "à", "ả", "ã", "á", "a"]
_SEPARATORS = [" ", " ", " ", "-", ", ", " - ", "/", ".", " (", ") ", "_", "\u2013", "'", "\u00a0"]


def _generated(count: int) -> list[str]:
    rng = random.Random(6)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            word = rng.choice(_SYLLABLES)
            roll = rng.random()
            if roll < 0.25:
                word = word[:1].upper() + word[1:]
            elif roll < 0.3:
                word = word.upper()
            if rng.random() < 0.15:
                word = f"{word} {rng.choice(['1', '2', '9', '10', '12', '100', '05'])}"
            parts.append(word)
            parts.append(rng.choice(_SEPARATORS))
        text = "".join(parts[:-1])
        out.append(unicodedata.normalize("NFD", text) if rng.random() < 0.2 else text)
    return out


def test_agrees_with_icu_vi_collator() -> None:
    texts = sorted(set(_record_names() + ORGANIZATIONS + [t for order in ORDERS for t in order] + _generated(500)))
    icu_keys = _icu_sort_keys(texts)
    if icu_keys is None:
        pytest.skip("ICU is not reachable here (no PyICU, no python3-icu for /usr/bin/python3)")
    ours = [vietnamese_key(t)[:3] for t in texts]
    wrong = []
    for i, j in combinations(range(len(texts)), 2):
        expected = (icu_keys[i] > icu_keys[j]) - (icu_keys[i] < icu_keys[j])
        got = (ours[i] > ours[j]) - (ours[i] < ours[j])
        if expected != got:
            wrong.append(f"{texts[i]!r} vs {texts[j]!r}: ICU {expected}, ours {got}")
    assert not wrong, f"{len(wrong)} pairs ordered unlike ICU, e.g.:\n" + "\n".join(wrong[:20])
    # and the real names sort exactly as ICU sorts them
    names = _record_names()
    by_icu = dict(zip(texts, icu_keys, strict=True))
    assert sorted_vietnamese(names) == sorted(names, key=lambda t: (by_icu[t], unicodedata.normalize("NFC", t)))
