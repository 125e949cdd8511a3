// planner serve: draws the charts (Chart.js), sorts and filters the customer table, and reloads
// the page when the plan set changes on disk (a long poll of /_live).
(function () {
  "use strict";
  var money = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  function drawCharts() {
    if (typeof Chart === "undefined") return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;  // a page that reloads on every save should not dance
    document.querySelectorAll("script[data-chart]").forEach(function (el) {
      var spec = JSON.parse(el.textContent);
      var canvas = document.getElementById(el.dataset.chart);
      if (!canvas) return;
      var datasets, options = { responsive: true, maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" },
                   tooltip: { callbacks: { label: function (c) {
                     var v = c.raw; if (Array.isArray(v)) v = v[1] - v[0];
                     return (c.dataset.label ? c.dataset.label + ": " : "") + money.format(v); } } } },
        scales: { x: {}, y: { ticks: { callback: function (v) { return money.format(v).replace(/\.00$/, ""); } } } } };
      if (spec.bars) {  // the bridge: one floating bar per step
        datasets = [{ label: "", data: spec.bars, backgroundColor: spec.colors }];
        options.plugins.legend.display = false;
      } else {
        datasets = spec.series.map(function (s) {
          return { label: s.label, data: s.data, backgroundColor: s.color }; });
      }
      if (spec.stacked) { options.scales.x.stacked = true; options.scales.y.stacked = true; }
      if (spec.horizontal) {
        options.indexAxis = "y";
        options.scales = { x: { stacked: !!spec.stacked, ticks: options.scales.y.ticks }, y: { stacked: !!spec.stacked } };
      }
      new Chart(canvas, { type: "bar", data: { labels: spec.labels, datasets: datasets }, options: options });
    });
  }

  // a cell's figure: its data-v, else its text as shown ("1,234.50", "+12.5%"); none sorts last
  function value(cell) {
    var v = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent.replace(/[,%+\s]/g, "");
    var n = parseFloat(v);
    return isNaN(n) ? -Infinity : n;
  }

  function sortable(table) {
    var key = "sort:" + location.pathname + ":" + table.id;
    var heads = table.tHead.rows[0].cells;
    function sort(col, dir) {
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      var num = heads[col].dataset.type === "num";
      rows.sort(function (a, b) {
        var x = a.cells[col], y = b.cells[col], r;
        if (num) {
          r = value(x) - value(y);
        } else {
          r = x.textContent.localeCompare(y.textContent, "zh-CN");
        }
        return dir === "ascending" ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      heads[col].setAttribute("aria-sort", dir);
      sessionStorage.setItem(key, JSON.stringify([col, dir]));
    }
    Array.prototype.forEach.call(heads, function (h, i) {
      h.addEventListener("click", function () {
        sort(i, h.getAttribute("aria-sort") === "descending" ? "ascending" : "descending");
      });
    });
    var saved = sessionStorage.getItem(key);
    if (saved) { saved = JSON.parse(saved); sort(saved[0], saved[1]); }
  }

  function filter(table, input, count) {
    var key = "filter:" + location.pathname;
    function apply() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean), n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var text = r.textContent.toLowerCase();
        var show = words.every(function (w) { return text.indexOf(w) >= 0; });
        r.hidden = !show; if (show) n++;
      });
      if (count) count.textContent = count.dataset.template.replace("{n}", n);
      sessionStorage.setItem(key, input.value);
    }
    input.value = sessionStorage.getItem(key) || "";
    input.addEventListener("input", apply);
    apply();
  }

  function live() {
    var generation = document.body.dataset.generation;
    function poll() {
      fetch("/_live?since=" + generation, { credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          if (r.status === 401) { location.href = "/login"; return null; }
          return r.json();
        })
        .then(function (data) {
          if (data === null) return;
          if (String(data.generation) !== String(generation)) {
            sessionStorage.setItem("scroll:" + location.pathname, String(window.scrollY));
            location.reload();
          } else { poll(); }
        })
        .catch(function () { setTimeout(poll, 2000); });  // the server restarts: try again
    }
    poll();
    var y = sessionStorage.getItem("scroll:" + location.pathname);
    if (y !== null) { sessionStorage.removeItem("scroll:" + location.pathname); window.scrollTo(0, +y);
      var dot = document.getElementById("live"); if (dot) dot.classList.add("updated"); }
  }

  document.querySelectorAll("form.filters select").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  document.querySelectorAll("table.sortable").forEach(sortable);
  var t = document.getElementById("customers"), f = document.getElementById("filter");
  if (t && f) filter(t, f, document.getElementById("count"));
  drawCharts();
  if (!document.querySelector("form.login")) live();
})();
