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

  // A long report comes part by part (see dashboard/reports/progress.py): one part is asked for
  // until the first has arrived (so it has the request budget to itself), then two at a time; the bar and its live count follow what
  // arrived; once every part is in (or failed), the host asks for the whole report.
  var IN_FLIGHT = 2;

  function pump(list) {
    var parts = list.querySelectorAll("[data-part]");
    var count = { queued: 0, loading: 0, waiting: 0, done: 0, failed: 0 };
    parts.forEach(function (part) { count[part.dataset.part] = (count[part.dataset.part] || 0) + 1; });
    var bar = list.querySelector("progress");
    if (bar) bar.value = count.done;
    var text = list.querySelector("[data-parts-count]");
    var said = count.done + " of " + parts.length + " parts" + (count.failed ? ", " + count.failed + " not delivered" : "");
    if (text && text.textContent !== said) text.textContent = said;
    // The report region is aria-busy until it is whole, so its count is said by the page's own
    // live region, which stays in place (an export's count is a live region of its own).
    var status = document.getElementById("report-status");
    if (status && !list.closest("#report-export") && status.textContent !== said) {
      status.textContent = said;
    }
    if (count.done + count.failed === parts.length) {
      var host = list.closest("[data-parts-host]");
      if (host && !list.dataset.settled) {
        list.dataset.settled = "true";
        htmx.trigger(host, "report-parts-settled");
      }
      return;
    }
    var room = (count.done || count.failed ? IN_FLIGHT : 1) - count.loading - count.waiting;
    list.querySelectorAll('[data-part="queued"]').forEach(function (part) {
      if (room <= 0) return;
      room -= 1;
      part.dataset.part = "loading";
      var status = part.querySelector("[data-part-status]");
      if (status) status.textContent = "Reading from WebWork…";
      htmx.trigger(part, "report-part-go");
    });
  }

  function pumpAll() { document.querySelectorAll("[data-report-parts]").forEach(pump); }

  document.addEventListener("htmx:load", pumpAll);
  document.addEventListener("htmx:afterSettle", pumpAll);
  // A part whose request failed outright (no answer, or an error status) counts as not delivered.
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var part = event.detail.elt;
      if (!part || !part.dataset || part.dataset.part !== "loading") return;
      part.dataset.part = "failed";
      var status = part.querySelector("[data-part-status]");
      if (status) status.textContent = "Not delivered: the dashboard did not answer.";
      pumpAll();
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
