// Reports page: draws each <canvas data-chart="…"> with Chart.js (vendor/chartjs).
// The data and every label come from the page (translated on the server); the same
// numbers are in the table after each chart, so the page reads without this script.
// Loaded as a file (CSP: no inline script); Chart.js sizes the canvas through the DOM
// (element.style), which the policy allows.
(function () {
  "use strict";

  function options(spec) {
    const narrow = window.matchMedia("(max-width: 575.98px)").matches;
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    return {
      responsive: true,
      aspectRatio: narrow ? 1.1 : 2.6,
      animation: still ? false : { duration: 300 },
      locale: document.documentElement.lang || "en",
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom" } },
      scales: {
        x: { stacked: spec.stacked },
        y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
    };
  }

  function draw(canvas) {
    const spec = JSON.parse(canvas.dataset.chart);
    const chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: options(spec),
    });
    canvas.dataset.drawn = String(chart.data.datasets.length);
  }

  function setUp() {
    if (!window.Chart) return;  // the tables still carry every number
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
