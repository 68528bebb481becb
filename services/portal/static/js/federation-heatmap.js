// The federation's load heat map: county × ISO week, drawn with the ECharts the portal
// serves itself (/static/vendor/echarts). The numbers come from the JSON block the page
// embeds (#load-data); the table under the chart has them too, so nothing needs this file.
(function () {
  "use strict";
  var el = document.getElementById("heatmap");
  var source = document.getElementById("load-data");
  if (!el || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var narrow = window.matchMedia("(max-width: 759px)").matches;
  var cells = data.cells.map(function (c) {
    return { value: [c.x, c.y, c.percent === null ? "-" : c.percent], cell: c };
  });
  var chart = window.echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    grid: { left: narrow ? 64 : 96, right: 8, top: 44, bottom: narrow ? 56 : 40 },
    tooltip: {
      formatter: function (p) {
        var c = p.data.cell, t = data.text;
        var load = c.percent === null ? t.none : c.percent + "%";
        return data.counties[c.y] + " · " + data.weeks[c.x] + "<br>" + t.load + ": " + load +
          "<br>" + t.planned + ": " + c.planned + "<br>" + t.capacity + ": " + c.capacity;
      }
    },
    xAxis: { type: "category", data: data.weeks_short, splitArea: { show: true },
             axisLabel: { rotate: narrow ? 45 : 0, fontSize: narrow ? 10 : 12 } },
    yAxis: { type: "category", data: data.counties, splitArea: { show: true },
             axisLabel: { fontSize: narrow ? 11 : 12 } },
    visualMap: { min: 0, max: 150, calculable: false, orient: "horizontal", right: 8,
                 top: 0, itemHeight: narrow ? 120 : 200, text: ["150%", "0%"],
                 inRange: { color: ["#ecfdf3", "#fedf89", "#f97066", "#912018"] } },
    series: [{ type: "heatmap", data: cells, label: { show: !narrow },
               emphasis: { itemStyle: { borderColor: "#101828", borderWidth: 1 } } }]
  });
  el.dataset.rendered = "1";
  window.addEventListener("resize", function () { chart.resize(); });
})();
