/*
 * kehoach — keep Material's search responsive on large sites: one query at a time, latest wins;
 * and say how many results there are when only the best are listed (pages, and the sections
 * of a page).
 *
 * Material sends the search worker a query on every keystroke and the worker answers them all,
 * in order; when a query takes a while (shards to load on a large site, a slow network), the
 * answer to the last keystroke would wait behind the answers to all the earlier ones. This wraps
 * the search worker (and nothing else) so that while a query is being answered, only the newest
 * query typed since waits; the ones in between are never sent. Material renders whatever answer
 * comes, so the list still follows the typing, and the last answer is always for what is in the
 * box.
 *
 * Our worker (workers/kehoach-search.js) answers with the best pages in full and the number of
 * pages found (`total`). Material writes "N tài liệu liên quan" from the pages it got; when
 * there are more, the line is rewritten, as soon as Material wrote it (a MutationObserver runs
 * before the next task, so no one sees the short count), from the translation
 * "kehoach.search.result.capped" in the page's config (overrides/main.html).
 *
 * Loaded in <head> (overrides/main.html, block libs), before Material creates its worker.
 * No network, no dependencies. If an answer never comes, a waiting query is sent after STUCK_MS.
 */
(function () {
  "use strict"

  var Native = window.Worker
  if (typeof Native !== "function")
    return
  var STUCK_MS = 10000

  function isQuery(message) {      /* Material: { type: QUERY, data: "the query" } */
    return message && typeof message === "object" && typeof message.data === "string"
  }

  function isResult(message) {     /* Material: { type: RESULT, data: { items: [...] } } */
    return message && typeof message === "object" && message.data &&
      Array.isArray(message.data.items)
  }

  /* ------------------------------------------------------------------------
   * The results line when results are capped
   * --------------------------------------------------------------------- */

  var latest = null                /* { shown, total, more } of the last answer */

  function translated(key, fallback, total, shown) {
    var config = document.getElementById("__config")
    var template = fallback
    try {
      template = JSON.parse(config.textContent).translations[key] || template
    } catch (err) { /* keep the plain template */ }
    function number(n) { return n.toLocaleString("vi-VN") }
    return template.replace("#", number(total)).replace("$", number(shown))
  }

  function watchMeta() {
    var meta = document.querySelector(".md-search-result__meta")
    if (!meta)
      return
    new MutationObserver(function () {
      if (!latest || latest.total <= latest.shown)
        return
      var text = translated("kehoach.search.result.capped", "# / $", latest.total, latest.shown)
      if (meta.textContent !== text)
        meta.textContent = text
    }).observe(meta, { childList: true, characterData: true, subtree: true })
  }

  /* A page's folded list of more matching sections holds at most a few of them (the worker
     leaves the rest out: `more`, per page, how many): its line, "N more on the page" from
     Material, gets the page's real number and how many are listed, as soon as Material
     appended the page to the list */
  function watchList() {
    var list = document.querySelector(".md-search-result__list")
    if (!list)
      return
    new MutationObserver(function () {
      var more = latest && latest.more
      if (!more)
        return
      for (var i = 0; i < list.children.length && i < more.length; i++) {
        if (!more[i])
          continue
        var line = list.children[i].querySelector(".md-search-result__more > summary > div")
        var listed = line && list.children[i].querySelectorAll(".md-search-result__more article").length
        if (!line || !listed)
          continue
        var text = translated("kehoach.search.result.more.capped", "# / $", listed + more[i], listed)
        if (line.textContent !== text)
          line.textContent = text
      }
    }).observe(list, { childList: true })
  }

  function watch() {
    watchMeta()
    watchList()
  }

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watch)
  else
    watch()

  /* ------------------------------------------------------------------------
   * The queue
   * --------------------------------------------------------------------- */

  function SearchWorker(url, options) {
    var worker = options === undefined ? new Native(url) : new Native(url, options)
    if (!/\/workers\/kehoach-search\.js(\?|#|$)/.test(String(url)))
      return worker

    var post = worker.postMessage
    var busySince = 0, waiting = null

    function send(args) {
      busySince = Date.now()
      post.apply(worker, args)
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

    worker.addEventListener("message", function (ev) {
      if (!isResult(ev.data))
        return
      var total = ev.data.data.total
      var more = ev.data.data.more
      latest = { shown: ev.data.data.items.length, total: typeof total === "number" ? total : 0,
                 more: Array.isArray(more) ? more : null }
      busySince = 0
      if (waiting) {
        var next = waiting
        waiting = null
        send(next)
      }
    })
    return worker
  }
  SearchWorker.prototype = Native.prototype
  window.Worker = SearchWorker
})()
