// jpblog-nlp corpus site: the co-occurrence network of the index, drawn on a canvas from the site data
// (labels set as canvas text or textContent, never as HTML). A shared file (assets/network.js) loaded
// before site.js, which calls JpblogNetwork.draw; allowed by the page's Content-Security-Policy as 'self'.
(function () {
  "use strict";
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  // data: the site data (its network and palette); font: the CSS font family of the labels.
  function draw(data, FONT) {
    var PALETTE = data.palette;
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
  window.JpblogNetwork = { draw: draw };
})();
