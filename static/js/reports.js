// Reports: small enhancements of the filters and the report region. The pages work without it.
(function () {
  "use strict";

  function form() { return document.querySelector("[data-report-filters]"); }

  // Typing dates means a custom period; choosing a preset lets the server fill the dates in.
  document.addEventListener("change", function (event) {
    var filters = form();
    if (!filters || !filters.contains(event.target)) return;
    var period = filters.querySelector("[name=period]");
    if (period && (event.target.name === "start" || event.target.name === "end")) {
      period.value = "custom";
    }
  });

  // The server tells which dates a preset stands for; show them unless someone is typing there.
  document.body.addEventListener("report-period", function (event) {
    var filters = form();
    if (!filters) return;
    ["start", "end"].forEach(function (name) {
      var input = filters.querySelector("[name=" + name + "]");
      if (input && document.activeElement !== input) input.value = event.detail[name];
    });
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var report = document.getElementById("report");
    if (!report || event.detail.target.id !== "report") return;
    // Announce the outcome once, from a live region that stays in the page.
    var status = document.getElementById("report-status");
    if (status && report.dataset.reportStatus) status.textContent = report.dataset.reportStatus;
    // After "retry" or "refresh", take keyboard and screen-reader users to the new report.
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && (source.hasAttribute("data-focus-report") || source.closest(".freshness"))) {
      var heading = document.getElementById("report-heading");
      if (heading) heading.focus();
    }
  });
})();
