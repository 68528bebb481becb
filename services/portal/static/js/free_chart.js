// The broker's free capacity for the next 8 weeks, drawn with ECharts (served by the
// portal from /static/vendor/echarts, never a CDN). The numbers come in the page as JSON
// (#free-data); the table under the chart says the same by week without this script.
(function () {
  "use strict";
  var box = document.getElementById("free-chart");
  var data = document.getElementById("free-data");
  if (!box || !data || !window.echarts) { return; }
  var d = JSON.parse(data.textContent);
  var chart = window.echarts.init(box, null, { renderer: "svg" });
  function bar(key, color) {
    return { name: d.names[key], type: "bar", stack: "day", data: d.series[key],
             itemStyle: { color: color }, barCategoryGap: "20%" };
  }
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: d.days.map(function (s) { return s.slice(5); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [bar("booked", "#067647"), bar("held", "#fdb022"), bar("free", "#84caff")]
  });
  box.dataset.drawn = "1";
  window.addEventListener("resize", function () { chart.resize(); });
})();
