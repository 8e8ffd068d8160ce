// jpblog-nlp report: draws the four charts from the JSON data block (never from HTML the post wrote).
// Inlined into the single-post page and allowed by its SHA-256 in the Content-Security-Policy; a shared
// file (assets/report.js) of the corpus site's post pages, allowed by 'self'.
(function () {
  "use strict";
  var body = document.body;
  // Sizes are data attributes, set here through the CSSOM: the policy allows no inline style attributes.
  Array.prototype.forEach.call(document.querySelectorAll("[data-height]"), function (el) {
    el.style.height = el.dataset.height + "px";
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-width]"), function (el) {
    el.style.width = el.dataset.width + "%";
  });
  var data;
  try {
    data = JSON.parse(document.getElementById("report-data").textContent);
  } catch (err) {
    body.dataset.chartError = "bad data: " + err;
    body.dataset.chartsDrawn = "0";
    return;
  }
  if (typeof Chart === "undefined") {
    body.dataset.chartError = "Chart.js did not load";
    body.dataset.chartsDrawn = "0";
    return;
  }

  var FONT = '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", "YuGothic", "Meiryo", sans-serif';
  var POS = "#2f9e44", NEG = "#e03131", NEU = "#adb5bd", ACCENT = "#3b5bdb";
  var POSITION = "Position in the post (%) / 本文中の位置";

  Chart.defaults.font.family = FONT;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#495057";
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.display = false;

  // Set after Chart.js has really painted the canvas: the browser test reads these attributes.
  Chart.register({
    id: "jpblogDrawn",
    afterRender: function (chart) {
      chart.canvas.dataset.drawn = "1";
    }
  });

  // A sentence's text for the tooltips, read from the page's own sentence list (it is written once, there),
  // cut to 60 characters like the reports' clip().
  var textOf = {};
  Array.prototype.forEach.call(document.querySelectorAll("ol.sentences > li"), function (li) {
    var span = li.querySelector(".text");
    if (!span) return;
    var text = span.textContent.split(/\s+/).filter(Boolean).join(" ");
    textOf[li.value] = text.length <= 60 ? text : text.slice(0, 59) + "\u2026";
  });

  function scoreColor(score) {
    if (score === null || score === undefined) return NEU;
    return score >= 0.2 ? POS : score <= -0.2 ? NEG : NEU;
  }
  function signed(v) {
    return v === null || v === undefined ? "n/a" : (v >= 0 ? "+" : "\u2212") + Math.abs(v).toFixed(2);
  }
  function axisTitle(text) {
    return { display: true, text: text, color: "#6b7280", font: { size: 12, weight: "600" } };
  }
  function zeroGrid(ctx) {
    return ctx.tick && ctx.tick.value === 0 ? "#868e96" : "#eceef1";
  }
  function make(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    try {
      new Chart(canvas, config);
    } catch (err) {
      canvas.dataset.error = String(err && err.message ? err.message : err);
    }
  }

  // 1. Sentiment arc: smoothed trajectory as a filled line, single sentences as faint dots.
  if (data.trajectory.length || data.sentences.length) {
    var datasets = [];
    if (data.trajectory.length) {
      datasets.push({
        type: "line", label: "smoothed", data: data.trajectory, parsing: false,
        borderColor: ACCENT, borderWidth: 2.5, tension: 0.35, pointRadius: 0, pointHitRadius: 6,
        fill: { target: "origin", above: "rgba(47,158,68,0.16)", below: "rgba(224,49,49,0.14)" }
      });
    }
    if (data.sentences.length) {
      datasets.push({
        type: "scatter", label: "sentence", data: data.sentences, parsing: false, clip: false,
        pointRadius: 3.5, pointHoverRadius: 6,
        pointBackgroundColor: data.sentences.map(function (p) { return scoreColor(p.y); }),
        pointBorderColor: "rgba(255,255,255,0.9)", pointBorderWidth: 1
      });
    }
    make("chart-arc", {
      type: "line",
      data: { datasets: datasets },
      options: {
        scales: {
          x: { type: "linear", min: 0, max: 100, title: axisTitle(POSITION), ticks: { stepSize: 10 } },
          y: { min: -1, max: 1, title: axisTitle("Sentiment / 感情スコア"), ticks: { stepSize: 0.5 },
               grid: { color: zeroGrid } }
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) {
                var p = items[0].raw;
                return p.n ? "#" + p.n + " (" + p.x.toFixed(0) + "%)" : "smoothed, " + p.x.toFixed(0) + "%";
              },
              label: function (item) {
                var p = item.raw, text = p.n ? textOf[p.n] : "";
                return text ? [text, "score " + signed(p.y)] : "score " + signed(p.y);
              }
            }
          }
        }
      }
    });
  }

  // 2. Themes over the post: one row per theme, a mark where it occurs, coloured by that sentence's tone.
  if (data.themes.length) {
    var labels = data.themes.map(function (t) { return t.label; });
    // Marks shrink for long posts so neighbouring sentences stay apart.
    var radius = Math.max(3, Math.min(7, Math.round(300 / Math.max(1, data.n_sentences || 1))));
    make("chart-themes", {
      type: "scatter",
      data: {
        datasets: data.themes.map(function (theme, row) {
          return {
            label: theme.label,
            data: theme.points.map(function (p) {
              return { x: p.x, y: row, n: p.n, score: p.score, text: textOf[p.n] || "" };
            }),
            parsing: false,
            pointStyle: "rectRounded", pointRadius: radius, pointHoverRadius: radius + 2,
            pointBackgroundColor: theme.points.map(function (p) { return scoreColor(p.score); }),
            pointBorderColor: "rgba(255,255,255,0.9)", pointBorderWidth: 1
          };
        })
      },
      options: {
        scales: {
          x: { type: "linear", min: 0, max: 100, title: axisTitle(POSITION), ticks: { stepSize: 10 } },
          y: {
            type: "linear", reverse: true, min: -0.5, max: labels.length - 0.5,
            afterBuildTicks: function (axis) {
              axis.ticks = labels.map(function (_, i) { return { value: i }; });
            },
            ticks: { autoSkip: false, font: { size: 13, weight: "600" }, color: "#1f2430",
                     callback: function (value) { return labels[value] === undefined ? "" : labels[value]; } },
            grid: { color: "#eceef1" }
          }
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) {
                var p = items[0].raw;
                return labels[p.y] + (p.n ? " · #" + p.n : "");
              },
              label: function (item) {
                var p = item.raw;
                var lines = p.text ? [p.text] : [];
                if (p.score !== null && p.score !== undefined) lines.push("score " + signed(p.score));
                return lines;
              }
            }
          }
        }
      }
    });
  }

  // 3. Keyword bars, best first.
  if (data.keywords.length) {
    var useScore = data.keywords.every(function (k) { return k.score !== null && k.score !== undefined; });
    make("chart-keywords", {
      type: "bar",
      data: {
        labels: data.keywords.map(function (k) { return k.term; }),
        datasets: [{
          data: data.keywords.map(function (k) { return useScore ? k.score : k.count; }),
          backgroundColor: "rgba(59,91,219,0.78)", borderRadius: 3, barPercentage: 0.8, categoryPercentage: 0.9
        }]
      },
      plugins: [{
        // Write each keyword's count at the end of its bar, so the chart answers "how often" too.
        id: "jpblogCounts",
        afterDatasetsDraw: function (chart) {
          var ctx = chart.ctx;
          ctx.save();
          ctx.font = "12px " + FONT;
          ctx.fillStyle = "#6b7280";
          ctx.textBaseline = "middle";
          chart.getDatasetMeta(0).data.forEach(function (bar, i) {
            var k = data.keywords[i];
            if (k.count !== null && k.count !== undefined) ctx.fillText("\u00d7" + k.count, bar.x + 6, bar.y);
          });
          ctx.restore();
        }
      }],
      options: {
        indexAxis: "y",
        layout: { padding: { right: 36 } },
        scales: {
          x: { beginAtZero: true, title: axisTitle(useScore ? "Keyword score / 重要度" : "Occurrences / 出現回数") },
          y: { ticks: { autoSkip: false, font: { size: 13 }, color: "#1f2430" }, grid: { display: false } }
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) {
                var k = data.keywords[item.dataIndex];
                var parts = [];
                if (k.score !== null && k.score !== undefined) parts.push("score " + (Math.abs(k.score) >= 10 ? k.score.toFixed(1) : k.score.toFixed(2)));
                if (k.count !== null && k.count !== undefined) parts.push("\u00d7" + k.count);
                return parts.join("  ");
              }
            }
          }
        }
      }
    });
  }

  // 4. Emotions on Plutchik's wheel.
  if (data.emotions.length) {
    var top = Math.max.apply(null, data.emotions.map(function (e) { return e.value; }));
    // Scale to the strongest emotion (with headroom) in steps of 0.05: intensities are usually small.
    var max = top > 0 ? Math.min(1, Math.ceil(top * 1.15 * 20) / 20) : 1;
    make("chart-emotions", {
      type: "radar",
      data: {
        labels: data.emotions.map(function (e) { return e.label; }),
        datasets: [{
          data: data.emotions.map(function (e) { return e.value; }),
          borderColor: "#ae3ec9", backgroundColor: "rgba(174,62,201,0.18)", borderWidth: 2,
          pointBackgroundColor: "#ae3ec9", pointRadius: 3
        }]
      },
      options: {
        scales: {
          r: { min: 0, max: max, ticks: { maxTicksLimit: 4, backdropColor: "rgba(255,255,255,0.8)", font: { size: 10 } },
               pointLabels: { font: { size: 13 }, color: "#1f2430" }, grid: { color: "#e5e7eb" },
               angleLines: { color: "#e5e7eb" } }
        },
        plugins: {
          tooltip: { callbacks: { label: function (item) { return "intensity " + item.raw.toFixed(2); } } }
        }
      }
    });
  }

  body.dataset.chartsDrawn = String(document.querySelectorAll("canvas[data-drawn]").length);
})();
