"""The prebuilt, split search index (kehoach.content.searchindex): folding, postings, shard routing, the
stub left for Material, and — in Chromium — that the search worker folds words exactly as the
index does (one folding definition, two languages)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from kehoach.content import searchindex
from kehoach.content.searchindex import (
    DIGITS,
    Tokenizer,
    build_search_files,
    canonical,
    decode_numbers,
    encode_numbers,
    excerpt,
    index_terms,
    write_search_index,
)
from kehoach.domain.textfold import fold
from kehoach.plugin.plugin import THEME_DIR

ROOT = Path(__file__).resolve().parents[1]
WORKER = THEME_DIR / "assets" / "javascripts" / "workers" / "kehoach-search.js"
SEPARATOR = r'[\s\-,;:!?()\[\]{}"“”‘’«»…]+|\.(?!\d)'  # the project's, from mkdocs.yml
CONFIG = {"lang": ["vi"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Words where folding goes wrong easily: đ/Đ (a letter, not d plus a mark), the two tone
# placements (hòa/hoà, Ủy/Uỷ, thủy/thuỷ, khỏe/khoẻ), decomposed (NFD) input, upper case,
# punctuation glued to words, words joined by "/" or ".", and syllables that only look alike.
TRICKY = [
    "Đảng", "đảng", "ĐẢNG", "đang", "dang", "Đ", "đ",
    "hòa", "hoà", "Hòa", "HOÀ", nfd("hòa"), nfd("hoà"),
    "Ủy", "Uỷ", "ủy", "uỷ", nfd("Ủy"), nfd("Uỷ"), "UBKT", "Ủy ban",
    "thủy", "thuỷ", "khỏe", "khoẻ", "hoàn", "thuyền", "quý", "quí", "tuỳ",
    "“tổ", "(chưa", "rõ).", "CT/TW", "19/5/2019", "28-CT/TW", "LĐVP", "nghĩa", "Nguyễn",
    nfd("phối hợp"), "ưu", "Ư", "ơn", "Tỉnh ủy Hưng Yên",
]


# ---------------------------------------------------------------- words


def test_folding_and_canonical_forms():
    assert fold("Đảng") == fold("đang") == fold("dang") == "dang"
    assert canonical("hòa") == canonical("hoà") == canonical(nfd("hòa")) == "hoà"
    assert canonical("Ủy") == canonical("Uỷ") == "uỷ"
    assert canonical("thủy") == "thuỷ" and canonical("khỏe") == "khoẻ"
    assert canonical("hoàn") == "hoàn"  # "oa" not ending the syllable: the mark stays on a
    assert canonical("hòa") != canonical("hóa") and fold("hòa") == fold("hóa") == "hoa"
    assert unicodedata.is_normalized("NFC", canonical(nfd("Quy chế phối hợp")))


def test_index_terms_trim_split_and_stop_words():
    assert index_terms("“tổ") == ("tổ",)
    assert index_terms("rõ).") == ("rõ",)
    assert index_terms("ct/tw") == ("ct/tw", "ct", "tw")
    assert index_terms("19/5/2019") == ("19/5/2019", "19", "5", "2019")
    assert index_terms("là") == () and index_terms("…") == ()


def test_tokenizer_cuts_like_materials_separator():
    tokenizer = Tokenizer(SEPARATOR)
    counts = tokenizer.term_counts("<p>UBKTTU; “Tổ chức” (BTC) 19/5/2019. Kế hoạch số 1.5</p><td>CT/TW</td>")
    assert {"ubkttu", "tổ", "chức", "btc", "19/5/2019", "kế", "hoạch", "số", "1.5", "ct/tw", "ct", "tw"} <= set(counts)
    assert "p" not in counts and "td" not in counts  # tags are not words
    masks, words = tokenizer.title_positions("Ban Tổ chức Tỉnh ủy")
    assert words == 5 and masks["tổ"] == 0b10 and masks["ban"] == 0b1


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("values", [[0], [31, 32, 33], [1023, 1024, 32767, 32768, 2**36 + 5], list(range(100))])
def test_numbers_round_trip(values):
    text = encode_numbers(values)
    assert set(text) <= set(DIGITS)
    assert decode_numbers(text) == values


def test_small_numbers_take_one_character():
    assert len(encode_numbers(range(32))) == 32


# ---------------------------------------------------------------- the index


def _index(docs):
    return {"config": CONFIG, "docs": docs}


def _manifest(files):
    text = files["kehoach/manifest.js"]
    assert text.startswith("__khSearch.manifest(")
    return json.loads(text[len("__khSearch.manifest(") : text.rindex(")")])


def _call_arguments(text):
    name = text[len("__khSearch.") : text.index("(")]
    return name, json.loads("[" + text[text.index("(") + 1 : text.rindex(")")] + "]")


def _term_shard(files, manifest, folded):
    """The shard the worker would load for a folded term: the last shard whose first term
    index is at most the term's index in the sorted dictionary."""
    terms = manifest["terms"].split("\n")
    position = terms.index(folded)
    key, name, _first = [s for s in manifest["termShards"] if s[2] <= position][-1]
    _, (shard_key, content) = _call_arguments(files[f"kehoach/t/{name}.js"])
    assert shard_key == key
    return key, content


DOCS = [
    {"location": "to-chuc/ban-to-chuc/", "title": "Ban Tổ chức Tỉnh ủy", "text": "Viết tắt BTC; BTCTU. Ban tổ chức, tổ chức.", "boost": 2},
    {"location": "hoa/", "title": "Hòa giải", "text": "<p>Công tác hoà giải và hoa sen.</p>"},
    {"location": "to-chuc/ban-to-chuc/#phoi-hop", "title": "Phối hợp", "text": "<p>Phối hợp với Đảng ủy.</p>", "boost": 2},
    {"location": "dang/", "title": "Đảng bộ", "text": "<p>Việc đang làm dở dang.</p>"},
]


def test_postings_keep_written_forms_apart_under_one_folded_term():
    files, summary = build_search_files(_index(DOCS))
    manifest = _manifest(files)
    assert summary.entries == 4 and summary.pages == 3
    # entries are reordered so a page's sections follow it: ban-to-chuc (0), its section (1), hoa (2), dang (3)
    assert decode_numbers(manifest["pages"]) == [2, 1, 1]
    assert manifest["boosts"] == [[0, 2, 2.0]]

    _, content = _term_shard(files, manifest, "hoa")
    forms = {form: (decode_numbers(text), decode_numbers(title)) for form, text, title in content["hoa"]}
    assert set(forms) == {"hoà", "hoa"}  # hòa (title) and hoà (text) are one written form
    # "hoà" in entry 2: text count 1 → value 2, plus 1 for the title; title mask bit 0, 2 words
    assert forms["hoà"][0] == [2, 3]
    assert forms["hoà"][1] == [2, 0b1 | (2 << 31)]
    assert forms["hoa"][0] == [2, 2]

    _, content = _term_shard(files, manifest, "dang")
    forms = {form: decode_numbers(text) for form, text, _ in content["dang"]}
    assert forms == {"đảng": [1, 2, 2, 1], "đang": [3, 2], "dang": [3, 2]}  # gaps: entries 1 and 3

    terms = manifest["terms"].split("\n")
    frequencies = decode_numbers(manifest["frequencies"])
    assert terms == sorted(terms)
    assert frequencies[terms.index("dang")] == 2  # entries 1 and 3, whatever the forms
    assert frequencies[terms.index("to")] == 1
    assert "btc" in terms and "btctu" in terms


def test_entry_shards_hold_whole_pages_with_sections_as_anchors(monkeypatch):
    monkeypatch.setattr(searchindex, "ENTRIES_PER_SHARD", 2)
    files, summary = build_search_files(_index(DOCS))
    manifest = _manifest(files)
    firsts = []
    at = 0
    for gap in decode_numbers(manifest["entryShards"]):
        at += gap
        firsts.append(at)
    assert firsts == [0, 2] and summary.entry_shards == 2
    name, (number, records) = _call_arguments(files["kehoach/d/0.js"])
    assert name == "entries" and number == 0
    assert records[0][:2] == ["to-chuc/ban-to-chuc/", "Ban Tổ chức Tỉnh ủy"]
    assert records[1][:2] == ["#phoi-hop", "Phối hợp"]
    assert records[1][2] == ["<p>Phối hợp với Đảng ủy.</p>"]


def test_large_groups_split_into_longer_prefixes(monkeypatch):
    monkeypatch.setattr(searchindex, "SHARD_BYTES", 200)
    words = ["tha", "thanh", "thành", "thành", "thi", "thiết", "tho", "thoả", "th", "t", "tỉnh", "trong", "b"]
    docs = [{"location": f"p{i}/", "title": w, "text": " ".join(words[: i + 1]) * 3} for i, w in enumerate(words)]
    files, _ = build_search_files(_index(docs))
    manifest = _manifest(files)
    keys = [s[0] for s in manifest["termShards"]]
    assert len(keys) == len(set(keys))
    assert any(len(k) > 2 for k in keys), keys  # the "th" group was split
    terms = manifest["terms"].split("\n")
    for folded in terms:
        key, content = _term_shard(files, manifest, folded)
        assert folded in content and folded.startswith(key), (folded, key)
    # every term is in exactly one shard
    seen = []
    for name in (s[1] for s in manifest["termShards"]):
        seen += list(_call_arguments(files[f"kehoach/t/{name}.js"])[1][1])
    assert sorted(seen) == terms


def test_shard_file_names_are_safe():
    files, _ = build_search_files(_index([{"location": "x/", "title": "Ωμέγα ẞ 日本", "text": "Ωμέγα _x A.B"}]))
    for name in files:
        assert re.fullmatch(r"kehoach/(manifest|t/[a-z0-9_]+|d/\d+)\.js", name), name


def test_excerpt_keeps_whole_blocks_and_cuts_the_last_at_a_word():
    html = "<p>" + "một hai ba " * 20 + "</p><p>" + "&amp; bốn năm " * 200 + "</p>"
    blocks = excerpt(html, limit=300)
    assert blocks[0].startswith("<p>") and blocks[0].endswith("</p>")
    assert blocks[-1].endswith(" …") and "<" not in blocks[-1] and not re.search(r"&[#\w]*\s…$", blocks[-1])
    assert sum(len(re.sub("<[^>]*>", "", b)) for b in blocks) <= 310
    assert excerpt("Loại Ban Cấp Tỉnh <p>Chủ trì 1</p>") == ["Loại Ban Cấp Tỉnh ", "<p>Chủ trì 1</p>"]


# ---------------------------------------------------------------- the files


def _site(tmp_path: Path, docs=DOCS, offline=False) -> Path:
    search = tmp_path / "site" / "search"
    search.mkdir(parents=True)
    text = json.dumps(_index(docs), ensure_ascii=False)
    (search / "search_index.json").write_text(text, encoding="utf-8")
    if offline:
        (search / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
    return tmp_path / "site"


def test_stub_replaces_materials_index(tmp_path):
    site = _site(tmp_path, offline=True)
    summary = write_search_index(site)
    assert summary is not None and summary.entries == 4
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []
    assert stub["config"]["separator"] == SEPARATOR  # Material highlights words on pages with it
    assert stub["config"]["kehoach"]["manifest"] == "search/kehoach/manifest.js"
    assert re.fullmatch(r"[0-9a-f]{16}", stub["config"]["kehoach"]["version"])
    inline = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert inline.startswith("var __index = ") and json.loads(inline[len("var __index = ") :]) == stub
    assert (site / "search" / "kehoach" / "manifest.js").is_file()
    assert len(list((site / "search" / "kehoach" / "t").glob("*.js"))) == summary.term_shards
    # a second run (a site folder reused) finds the stub and leaves everything as it is
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    assert write_search_index(site) is None
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_no_search_index_no_files(tmp_path):
    assert write_search_index(tmp_path) is None
    assert not (tmp_path / "search").exists()


def test_the_builder_imports_no_mkdocs():
    code = "import sys, kehoach.content.searchindex; assert not [m for m in sys.modules if m.split('.')[0] == 'mkdocs'], 'mkdocs imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- Python and the worker agree


def test_worker_folds_like_the_index(chromium):
    """The worker's canon/fold/termsOf (exposed for this test) give what searchindex.py and
    textfold.py give, on the tricky words, in the browser people use."""
    page = chromium.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(content=WORKER.read_text(encoding="utf-8"))
        js = page.evaluate(
            "words => words.map(w => [self.__khSearch.text.canon(w), self.__khSearch.text.fold(w), self.__khSearch.text.termsOf(w.toLowerCase())])",
            TRICKY,
        )
    finally:
        page.close()
    for word, (js_canonical, js_folded, js_terms) in zip(TRICKY, js, strict=True):
        assert js_canonical == canonical(word), word
        assert js_folded == fold(word), word
        assert tuple(js_terms) == index_terms(word.lower()), word
