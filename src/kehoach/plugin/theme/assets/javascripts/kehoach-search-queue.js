/*
 * kehoach — Material's search box on large sites: one query at a time, latest wins; and the list
 * of results rendered here, with Material's markup, reusing its elements.
 *
 * The queue. Material sends the search worker a query on every keystroke and the worker answers
 * them all, in order; when a query takes a while (shards to load on a large site, a slow
 * network), the answer to the last keystroke would wait behind the answers to all the earlier
 * ones. This wraps the search worker (and nothing else) so that while a query is being
 * answered, only the newest query typed since waits; the ones in between are never sent. If an
 * answer never comes, a waiting query is sent after STUCK_MS.
 *
 * The list. Material renders every answer from scratch (templates/search, mkdocs-material 9.8.2):
 * it empties the list and builds each result with `innerHTML +=`, so every keystroke leaves the
 * previous list's elements, and the layout made for them, as garbage until V8's next full
 * collection — at national size about 55 MB of the renderer's memory right after typing. Here
 * the answer (RESULT) is kept from Material's own listener (the worker's addEventListener filters
 * what that listener gets: Material never touches the list or its line) and rendered into the same elements with the
 * same markup (Material's CSS, its arrow keys and Enter, its click-to-close and the
 * search.highlight link parameter all work on it unchanged), so that:
 *   - a result whose page is already listed keeps its elements; a title, a snippet or a line
 *     that did not change is not touched (the HTML last set is compared first);
 *   - an answer to a query that is already outdated (a newer one waits in the queue) is not
 *     rendered at all: the newer answer follows at once;
 *   - as in Material, 10 results are listed, then 4 more each time the list's end is scrolled
 *     into view; the worker answers a query with its 10 best pages in full, and the next ones
 *     (up to 20, workers/kehoach-search.js) only when the list is first scrolled past them
 *     (a MORE message, in the queue's turn): typing no longer builds 20 pages per keystroke.
 * The results line and a page's folded line of more sections give the real numbers when the
 * worker left some out ("kehoach.search.result.capped" and "...more.capped" in the page's
 * config, main.html). If rendering ever fails, Material renders from then on.
 *
 * Loaded in <head> (main.html, block libs), after Material's polyfills (under file:// the iframe
 * stand-in for a worker is what gets wrapped) and before Material creates its worker.
 * No network, no dependencies.
 */
(function () {
  "use strict"

  var Native = window.Worker
  if (typeof Native !== "function")
    return
  var STUCK_MS = 10000
  var FIRST = 10                   /* Material: results listed at once */
  var MORE_SHOWN = 4               /* ... and added each time the end of the list is in view */
  var BOUNDARY = 16                /* px from the end that count as the end (Material's) */

  function isQuery(message) {      /* Material: { type: QUERY, data: "the query" } */
    return message && typeof message === "object" && typeof message.data === "string"
  }

  function isResult(message) {     /* Material: { type: RESULT, data: { items: [...] } } */
    return message && typeof message === "object" && message.type === RESULT && message.data &&
      Array.isArray(message.data.items)
  }

  /* Ours (workers/kehoach-search.js): the list's next pages, asked when it is scrolled to its
     end; Material ignores both */
  var RESULT = 3, MORE = 100, MORE_RESULT = 101
  function isMore(message) {
    return message && typeof message === "object" && message.type === MORE_RESULT && message.data &&
      Array.isArray(message.data.items)
  }

  /* ------------------------------------------------------------------------
   * Material's configuration (the page's #__config), as its bundle reads it
   * --------------------------------------------------------------------- */

  var config = null

  function configuration() {
    if (!config) {
      config = JSON.parse(document.getElementById("__config").textContent)
      config.base = String(new URL(config.base, location.href))
      config.translations = config.translations || {}
    }
    return config
  }

  function translation(key, value) {
    var text = configuration().translations[key] || ""
    return value === undefined ? text : text.replace("#", String(value))
  }

  function feature(name) {
    return (configuration().features || []).indexOf(name) >= 0
  }

  /* Material's round (GitHub's): 1000 → 1k, 1100 → 1.1k */
  function round(value) {
    if (value > 999) {
      var digits = +((value - 950) % 1000 > 99)
      return ((value + 0.000001) / 1000).toFixed(digits) + "k"
    }
    return String(value)
  }

  /* "# … $ …" with two numbers, written the Vietnamese way (1.234) */
  function capped(key, total, shown) {
    function number(n) { return n.toLocaleString("vi-VN") }
    return translation(key).replace("#", number(total)).replace("$", number(shown))
  }

  function escapeHtml(value) {
    return String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;")
  }

  /* ------------------------------------------------------------------------
   * Elements: created once, updated only where what they show changed
   * --------------------------------------------------------------------- */

  /* HTML from the index is parsed in a document with no window (no script runs, nothing loads),
     in the context Material parses it in, then moved into the page */
  var inert = null

  function parse(html, context) {
    inert = inert || document.implementation.createHTMLDocument("")
    var box = inert.createElement(context)
    box.innerHTML = html
    return Array.prototype.slice.call(box.childNodes)
  }

  function element(tag, className) {
    var el = document.createElement(tag)
    if (className)
      el.className = className
    return el
  }

  function setHtml(el, html) {
    if (el.__khHtml !== html) {
      el.innerHTML = html
      el.__khHtml = html
    }
  }

  function setText(el, text) {
    if (el.textContent !== text)
      el.textContent = text
  }

  function setAttribute(el, name, value) {
    if (el.getAttribute(name) !== value)
      el.setAttribute(name, value)
  }

  /* An element's children made exactly `nodes`, in order, touching nothing if they already are */
  function setChildren(el, nodes) {
    var same = el.childNodes.length === nodes.length
    for (var i = 0; same && i < nodes.length; i++)
      same = el.childNodes[i] === nodes[i]
    if (!same)
      el.replaceChildren.apply(el, nodes)
  }

  /* ------------------------------------------------------------------------
   * One document (a page or a section): Material's renderSearchDocument
   *   <a href class="md-search-result__link" tabindex="-1">
   *     <article class="md-search-result__article md-typeset" data-md-score>
   *       [<div class="md-search-result__icon md-icon"></div><h1>] or <h2>, title
   *       [text] [<nav class="md-tags">] [<p class="md-search-result__terms">]
   * --------------------------------------------------------------------- */

  function documentLink() {
    var a = element("a", "md-search-result__link")
    a.setAttribute("tabindex", "-1")
    var article = element("article", "md-search-result__article md-typeset")
    a.appendChild(article)
    a.__kh = { article: article, heading: null, icon: null, text: [], textHtml: null,
               tags: null, tagsHtml: null, terms: null, termsHtml: null }
    return a
  }

  function href(doc) {
    var url = new URL(doc.location, configuration().base)
    if (feature("search.highlight")) {
      var terms = doc.terms || {}
      url.searchParams.set("h", Object.keys(terms).filter(function (key) { return terms[key] })
        .reduce(function (highlight, value) { return (highlight + " " + value).trim() }, ""))
    }
    return String(url)
  }

  function renderDocument(a, doc, parent, teaser) {
    var s = a.__kh, article = s.article
    setAttribute(a, "href", href(doc))
    setAttribute(article, "data-md-score", doc.score.toFixed(2))
    var children = []
    if (parent) {
      s.icon = s.icon || element("div", "md-search-result__icon md-icon")
      children.push(s.icon)
    }
    var tag = parent ? "H1" : "H2"
    if (!s.heading || s.heading.tagName !== tag)
      s.heading = element(tag)
    setHtml(s.heading, doc.title)
    children.push(s.heading)
    if (teaser && doc.text.length > 0) {
      if (s.textHtml !== doc.text) {
        s.text = parse(doc.text, "article")
        s.textHtml = doc.text
      }
      children.push.apply(children, s.text)
    }
    if (doc.tags) {
      var tags = configuration().tags
      var tagsHtml = doc.tags.map(function (tag) {
        var type = tags ? (tag in tags ? "md-tag-icon md-tag--" + tags[tag] : "md-tag-icon") : ""
        return "<span class=\"" + escapeHtml("md-tag " + type) + "\">" + tag + "</span>"
      }).join("")
      s.tags = s.tags || element("nav", "md-tags")
      setHtml(s.tags, tagsHtml)
      children.push(s.tags)
    }
    var terms = doc.terms || {}
    var missing = Object.keys(terms).filter(function (key) { return !terms[key] })
    if (teaser && missing.length) {
      s.terms = s.terms || element("p", "md-search-result__terms")
      setHtml(s.terms, translation("search.result.term.missing") + ": " +
        missing.map(function (key) { return "<del>" + escapeHtml(key) + "</del>" }).join(" "))
      children.push(s.terms)
    }
    setChildren(article, children)
  }

  /* ------------------------------------------------------------------------
   * One result (a page, its best sections, the others folded): Material's
   * renderSearchResultItem, with the folded line's real number when the worker left some out
   * --------------------------------------------------------------------- */

  function resultItem() {
    var li = element("li", "md-search-result__item")
    li.__kh = { key: null, parent: null, best: [], more: [], details: null, line: null }
    return li
  }

  function pageIndex(result) {
    var base = configuration().base
    for (var i = 0; i < result.length; i++)
      if (String(new URL(result[i].location, base)).indexOf("#") < 0)
        return i
    return -1
  }

  function pageKey(result) {
    var docs = result.slice()
    return docs.splice(pageIndex(result), 1)[0].location
  }

  function links(list, count) {
    while (list.length < count)
      list.push(documentLink())
    list.length = count
    return list
  }

  function renderItem(li, result, left) {
    var s = li.__kh
    var threshold = result[0].score
    var docs = result.slice()
    var parent = pageIndex(docs)
    var article = docs.splice(parent, 1)[0]
    var index = -1
    for (var i = 0; i < docs.length && index < 0; i++)
      if (docs[i].score < threshold) index = i
    if (index === -1)
      index = docs.length
    var best = docs.slice(0, index), more = docs.slice(index)

    if (s.key !== article.location && s.details)
      s.details.open = false
    s.key = article.location
    s.parent = s.parent || documentLink()
    renderDocument(s.parent, article, true, !parent && index === 0)
    var children = [s.parent]
    links(s.best, best.length).forEach(function (a, n) {
      renderDocument(a, best[n], false, true)
      children.push(a)
    })
    if (more.length) {
      if (!s.details) {
        s.details = element("details", "md-search-result__more")
        var summary = element("summary")
        summary.setAttribute("tabindex", "-1")
        s.line = summary.appendChild(element("div"))
        s.summary = summary
      }
      setText(s.line, left > 0
        ? capped("kehoach.search.result.more.capped", more.length + left, more.length)
        : more.length === 1
          ? translation("search.result.more.one")
          : translation("search.result.more.other", more.length))
      var folded = [s.summary]
      links(s.more, more.length).forEach(function (a, n) {
        renderDocument(a, more[n], false, true)
        folded.push(a)
      })
      setChildren(s.details, folded)
      children.push(s.details)
    }
    setChildren(li, children)
  }

  /* ------------------------------------------------------------------------
   * The list
   * --------------------------------------------------------------------- */

  var view = null                  /* { container, meta, list } */
  var shown = { items: [], more: null, rendered: 0, listed: 0, query: "", asked: false }
  var askMore = null               /* (query, from): asks the worker for the next pages */
  var broken = false               /* rendering failed once: Material renders from then on */
  var scheduled = false
  var spare = []                   /* result elements out of the list, to be reused */

  function elements() {
    if (view && view.list.isConnected)
      return view
    var result = document.querySelector("[data-md-component=search-result]")
    var meta = result && result.querySelector(".md-search-result__meta")
    var list = result && result.querySelector(".md-search-result__list")
    if (!meta || !list)
      throw new Error("no search result list")
    view = { container: result.parentElement, meta: meta, list: list }
    view.container.addEventListener("scroll", later, { passive: true })
    window.addEventListener("scroll", later, { passive: true })
    window.addEventListener("resize", later, { passive: true })
    /* Material: a folded list closed above the view brings its line back into view */
    list.addEventListener("toggle", function (ev) {
      var details = ev.target
      if (details.open === false && details.offsetTop <= view.container.scrollTop)
        view.container.scrollTo({ top: details.offsetTop })
    }, true)
    return view
  }

  function metaText(answer, query) {
    var count = answer.items.length
    if (count === 0)
      return translation(query.length ? "search.result.none" : "search.result.placeholder")
    if (typeof answer.listed === "number")
      count = answer.listed
    if (typeof answer.total === "number" && answer.total > count)
      return capped("kehoach.search.result.capped", answer.total, count)
    if (count === 1)
      return translation("search.result.one")
    return translation("search.result.other", round(count))
  }

  /* The first `count` results in the list: a page already listed keeps its element */
  function fill(count) {
    var list = view.list, items = shown.items
    var kept = new Map()
    for (var li = list.firstElementChild; li; li = li.nextElementSibling)
      if (li.__kh) kept.set(li.__kh.key, li)
    var wanted = []
    for (var i = 0; i < count; i++) {
      var key = pageKey(items[i])
      wanted.push(kept.get(key) || null)
      kept.delete(key)
    }
    kept.forEach(function (el) { spare.push(el) })
    for (i = 0; i < count; i++) {
      wanted[i] = wanted[i] || spare.pop() || resultItem()
      renderItem(wanted[i], items[i], shown.more ? shown.more[i] || 0 : 0)
    }
    var keep = new Set(wanted)
    for (li = list.firstChild; li; li = next) {
      var next = li.nextSibling
      if (!keep.has(li))
        list.removeChild(li)       /* results no longer listed (kept for reuse, a few) */
    }
    spare.length = Math.min(spare.length, FIRST)
    var at = list.firstElementChild
    for (i = 0; i < count; i++) {
      if (wanted[i] === at)
        at = at.nextElementSibling
      else
        list.insertBefore(wanted[i], at)
    }
    shown.rendered = count
  }

  /* Material's boundary: 4 more results when the end of the list is in view; the worker answers
     10 pages in full, and the next ones (up to `listed`) when they are first needed */
  function extend() {
    var c = view && view.container
    if (!c || broken || !c.offsetHeight || c.scrollTop < c.scrollHeight - c.offsetHeight - BOUNDARY)
      return
    if (shown.rendered < shown.items.length)
      fill(Math.min(shown.rendered + MORE_SHOWN, shown.items.length))
    else if (shown.items.length < shown.listed && !shown.asked && askMore) {
      shown.asked = true
      askMore(shown.query, shown.items.length)
    }
  }

  function more(answer, query) {
    if (broken || query !== shown.query || answer.from !== shown.items.length)
      return
    shown.items = shown.items.concat(answer.items)
    shown.more = (shown.more || []).concat(Array.isArray(answer.more) ? answer.more : [])
    shown.asked = false
    fill(Math.min(shown.rendered + MORE_SHOWN, shown.items.length))
  }

  function later() {
    if (scheduled || !view)
      return
    scheduled = true
    requestAnimationFrame(function () {
      scheduled = false
      extend()
    })
  }

  function render(answer, query) {
    elements()
    shown.items = answer.items
    shown.more = Array.isArray(answer.more) ? answer.more : null
    shown.listed = typeof answer.listed === "number" ? answer.listed : answer.items.length
    shown.query = query
    shown.asked = false
    setText(view.meta, metaText(answer, query))
    fill(Math.min(FIRST, shown.items.length))
    extend()
  }

  /* ------------------------------------------------------------------------
   * The queue
   * --------------------------------------------------------------------- */

  function SearchWorker(url, options) {
    var worker = options === undefined ? new Native(url) : new Native(url, options)
    if (!/\/workers\/kehoach-search\.js(\?|#|$)/.test(String(url)))
      return worker

    var post = worker.postMessage
    var busySince = 0, waiting = null, asked = "", waitingMore = null

    function send(args) {
      busySince = Date.now()
      asked = args[0].data
      post.apply(worker, args)
    }

    /* The list's next pages: asked in the queue's turn; a query typed meanwhile makes it moot */
    function next() {
      busySince = 0
      if (waiting) {
        var query = waiting
        waiting = waitingMore = null
        send(query)
      } else if (waitingMore) {
        send([waitingMore])
        waitingMore = null
      }
    }
    askMore = function (query, from) {
      var message = { type: MORE, data: query, from: from }
      if (busySince && Date.now() - busySince < STUCK_MS)
        waitingMore = message
      else
        send([message])
    }

    worker.postMessage = function (message) {
      if (!isQuery(message))
        return post.apply(worker, arguments)
      if (busySince && Date.now() - busySince < STUCK_MS) {
        waiting = arguments           /* replaces any query typed in between */
        return
      }
      send(arguments)
    }

    /* What Material's listener (added with addEventListener, by its rxjs fromEvent) does not
       get: the answers rendered here, outdated ones, ours. Anything else listening (onmessage,
       a test asking the worker directly, the benchmark's counters added before) gets them all */
    var add = worker.addEventListener, remove = worker.removeEventListener
    var taken = new WeakSet(), filtered = new Map()
    worker.addEventListener = function (type, listener, options) {
      if (type !== "message" || typeof listener !== "function")
        return add.apply(worker, arguments)
      if (!filtered.has(listener))
        filtered.set(listener, function (ev) {
          if (!taken.has(ev))
            return listener.apply(this, arguments)
        })
      return add.call(worker, type, filtered.get(listener), options)
    }
    worker.removeEventListener = function (type, listener, options) {
      if (type === "message" && filtered.has(listener))
        return remove.call(worker, type, filtered.get(listener), options)
      return remove.apply(worker, arguments)
    }

    add.call(worker, "message", function (ev) {
      var query = asked
      if (isMore(ev.data)) {
        taken.add(ev)
        next()
        more(ev.data.data, query)
        return
      }
      if (!isResult(ev.data))
        return
      var outdated = !!waiting
      next()
      if (broken || !filtered.size)
        return                     /* Material renders; or no search box listens (a test) */
      taken.add(ev)
      if (outdated)
        return                     /* the answer to the newer query follows */
      try {
        render(ev.data.data, query)
      } catch (err) {
        broken = true              /* Material renders this answer and the next ones */
        taken.delete(ev)
        console.warn("kehoach search: the result list is left to Material", err)
      }
    })
    return worker
  }
  SearchWorker.prototype = Native.prototype
  window.Worker = SearchWorker
})()
