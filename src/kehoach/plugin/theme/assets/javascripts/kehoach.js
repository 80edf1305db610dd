/*
 * kehoach — scripts for every page. No dependencies, no network.
 *
 * 1. Task filter: a `[data-kh-loc]` block of <select>s (ke-hoach, to-chuc, trang-thai, nam) filters
 *    the rows of `table.kh-danh-sach-nhiem-vu` by their data-ke-hoach / data-to-chuc / data-trang-thai / data-nam
 *    attributes (space-separated values; a row shows when every non-empty select names one of
 *    them), writes "N nhiệm vụ" into `.kh-loc-dem`, and keeps the state in the query string
 *    (?ke-hoach=…&to-chuc=…&trang-thai=…&nam=…&trang=…) so each state has a URL that can be shared. On the
 *    site's task list the tasks come as data (window.khDanhSachNhiemVu, rows fetched a plan at a
 *    time) and are drawn a page at a time into the table, with a pager in `[data-kh-trang]`.
 * 2. Search highlighting on the page opened from a search result: Material marks the words of
 *    `?h=` as written; the search terms are folded (workers/kehoach-search.js), so this
 *    marks the words that match them only once marks are dropped ("to chuc" → “Tổ chức”).
 * 3. Tables as cards on a phone (kehoach.css draws them; this names each cell's column).
 * 4. The navigation's sections with an index page get a name screen readers read (see below).
 */
(function () {
  "use strict"

  /* BEGIN fold: generated from src/kehoach/domain/textfold.py by `python3 -m kehoach.domain.textfold`; do not edit */
  /* Lower case, marks dropped, đ → d (kehoach.domain.textfold.fold): Ủy ban, Uỷ ban, uy ban → uy ban */
  var FOLD_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g
  var FOLD_STROKES = /[\u0111\u0110]/g, FOLD_STROKE = { "\u0111": "d", "\u0110": "D" }
  function fold(value) {
    return value.replace(FOLD_STROKES, function (c) { return FOLD_STROKE[c] })
      .normalize("NFD").replace(FOLD_MARKS, "").normalize("NFC").toLowerCase()
  }
  /* END fold */

  /* For tests/test_fold.py: this page's fold is kehoach.domain.textfold.fold */
  window.__khPage = { fold: fold }

  /* ------------------------------------------------------------------------
   * 1. Task filter
   * --------------------------------------------------------------------- */

  var FILTERS = [
    { name: "ke-hoach", attribute: "data-ke-hoach" },
    { name: "to-chuc", attribute: "data-to-chuc" },
    { name: "trang-thai", attribute: "data-trang-thai" },
    { name: "nam", attribute: "data-nam" }
  ]

  function words(value) {
    return (value || "").split(/\s+/).filter(Boolean)
  }

  function formatCount(n) {
    return n.toLocaleString("vi-VN") + " nhiệm vụ"
  }

  function setupFilter(block) {
    if (block.hasAttribute("data-kh-loc-san-sang"))
      return
    block.setAttribute("data-kh-loc-san-sang", "")

    var selects = FILTERS.map(function (filter) {
      return { filter: filter, el: block.querySelector("select[name='" + filter.name + "']") }
    }).filter(function (s) { return s.el })
    var counter = block.querySelector(".kh-loc-dem")
    var table = document.querySelector("table.kh-danh-sach-nhiem-vu")
    var data = window.khDanhSachNhiemVu
    var list = data && table && table.tBodies.length ? dataList(data, table, document.querySelector("[data-kh-trang]")) : domList()
    var page = 1

    function wantedValues() {
      return selects.map(function (s) {
        return { attribute: s.filter.attribute, value: s.el.value }
      }).filter(function (w) { return w.value !== "" })
    }

    function apply(updateUrl) {
      var shown = list.show(wantedValues(), page, function (to) {
        page = to
        apply(true)
        block.scrollIntoView({ block: "start" })  /* the pager is under the rows: show the new page from its top */
      })
      page = shown.page
      if (counter)
        counter.textContent = formatCount(shown.count)

      if (updateUrl) {
        var url = new URL(location.href)
        selects.forEach(function (s) {
          if (s.el.value)
            url.searchParams.set(s.filter.name, s.el.value)
          else
            url.searchParams.delete(s.filter.name)
        })
        if (page > 1)
          url.searchParams.set("trang", String(page))
        else
          url.searchParams.delete("trang")
        if (url.href !== location.href)
          history.replaceState(history.state, "", url.href)
      }
    }

    /* Restore the state from the URL; a value that is not an option is ignored */
    var params = new URL(location.href).searchParams
    selects.forEach(function (s) {
      var value = params.get(s.filter.name)
      if (value === null)
        return
      var known = Array.prototype.some.call(s.el.options, function (o) { return o.value === value })
      s.el.value = known ? value : ""
    })
    page = Math.max(1, parseInt(params.get("trang"), 10) || 1)

    selects.forEach(function (s) {
      s.el.addEventListener("change", function () { page = 1; apply(true) })
    })
    apply(true)
  }

  /* Rows already in the page (a hand-written table): shown or hidden, all on one page */
  function domList() {
    var rows = []
    var tables = document.querySelectorAll("table.kh-danh-sach-nhiem-vu")
    for (var t = 0; t < tables.length; t++)
      for (var b = 0; b < tables[t].tBodies.length; b++)
        rows.push.apply(rows, tables[t].tBodies[b].rows)
    return {
      show: function (wanted) {
        var count = 0
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i], show = true
          for (var j = 0; j < wanted.length && show; j++)
            show = words(row.getAttribute(wanted[j].attribute)).indexOf(wanted[j].value) >= 0
          row.hidden = !show
          if (show)
            count++
        }
        return { count: count, page: 1 }
      }
    }
  }

  /* The site's task list: an index of every task (du-lieu/danh-sach-nhiem-vu.js, written by the
     build) is filtered here; the rows of the matching tasks are fetched a plan at a time
     (du-lieu/danh-sach-nhiem-vu/<n>.js, script files, so it works from file:// too) and drawn a
     page at a time, as the rows the page was built with (same cells, same data-* attributes). The
     table is aria-busy while rows are on their way. */
  function dataList(data, table, nav) {
    var tbody = table.tBodies[0]
    var organizations = data.to_chuc, perPage = data.moi_trang || 100
    var statusKeys = data.trang_thai.map(function (s) { return s[0] })
    var members = {}
    data.nhom.forEach(function (g) { members[g[0]] = g[1] })

    /* Named organizations, then members of named groups, breadth first: Registry.reached_by's order */
    function reached(named) {
      var seen = {}, order = [], pending = named.slice()
      while (pending.length) {
        var n = pending.shift()
        if (seen[n])
          continue
        seen[n] = true
        order.push(organizations[n][0])
        if (members[n])
          pending.push.apply(pending, members[n])
      }
      return order
    }

    var partSizes = {}
    var tasks = data.nhiem_vu.map(function (t) {
      var offset = partSizes[t[0]] || 0
      partSizes[t[0]] = offset + 1
      return { part: t[0], offset: offset, status: statusKeys[t[1]], years: t[2].map(String), reached: reached(t[3]) }
    })
    var plans = data.ke_hoach || []
    var valuesOf = {
      "data-ke-hoach": function (task) { return plans[task.part] ? [plans[task.part]] : [] },
      "data-to-chuc": function (task) { return task.reached },
      "data-trang-thai": function (task) { return task.status ? [task.status] : [] },
      "data-nam": function (task) { return task.years }
    }

    var parts = {}, waiting = {}
    window.khDanhSachNhiemVuPhan = function (number, rows) { parts[number] = rows }
    function loadPart(number) {
      if (parts[number])
        return Promise.resolve()
      if (!waiting[number])
        waiting[number] = new Promise(function (resolve, reject) {
          var script = document.createElement("script")
          script.src = data.phan + number + ".js"
          script.onload = function () { parts[number] ? resolve() : reject(new Error(script.src)) }
          script.onerror = function () { delete waiting[number]; reject(new Error(script.src)) }
          document.head.appendChild(script)
        })
      return waiting[number]
    }

    function cell(row, className) {
      var td = row.insertCell()
      if (className)
        td.className = className
      return td
    }

    function organizationLinks(td, numbers) {
      numbers.forEach(function (n, i) {
        var o = organizations[n], a = document.createElement("a")
        if (i)
          td.appendChild(document.createTextNode(", "))
        a.className = "kh-to-chuc"
        a.href = o[1]
        a.title = o[3]
        a.textContent = o[2]
        td.appendChild(a)
      })
    }

    function draw(task) {
      var r = parts[task.part][task.offset]  /* href, label, text, leads, coordinators, deadline, status badge, plan */
      var row = document.createElement("tr")
      row.setAttribute("data-ke-hoach", plans[task.part] || "")
      row.setAttribute("data-to-chuc", task.reached.join(" "))
      row.setAttribute("data-trang-thai", task.status)
      row.setAttribute("data-nam", task.years.join(" "))
      var a = document.createElement("a")
      a.href = r[0]
      a.textContent = r[1]
      var first = cell(row, "kh-vi-tri")
      first.appendChild(a)
      if (r[7]) {  /* the plan, where the site has several */
        var plan = document.createElement("span")
        plan.className = "kh-thuoc-ke-hoach"
        plan.textContent = " · " + r[7]
        first.appendChild(plan)
      }
      cell(row).textContent = r[2]
      organizationLinks(cell(row), r[3])
      organizationLinks(cell(row), r[4])
      cell(row).innerHTML = r[5]  /* built and escaped by the site build (kehoach.pages) */
      cell(row).innerHTML = r[6]  /* the status as the site words it ("quá hạn, chưa có báo cáo", "minh họa"); built and escaped there too */
      return row
    }

    function button(label, to, go, disabled) {
      var b = document.createElement("button")
      b.type = "button"
      b.className = "md-button kh-trang-nut"
      b.textContent = label
      b.disabled = disabled
      b.addEventListener("click", function () { go(to) })
      return b
    }

    var latest = 0
    return {
      show: function (wanted, page, go) {
        var matching = tasks.filter(function (task) {
          return wanted.every(function (w) { return valuesOf[w.attribute](task).indexOf(w.value) >= 0 })
        })
        var pages = Math.max(1, Math.ceil(matching.length / perPage))
        page = Math.min(Math.max(1, page), pages)
        var shown = matching.slice((page - 1) * perPage, page * perPage)
        var needed = shown.map(function (task) { return task.part }).filter(function (p, i, all) { return all.indexOf(p) === i })
        var request = ++latest
        table.setAttribute("aria-busy", "true")
        Promise.all(needed.map(loadPart)).then(function () {
          if (request !== latest)
            return  /* a newer choice is being drawn */
          var rows = document.createDocumentFragment()
          shown.forEach(function (task) { rows.appendChild(draw(task)) })
          tbody.replaceChildren(rows)
          labelCells(table)
          if (nav) {
            nav.replaceChildren()
            if (pages > 1) {
              var status = document.createElement("span")
              status.className = "kh-trang-so"
              status.textContent = "Trang " + page + " / " + pages
              nav.append(button("‹ Trang trước", page - 1, go, page === 1), status, button("Trang sau ›", page + 1, go, page === pages))
            }
          }
          table.removeAttribute("aria-busy")
        }, function (error) {
          if (request !== latest)
            return
          table.removeAttribute("aria-busy")
          if (nav)
            nav.textContent = "Không tải được danh sách (" + error.message + "); tải lại trang để thử lại."
        })
        return { count: matching.length, page: page }
      }
    }
  }

  /* ------------------------------------------------------------------------
   * 2. Folded highlighting of search terms on the page
   * --------------------------------------------------------------------- */

  var WORD = /[\p{L}\p{N}\p{M}]+/gu
  var SKIP = "mark, script, style, textarea, svg, .headerlink"

  function highlight(content) {
    var h = new URL(location.href).searchParams.get("h")
    if (!h || !content || content.hasAttribute("data-kh-h"))
      return
    content.setAttribute("data-kh-h", "")
    var terms = fold(h).split(/[^\p{L}\p{N}]+/u).filter(Boolean)
    if (!terms.length)
      return

    /* As the search does: whole words, and words starting with the last term (it may have been
       typed only in part). A word containing a term as written is left to Material, which marks
       such text itself (before or after this runs): marking it here too would nest the marks. */
    var last = terms[terms.length - 1]
    function matches(word) {
      var f = fold(word), lower = word.toLowerCase()
      for (var i = 0; i < terms.length; i++)
        if (lower.indexOf(terms[i]) >= 0)
          return false
      return terms.indexOf(f) >= 0 || f.indexOf(last) === 0
    }

    var nodes = []
    var it = document.createNodeIterator(content, NodeFilter.SHOW_TEXT)
    for (var node = it.nextNode(); node; node = it.nextNode())
      if (node.parentElement && !node.parentElement.closest(SKIP) && node.parentElement.offsetHeight)
        nodes.push(node)

    nodes.forEach(function (node) {
      var text = node.textContent, last = 0, m, parts = []
      WORD.lastIndex = 0
      while ((m = WORD.exec(text))) {
        if (!matches(m[0]))
          continue
        if (m.index > last)
          parts.push(document.createTextNode(text.slice(last, m.index)))
        var mark = document.createElement("mark")
        mark.setAttribute("data-md-highlight", "")
        mark.textContent = m[0]
        parts.push(mark)
        last = m.index + m[0].length
      }
      if (!parts.length)
        return
      if (last < text.length)
        parts.push(document.createTextNode(text.slice(last)))
      node.replaceWith.apply(node, parts)
    })
  }

  /* ------------------------------------------------------------------------
   * 3. Tables as cards on a phone: every body cell of a table with three or more columns carries
   *    its column's header as data-nhan, which kehoach.css writes before the cell under 45em, where
   *    each row becomes a card (no sideways scrolling, the status in view). Roles keep the table's
   *    meaning for screen readers when CSS displays it as blocks. The matrix stays a table. Without
   *    JavaScript the table scrolls in its own box with its first column kept in view.
   * --------------------------------------------------------------------- */

  function labelCells(table) {
    var head = table.tHead && table.tHead.rows[0]
    if (!head || head.cells.length < 3)
      return
    var names = Array.prototype.map.call(head.cells, function (th) { return th.textContent.trim() })
    table.setAttribute("data-kh-the", "")
    table.setAttribute("role", "table")
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) { group.setAttribute("role", "rowgroup") })
    Array.prototype.forEach.call(head.cells, function (th) { th.setAttribute("role", "columnheader") })
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row")
      if (row.parentNode === table.tHead)
        return
      Array.prototype.forEach.call(row.cells, function (td, i) {
        td.setAttribute("role", "cell")
        td.setAttribute("data-nhan", names[i] || "")
      })
    })
  }

  function cards(root) {
    if (!root)
      return
    var tables = root.querySelectorAll(".md-typeset table:not(.kh-ma-tran)")
    for (var i = 0; i < tables.length; i++)
      labelCells(tables[i])
  }

  /* ------------------------------------------------------------------------
   * 4. Names of the navigation's sections with an index page
   * Material (9.8, navigation.indexes) names such a section's <nav> by the label
   * that opens it on a phone, which holds only an arrow icon: two sections then
   * have the same empty name (axe: landmark-unique). The label is given the
   * section's title, visible to screen readers only.
   * --------------------------------------------------------------------- */

  function nameSections() {
    var labels = document.querySelectorAll(".md-nav__container > label.md-nav__link[id]")
    for (var i = 0; i < labels.length; i++) {
      var label = labels[i], link = label.parentNode.querySelector("a")
      if (!link || label.textContent.trim() || label.querySelector(".kh-chi-doc"))
        continue
      var name = document.createElement("span")
      name.className = "kh-chi-doc"
      name.textContent = link.textContent.trim()
      label.appendChild(name)
    }
  }

  /* ------------------------------------------------------------------------
   * Start (Material's document$ emits on every page; without it, on load)
   * --------------------------------------------------------------------- */

  function start() {
    var blocks = document.querySelectorAll("[data-kh-loc]")
    for (var i = 0; i < blocks.length; i++)
      setupFilter(blocks[i])
    cards(document.querySelector("[data-md-component=content]"))
    highlight(document.querySelector("[data-md-component=content]"))
    nameSections()
  }

  if (typeof window.document$ !== "undefined" && typeof window.document$.subscribe === "function")
    window.document$.subscribe(start)
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", start)
  else
    start()
})()
