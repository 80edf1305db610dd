/*
 * kehoach — keep Material's search responsive on large sites: one query at a time, latest wins.
 *
 * Material sends the search worker a query on every keystroke and the worker answers them all,
 * in order; on a large site, where a query takes a few hundred milliseconds, the answer to the
 * last keystroke waits behind the answers to all the earlier ones. This wraps the search worker
 * (and nothing else) so that while a query is being answered, only the newest query typed since
 * waits; the ones in between are never sent. Material renders whatever answer comes, so the list
 * still follows the typing, and the last answer is always for what is in the box.
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

  function SearchWorker(url, options) {
    var worker = options === undefined ? new Native(url) : new Native(url, options)
    if (!/\/workers\/search\.[^/]*\.js(\?|#|$)/.test(String(url)))
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
