// The offers inbox: each offer's time left, ticking once a second. Without this file the
// page shows the time left when it was rendered. The clocks are looked up at every tick,
// so offers that live.js swaps in tick too.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-expires]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.dataset.expires) - now) / 1000);
      if (left <= 0) { el.textContent = el.dataset.gone; el.classList.add("gone"); return; }
      el.textContent = el.dataset.left
        .replace("{h}", String(Math.floor(left / 3600)))
        .replace("{m}", pad(Math.floor(left / 60) % 60))
        .replace("{s}", pad(left % 60));
    });
  }
  tick();
  setInterval(tick, 1000);
  document.addEventListener("procnet:updated", tick);
})();
