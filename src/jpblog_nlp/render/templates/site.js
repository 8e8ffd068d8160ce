// jpblog-nlp corpus site: the index's charts and posts table (the network: network.js), drawn from the JSON
// block #site-data (never from HTML a post wrote; every post string is set as text, never as HTML).
// A shared file (assets/site.js), allowed by the page's Content-Security-Policy as 'self'.
(function () {
  "use strict";
  var body = document.body;
  Array.prototype.forEach.call(document.querySelectorAll("[data-height]"), function (el) {
    el.style.height = el.dataset.height + "px";
  });
  var data;
  try {
    data = JSON.parse(document.getElementById("site-data").textContent);
  } catch (err) {
    body.dataset.siteError = "bad data: " + err;
    return;
  }
  var PALETTE = data.palette;
  var FONT = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "YuGothic", "Meiryo", sans-serif';
  var COL = {};
  data.columns.forEach(function (name, i) { COL[name] = i; });
  var width = data.page_width;

  function pageOf(ordinal) {
    var s = String(ordinal);
    while (s.length < width) s = "0" + s;
    return "posts/" + s + ".html";
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // A label of terms joined by ・ may break after each ・ and nowhere else (CSS word-break: keep-all).
  function breakable(label) { return String(label || "").replace(/\u30fb/g, "\u30fb\u200b"); }
  function signed(v) {
    return v === null || v === undefined ? "" : (v >= 0 ? "+" : "\u2212") + Math.abs(v).toFixed(2);
  }

  // ---------------------------------------------------------------------------------------- charts
  function charts() {
    if (typeof Chart === "undefined") {
      body.dataset.chartError = "Chart.js did not load";
      return;
    }
    Chart.defaults.font.family = FONT;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = "#495057";
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.register({ id: "jpblogDrawn", afterRender: function (chart) { chart.canvas.dataset.drawn = "1"; } });
    function make(id, config) {
      var canvas = document.getElementById(id);
      if (!canvas) return;
      try { new Chart(canvas, config); } catch (err) { canvas.dataset.error = String(err && err.message || err); }
    }
    var unit = data.unit === "week" ? "week of" : "month";
    make("chart-rhythm", {
      type: "bar",
      data: { labels: data.periods, datasets: [{ data: data.rhythm, backgroundColor: "rgba(59,91,219,0.75)", borderRadius: 2 }] },
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: {
        title: function (items) { return unit + " " + items[0].label; },
        label: function (item) { return item.raw + " posts"; } } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxTicksLimit: 12 } } } }
    });
    make("chart-lengths", {
      type: "bar",
      data: { labels: data.lengths.labels, datasets: [{ data: data.lengths.counts, backgroundColor: "rgba(240,140,0,0.75)", borderRadius: 2 }] },
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: {
        title: function (items) { return items[0].label + " characters"; },
        label: function (item) { return item.raw + " posts"; } } } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    // Small multiples: one little chart per theme or topic, all on one scale, instead of eight tangled
    // lines in one chart. Rebuilt when the measure changes (share of posts / stance).
    function multiples(id, series, spec) {
      var box = document.getElementById(id);
      if (!box || !series || !series.length) return;
      (box.jpblogCharts || []).forEach(function (c) { c.destroy(); });
      box.jpblogCharts = [];
      box.textContent = "";
      box.dataset.measure = spec.name;
      var pending = [];
      var top = spec.max;
      if (top === undefined) {
        top = 0;
        series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > top) top = v; }); });
        top = spec.roundUp(top);
      }
      series.forEach(function (s, i) {
        var c = PALETTE[i % PALETTE.length];
        var fig = el("figure"), cap = el("figcaption"), sw = el("span", "swatch"), holder = el("div", "chart");
        sw.style.background = c;
        cap.appendChild(sw);
        cap.appendChild(document.createTextNode(breakable(s.label)));
        cap.title = s.label;
        holder.style.height = "112px";
        var canvas = el("canvas");
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", s.label + ": " + spec.name);
        holder.appendChild(canvas);
        fig.appendChild(cap);
        fig.appendChild(holder);
        box.appendChild(fig);
        pending.push(function () { try {
          box.jpblogCharts.push(new Chart(canvas, {
            type: "line",
            data: { labels: data.periods, datasets: [{
              label: s.label, data: s.values, borderColor: c, backgroundColor: c + "2e", borderWidth: 1.6,
              fill: spec.fill ? "origin" : false, pointRadius: data.periods.length > 24 ? 0 : 1.6, pointHoverRadius: 3,
              cubicInterpolationMode: "monotone", spanGaps: false }] },
            options: {
              interaction: { mode: "index", intersect: false },
              layout: { padding: { right: 4 } },
              plugins: { legend: { display: false }, tooltip: { callbacks: {
                title: function (items) { return unit + " " + items[0].label; },
                label: function (item) { return item.raw === null ? "\u2014" : spec.format(item.raw, item.dataIndex); } } } },
              scales: {
                x: { ticks: { maxTicksLimit: 3, maxRotation: 0, font: { size: 10 } }, grid: { display: false } },
                y: { min: spec.min, max: top, ticks: { stepSize: (top - spec.min) / 2, font: { size: 10 }, callback: spec.tick },
                     grid: { color: function (ctx) { return ctx.tick && ctx.tick.value === 0 && spec.min < 0 ? "#868e96" : "#eceef1"; } } }
              }
            }
          }));
        } catch (err) { canvas.dataset.error = String(err && err.message || err); } });
      });
      // The figures take their place at once; their charts are drawn when the box nears the screen, so
      // that opening a big index does not wait for sixteen charts nobody has scrolled to yet.
      var generation = box.jpblogGeneration = (box.jpblogGeneration || 0) + 1;
      whenNear(box, function () {
        if (box.jpblogGeneration === generation) pending.forEach(function (draw) { draw(); });
      });
    }
    function whenNear(target, fn) {
      if (typeof IntersectionObserver === "undefined") { fn(); return; }
      var seen = new IntersectionObserver(function (entries) {
        if (!entries.some(function (e) { return e.isIntersecting; })) return;
        seen.disconnect();
        fn();
      }, { rootMargin: "400px 0px" });
      seen.observe(target);
    }
    function percent(v) { return Math.round(v * 100) + "%"; }
    var THEME_VIEWS = {
      share: { name: "share of posts", min: 0, fill: true, tick: percent,
               roundUp: function (v) { return Math.min(1, Math.max(0.2, Math.ceil(v * 5 - 1e-9) / 5)); },
               format: function (v, i) {
                 var n = data.rhythm[i];
                 return percent(v) + (n ? " (" + Math.round(v * n) + " of " + n + " posts)" : "");
               } },
      stance: { name: "stance", min: -1, max: 1, fill: false, tick: function (v) { return v === 0 ? "0" : signed(v).replace(/0$/, ""); },
                format: signed }
    };
    var TOPIC_VIEW = { name: "posts", min: 0, fill: true, tick: function (v) { return Number.isInteger(v) ? v : null; },
                       roundUp: function (v) { return Math.max(2, 2 * Math.ceil(v / 2)); },
                       format: function (v) { return v + (v === 1 ? " post" : " posts"); } };
    if (data.theme_share && data.theme_share.length) {
      var themeSeries = { share: data.theme_share, stance: data.theme_stance };
      multiples("theme-multiples", themeSeries.share, THEME_VIEWS.share);
      Array.prototype.forEach.call(document.querySelectorAll("#themes .seg button"), function (b, _, all) {
        b.addEventListener("click", function () {
          Array.prototype.forEach.call(all, function (o) { o.setAttribute("aria-pressed", o === b ? "true" : "false"); });
          multiples("theme-multiples", themeSeries[b.dataset.measure], THEME_VIEWS[b.dataset.measure]);
        });
      });
    }
    if (data.topic_size && data.topic_size.length) multiples("topic-multiples", data.topic_size, TOPIC_VIEW);
    if (data.sentiment) {
      var s = data.sentiment;
      make("chart-sentiment", {
        type: "line",
        data: {
          labels: data.periods,
          datasets: [
            { label: "75th percentile", data: s.high, borderWidth: 0, pointRadius: 0, fill: "+1",
              backgroundColor: "rgba(59,91,219,0.12)", spanGaps: false },
            { label: "25th percentile", data: s.low, borderWidth: 0, pointRadius: 0, fill: false, spanGaps: false },
            { label: "mean", data: s.mean, borderColor: "#3b5bdb", backgroundColor: "#3b5bdb", borderWidth: 2.5,
              pointRadius: data.periods.length > 60 ? 0 : 2.5, tension: 0.25, spanGaps: false },
            { type: "bar", label: "posts", data: s.count, yAxisID: "n", backgroundColor: "rgba(173,181,189,0.35)", order: 9 }
          ]
        },
        options: {
          interaction: { mode: "index", intersect: false },
          scales: {
            y: { min: -1, max: 1, ticks: { stepSize: 0.5 }, title: { display: true, text: "Sentiment / 感情" },
                 grid: { color: function (ctx) { return ctx.tick && ctx.tick.value === 0 ? "#868e96" : "#eceef1"; } } },
            n: { position: "right", beginAtZero: true, grid: { display: false }, ticks: { precision: 0 },
                 title: { display: true, text: "posts" } },
            x: { ticks: { maxTicksLimit: 12 } }
          },
          plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (item) {
            if (item.raw === null) return item.dataset.label + ": \u2014";
            return item.dataset.label + ": " + (item.dataset.label === "posts" ? item.raw : signed(item.raw));
          } } } }
        }
      });
    }
  }

  // ---------------------------------------------------------------------------------------- posts table
  function postsTable() {
    var rows = data.posts;
    var tbody = document.getElementById("posts-body");
    if (!tbody) return;
    var PAGE = 100;
    var themes = data.themes, topicLabel = {};
    data.topics.forEach(function (t) { topicLabel[t.topic] = t.label; });
    var f = {
      search: document.getElementById("f-search"), theme: document.getElementById("f-theme"),
      topic: document.getElementById("f-topic"), label: document.getElementById("f-label"),
      from: document.getElementById("f-from"), to: document.getElementById("f-to")
    };
    var state = { sort: "ordinal", desc: false, page: 0 };
    var lowered = rows.map(function (r) { return (r[COL.title] + "\n" + r[COL.summary]).toLowerCase(); });

    function readHash() {
      var h = location.hash;
      var q = h.indexOf("?");
      if (h.slice(0, 6) !== "#posts" || q < 0) return;
      h.slice(q + 1).split("&").forEach(function (pair) {
        var kv = pair.split("="), k = decodeURIComponent(kv[0]), v = decodeURIComponent(kv[1] || "");
        if (k === "sort") state.sort = v;
        else if (k === "desc") state.desc = v === "1";
        else if (k === "page") state.page = parseInt(v, 10) || 0;
        else if (f[k]) f[k].value = v;
      });
    }
    function writeHash() {
      var parts = [];
      Object.keys(f).forEach(function (k) { if (f[k].value) parts.push(k + "=" + encodeURIComponent(f[k].value)); });
      if (state.sort !== "ordinal") parts.push("sort=" + state.sort);
      if (state.desc) parts.push("desc=1");
      if (state.page) parts.push("page=" + state.page);
      var hash = parts.length ? "#posts?" + parts.join("&") : (location.hash.slice(0, 6) === "#posts" ? "#posts" : location.hash);
      if (hash !== location.hash) history.replaceState(null, "", hash || location.pathname);
    }
    function matches(r, i) {
      var q = f.search.value.trim().toLowerCase();
      if (q && lowered[i].indexOf(q) < 0) return false;
      if (f.theme.value !== "" && r[COL.themes].indexOf(parseInt(f.theme.value, 10)) < 0) return false;
      if (f.topic.value !== "" && String(r[COL.topic]) !== f.topic.value) return false;
      if (f.label.value && r[COL.label] !== f.label.value) return false;
      if (f.from.value && (!r[COL.date] || r[COL.date] < f.from.value)) return false;
      if (f.to.value && (!r[COL.date] || r[COL.date] > f.to.value)) return false;
      return true;
    }
    function key(r) {
      var v = r[COL[state.sort]];
      if (state.sort === "topic") v = v === null ? null : (topicLabel[v] || "");
      return v;
    }
    function render() {
      var shown = [];
      rows.forEach(function (r, i) { if (matches(r, i)) shown.push(r); });
      var dir = state.desc ? -1 : 1;
      shown.sort(function (a, b) {
        var x = key(a), y = key(b);
        var ex = x === null || x === "", ey = y === null || y === "";
        if (ex || ey) return ex && ey ? a[0] - b[0] : ex ? 1 : -1; // empty values last, whatever the direction
        if (x < y) return -dir;
        if (x > y) return dir;
        return a[0] - b[0];
      });
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      state.page = Math.min(state.page, pages - 1);
      tbody.textContent = "";
      shown.slice(state.page * PAGE, state.page * PAGE + PAGE).forEach(function (r) {
        var tr = el("tr");
        tr.dataset.href = pageOf(r[COL.ordinal]);
        tr.appendChild(el("td", "num muted", r[COL.ordinal]));
        tr.appendChild(el("td", "date", r[COL.date]));
        var td = el("td", "title");
        var a = el("a", "", r[COL.title]);
        a.href = pageOf(r[COL.ordinal]);
        td.appendChild(a);
        if (r[COL.summary]) td.appendChild(el("div", "summary", r[COL.summary]));
        tr.appendChild(td);
        tr.appendChild(el("td", "num", r[COL.chars].toLocaleString()));
        var st = el("td", "num");
        if (r[COL.label]) st.appendChild(el("span", "badge " + r[COL.label], r[COL.label]));
        st.appendChild(document.createTextNode(" " + signed(r[COL.sentiment])));
        tr.appendChild(st);
        tr.appendChild(el("td", "topic", r[COL.topic] === null ? "" : breakable(topicLabel[r[COL.topic]])));
        var th = el("td", "themes");
        // Four themes at most; the one filtered on is always among them.
        var shownThemes = r[COL.themes].slice(0, 4), wanted = f.theme.value === "" ? -1 : parseInt(f.theme.value, 10);
        if (wanted >= 0 && shownThemes.indexOf(wanted) < 0) shownThemes[3] = wanted;
        shownThemes.forEach(function (t) { th.appendChild(el("span", "chip", themes[t].label)); });
        tr.appendChild(th);
        tbody.appendChild(tr);
      });
      if (!shown.length) {
        var empty = el("td", "empty", "No post matches these filters.");
        empty.colSpan = 7;
        var tr0 = el("tr");
        tr0.appendChild(empty);
        tbody.appendChild(tr0);
      }
      document.getElementById("posts-count").textContent = shown.length === rows.length
        ? rows.length + " posts" : shown.length + " of " + rows.length + " posts";
      Array.prototype.forEach.call(document.querySelectorAll("#posts-table th[data-sort]"), function (h) {
        h.setAttribute("aria-sort", h.dataset.sort === state.sort ? (state.desc ? "descending" : "ascending") : "none");
      });
      var pager = document.getElementById("posts-pager");
      pager.textContent = "";
      if (pages > 1) {
        var prev = el("button", "small", "\u2039 previous"), next = el("button", "small", "next \u203a");
        prev.type = next.type = "button";
        prev.disabled = state.page === 0;
        next.disabled = state.page >= pages - 1;
        prev.addEventListener("click", function () { state.page--; update(); });
        next.addEventListener("click", function () { state.page++; update(); });
        pager.appendChild(prev);
        pager.appendChild(el("span", "muted", " page " + (state.page + 1) + " of " + pages + " "));
        pager.appendChild(next);
      }
      body.dataset.postsShown = String(shown.length);
    }
    function update() { writeHash(); render(); }
    tbody.addEventListener("click", function (ev) {
      if (ev.target.closest("a")) return;
      var tr = ev.target.closest("tr");
      if (tr && tr.dataset.href) location.href = tr.dataset.href;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#posts-table th[data-sort]"), function (h) {
      h.tabIndex = 0;
      function sortBy() {
        if (state.sort === h.dataset.sort) state.desc = !state.desc;
        else { state.sort = h.dataset.sort; state.desc = h.dataset.sort === "date" || h.dataset.sort === "chars" || h.dataset.sort === "sentiment"; }
        state.page = 0;
        update();
      }
      h.addEventListener("click", sortBy);
      h.addEventListener("keydown", function (ev) { if (ev.key === "Enter") sortBy(); });
    });
    Object.keys(f).forEach(function (k) {
      f[k].addEventListener(k === "search" ? "input" : "change", function () { state.page = 0; update(); });
    });
    document.getElementById("post-filters").addEventListener("reset", function () {
      setTimeout(function () { state.page = 0; update(); }, 0);
    });
    document.getElementById("post-filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
    Array.prototype.forEach.call(document.querySelectorAll("a.filter-link"), function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        Object.keys(f).forEach(function (k) { f[k].value = ""; });
        if (a.dataset.theme !== undefined) f.theme.value = a.dataset.theme;
        if (a.dataset.topic !== undefined) f.topic.value = a.dataset.topic;
        state.page = 0;
        update();
        document.getElementById("posts").scrollIntoView();
      });
    });
    readHash();
    render();
    // Going back from a post page restores the page from the cache or reloads it: the hash keeps the filters.
    window.addEventListener("pageshow", function () { readHash(); render(); });
  }

  try { charts(); } catch (err) { body.dataset.chartError = String(err); }
  try {
    if (typeof JpblogNetwork === "undefined") body.dataset.networkError = "network.js did not load";
    else JpblogNetwork.draw(data, FONT);
  } catch (err) { body.dataset.networkError = String(err); }
  postsTable();
  body.dataset.siteReady = "1";
})();
