// Client viewers and project assignments: the project checklist's search and focus after rows or
// cells are swapped (the invite dialog is app.js's). Everything here is an enhancement.
(function () {
  "use strict";

  // Swapped rows, cells and checklist items bring focus back to the control that was used.
  window.dashboard.refocusAfterSwaps();

  function filterChecklist(input) {
    var words = input.value.trim().toLowerCase();
    var shown = 0;
    document.querySelectorAll("#checklist .checklist-item").forEach(function (item) {
      var match = !words || (item.getAttribute("data-name") || "").indexOf(words) !== -1;
      item.hidden = !match;
      if (match) shown += 1;
    });
    var none = document.querySelector("[data-checklist-none]");
    if (none) none.hidden = shown !== 0;
  }

  function enhance() {
    var search = document.querySelector("[data-checklist-search]");
    if (search) {
      search.hidden = false;
      var input = search.querySelector("input");
      input.addEventListener("input", function () { filterChecklist(input); });
      // A checklist item swapped in after a tick follows the search as it is now.
      document.addEventListener("htmx:afterSettle", function () { filterChecklist(input); });
    }
    // Each tick is saved as it happens, so the "save everything" button is for pages without JS.
    document.querySelectorAll("[data-without-js]").forEach(function (button) {
      button.hidden = true;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
