// Draws the charts of a loadgen HTML report with uPlot, from the JSON object in #loadgen-data.
// Times in the data are microseconds (fields ending in _us); the x axis of the time charts is seconds since the
// start of the run, each point at the end of its interval.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("loadgen-data").textContent);
  var HEIGHT = 300;
  var COLORS = {
    corrected: "#1f6fb4", uncorrected: "#e8790c", p50: "#2a9d3a", p99: "#c9302c", max: "#8a5cc2",
    planned: "#7a7a7a", rate: "#1f6fb4", errors: "#c9302c"
  };
  var charts = [];

  // Latency axes use the unit that keeps the largest value readable, as the text report's units do.
  function latencyUnit(maxMicros) {
    if (maxMicros >= 1e6) {
      return { name: "s", micros: 1e6 };
    }
    if (maxMicros >= 1e3) {
      return { name: "ms", micros: 1e3 };
    }
    return { name: "us", micros: 1 };
  }

  function round(value, decimals) {
    return value == null ? "-" : Number(value.toFixed(decimals)).toString();
  }

  function maxOf(values) {
    var max = 0;
    values.forEach(function (v) {
      if (v != null && v > max) {
        max = v;
      }
    });
    return max;
  }

  function empty(id, text) {
    var element = document.getElementById(id);
    var p = document.createElement("p");
    p.className = "no-data";
    p.textContent = text;
    element.appendChild(p);
  }

  function plot(id, options, columns) {
    var element = document.getElementById(id);
    options.width = Math.max(320, element.clientWidth);
    options.height = HEIGHT;
    charts.push({ element: element, chart: new uPlot(options, columns, element) });
  }

  function seriesOf(label, color, unitName, extra) {
    var series = {
      label: label,
      stroke: color,
      width: 2,
      value: function (u, v) {
        return v == null ? "-" : round(v, 3) + (unitName ? " " + unitName : "");
      }
    };
    Object.keys(extra || {}).forEach(function (key) {
      series[key] = extra[key];
    });
    return series;
  }

  // HdrHistogram's percentile axis: x = 1/(1-p), so 90% sits at 10, 99% at 100, 99.9% at 1000.
  function percentileOf(x) {
    return 100 - 100 / x;
  }

  function percentileLabel(x) {
    var nines = Math.round(Math.log10(x));
    return x <= 1 ? "0%" : round(percentileOf(x), Math.max(0, nines - 2)) + "%";
  }

  function spectrumPoints(spectrum) {
    var points = [];
    for (var i = 0; i < spectrum.percentile.length; i++) {
      // 100% has no finite place on this axis; the point before it already holds the maximum.
      if (spectrum.percentile[i] < 100) {
        points.push([1 / (1 - spectrum.percentile[i] / 100), spectrum.value_us[i]]);
      }
    }
    return points;
  }

  function spectrumChart() {
    var openLoop = data.pacing.open_loop;
    var corrected = spectrumPoints(data.latency.corrected.spectrum);
    var uncorrected = openLoop ? spectrumPoints(data.latency.uncorrected.spectrum) : [];
    if (corrected.length === 0) {
      empty("chart-spectrum", "No responses: no latency to show.");
      return;
    }
    // Both series on one x array (uPlot's aligned data): the union of their x values, gaps spanned.
    var xs = corrected.concat(uncorrected).map(function (p) { return p[0]; });
    xs = xs.filter(function (x, i) { return xs.indexOf(x) === i; }).sort(function (a, b) { return a - b; });
    function align(points) {
      var byX = new Map(points.map(function (p) { return [p[0], p[1]]; }));
      return xs.map(function (x) { return byX.has(x) ? byX.get(x) : null; });
    }
    var unit = latencyUnit(Math.max(data.latency.corrected.max_us, openLoop ? data.latency.uncorrected.max_us : 0));
    function scaled(values) {
      return values.map(function (v) { return v == null ? null : v / unit.micros; });
    }
    var decades = Math.max(1, Math.ceil(Math.log10(xs[xs.length - 1]) - 1e-9));
    var columns = [xs, scaled(align(corrected))];
    var series = [
      { label: "percentile", value: function (u, x) { return x == null ? "-" : round(percentileOf(x), 4) + "%"; } },
      seriesOf(openLoop ? "corrected" : "latency", COLORS.corrected, unit.name, { spanGaps: true })
    ];
    if (openLoop) {
      columns.push(scaled(align(uncorrected)));
      series.push(seriesOf("uncorrected", COLORS.uncorrected, unit.name, { spanGaps: true, dash: [6, 4] }));
    }
    plot("chart-spectrum", {
      scales: {
        x: { time: false, distr: 3, log: 10, range: [1, Math.pow(10, decades)] },
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.05 : 1]; } }
      },
      axes: [
        {
          label: "percentile",
          splits: function () {
            var splits = [];
            for (var k = 0; k <= decades; k++) {
              splits.push(Math.pow(10, k));
            }
            return splits;
          },
          values: function (u, splits) { return splits.map(percentileLabel); }
        },
        { label: "latency (" + unit.name + ")", size: 60 }
      ],
      series: series
    }, columns);
  }

  function intervalSeconds() {
    var intervals = data.interval_series;
    return intervals.start_offset_us.map(function (start, i) {
      return (start + intervals.length_us[i]) / 1e6;
    });
  }

  // The reporter closes a last, usually short, interval when the run ends; a rate over a few milliseconds
  // says nothing, so intervals under a quarter of the longest one get no rate point (their counts stay in the
  // totals and in the other charts).
  function perSecond(counts) {
    var lengths = data.interval_series.length_us;
    var shortest = maxOf(lengths) / 4;
    return counts.map(function (count, i) { return lengths[i] >= shortest ? count / (lengths[i] / 1e6) : null; });
  }

  function timeScale() {
    return { time: false, range: function (u, min, max) { return [0, max]; } };
  }

  var timeAxis = {
    label: "seconds since the start",
    values: function (u, splits) { return splits.map(function (s) { return round(s, 2) + "s"; }); }
  };

  function rateChart(xs) {
    var columns = [xs, perSecond(data.interval_series.requests)];
    var series = [
      { label: "time", value: function (u, x) { return x == null ? "-" : round(x, 2) + " s"; } },
      seriesOf("requests/sec", COLORS.rate, "", {})
    ];
    if (data.interval_series.planned_requests) {
      columns.push(perSecond(data.interval_series.planned_requests));
      series.push(seriesOf("planned", COLORS.planned, "", { dash: [6, 4], width: 1.5 }));
    }
    plot("chart-rate", {
      scales: {
        x: timeScale(),
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } }
      },
      axes: [timeAxis, { label: "requests/sec", size: 70 }],
      series: series
    }, columns);
  }

  function latencyChart(xs) {
    var intervals = data.interval_series;
    // An interval whose latency histogram is empty has no latency, rather than a latency of zero.
    function measured(values) {
      return values.map(function (v, i) { return intervals.max_us[i] > 0 ? v : null; });
    }
    var max = measured(intervals.max_us);
    var unit = latencyUnit(maxOf(max));
    function scaled(values) {
      return measured(values).map(function (v) { return v == null ? null : v / unit.micros; });
    }
    plot("chart-latency", {
      scales: {
        x: timeScale(),
        y: { range: function (u, min, maxValue) { return [0, maxValue > 0 ? maxValue * 1.05 : 1]; } }
      },
      axes: [timeAxis, { label: "latency (" + unit.name + ")", size: 60 }],
      series: [
        { label: "time", value: function (u, x) { return x == null ? "-" : round(x, 2) + " s"; } },
        seriesOf("p50", COLORS.p50, unit.name, {}),
        seriesOf("p99", COLORS.p99, unit.name, {}),
        seriesOf("max", COLORS.max, unit.name, { width: 1, dash: [3, 3] })
      ]
    }, [xs, scaled(intervals.p50_us), scaled(intervals.p99_us), scaled(intervals.max_us)]);
  }

  function errorsChart(xs) {
    var errors = data.interval_series.errors;
    // At least 6 px wide: the last interval of a run is often short, and bar widths follow the smallest gap.
    var bars = uPlot.paths.bars({ size: [0.6, 40, 6] });
    plot("chart-errors", {
      scales: {
        x: timeScale(),
        y: { range: function (u, min, max) { return [0, Math.max(1, max) * 1.1]; } }
      },
      axes: [timeAxis, {
        label: "errors",
        size: 60,
        values: function (u, splits) {
          return splits.map(function (v) { return Number.isInteger(v) ? String(v) : ""; });
        }
      }],
      series: [
        { label: "time", value: function (u, x) { return x == null ? "-" : round(x, 2) + " s"; } },
        seriesOf("errors", COLORS.errors, "", { paths: bars, fill: "rgba(201,48,44,0.35)", points: { show: false } })
      ]
    }, [xs, errors]);
  }

  spectrumChart();
  var xs = intervalSeconds();
  if (xs.length === 0) {
    ["chart-rate", "chart-latency", "chart-errors"].forEach(function (id) {
      empty(id, "No intervals were recorded.");
    });
  } else {
    rateChart(xs);
    latencyChart(xs);
    errorsChart(xs);
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      charts.forEach(function (c) {
        c.chart.setSize({ width: Math.max(320, c.element.clientWidth), height: HEIGHT });
      });
    }, 100);
  });
})();
