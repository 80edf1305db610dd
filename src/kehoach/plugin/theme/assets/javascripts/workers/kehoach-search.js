/*
 * kehoach — the site's search worker: Material's search box, our prebuilt split index.
 *
 * Material for MkDocs talks to its search worker in four messages (SETUP, READY, QUERY,
 * RESULT); overrides/main.html points Material at this file instead of its lunr worker, which
 * builds a lunr index of the whole site in the browser (at 10,000 pages: 28 MB, 6 s, 500 MB
 * before the first answer; a national site has 60,000+ pages). Here the index was built and
 * split at build time (src/kehoach/searchindex.py, written by hooks/kehoach_search.py):
 *
 *   search/kehoach/manifest.js   loaded at SETUP: entries per page, boosts, the folded-term
 *                                dictionary with document frequencies, where the shards are;
 *   search/kehoach/t/<prefix>.js postings of the terms starting with a prefix, loaded when a
 *                                query needs one of them (and kept, up to a budget);
 *   search/kehoach/d/<n>.js      location, title and text opening of a range of entries, loaded
 *                                for the results shown.
 *
 * Files are JavaScript calling __khSearch.*(JSON): over http(s) fetched in parallel as bytes and
 * kept so (ArrayBuffers: term shards are scanned for where their postings are, entry records
 * decoded when shown), run with importScripts in the iframe Material uses in place of a worker
 * when the offline bundle is opened from file:// (there importScripts returns a promise; it is
 * awaited, and the postings are copied into bytes).
 *
 * What a query does, as the former lunr.vi override did:
 *   - words are cut with the site's separator and folded like the index: lower case, NFC, tone
 *     placement normalised (hòa = hoà, Ủy = Uỷ), and without marks (đ → d) for matching;
 *   - typed with marks, a word matches the same marks first (weight 1) and any word that folds
 *     alike after every exact match (FOLD_BOOST); typed without marks, every word that folds
 *     to it counts fully, and the word written exactly so gets LITERAL_BOOST on top;
 *   - the last word may still be being typed: words starting with it count too (PREFIX_BOOST),
 *     at most PREFIX_TERMS of them, the most frequent first ("t" alone is not expanded);
 *   - a word of FUZZY_MIN_LENGTH+ letters that matches nothing (the last: nothing starting with
 *     it either) is retried with one edit (insert, delete, replace, swap: "tuyeen" → tuyên);
 *   - results have every word (in some form); when none has them all, those with the most;
 *     a title with the words in a row is boosted (PHRASE_BOOST), and entries by their boost
 *     (organization pages); then Material's own post-boost of pages over sections;
 *   - "-word" leaves out entries with the word, "*ong" matches words containing "ong".
 * Answers carry the FIRST_PAGES best pages in full (the list shows 10, then more as it is
 * scrolled: it then asks for the next ones, up to MAX_PAGES, with a MORE message), the number
 * of pages found in `total` and how many the list may show in `listed`; per page, its best entry, the sections scoring as
 * high and MORE_SECTIONS other matching sections, and in `more` how many were left out:
 * kehoach-search-queue.js shows the real numbers when they differ. Each query gets exactly one RESULT, in order (Material counts on it).
 *
 * No network beyond the site's own files, no dependencies.
 */
(function () {
  "use strict"

  /* Message types: Material's SearchMessageType */
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
  /* Ours: the list's next pages for a query ({ type: MORE, data: query, from }), answered by
     { type: MORE_RESULT, data } (kehoach-search-queue.js; Material ignores both) */
  var MORE = 100, MORE_RESULT = 101

  var FOLD_BOOST = 0.0001   /* a folded match of a word typed with marks: after every exact one,
                               even one in a section text against a folded one in a title */
  var LITERAL_BOOST = 0.25  /* bonus for a word written as typed when typed without marks */
  var PREFIX_BOOST = 0.5    /* a longer word starting with the last query word */
  var MIN_PREFIX = 2        /* a last word shorter than this is not expanded */
  var PREFIX_TERMS = 12     /* at most so many completions of the last word, most frequent first */
  var PREFIX_POSTINGS = 150000 /* ... and no more postings than this for them altogether
                                (at least one completion; "ba" is not a word anyone means) */
  var INNER_TERMS = 24      /* "*xyz": at most so many words containing xyz */
  var FUZZY_BOOST = 0.3     /* a corrected misspelling */
  var FUZZY_MIN_LENGTH = 4  /* shorter unknown words are not corrected */
  var FUZZY_TERMS = 8       /* words one edit away, most frequent first */
  var PHRASE_BOOST = 2      /* the query's words in a row in the title */
  var K1 = 1.2              /* BM25 saturation, as lunr; no length normalisation (Material: b=0) */
  var MAX_WORDS = 30        /* query words considered (one bit each in a 32-bit mask) */
  var FIRST_PAGES = 10      /* pages a query is answered with in full (the list shows 10 first) */
  var MAX_PAGES = 20        /* pages listed at most: the next ones are sent when the list asks for
                               them (MORE, when it is scrolled to its end: kehoach-search-queue.js);
                               the rest are counted, and the count shown */
  var MORE_SECTIONS = 1      /* a page's other matching sections sent besides its best (see
                               capSections; at 3, no gain in memory was measured) */
  var TERM_CACHE = 6e6      /* bytes of term shards kept between queries (off the JS heap; a
                               shard evicted comes back from the browser's HTTP cache) */
  var ENTRY_CACHE = 1e6     /* bytes of entry shards kept between queries (ditto) */
  var TITLE_POSITIONS = 30  /* as in searchindex.py: later title words share the last bit */
  var TITLE_LENGTH = Math.pow(2, TITLE_POSITIONS + 1) /* title values: mask + words × this */

  /* ------------------------------------------------------------------------
   * Text: must agree with src/kehoach/content/searchindex.py (canonical, trim, index_terms),
   * tests/test_searchindex.py runs both on the same words; fold is generated from
   * src/kehoach/domain/textfold.py (tests/test_fold.py).
   * --------------------------------------------------------------------- */

  var TONES = "\u0300\u0301\u0303\u0309\u0323" /* huyền, sắc, ngã, hỏi, nặng */
  var OLD_PLACEMENT = new RegExp("([ou])([" + TONES + "])([aey])(?![\\p{L}\\p{N}\\p{M}])", "gu")
  var EDGES = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu
  var INNER = /[^\p{L}\p{N}\p{M}]+/u
  var STOP = Object.create(null)   /* lunr-languages' Vietnamese stop words; the manifest's win */
  "là cái nhưng mà".split(" ").forEach(function (w) { STOP[w] = true })

  /* Lower case, NFC, tone mark on the "new" vowel: hòa → hoà, Ủy → uỷ, thủy → thuỷ */
  function canon(value) {
    return value.toLowerCase().normalize("NFD").replace(OLD_PLACEMENT, "$1$3$2").normalize("NFC")
  }

  /* BEGIN fold: generated from src/kehoach/domain/textfold.py by `python3 -m kehoach.domain.textfold`; do not edit */
  /* Lower case, marks dropped, đ → d (kehoach.domain.textfold.fold): Ủy ban, Uỷ ban, uy ban → uy ban */
  var FOLD_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g
  var FOLD_STROKES = /[\u0111\u0110]/g, FOLD_STROKE = { "\u0111": "d", "\u0110": "D" }
  function fold(value) {
    return value.replace(FOLD_STROKES, function (c) { return FOLD_STROKE[c] })
      .normalize("NFD").replace(FOLD_MARKS, "").normalize("NFC").toLowerCase()
  }
  /* END fold */

  function trim(value) {
    return value.replace(EDGES, "")
  }

  /* The canonical terms a word is indexed under: whole, and its parts (CT/TW → ct/tw, ct, tw) */
  function termsOf(word) {
    word = word.toLowerCase()
    if (STOP[word]) return []
    var whole = trim(word)
    if (!whole) return []
    var words = [whole], parts = whole.split(INNER).filter(Boolean)
    if (parts.length > 1) words = words.concat(parts)
    var result = []
    for (var i = 0; i < words.length; i++) {
      var c = canon(words[i])
      if (result.indexOf(c) < 0) result.push(c)
    }
    return result
  }

  var separator = /[\s\-]+/g
  var splitWords = true       /* the separator has no groups: words are separator.split */
  function words(text) {
    return text.split(separator).filter(Boolean)
  }

  /* ------------------------------------------------------------------------
   * Numbers: base-64 digits, 5 bits per character, 6th bit "more follow" (searchindex.py)
   * --------------------------------------------------------------------- */

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
  var DIGIT = new Int8Array(128).fill(-1)
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d

  function decode(text) {
    var out = [], current = 0
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)]
      current = current * 32 + (digit & 31)
      if (digit < 32) {
        out.push(current)
        current = 0
      }
    }
    return out
  }

  /* Calls fn(doc, value) for the (gap, value) pairs in bytes[start, end), without an array */
  function eachPosting(bytes, start, end, fn) {
    var doc = 0, current = 0, half = 0
    for (var i = start; i < end; i++) {
      var digit = DIGIT[bytes[i]]
      current = current * 32 + (digit & 31)
      if (digit < 32) {
        if (half === 0) doc += current
        else fn(doc, current)
        half ^= 1
        current = 0
      }
    }
  }

  /* ------------------------------------------------------------------------
   * Loading
   * --------------------------------------------------------------------- */

  var base = ""               /* the site's root URL */
  var version = ""            /* ?v=<build>: a rebuilt site's shards are never mixed with cached ones */
  var index = null            /* from the manifest */
  /* Shards are kept as their files' bytes, in ArrayBuffers, not as JS strings and arrays: the
     JS heap then holds little that outlives a query, and V8 keeps its young generation small
     (parsed shards surviving collections made it grow to 64 MB at national size, and the
     renderer with it). A term shard: { bytes, terms: folded term → [form, ...], size }, each
     form { form, bytes, p, pe, t, te }: its text postings are bytes[p, pe), its title
     postings bytes[t, te). An entry shard: { bytes } (decoded when shown) or { records }. */
  var termShards = new Map()  /* shard number → term shard, least recently used first */
  var entryShards = new Map() /* shard number → entry shard */
  var termBytes = 0, entryBytes = 0
  var pendingTerms = Object.create(null), pendingEntries = Object.create(null)

  self.__khSearch = {
    manifest: function (data) { index = prepare(data) },
    /* under file://, run by importScripts: the postings, strings here, become bytes too */
    terms: function (key, data) { pendingTerms[key] = termShardOf(data) },
    entries: function (number, data) { pendingEntries[number] = { records: data, size: JSON.stringify(data).length } },
    /* for tests/test_searchindex.py: the same words must give the same terms as the index */
    text: { canon: canon, fold: fold, termsOf: termsOf }
  }

  function siteRoot() {
    /* In a worker, our URL; in the iframe standing in for one (file://), the script's */
    var url = typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope
      ? self.location.href
      : document.querySelector("script[src]").src
    return new URL("../../../", url).href
  }

  /* Over http(s), files are fetched in parallel as bytes (faster than scripts, and a script's
     source would stay in memory): the manifest is parsed as JSON, term shards are scanned for
     where their postings are (see termShardOf), entry shards are kept as they are; in the
     iframe standing in for a worker under file://, where fetch cannot read files, they are run
     with importScripts */
  var FETCH = typeof fetch === "function" && typeof WorkerGlobalScope !== "undefined" &&
    self instanceof WorkerGlobalScope && /^https?:$/.test(self.location.protocol)
  var PREFIX = "__khSearch."
  var utf8 = typeof TextDecoder === "function" ? new TextDecoder() : null

  /* The function a file calls and where its arguments start: __khSearch.<name>( */
  function callOf(bytes) {
    var open = bytes.indexOf(40 /* ( */), name = ""
    for (var i = 0; i < open && i < 40; i++) name += String.fromCharCode(bytes[i])
    name = name.slice(PREFIX.length)
    if (name !== "manifest" && name !== "terms" && name !== "entries" || open < 0)
      throw new Error("not a search index file")
    return { name: name, open: open }
  }

  function received(bytes) {
    var call = callOf(bytes)
    if (call.name === "manifest") {
      var close = bytes.lastIndexOf(41 /* ) */)
      self.__khSearch.manifest.apply(null, JSON.parse("[" + utf8.decode(bytes.subarray(call.open + 1, close)) + "]"))
    } else if (call.name === "terms") {
      var shard = scanTermShard(bytes, call.open + 1)
      pendingTerms[shard.key] = shard
    } else {
      /* "__khSearch.entries(<number>,": the number, then the records, read when shown */
      var comma = bytes.indexOf(44 /* , */, call.open)
      var number = +utf8.decode(bytes.subarray(call.open + 1, comma))
      pendingEntries[number] = { bytes: bytes, size: bytes.length }
    }
  }

  function load(urls) {
    if (!urls.length) return Promise.resolve()
    if (FETCH)
      return Promise.all(urls.map(function (url) {
        return fetch(url).then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status)
          return response.arrayBuffer()
        })
      })).then(function (buffers) { buffers.forEach(function (b) { received(new Uint8Array(b)) }) })
    try {
      return Promise.resolve(importScripts.apply(self, urls))
    } catch (err) {
      return Promise.reject(err)
    }
  }

  /* ------------------------------------------------------------------------
   * Term shards as bytes. A file is __khSearch.terms("<key>",{"<folded term>":[["<form>",
   * "<text postings>","<title postings>"],...],...}) — JSON written by searchindex.py without
   * spaces; postings are base-64 digits, never escaped. Only the keys and forms become
   * strings; postings stay where they are in the bytes.
   * --------------------------------------------------------------------- */

  function shardError() { return new Error("malformed search index shard") }

  /* The end (index of the closing quote) of the JSON string starting at bytes[start] === '"' */
  function stringEnd(bytes, start) {
    var end = start
    for (;;) {
      end = bytes.indexOf(34 /* " */, end + 1)
      if (end < 0) throw shardError()
      var backslashes = 0
      while (bytes[end - 1 - backslashes] === 92 /* \ */) backslashes++
      if (backslashes % 2 === 0) return end
    }
  }

  function stringAt(bytes, start, end) {
    var text = utf8.decode(bytes.subarray(start + 1, end))
    return bytes.subarray(start + 1, end).indexOf(92) < 0 ? text : JSON.parse("\"" + text + "\"")
  }

  function scanTermShard(bytes, at) {
    var end, terms = Object.create(null)
    function expect(code) {
      if (bytes[at] !== code) throw shardError()
      at++
    }
    end = stringEnd(bytes, at)
    var key = stringAt(bytes, at, end)
    at = end + 1
    expect(44 /* , */)
    expect(123 /* { */)
    while (bytes[at] === 34) {
      end = stringEnd(bytes, at)
      var term = stringAt(bytes, at, end), forms = []
      at = end + 1
      expect(58 /* : */)
      expect(91 /* [ */)
      while (bytes[at] === 91) {
        at++
        end = stringEnd(bytes, at)
        var form = { form: stringAt(bytes, at, end), bytes: bytes, p: 0, pe: 0, t: 0, te: 0 }
        at = end + 1
        expect(44)
        end = stringEnd(bytes, at)
        form.p = at + 1
        form.pe = end
        at = end + 1
        expect(44)
        end = stringEnd(bytes, at)
        form.t = at + 1
        form.te = end
        at = end + 1
        expect(93 /* ] */)
        forms.push(form)
        if (bytes[at] === 44) at++
      }
      expect(93)
      terms[term] = forms
      if (bytes[at] === 44) at++
    }
    expect(125 /* } */)
    return { key: key, bytes: bytes, terms: terms, size: bytes.length }
  }

  /* The same from the parsed call (file://): the postings strings copied into one byte array */
  function termShardOf(data) {
    var size = 0, t, i
    for (t in data)
      for (i = 0; i < data[t].length; i++) size += data[t][i][1].length + data[t][i][2].length
    var bytes = new Uint8Array(size), at = 0, terms = Object.create(null)
    function copy(text) {
      for (var k = 0; k < text.length; k++) bytes[at++] = text.charCodeAt(k)
      return at
    }
    for (t in data) {
      terms[t] = data[t].map(function (f) {
        var form = { form: f[0], bytes: bytes, p: at, pe: 0, t: 0, te: 0 }
        form.pe = copy(f[1])
        form.t = at
        form.te = copy(f[2])
        return form
      })
    }
    return { bytes: bytes, terms: terms, size: size }
  }

  function prepare(data) {
    var terms = data.terms ? data.terms.split("\n") : []
    var lookup = new Map()
    for (var i = 0; i < terms.length; i++) lookup.set(terms[i], i)
    var sorted = true
    for (var j = 1; j < terms.length && sorted; j++) sorted = terms[j - 1] < terms[j]

    var count = data.entries
    var pageOf = new Int32Array(count), firstOf = []
    var runs = decode(data.pages), doc = 0
    for (var p = 0; p < runs.length; p++) {
      firstOf.push(doc)
      for (var k = 0; k < runs[p]; k++) pageOf[doc++] = p
    }
    var boost = new Float32Array(count).fill(1)
    data.boosts.forEach(function (run) { boost.fill(run[2], run[0], run[0] + run[1]) })

    var entryFirst = [], at = 0
    decode(data.entryShards).forEach(function (gap) { entryFirst.push(at += gap) })

    separator = new RegExp(data.separator, "g")
    splitWords = new RegExp(data.separator + "|").exec("").length === 1  /* no groups */
    STOP = Object.create(null)
    data.stopWords.forEach(function (w) { STOP[w] = true })
    return {
      count: count, pageOf: pageOf, firstOf: Int32Array.from(firstOf), boost: boost,
      terms: terms, lookup: lookup, sorted: sorted, frequency: Int32Array.from(decode(data.frequencies)),
      termShardFirst: data.termShards.map(function (s) { return s[2] }),
      termShardFile: data.termShards.map(function (s) { return s[1] }),
      termShardKey: data.termShards.map(function (s) { return s[0] }),
      entryFirst: entryFirst,
      /* scratch, reused by every query */
      score: new Float64Array(count), matched: new Uint32Array(count), touched: new Int32Array(count),
      pageBest: new Float64Array(runs.length), titleLength: new Uint8Array(count), titleMasks: [],
      kept: new Int32Array(count), pages: new Int32Array(runs.length)
    }
  }

  /* The title-mask scratch array of the q-th query word, made on first use and kept */
  function titleScratch(q) {
    while (index.titleMasks.length <= q) index.titleMasks.push(new Int32Array(index.count))
    return index.titleMasks[q]
  }

  /* The last index i with list[i] <= value */
  function floorIndex(list, value) {
    var lo = 0, hi = list.length - 1
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1
      if (list[mid] <= value) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  function evict(cache, budget, used, keep) {
    for (var entry of cache) {
      if (used <= budget) break
      if (keep.has(entry[0])) continue
      cache.delete(entry[0])
      used -= entry[1].size
    }
    return used
  }

  /* Term shards holding these folded terms (dictionary indices), loaded */
  function loadTerms(termIndices) {
    var needed = new Set(), missing = []
    termIndices.forEach(function (t) { needed.add(floorIndex(index.termShardFirst, t)) })
    needed.forEach(function (s) {
      if (termShards.has(s)) {
        var data = termShards.get(s)   /* most recently used last */
        termShards.delete(s)
        termShards.set(s, data)
      } else {
        missing.push(s)
      }
    })
    return load(missing.map(function (s) {
      return base + "search/kehoach/t/" + index.termShardFile[s] + ".js" + version
    })).then(function () {
      missing.forEach(function (s) {
        var key = index.termShardKey[s], shard = pendingTerms[key] || termShardOf({})
        delete pendingTerms[key]
        termShards.set(s, shard)
        termBytes += shard.size
      })
      termBytes = evict(termShards, TERM_CACHE, termBytes, needed)
    })
  }

  function postingsOf(t) {
    var shard = termShards.get(floorIndex(index.termShardFirst, t))
    return (shard && shard.terms[index.terms[t]]) || []
  }

  /* Entry shards holding these entries, loaded */
  function loadEntries(docs) {
    var needed = new Set(), missing = []
    docs.forEach(function (doc) { needed.add(floorIndex(index.entryFirst, doc)) })
    needed.forEach(function (s) { if (!entryShards.has(s)) missing.push(s) })
    return load(missing.map(function (s) { return base + "search/kehoach/d/" + s + ".js" + version }))
      .then(function () {
        missing.forEach(function (s) {
          var shard = pendingEntries[s] || { records: [], size: 0 }
          delete pendingEntries[s]
          entryShards.set(s, shard)
          entryBytes += shard.size
        })
        entryBytes = evict(entryShards, ENTRY_CACHE, entryBytes, needed)
      })
  }

  /* Where the records of an entry shard's file are: __khSearch.entries(<n>,[[...],[...]]) —
     strings skipped whole, brackets counted; [start, end) byte offsets of each record */
  function recordBounds(bytes) {
    var at = bytes.indexOf(44 /* , */, callOf(bytes).open) + 1
    if (bytes[at] !== 91) throw shardError()
    var bounds = [], depth = 0
    for (at++; at < bytes.length; at++) {
      var c = bytes[at]
      if (c === 34) {
        at = stringEnd(bytes, at)
      } else if (c === 91) {
        if (depth++ === 0) bounds.push(at)
      } else if (c === 93) {
        if (depth === 0) break
        if (--depth === 0) bounds.push(at + 1)
      }
    }
    return Int32Array.from(bounds)
  }

  /* Entries decoded for the query being answered (only those shown, not whole shards: what is
     alive while an answer is built outlives young-generation collections and makes V8 grow
     the young generation); dropped when it is answered */
  var decoded = new Map()

  function entry(doc) {
    var record = decoded.get(doc)
    if (!record) {
      var s = floorIndex(index.entryFirst, doc), shard = entryShards.get(s), k = doc - index.entryFirst[s]
      if (shard.records) {
        record = shard.records[k]
      } else {
        if (!shard.bounds) shard.bounds = recordBounds(shard.bytes)
        record = JSON.parse(utf8.decode(shard.bytes.subarray(shard.bounds[2 * k], shard.bounds[2 * k + 1])))
      }
      decoded.set(doc, record)
    }
    return record
  }

  /* ------------------------------------------------------------------------
   * Query
   * --------------------------------------------------------------------- */

  /* Words of the query as Material's query transform cuts them, with their modifiers */
  function parse(query) {
    var result = []
    query.replace(/"/g, " ").trim().split(/\s+/).forEach(function (part) {
      var exclude = part.charAt(0) === "-" && part.length > 1
      var inner = /^[+-]?\*/.test(part)
      part = part.replace(/^[+-]+/, "").replace(/[~^]\d*$/, "").replace(/\*/g, "")
      words(part).forEach(function (word) {
        var forms = termsOf(word)
        if (!forms.length) return
        var c = forms[0]
        result.push({ canonical: c, folded: fold(c), exclude: exclude, inner: inner })
      })
    })
    result = result.slice(0, MAX_WORDS)
    var last = null
    result.forEach(function (term) { if (!term.exclude) last = term })
    if (last) last.last = true
    return result
  }

  /* Dictionary indices of the folded terms starting with a prefix */
  function withPrefix(prefix) {
    var terms = index.terms, found = []
    if (index.sorted) {
      var lo = 0, hi = terms.length
      while (lo < hi) {
        var mid = (lo + hi) >> 1
        if (terms[mid] < prefix) lo = mid + 1
        else hi = mid
      }
      for (var i = lo; i < terms.length && terms[i].lastIndexOf(prefix, 0) === 0; i++) found.push(i)
    } else {
      for (var j = 0; j < terms.length; j++) if (terms[j].lastIndexOf(prefix, 0) === 0) found.push(j)
    }
    return found
  }

  function mostFrequent(list, limit, postings) {
    var frequency = index.frequency
    list.sort(function (a, b) { return frequency[b] - frequency[a] })
    var kept = [], total = 0
    for (var i = 0; i < list.length && kept.length < limit; i++) {
      if (kept.length && postings && total + frequency[list[i]] > postings) break
      kept.push(list[i])
      total += frequency[list[i]]
    }
    return kept
  }

  /* Within one edit: insertion, deletion, replacement or swap of neighbours */
  function oneEdit(a, b) {
    if (a === b) return true
    var la = a.length, lb = b.length
    if (Math.abs(la - lb) > 1) return false
    var i = 0
    while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++
    if (la === lb)
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2))
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
  }

  function nearby(folded) {
    var terms = index.terms, found = []
    for (var i = 0; i < terms.length; i++)
      if (Math.abs(terms[i].length - folded.length) <= 1 && oneEdit(terms[i], folded)) found.push(i)
    return mostFrequent(found, FUZZY_TERMS)
  }

  /* Which dictionary terms a query word matches, and how (weights per written form come later) */
  function plan(term) {
    var f = term.folded, exact = index.lookup.get(f)
    term.exactTerm = exact === undefined ? -1 : exact
    term.prefixTerms = []
    term.innerTerms = []
    term.nearTerms = []
    term.key = f
    if (term.exclude)
      return
    if (term.inner) {
      var containing = []
      for (var i = 0; i < index.terms.length; i++) if (index.terms[i].indexOf(f) >= 0) containing.push(i)
      term.innerTerms = mostFrequent(containing, INNER_TERMS)
      term.exactTerm = -1
      return
    }
    if (term.last && f.length >= MIN_PREFIX)
      term.prefixTerms = mostFrequent(withPrefix(f).filter(function (t) { return t !== exact }),
        PREFIX_TERMS, PREFIX_POSTINGS)
    if (exact === undefined && !term.prefixTerms.length && f.length >= FUZZY_MIN_LENGTH) {
      term.nearTerms = nearby(f)
      if (term.nearTerms.length) term.key = index.terms[term.nearTerms[0]]  /* the most frequent */
    }
  }

  function allTerms(term) {
    var list = term.prefixTerms.concat(term.innerTerms, term.nearTerms)
    if (term.exactTerm >= 0) list.push(term.exactTerm)
    return list
  }

  /* The weight of a written form of a dictionary term for a query word */
  function formWeight(term, form, how) {
    var marked = term.canonical !== term.folded
    if (how === "near") return FUZZY_BOOST
    if (how === "inner") return 1
    if (how === "exact") {
      if (marked) return form === term.canonical ? 1 : FOLD_BOOST
      return form === term.canonical ? 1 + LITERAL_BOOST : 1
    }
    /* a longer word starting with the word typed */
    if (marked) return form.lastIndexOf(term.canonical, 0) === 0 ? PREFIX_BOOST : FOLD_BOOST * PREFIX_BOOST
    return PREFIX_BOOST * (form.lastIndexOf(term.canonical, 0) === 0 ? 1 + LITERAL_BOOST : 1)
  }

  var fields = { title: 1000, text: 1 }
  var BM25 = []
  for (var tf = 0; tf <= 32; tf++) BM25.push(tf ? (K1 + 1) * tf / (K1 + tf) : 0)

  function popcount(x) {
    x -= (x >>> 1) & 0x55555555
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
  }

  /* Score every entry matching some query word; returns the matching entries */
  function score(terms) {
    var S = index.score, M = index.matched, touched = index.touched, n = 0
    var count = index.count
    var EXCLUDED = 0x80000000
    /* per query word, the title position masks of the entries (typed scratch arrays, reused:
       a Map here cost more than the whole scoring loop on a national site) */
    var titleMasks = terms.map(function (_, q) { return titleScratch(q) })
    var titleLength = index.titleLength

    terms.forEach(function (term, q) {
      var bit = term.exclude ? EXCLUDED : (1 << q) >>> 0
      var frequency = term.exactTerm >= 0 ? index.frequency[term.exactTerm] : 0
      allTerms(term).forEach(function (t) { frequency = Math.max(frequency, index.frequency[t]) })
      var idf = Math.log(1 + Math.abs((count - frequency + 0.5) / (frequency + 0.5)))
      var groups = [
        [term.exactTerm >= 0 ? [term.exactTerm] : [], "exact"],
        [term.prefixTerms, "prefix"], [term.innerTerms, "inner"], [term.nearTerms, "near"]
      ]
      var masks = titleMasks[q]
      groups.forEach(function (group) {
        group[0].forEach(function (t) {
          postingsOf(t).forEach(function (form) {
            var weight = term.exclude ? 0 : formWeight(term, form.form, group[1]) * idf
            var text = weight * fields.text, title = weight * fields.title
            /* eachPosting, inlined: this loop runs over every posting of every word asked */
            var bytes = form.bytes, doc = 0, current = 0, half = 0
            for (var i = form.p; i < form.pe; i++) {
              var digit = DIGIT[bytes[i]]
              current = current * 32 + (digit & 31)
              if (digit >= 32) continue
              if (half === 0) {
                doc += current
              } else {
                if (M[doc] === 0) touched[n++] = doc
                M[doc] |= bit
                S[doc] += text * BM25[current >> 1]
              }
              half ^= 1
              current = 0
            }
            if (term.exclude || form.t === form.te) return
            eachPosting(bytes, form.t, form.te, function (doc, value) {
              var mask = value % TITLE_LENGTH
              S[doc] += title * BM25[popcount(mask)]
              masks[doc] |= mask
              titleLength[doc] = Math.floor(value / TITLE_LENGTH)
            })
          })
        })
      })
    })
    return { touched: touched, length: n, titleMasks: titleMasks, titleLength: titleLength }
  }

  /* The `limit` best of the first n pages in a list, best first (ties: site order); one pass,
     no copy of the list (it has every page matching, 57k on a national site for "ti") */
  function topPages(pages, n, best, limit) {
    var top = []
    function before(a, b) { return best[a] > best[b] || (best[a] === best[b] && a < b) }
    for (var i = 0; i < n; i++) {
      var p = pages[i]
      if (top.length === limit && !before(p, top[limit - 1])) continue
      var at = top.length === limit ? limit - 1 : top.length
      while (at > 0 && before(p, top[at - 1])) {
        top[at] = top[at - 1]
        at--
      }
      top[at] = p
    }
    return top
  }

  /* Keeps the entries with the most query words (none excluded), and gives each its final
     score; returns them and their pages, each page with its best score in index.pageBest.
     Plain loops over typed arrays: this runs over every matching entry (188k on a national
     site for "tinh uy") */
  function rank(found, terms, askedCount) {
    var S = index.score, M = index.matched, pageOf = index.pageOf, firstOf = index.firstOf
    var boost = index.boost, pageBest = index.pageBest, lengths = found.titleLength
    var touched = found.touched, n = found.length
    var all = 0, q, i, doc
    var maskOf = [], count = terms.length
    for (q = 0; q < count; q++) {
      if (!terms[q].exclude) {
        all |= 1 << q
        maskOf.push(found.titleMasks[q])
      }
    }
    var best = 0
    for (i = 0; i < n; i++) best = Math.max(best, popcount(M[touched[i]] & all))
    /* typed scratch arrays, not growing lists: nothing per query stays on the JS heap */
    var kept = index.kept, pages = index.pages, keptCount = 0, pageCount = 0
    if (best === 0) return { kept: kept, keptCount: 0, pages: pages, pageCount: 0 }
    var share = best / askedCount
    var asSection = 1 + share * share, asPage = 1 + (1 + share) * (1 + share)
    for (i = 0; i < n; i++) {
      doc = touched[i]
      var m = M[doc]
      if (m & 0x80000000 || popcount(m & all) !== best) continue
      var s = S[doc] * boost[doc]
      var length = lengths[doc]
      if (length) {
        /* the words in a row: position masks shifted onto the first word's */
        var run = maskOf[0][doc], covered = run
        for (q = 1; q < maskOf.length; q++) {
          var mask = maskOf[q][doc]
          covered |= mask
          run &= mask >>> q
        }
        if (maskOf.length > 1 && run !== 0 && (run & (1 << TITLE_POSITIONS)) === 0) s *= PHRASE_BOOST
        /* the share of the title the query covers: "Tổ chức" before "Ban Tổ chức Tỉnh ủy" */
        s *= 1 + popcount(covered) / length
      }
      /* Material's post-boost: pages over sections, by the share of query words matched */
      s *= firstOf[pageOf[doc]] === doc ? asPage : asSection
      S[doc] = s
      kept[keptCount++] = doc
      var p = pageOf[doc]
      if (pageBest[p] === 0) pages[pageCount++] = p
      if (s > pageBest[p]) pageBest[p] = s
    }
    return { kept: kept, keptCount: keptCount, pages: pages, pageCount: pageCount }
  }

  /* Scratch arrays back to zero for the next query */
  function reset(found, ranked) {
    var S = index.score, M = index.matched, lengths = found.titleLength, masks = found.titleMasks
    for (var i = 0; i < found.length; i++) {
      var doc = found.touched[i]
      S[doc] = 0
      M[doc] = 0
      lengths[doc] = 0
      for (var r = 0; r < masks.length; r++) masks[r][doc] = 0
    }
    for (var p = 0; p < ranked.pageCount; p++) index.pageBest[ranked.pages[p]] = 0
  }

  /* The pages [from, to) of the query's ranking, in full; `listed`: how many the list may show */
  function search(query, from, to) {
    from = from || 0
    to = to || FIRST_PAGES
    var terms = parse(query)
    var asked = terms.filter(function (t) { return !t.exclude })
    if (!asked.length) return Promise.resolve({ items: [], total: 0 })
    terms.forEach(plan)
    var needed = []
    terms.forEach(function (t) { needed = needed.concat(allTerms(t)) })
    return loadTerms(needed).then(function () {
      var found = score(terms)
      var ranked = rank(found, terms, asked.length)
      var pageOf = index.pageOf, firstOf = index.firstOf
      var top = topPages(ranked.pages, ranked.pageCount, index.pageBest, to).slice(from)
      var chosen = new Map()
      top.forEach(function (p) { chosen.set(p, []) })
      var S = index.score, M = index.matched
      for (var k = 0; k < ranked.keptCount; k++) {
        var d = ranked.kept[k], group = chosen.get(pageOf[d])
        if (group) group.push({ doc: d, score: S[d], matched: M[d] })
      }
      var total = ranked.pageCount
      reset(found, ranked)

      var docs = [], more = []
      chosen.forEach(function (group, p) {
        group.sort(function (a, b) { return b.score - a.score })
        var omitted = capSections(group, firstOf[p])
        if (!group.some(function (g) { return g.doc === firstOf[p] }))
          group.push({ doc: firstOf[p], score: 0, matched: 0, article: true })
        group.forEach(function (g) { docs.push(g.doc) })
        more.push(omitted)
      })
      return loadEntries(docs).then(function () {
        var matcher = matchers(asked)
        var items = []
        chosen.forEach(function (group) {
          items.push(group.map(function (g) { return item(g, asked, terms, matcher) }))
        })
        decoded.clear()
        return { items: items, total: total, more: more, from: from, listed: Math.min(total, MAX_PAGES) }
      })
    })
  }

  /* Material shows a page's best entry and the sections scoring as high in full, and puts
     every other matching section of the page in a folded "N more on the page" list — in the
     DOM all the same, rebuilt at every keystroke (most of the renderer's growth while typing
     was those lists, garbage until V8's next full collection). A page's group, best first, is
     cut to the page, its sections tied with the best and MORE_SECTIONS others; returns how
     many were left out (the answer's `more`, per page: kehoach-search-queue.js puts the real
     number in the folded list's line) */
  function capSections(group, article) {
    var top = group.length ? group[0].score : 0, others = 0, kept = 0, omitted = 0
    for (var i = 0; i < group.length; i++) {
      var g = group[i]
      if (g.doc === article || g.score >= top || others++ < MORE_SECTIONS) group[kept++] = g
      else omitted++
    }
    group.length = kept
    return omitted
  }

  /* ------------------------------------------------------------------------
   * Results as Material renders them
   * --------------------------------------------------------------------- */

  function escapeHtml(value) {
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
  }

  /* What a shown word is matched against: per query word, its forms, and every folded
     dictionary term it was matched through (completions, corrections, inner matches) */
  function matchers(asked) {
    return asked.map(function (term) {
      var set = new Set()
      term.nearTerms.concat(term.innerTerms).forEach(function (t) { set.add(index.terms[t]) })
      return {
        canonical: term.canonical, folded: term.folded, also: set,
        prefix: !!term.last && term.folded.length >= MIN_PREFIX
      }
    })
  }

  var EXACT = 2, FOLDED = 1

  /* A shown word's forms, [canonical, folded] each: cached, results repeat the same words.
     Filled once, never emptied: a cache that keeps taking new words (it used to, up to
     100,000) is what outlives V8's young-generation collections, and V8 then grows the young
     generation (to 64 MB); the first SHOWN_FORMS words cover most of what later results show */
  var SHOWN_FORMS = 20000
  var shownForms = new Map()
  function formsOf(word) {
    var forms = shownForms.get(word)
    if (!forms) {
      forms = termsOf(word).map(function (c) { return [c, fold(c)] })
      if (shownForms.size < SHOWN_FORMS) shownForms.set(word, forms)
    }
    return forms
  }

  /* EXACT: the word as typed (marks included); FOLDED: only once folded; 0: no match */
  function wordMatch(word, matcher) {
    var forms = formsOf(word), best = 0
    for (var i = 0; i < forms.length; i++) {
      var c = forms[i][0], f = forms[i][1]
      for (var j = 0; j < matcher.length; j++) {
        var m = matcher[j]
        if (f === m.folded || m.also.has(f) || (m.prefix && f.lastIndexOf(m.folded, 0) === 0)) {
          if (c === m.canonical || (m.prefix && c.lastIndexOf(m.canonical, 0) === 0)) return EXACT
          best = FOLDED
        }
      }
    }
    return best
  }

  /* Wraps the matching words of an HTML fragment in <mark>, as Material does (whole words as
     its tokenizer cuts them, tags left alone); returns { html, match } (the best match found).
     Runs over every word of every result shown (~15,000 an answer): words come from one split
     per text, each found with indexOf after the previous one (the text between two words is
     separators, which cannot start a word), rather than a match object and a pair per word,
     which made most of what the worker allocated */
  var TAGS = /(<[^>]*>)/
  function mark(html, matcher) {
    var out = "", best = 0
    var parts = html.indexOf("<") < 0 ? [html] : html.split(TAGS)
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p]
      if (part.charCodeAt(0) === 60 /* < */) {
        out += part
        continue
      }
      var words = splitWords ? part.split(separator) : wordsByExec(part)
      var cursor = 0, at = 0
      for (var w = 0; w < words.length; w++) {
        var word = words[w]
        if (!word) continue
        var start = part.indexOf(word, at)
        at = start + word.length
        var match = wordMatch(decodeEntities(word), matcher)
        if (!match) continue
        out += part.slice(cursor, start) + "<mark>" + word + "</mark>"
        cursor = at
        if (match > best) best = match
      }
      out += cursor ? part.slice(cursor) : part
    }
    return { html: out, match: best }
  }

  /* The words of a text when the separator has groups of its own (split would return them) */
  function wordsByExec(part) {
    var found = [], last = 0, m
    separator.lastIndex = 0
    while ((m = separator.exec(part)) !== null) {
      if (m.index > last) found.push(part.slice(last, m.index))
      last = m.index + m[0].length
      if (m[0].length === 0) separator.lastIndex++
    }
    if (last < part.length) found.push(part.slice(last))
    return found
  }

  /* Material shows the first two blocks of a text with a match; those with the words as typed
     (marks included) are preferred, so "đang" shows đang rather than the đảng before it */
  function snippet(blocks, matcher) {
    var marked = blocks.map(function (block) { return mark(block, matcher) })
    var chosen = []
    ;[EXACT, FOLDED].forEach(function (level) {
      marked.forEach(function (block, i) {
        if (block.match === level && chosen.length < 2) chosen.push(i)
      })
    })
    if (!chosen.length) return blocks.join("")
    return chosen.sort(function (a, b) { return a - b })
      .map(function (i) { return marked[i].html }).join("")
  }

  function decodeEntities(word) {
    if (word.indexOf("&") < 0) return word
    return word.replace(/&(amp|lt|gt|quot|#39);/g, function (_, e) {
      return { amp: "&", lt: "<", gt: ">", quot: "\"", "#39": "'" }[e]
    })
  }

  function item(g, asked, terms, matcher) {
    var e = entry(g.doc), p = index.pageOf[g.doc], page = entry(index.firstOf[p])
    var location = e[0].charAt(0) === "#" ? page[0] + e[0] : e[0]
    /* An unmatched page shown for its matching sections is left as is, as Material does */
    var title = g.article ? e[1] : mark(e[1], matcher).html
    var text = g.article ? e[2].join("") : snippet(e[2], matcher)
    var result = { location: location, title: title, text: text, score: g.score, terms: {} }
    if (!g.article)
      terms.forEach(function (t, q) {
        if (!t.exclude) result.terms[t.key] = result.terms[t.key] || !!(g.matched & (1 << q))
      })
    if (e[3]) result.tags = e[3]
    return result
  }

  /* ------------------------------------------------------------------------
   * Messages: one RESULT per QUERY, in order
   * --------------------------------------------------------------------- */

  var ready = null
  var queue = Promise.resolve()

  function setup(data) {
    var config = data.config || {}
    if (config.fields) {
      if (config.fields.title && config.fields.title.boost) fields.title = config.fields.title.boost
      if (config.fields.text && config.fields.text.boost) fields.text = config.fields.text.boost
    }
    var ours = config.kehoach
    if (!ours)
      return Promise.reject(new Error("search/search_index.json is Material's full index: " +
        "hooks/kehoach_search.py did not run (is it in mkdocs.yml's hooks?)"))
    base = siteRoot()
    version = "?v=" + encodeURIComponent(ours.version || "")
    return load([base + ours.manifest + version])
  }

  function answer(message) {
    switch (message.type) {
      case SETUP:
        ready = setup(message.data)
        return ready.then(function () { return { type: READY } })
      case QUERY:
        return (ready || Promise.reject(new Error("no SETUP"))).then(function () {
          return search(message.data)
        }).then(function (data) {
          return { type: RESULT, data: data }
        }, function (err) {
          console.warn("kehoach search: " + message.data, err)
          return { type: RESULT, data: { items: [], total: 0 } }
        })
      case MORE:
        return (ready || Promise.reject(new Error("no SETUP"))).then(function () {
          var from = Math.max(0, Math.min(+message.from || 0, MAX_PAGES))
          return search(message.data, from, MAX_PAGES)
        }).then(function (data) {
          return { type: MORE_RESULT, data: data }
        }, function (err) {
          console.warn("kehoach search: " + message.data, err)
          return { type: MORE_RESULT, data: { items: [], total: 0, from: 0, listed: 0 } }
        })
      default:
        return Promise.reject(new TypeError("Invalid message type"))
    }
  }

  addEventListener("message", function (ev) {
    queue = queue.then(function () { return answer(ev.data) }).then(function (reply) {
      postMessage(reply)
    }, function (err) {
      console.error("kehoach search:", err)
    })
  })
})()
