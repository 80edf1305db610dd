/*
 * kehoach — keep Material's search responsive on large sites: one query at a time, latest wins;
 * and say how many results there are when only the best are listed.
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

  var latest = null                /* { shown, total } of the last answer */

  function cappedText(latest) {
    var config = document.getElementById("__config")
    var template = "# / $"
    try {
      template = JSON.parse(config.textContent).translations["kehoach.search.result.capped"] || template
    } catch (err) { /* keep the plain template */ }
    function number(n) { return n.toLocaleString("vi-VN") }
    return template.replace("#", number(latest.total)).replace("$", number(latest.shown))
  }

  function watchMeta() {
    var meta = document.querySelector(".md-search-result__meta")
    if (!meta)
      return
    new MutationObserver(function () {
      if (!latest || latest.total <= latest.shown)
        return
      var text = cappedText(latest)
      if (meta.textContent !== text)
        meta.textContent = text
    }).observe(meta, { childList: true, characterData: true, subtree: true })
  }

  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watchMeta)
  else
    watchMeta()

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
      latest = { shown: ev.data.data.items.length, total: typeof total === "number" ? total : 0 }
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
