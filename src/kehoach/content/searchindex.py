"""The site's search index, prebuilt and split so a browser loads only what a query needs.

Material's search plugin writes every page and section of the site, text included, into one
`search/search_index.json`, and its search worker builds a lunr index of all of it in the browser:
at 10,000 pages that is 28 MB to download, 6 s and 500 MB before the first query; a national site
has over 60,000 pages. This module turns Material's entries, a page at a time as the site is built
(`SearchIndexBuilder`), into small files that our own search worker
(`overrides/assets/javascripts/workers/kehoach-search.js`) loads on demand:

- `search/kehoach/manifest.js` — loaded once: how many entries, which entries belong to which
  page, per-entry boosts, the folded-term dictionary (every folded term with its document
  frequency, sorted, used for prefix completion of the word being typed and the one-edit retry of
  a misspelling), and which shard holds which terms and which entries;
- `search/kehoach/t/<prefix>.js` — term shards: the postings of every term whose folded form
  starts with the prefix (prefixes lengthen until a shard is small), each folded term split into
  the forms actually written (NFC, tone placement normalised), so an exact match of the marks
  typed can rank first; per posting the entry, the count in the text and where in the title;
- `search/kehoach/d/<n>.js` — entry shards by entry-id range, whole pages only: location, title
  and the opening blocks of the text (enough for Material's result snippet);
- `search/search_index.json` (and `search_index.js` for file://, when present) — replaced by a
  stub with Material's `config` and no `docs`, so Material's page script does not download the
  whole index (it fetches that file for the config it needs to highlight words on a page).

Shards are JavaScript files calling `__khSearch.*(...)`: the worker loads them with
`importScripts`, which also works inside the iframe that stands in for a worker when the offline
bundle is opened from file:// (no fetch of local files is allowed there).

Words are cut exactly as Material's tokenizer cuts them (the configured separator, HTML tags) and
indexed as the former lunr.vi override did: each word as written (lower case, NFC, tone mark on
the "new" vowel: hòa → hoà, Ủy → uỷ) and folded (`kehoach.domain.textfold.fold`: marks dropped, đ → d);
a word joined by "/" or "." (CT/TW, 19/5/2019) also part by part. The worker folds queries with
a copy of `fold` generated from it (tests/test_fold.py checks the two agree).

Plain Python, no MkDocs import: `hooks/kehoach_search.py` feeds the builder each page's entries
(in a child process, kehoach.plugin.parallel) and has Material write the stub; `write_search_index`
splits an index Material already wrote whole. One pass over the entries, memory linear in the
number of postings (arrays, not lists of ints).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kehoach.domain.textfold import fold

FORMAT = 1
OUTPUT_DIR = "kehoach"  # under search/
STOP_WORDS = frozenset(["là", "cái", "nhưng", "mà"])  # lunr-languages' Vietnamese stop words
DEFAULT_SEPARATOR = r"[\s\-]+"  # Material's default, for an index written without a config

# A term shard grows until about this many bytes; one term bigger than that is a shard alone.
SHARD_BYTES = 96_000
# Entries per entry shard, at most (whole pages: a page with many sections may go over). A result
# reads its whole shard: 8 rather than 16 took ~6 MB off the browser's memory at national size.
ENTRIES_PER_SHARD = 8
# Characters of an entry's text kept for the result snippet. 320 would take ~30 MB more off the
# browser's memory at national size, but then a result often does not show the word that matched.
EXCERPT_CHARS = 1000
TEXT_TF_MAX = 15  # counts above this add nothing to a score (BM25 saturates long before)
TITLE_POSITIONS = 30  # title words past this one share the last bit of the position mask

# Pages for the site's editors rank below its content: the editors' guide (docs/huong-dan/, and the
# field table the plugin writes there) names organizations in its examples ("Ban Tổ chức", "BTC"),
# and a reader searching for one must get the organization, its plans and tasks first. Per address
# prefix (the page's path from the site's root, as Material writes it), a factor on every entry of
# the page, multiplied with the entry's own boost (front matter `search: boost:`). The worker
# multiplies each entry's score by its boost (and keeps only the entries with the most query words
# first): a factor of a millionth is a tier of its own, a guide page comes after every content page
# with as many of the words (tests/test_search_rank.py), and a query only the guide answers still
# finds it. The readers' help page ("Cách tra cứu", docs/cach-tra-cuu.md) names organizations in its
# examples too: a milder factor keeps it below the pages of those organizations, found all the same
# for what it is about ("lịch", "in", "trạng thái").
# The editors' history of record changes (lich-su/: commit messages, file names) is theirs too.
SECTION_BOOSTS: tuple[tuple[str, float], ...] = (
    ("huong-dan/", 1e-6), ("lich-su/", 1e-6), ("lich-su.html", 1e-6), ("cach-tra-cuu/", 0.2), ("cach-tra-cuu.html", 0.2),
)  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Words


_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_OLD_PLACEMENT = re.compile(f"([ou])([{_TONES}])([aey])")
_TAG = re.compile(r"<[^>]*>")


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNM"


def canonical(word: str) -> str:
    """Lower case, NFC, tone mark on the "new" vowel of oa/oe/uy ending a syllable:
    hòa → hoà, Ủy → uỷ, thủy → thuỷ (so the two tone placements are one word)."""
    decomposed = unicodedata.normalize("NFD", word.lower())

    def move(m: re.Match) -> str:
        after = m.end()
        if after < len(decomposed) and _is_word_char(decomposed[after]):
            return m.group(0)  # not the end of the syllable: "hoàn", "khoẻo" stay as written
        return m.group(1) + m.group(3) + m.group(2)

    return unicodedata.normalize("NFC", _OLD_PLACEMENT.sub(move, decomposed))


def trim(word: str) -> str:
    """Punctuation around a word: “tổ → tổ, (chưa → chưa, rõ). → rõ"""
    start, end = 0, len(word)
    while start < end and not _is_word_char(word[start]):
        start += 1
    while end > start and not _is_word_char(word[end - 1]):
        end -= 1
    return word[start:end]


def _inner_parts(word: str) -> list[str]:
    parts, current = [], []
    for ch in word:
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            parts.append("".join(current))
            current = []
    if current:
        parts.append("".join(current))
    return parts


def index_terms(token: str) -> tuple[str, ...]:
    """The canonical terms a token (as Material's tokenizer cut it, lower case) is indexed under:
    the whole word, trimmed, and its parts when "/" or "." join several (CT/TW → ct/tw, ct, tw).
    A stop word gives none."""
    if token in STOP_WORDS:
        return ()
    whole = trim(token)
    if not whole:
        return ()
    words = [whole]
    parts = _inner_parts(whole)
    if len(parts) > 1:
        words += parts
    terms: list[str] = []
    for word in words:
        term = canonical(word)
        if term not in terms:
            terms.append(term)
    return tuple(terms)


class Tokenizer:
    """Material's tokenizer (tags split blocks, the configured separator splits words, lower
    case), with the index terms of each distinct piece cached: a site has far fewer distinct
    words than words."""

    def __init__(self, separator: str):
        self.separator = re.compile(separator)
        # Splitting on whitespace first (fast, in C) and then with the separator gives the same
        # words whenever the separator matches whitespace, as Material's default and ours do.
        self.splits_on_space = bool(self.separator.fullmatch(" "))
        self._pieces: dict[str, tuple[str, ...]] = {}

    def _terms_of_piece(self, piece: str) -> tuple[str, ...]:
        terms = self._pieces.get(piece)
        if terms is None:
            if self.splits_on_space:
                words = [w for w in self.separator.split(piece) if w]
            else:
                words = [piece]
            found: list[str] = []
            for word in words:
                for term in index_terms(word):
                    found.append(term)
            terms = self._pieces[piece] = tuple(found)
        return terms

    def term_counts(self, text: str) -> dict[str, int]:
        """Canonical term → occurrences in an entry's text (HTML)."""
        if "<" in text:
            text = _TAG.sub(" ", text)
        text = text.lower()
        pieces = Counter(text.split()) if self.splits_on_space else Counter(w for w in self.separator.split(text) if w)
        counts: dict[str, int] = {}
        cached = self._pieces.get
        add = counts.get
        for piece, n in pieces.items():
            terms = cached(piece)
            if terms is None:
                terms = self._terms_of_piece(piece)
            for term in terms:
                counts[term] = add(term, 0) + n
        return counts

    def title_positions(self, title: str) -> tuple[dict[str, int], int]:
        """(canonical term → bit mask of the word positions where it occurs in a title (bit i:
        i-th word; positions past TITLE_POSITIONS share the last bit), number of words)."""
        if "<" in title:
            title = _TAG.sub(" ", title)
        words = [w for w in self.separator.split(title.lower()) if w]
        masks: dict[str, int] = {}
        for position, word in enumerate(words):
            bit = 1 << min(position, TITLE_POSITIONS)
            for term in self._terms_of_piece(word):
                masks[term] = masks.get(term, 0) | bit
        return masks, len(words)


# ---------------------------------------------------------------------------------------------
# Compact numbers: postings are strings of base-64 digits, 5 bits of value per character, the
# 6th bit meaning "more characters follow" (most significant group first). A dense posting list
# costs two characters per entry (gap, counts).

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


def _encode_slow(value: int) -> str:
    if value < 0:
        raise ValueError(value)
    groups = [value & 31]
    value >>= 5
    while value:
        groups.append(value & 31)
        value >>= 5
    groups.reverse()
    return "".join(DIGITS[g + 32] for g in groups[:-1]) + DIGITS[groups[-1]]


_SMALL = [_encode_slow(v) for v in range(32768)]


def encode_number(value: int) -> str:
    return _SMALL[value] if value < 32768 else _encode_slow(value)


def encode_numbers(values: Iterable[int]) -> str:
    small = _SMALL
    return "".join(small[v] if v < 32768 else _encode_slow(v) for v in values)


def decode_numbers(text: str) -> list[int]:
    """The inverse of encode_numbers (the worker has its own; this one is for tests)."""
    values, current = [], 0
    for ch in text:
        digit = DIGITS.index(ch)
        current = (current << 5) | (digit & 31)
        if digit < 32:
            values.append(current)
            current = 0
    return values


def _gaps(ids: Iterable[int]) -> list[int]:
    """Differences between neighbours, the first from 0: ascending ids become small numbers."""
    ids = list(ids)
    return [b - a for a, b in zip([0] + ids, ids, strict=False)]


def _encode_pairs(flat: Iterable[int]) -> str:
    """(id, value) pairs given flat, ids ascending: encoded as (gap, value) pairs."""
    pairs = list(flat)
    pairs[0::2] = _gaps(pairs[0::2])
    if pairs and max(pairs) < 32768:
        return "".join(map(_SMALL.__getitem__, pairs))
    return encode_numbers(pairs)


# ---------------------------------------------------------------------------------------------
# Result snippets: the opening top-level blocks of an entry's text, as Material's tokenizer cuts
# them (a block is a top-level element, or text between them).

_TAG_OR_TEXT = re.compile(r"<[^>]*>|[^<]+|<")


def _blocks(html: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    depth = 0
    for m in _TAG_OR_TEXT.finditer(html):
        part = m.group(0)
        if part.startswith("<") and part.endswith(">") and len(part) > 1:
            if part.startswith("</"):
                depth = max(depth - 1, 0)
                current.append(part)
                if depth == 0:
                    blocks.append("".join(current))
                    current = []
                continue
            if not part.endswith("/>"):
                if depth == 0 and current:
                    blocks.append("".join(current))
                    current = []
                depth += 1
            current.append(part)
        else:
            current.append(part)
    if current:
        blocks.append("".join(current))
    return [b for b in blocks if b.strip()]


_ENTITY_TAIL = re.compile(r"&[#\w]*$")


def excerpt(html: str, limit: int = EXCERPT_CHARS) -> list[str]:
    """The first blocks of an entry's text, about `limit` characters: whole blocks as they are
    (HTML), and the block that would go past the limit as plain text cut at a word, with “…”."""
    head = html[: limit * 3]  # enough for `limit` characters of text in any realistic markup
    blocks = _blocks(head)
    result: list[str] = []
    used = 0
    for number, block in enumerate(blocks):
        complete = len(head) == len(html) or number < len(blocks) - 1  # the last may be cut off
        text_length = len(_TAG.sub("", block))
        if complete and used + text_length <= limit:
            result.append(block)
            used += text_length
            if used >= limit:
                break
            continue
        room = limit - used
        if room < 40 and result:
            break
        plain = " ".join(_TAG.sub(" ", block).split())
        cut = plain[: max(room, 40)]
        if len(cut) < len(plain):
            cut = cut[: cut.rfind(" ")] if " " in cut else cut
            cut = _ENTITY_TAIL.sub("", cut) + " …"
        result.append(cut)
        break
    return result


# ---------------------------------------------------------------------------------------------
# Building


@dataclass
class SearchFiles:
    """What write_search_index wrote, for logs and tests."""

    entries: int
    pages: int
    terms: int
    term_shards: int
    entry_shards: int
    bytes: int


def _page_runs(docs: list[dict[str, Any]]) -> list[list[int]]:
    """Entries grouped by page, each page followed by its sections (Material: an entry whose path,
    before '#', was seen already is a section of that page)."""
    runs: dict[str, list[int]] = {}
    for number, doc in enumerate(docs):
        path = str(doc.get("location", "")).split("#", 1)[0]
        runs.setdefault(path, []).append(number)
    return list(runs.values())


def _safe_name(key: str) -> str:
    """A file name for a shard prefix: ASCII letters and digits as they are, anything else as
    _xxxx (hex code point), so any term is a valid, case-safe file name."""
    return "".join(ch if ch in "abcdefghijklmnopqrstuvwxyz0123456789" else f"_{ord(ch):04x}" for ch in key) or "_"


def _js_call(function: str, *arguments: Any) -> str:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in arguments)
    # U+2028/2029 are valid in JSON strings but ended a JavaScript string before ES2019.
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"__khSearch.{function}({body})\n"


def section_boost(location: str) -> float:
    """The factor SECTION_BOOSTS gives a page's entries (1 for content)."""
    path = location.split("#", 1)[0].lstrip("/")
    for prefix, factor in SECTION_BOOSTS:
        if path.startswith(prefix):
            return factor
    return 1.0


class SearchIndexBuilder:
    """The split index, built a page at a time: `add_page` with the entries Material's search
    plugin makes of one page (the page, then its sections), `files` once every page is in.

    Only what the files need is kept per entry (postings, the excerpt), not the entry's text."""

    def __init__(self, separator: str | None = None):
        self.separator = separator or DEFAULT_SEPARATOR
        self._tokenizer = Tokenizer(self.separator)
        # Per canonical term, in entry order: [entry, value, entry, value, ...] where value is the
        # count in the text (at most TEXT_TF_MAX) times 2, plus 1 when the title has the term; and
        # [entry, title, ...] for the entries whose title has it, title = position mask (31 bits)
        # + number of title words (at most 31) << 31.
        self._postings: dict[str, array] = {}
        self._titles: dict[str, array] = {}  # array("q"): a mask and the title's length need 36 bits
        self._boosts: list[list[float]] = []  # runs [first entry, count, boost] of entries with boost != 1
        self._page_lengths: list[int] = []
        self._shards: list[list[list]] = []  # entry records, whole pages per shard
        self._entry_shards: list[int] = []  # first entry of each entry shard
        self._entries = 0

    def add_page(self, entries: list[dict[str, Any]]) -> None:
        if not entries:
            return
        if not self._shards or (self._shards[-1] and len(self._shards[-1]) + len(entries) > ENTRIES_PER_SHARD):
            self._shards.append([])
            self._entry_shards.append(self._entries)
        page_location = str(entries[0].get("location", ""))
        for member, doc in enumerate(entries):
            self._add_entry(self._entries, doc)
            location = str(doc.get("location", ""))
            if member and "#" in location and "#" not in page_location:
                location = "#" + location.split("#", 1)[1]  # a section: its anchor; the page is the run's first entry
            record = [location, str(doc.get("title") or ""), excerpt(str(doc.get("text") or ""))]
            if doc.get("tags"):
                record.append([str(t) for t in doc["tags"]])
            self._shards[-1].append(record)
            self._entries += 1
        self._page_lengths.append(len(entries))

    def _add_entry(self, new_id: int, doc: dict[str, Any]) -> None:
        tokenizer, postings, titles = self._tokenizer, self._postings, self._titles
        posting_of = postings.get
        counts = tokenizer.term_counts(str(doc.get("text") or ""))
        masks, title_words = tokenizer.title_positions(str(doc.get("title") or ""))
        for tag in doc.get("tags") or ():  # tags weigh like the title (Material: more)
            for term in tokenizer.title_positions(str(tag))[0]:
                masks[term] = masks.get(term, 0) | (1 << TITLE_POSITIONS)
        # The title's length rides with each mask (above its 31 bits): the worker favours
        # titles the query covers ("Tổ chức" over "Ban Tổ chức Tỉnh ủy" for "tổ chức").
        title_length = min(title_words, TITLE_POSITIONS + 1) << (TITLE_POSITIONS + 1)
        for term, n in counts.items():
            p = posting_of(term)
            if p is None:
                p = postings[term] = array("i")
            p.append(new_id)
            p.append(_TEXT_VALUE[n] if n < TEXT_TF_MAX else _TEXT_VALUE[TEXT_TF_MAX])
        for term, mask in masks.items():
            p = posting_of(term)
            if p is None:
                p = postings[term] = array("i")
            if term in counts:
                p[-1] += 1
            else:
                p.append(new_id)
                p.append(1)
            t = titles.get(term)
            if t is None:
                t = titles[term] = array("q")
            t.append(new_id)
            t.append(mask | title_length)
        own = doc.get("boost")
        boost = (1.0 if own is None else float(own)) * section_boost(str(doc.get("location", "")))
        if boost != 1:
            boosts = self._boosts
            if boosts and boosts[-1][0] + boosts[-1][1] == new_id and boosts[-1][2] == boost:
                boosts[-1][1] += 1
            else:
                boosts.append([new_id, 1, boost])

    def files(self) -> tuple[dict[str, str], SearchFiles]:
        """(relative path under search/ → file content, summary). Call once: postings are consumed."""
        postings, titles = self._postings, self._titles
        # Folded terms, sorted; each with its written forms and document frequency
        forms: dict[str, list[str]] = {}
        for term in postings:
            forms.setdefault(fold(term), []).append(term)
        folded_terms = sorted(forms)
        frequencies: list[int] = []
        encoded: dict[str, list] = {}
        for folded_term in folded_terms:
            variants = sorted(forms[folded_term])
            if len(variants) == 1:
                frequency = len(postings[variants[0]]) // 2
            else:
                frequency = len(set().union(*(postings[v][0::2] for v in variants)))
            frequencies.append(frequency)
            encoded[folded_term] = [[v, _encode_pairs(postings.pop(v)), _encode_pairs(titles.pop(v, ()))] for v in variants]

        files: dict[str, str] = {}
        term_shards = _term_shards(folded_terms, encoded)
        for key, first, last in term_shards:
            content = {t: encoded[t] for t in folded_terms[first:last]}
            files[f"{OUTPUT_DIR}/t/{_safe_name(key)}.js"] = _js_call("terms", key, content)
        for number, records in enumerate(self._shards):
            files[f"{OUTPUT_DIR}/d/{number}.js"] = _js_call("entries", number, records)

        manifest = {
            "format": FORMAT,
            "entries": self._entries,
            "pages": encode_numbers(self._page_lengths),
            "boosts": self._boosts,
            "terms": "\n".join(folded_terms),
            "frequencies": encode_numbers(frequencies),
            "termShards": [[key, _safe_name(key), first] for key, first, _ in term_shards],
            "entryShards": encode_numbers(_gaps(self._entry_shards)),
            "separator": self.separator,
            "stopWords": sorted(STOP_WORDS),
        }
        files[f"{OUTPUT_DIR}/manifest.js"] = _js_call("manifest", manifest)
        summary = SearchFiles(
            entries=self._entries,
            pages=len(self._page_lengths),
            terms=len(folded_terms),
            term_shards=len(term_shards),
            entry_shards=len(self._shards),
            bytes=sum(len(c.encode("utf-8")) for c in files.values()),
        )
        return files, summary


_TEXT_VALUE = [min(n, TEXT_TF_MAX) * 2 for n in range(TEXT_TF_MAX + 1)]


def build_search_files(index: dict[str, Any]) -> tuple[dict[str, str], SearchFiles]:
    """(relative path under search/ → file content, summary) from a whole Material search index."""
    config = index.get("config") or {}
    docs = index.get("docs") or []
    builder = SearchIndexBuilder(config.get("separator"))
    for run in _page_runs(docs):
        builder.add_page([docs[number] for number in run])
    return builder.files()


def _term_shards(folded_terms: list[str], encoded: dict[str, list]) -> list[tuple[str, int, int]]:
    """(prefix, first term, end) of each term shard: terms grouped by their first two
    characters; a group over SHARD_BYTES is split by one more character, and so on. Terms are
    sorted, so every shard is a range of the sorted dictionary."""
    sizes = [sum(len(v[0]) + len(v[1]) + len(v[2]) + 12 for v in encoded[t]) + len(t) for t in folded_terms]
    shards: list[tuple[str, int, int]] = []

    def split(first: int, end: int, length: int) -> None:
        start = first
        while start < end:
            key = folded_terms[start][:length]
            stop = start
            total = 0
            while stop < end and folded_terms[stop][:length] == key:
                total += sizes[stop]
                stop += 1
            if total > SHARD_BYTES and stop - start > 1 and any(len(t) > length for t in folded_terms[start:stop]):
                # terms equal to the key itself stay in the key's own shard, ahead of the longer
                # ones (they sort first)
                exact = start
                while exact < stop and len(folded_terms[exact]) <= length:
                    exact += 1
                if exact > start:
                    shards.append((key, start, exact))
                split(exact, stop, length + 1)
            else:
                shards.append((key, start, stop))
            start = stop

    split(0, len(folded_terms), 2)
    return shards


def stub(config: dict[str, Any], version: str = "") -> dict[str, Any]:
    """What stays in search_index.json: Material's config (its page script reads the separator
    to highlight words on a page opened from a result), no entries. Where our index is goes
    inside the config, the only part Material passes on to the worker; the version (a hash of
    the manifest) keeps a browser from mixing cached shards of two builds."""
    config = dict(config)
    config["kehoach"] = {"format": FORMAT, "manifest": f"search/{OUTPUT_DIR}/manifest.js", "version": version}
    return {"config": config, "docs": []}


def stub_text(config: dict[str, Any], version: str) -> str:
    return json.dumps(stub(config, version), ensure_ascii=False, separators=(",", ":"))


def write_search_files(search_dir: Path, files: dict[str, str]) -> str:
    """Write the split index under search_dir (replacing an older one); its version."""
    output = Path(search_dir) / OUTPUT_DIR
    if output.exists():
        shutil.rmtree(output)
    folders: set[Path] = set()
    for relative, content in files.items():
        path = Path(search_dir) / relative
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_text(content, encoding="utf-8")
    return hashlib.sha256(files[f"{OUTPUT_DIR}/manifest.js"].encode("utf-8")).hexdigest()[:16]


def write_search_index(site_dir: Path) -> SearchFiles | None:
    """Split an index Material already wrote (site_dir/search/search_index.json) and leave a stub;
    None when the site has no search index (search plugin off) or only the stub. For builds where
    the index could not be made page by page (`--dirty`, where Material merges the previous one)."""
    search = Path(site_dir) / "search"
    source = search / "search_index.json"
    if not source.is_file():
        return None
    with open(source, encoding="utf-8") as stream:
        index = json.load(stream)
    if "kehoach" in (index.get("config") or {}) and not index.get("docs"):
        return None
    files, summary = build_search_files(index)
    version = write_search_files(search, files)
    small = stub_text(index.get("config") or {}, version)
    _replace(source, small)
    inline = search / "search_index.js"  # the offline plugin's copy for file://, if written
    if inline.is_file():
        _replace(inline, f"var __index = {small}")
    return summary


def _replace(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
