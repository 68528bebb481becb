// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // A form sends once: the submit button is disabled after the first tap (the server's
  // Idempotency-Key makes a second order impossible anyway).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    var button = form.querySelector("button[type=submit]");
    if (button && form.dataset.once !== undefined) { button.setAttribute("disabled", "disabled"); }
  });
  // "Add a line" for repeated rows (materials): clone the template row.
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (!add) { return; }
    var list = document.getElementById(add.dataset.addRow);
    var template = list && list.querySelector("[data-row]");
    if (!template) { return; }
    var row = template.cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    list.appendChild(row);
    event.preventDefault();
  });
  // Focus the error summary so a screen reader and a thumb both land on it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
