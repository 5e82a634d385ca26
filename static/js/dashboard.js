// Monthly chart of the dashboard and drill-down pages: bars per month, lũy kế and the plan's even pace as lines.
// Data comes from a json_script element named by the canvas's data-chart-source (no inline script: CSP).
(function () {
  "use strict";
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chartSource);
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var number = new Intl.NumberFormat(document.documentElement.lang || "vi");  // 76.408 in vi, 76,408 in en
    canvas.chart = new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: data.names.figures, data: data.figures, yAxisID: "month", backgroundColor: "rgba(13,110,253,0.55)" },
          { type: "line", label: data.names.cumulative, data: data.cumulative, yAxisID: "cumulative", borderColor: "#198754", backgroundColor: "#198754", tension: 0.2 },
          { type: "line", label: data.names.pace, data: data.pace, yAxisID: "cumulative", borderColor: "#dc3545", borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          month: { type: "linear", position: "left", beginAtZero: true, ticks: { callback: function (v) { return number.format(v); } } },
          cumulative: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { callback: function (v) { return number.format(v); } } }
        },
        plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + number.format(c.parsed.y); } } } }
      }
    });
  }
  document.querySelectorAll("canvas[data-chart-source]").forEach(draw);
})();
