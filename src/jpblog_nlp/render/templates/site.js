// jpblog-nlp corpus site: the index's charts, co-occurrence network and posts table, drawn from the JSON
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

  // ---------------------------------------------------------------------------------------- network
  function network() {
    var net = data.network;
    var canvas = document.getElementById("network-canvas");
    if (!net || !canvas) return;
    var tip = document.getElementById("network-tip");
    var ctx = canvas.getContext("2d");
    var nodes = net.nodes, edges = net.edges;
    var maxN = Math.max.apply(null, nodes.map(function (n) { return n.n; }).concat([1]));
    var maxW = Math.max.apply(null, edges.map(function (e) { return e[2]; }).concat([1e-9]));
    var neighbours = nodes.map(function () { return []; });
    edges.forEach(function (e) {
      neighbours[e[0]].push([e[1], e[2]]);
      neighbours[e[1]].push([e[0], e[2]]);
    });
    neighbours.forEach(function (list) { list.sort(function (a, b) { return b[1] - a[1]; }); });
    var pos = nodes.map(function (n) { return { x: n.x, y: n.y }; });
    var view = { scale: 1, dx: 0, dy: 0 };
    var hover = -1, drag = null, W = 0, H = 0, dpr = window.devicePixelRatio || 1;
    var LABEL_H = 14, GAP = 4;
    var placed = []; // the label boxes drawn last, for tests: {i, x, y, w, h}

    function radius(n) { return 4 + 18 * Math.sqrt(n.n / maxN); }
    // The layout's [-1, 1] square is stretched to the canvas (wide on a desktop), with room for labels.
    function half() { return { x: Math.max(W / 2 - 48, 20), y: Math.max(H / 2 - 32, 20) }; }
    function toScreen(p) {
      var h = half();
      return { x: W / 2 + (p.x * h.x) * view.scale + view.dx, y: H / 2 + (p.y * h.y) * view.scale + view.dy };
    }
    function toWorld(x, y) {
      var h = half();
      return { x: (x - W / 2 - view.dx) / (h.x * view.scale), y: (y - H / 2 - view.dy) / (h.y * view.scale) };
    }
    function labelWidth(i) {
      ctx.font = "12px " + FONT;
      return ctx.measureText(nodes[i].label).width;
    }
    // Push overlapping nodes apart on the canvas, each node a box of its circle and the label under it:
    // pairs are visited in a fixed order and moved along their smaller overlap, so the same data on the
    // same canvas always gives the same picture. The layout's positions are only the starting point.
    function push(pts, box, rounds) {
      for (var round = 0; round < rounds; round++) {
        var moved = false;
        for (var i = 0; i < nodes.length; i++) {
          for (var j = i + 1; j < nodes.length; j++) {
            var a = pts[i], b = pts[j], A = box[i], B = box[j];
            var ox = A.hw + B.hw - Math.abs(a.x - b.x);
            var oy = a.y <= b.y ? A.bottom + B.top - (b.y - a.y) : B.bottom + A.top - (a.y - b.y);
            if (ox <= 0.5 || oy <= 0.5) continue;
            moved = true;
            // The smaller node moves more, so the big terms stay where the layout put them.
            var wi = radius(nodes[j]) / (radius(nodes[i]) + radius(nodes[j])), wj = 1 - wi;
            if (ox < oy) {
              var sx = a.x < b.x || (a.x === b.x && i % 2 === 0) ? -1 : 1;
              a.x += sx * ox * wi; b.x -= sx * ox * wj;
            } else {
              var sy = a.y < b.y || (a.y === b.y && i % 2 === 0) ? -1 : 1;
              a.y += sy * oy * wi; b.y -= sy * oy * wj;
            }
          }
        }
        pts.forEach(function (p, k) {
          p.x = Math.max(box[k].hw, Math.min(W - box[k].hw, p.x));
          p.y = Math.max(box[k].top, Math.min(H - box[k].bottom, p.y));
        });
        if (!moved) return true;
      }
      return false;
    }
    function spread() {
      var view0 = view;
      view = { scale: 1, dx: 0, dy: 0 };
      var pts = nodes.map(function (n) { return toScreen({ x: n.x, y: n.y }); });
      var withLabels = nodes.map(function (n, i) {
        var r = radius(n);
        return { hw: Math.max(r, Math.min(labelWidth(i), 140) / 2) + GAP / 2, top: r + GAP / 2, bottom: r + LABEL_H + GAP };
      });
      // A canvas too small for every node and its label (a phone): the circles alone are kept apart, and
      // the labels without room are left out by placeLabels.
      if (!push(pts, withLabels, 200)) {
        push(pts, nodes.map(function (n) { var r = radius(n) + 1; return { hw: r, top: r, bottom: r }; }), 200);
      }
      pos = pts.map(function (p) { return toWorld(p.x, p.y); });
      view = view0;
    }
    function resize() {
      var w = canvas.clientWidth, h = canvas.clientHeight;
      var changed = w !== W || h !== H;
      W = w; H = h;
      canvas.width = Math.round(W * dpr);
      canvas.height = Math.round(H * dpr);
      if (changed) spread();
      draw();
    }
    function overlaps(a, b) {
      return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    }
    // Where the labels go: the biggest terms first, under their node, else above, right or left; a label
    // that would cover another label or a node is not drawn (hovering its node shows it).
    function placeLabels(near) {
      var circles = nodes.map(function (n, i) {
        var p = toScreen(pos[i]), r = radius(n) * Math.sqrt(view.scale);
        return { x: p.x, y: p.y, r: r };
      });
      var order = nodes.map(function (n, i) { return i; });
      order.sort(function (a, b) {
        var fa = a === hover ? 2 : near[a] ? 1 : 0, fb = b === hover ? 2 : near[b] ? 1 : 0;
        return fb - fa || nodes[b].n - nodes[a].n || a - b;
      });
      var out = [];
      order.forEach(function (i) {
        var c = circles[i], w = labelWidth(i), h = LABEL_H;
        var spots = [
          { x: c.x - w / 2, y: c.y + c.r + 2 }, { x: c.x - w / 2, y: c.y - c.r - 2 - h },
          { x: c.x + c.r + 3, y: c.y - h / 2 }, { x: c.x - c.r - 3 - w, y: c.y - h / 2 }
        ];
        var forced = i === hover || (hover >= 0 && near[i]);
        for (var k = 0; k < spots.length; k++) {
          var b = { i: i, x: spots[k].x, y: spots[k].y, w: w, h: h };
          var free = out.every(function (o) { return !overlaps(o, b); }) && circles.every(function (o, j) {
            if (j === i) return true;
            var nx = Math.max(b.x, Math.min(o.x, b.x + b.w)), ny = Math.max(b.y, Math.min(o.y, b.y + b.h));
            return Math.hypot(o.x - nx, o.y - ny) >= o.r;
          });
          if (free || (forced && k === spots.length - 1)) {
            out.push(free ? b : { i: i, x: spots[0].x, y: spots[0].y, w: w, h: h });
            return;
          }
        }
      });
      return out;
    }
    function draw() {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      var near = {};
      if (hover >= 0) { near[hover] = true; neighbours[hover].forEach(function (x) { near[x[0]] = true; }); }
      edges.forEach(function (e) {
        var a = toScreen(pos[e[0]]), b = toScreen(pos[e[1]]);
        var lit = hover >= 0 && (e[0] === hover || e[1] === hover);
        ctx.strokeStyle = lit ? "rgba(31,36,48,0.7)" : hover >= 0 ? "rgba(134,142,150,0.12)" : "rgba(134,142,150,0.45)";
        ctx.lineWidth = 0.5 + 4 * e[2] / maxW;
        ctx.beginPath(); ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); ctx.stroke();
      });
      nodes.forEach(function (n, i) {
        var p = toScreen(pos[i]), r = radius(n) * Math.sqrt(view.scale);
        ctx.globalAlpha = hover >= 0 && !near[i] ? 0.25 : 0.92;
        ctx.fillStyle = PALETTE[n.c % PALETTE.length];
        ctx.beginPath(); ctx.arc(p.x, p.y, r, 0, Math.PI * 2); ctx.fill();
        ctx.lineWidth = i === hover ? 2.5 : 1;
        ctx.strokeStyle = "#fff";
        ctx.stroke();
      });
      ctx.globalAlpha = 1;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.lineJoin = "round";
      placed = placeLabels(near);
      placed.forEach(function (b) {
        var i = b.i;
        ctx.font = (i === hover ? "bold " : "") + "12px " + FONT;
        // A white halo keeps a label readable over the edges behind it.
        ctx.lineWidth = 3;
        ctx.strokeStyle = "rgba(255,255,255,0.85)";
        ctx.strokeText(nodes[i].label, b.x, b.y + 1);
        ctx.fillStyle = hover >= 0 && !near[i] ? "rgba(31,36,48,0.3)" : "#1f2430";
        ctx.fillText(nodes[i].label, b.x, b.y + 1);
      });
      canvas.dataset.drawn = "1";
    }
    function pick(x, y) {
      var best = -1, bestD = Infinity;
      nodes.forEach(function (n, i) {
        var p = toScreen(pos[i]), r = radius(n) * Math.sqrt(view.scale) + 3;
        var d = Math.hypot(p.x - x, p.y - y);
        if (d <= r && d < bestD) { best = i; bestD = d; }
      });
      return best;
    }
    function showTip(i, x, y) {
      if (i < 0) { tip.hidden = true; return; }
      var n = nodes[i];
      tip.textContent = "";
      tip.appendChild(el("strong", "", n.label));
      tip.appendChild(el("div", "", n.n + " posts · " + n.count + "×"));
      var names = neighbours[i].slice(0, 8).map(function (x) { return nodes[x[0]].label; });
      tip.appendChild(el("div", "muted", names.length ? "with: " + names.join("、") : "no neighbours shown"));
      tip.hidden = false;
      var left = Math.min(x + 14, W - tip.offsetWidth - 4);
      tip.style.left = Math.max(4, left) + "px";
      tip.style.top = Math.max(4, y + 14) + "px";
    }
    function local(ev) {
      var rect = canvas.getBoundingClientRect();
      return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
    }
    var pointers = {}, pinch = null;
    canvas.addEventListener("pointerdown", function (ev) {
      var p = local(ev);
      pointers[ev.pointerId] = p;
      canvas.setPointerCapture(ev.pointerId);
      var ids = Object.keys(pointers);
      if (ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        pinch = { d: Math.hypot(a.x - b.x, a.y - b.y), scale: view.scale };
        drag = null;
        return;
      }
      var i = pick(p.x, p.y);
      drag = i >= 0 ? { node: i } : { pan: true, x: p.x, y: p.y, dx: view.dx, dy: view.dy };
    });
    canvas.addEventListener("pointermove", function (ev) {
      var p = local(ev);
      if (pointers[ev.pointerId]) pointers[ev.pointerId] = p;
      var ids = Object.keys(pointers);
      if (pinch && ids.length === 2) {
        var a = pointers[ids[0]], b = pointers[ids[1]];
        zoomAt((a.x + b.x) / 2, (a.y + b.y) / 2, pinch.scale * Math.hypot(a.x - b.x, a.y - b.y) / Math.max(pinch.d, 1));
        return;
      }
      if (drag && drag.node !== undefined) {
        pos[drag.node] = toWorld(p.x, p.y);
        hover = drag.node;
        draw();
        showTip(hover, p.x, p.y);
        return;
      }
      if (drag && drag.pan) {
        view.dx = drag.dx + p.x - drag.x;
        view.dy = drag.dy + p.y - drag.y;
        draw();
        return;
      }
      var i = pick(p.x, p.y);
      canvas.style.cursor = i >= 0 ? "grab" : "default";
      if (i !== hover) { hover = i; draw(); }
      showTip(i, p.x, p.y);
    });
    function release(ev) {
      delete pointers[ev.pointerId];
      if (Object.keys(pointers).length < 2) pinch = null;
      drag = null;
    }
    canvas.addEventListener("pointerup", release);
    canvas.addEventListener("pointercancel", release);
    canvas.addEventListener("pointerleave", function () {
      if (!drag) { hover = -1; tip.hidden = true; draw(); }
    });
    function zoomAt(x, y, scale) {
      scale = Math.max(0.3, Math.min(12, scale));
      var w = toWorld(x, y);
      view.scale = scale;
      var s = toScreen(w);
      view.dx += x - s.x;
      view.dy += y - s.y;
      draw();
    }
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var p = local(ev);
      zoomAt(p.x, p.y, view.scale * Math.exp(-ev.deltaY * 0.0015));
    }, { passive: false });
    document.getElementById("network-reset").addEventListener("click", function () {
      view = { scale: 1, dx: 0, dy: 0 };
      spread();
      draw();
    });
    window.addEventListener("resize", resize);
    // For tests and keyboard-less checks: where a term is drawn, in page coordinates.
    window.jpblogNetwork = {
      nodeAt: function (label) {
        for (var i = 0; i < nodes.length; i++) {
          if (nodes[i].label === label) {
            var rect = canvas.getBoundingClientRect(), p = toScreen(pos[i]);
            return { x: rect.left + p.x, y: rect.top + p.y };
          }
        }
        return null;
      },
      labels: function () { return nodes.map(function (n) { return n.label; }); },
      // What is drawn, in canvas coordinates: every node's circle and the labels shown.
      drawn: function () {
        return {
          width: W, height: H,
          nodes: nodes.map(function (n, i) {
            var p = toScreen(pos[i]);
            return { label: n.label, x: p.x, y: p.y, r: radius(n) * Math.sqrt(view.scale) };
          }),
          labels: placed.map(function (b) { return { label: nodes[b.i].label, x: b.x, y: b.y, w: b.w, h: b.h }; })
        };
      }
    };
    resize();
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
  try { network(); } catch (err) { body.dataset.networkError = String(err); }
  postsTable();
  body.dataset.siteReady = "1";
})();
