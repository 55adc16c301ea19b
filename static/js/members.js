// Members and offboarding: focus after rows or steps are swapped, and a rejection's reason shown
// only when Reject is chosen (it follows the choice, so Tab reaches it). Everything here is an
// enhancement; the invite dialog is app.js's.
(function () {
  "use strict";

  function showReasons(root) {
    root.querySelectorAll(".waiting-item").forEach(function (item) {
      var chosen = item.querySelector("[data-decision] input:checked");
      var reason = item.querySelector("[data-reason]");
      if (!reason) return;
      var rejecting = chosen && chosen.value === "reject";
      reason.hidden = !rejecting && !item.classList.contains("has-error");
    });
  }

  document.addEventListener("change", function (event) {
    var item = event.target.closest(".waiting-item");
    if (!item || !event.target.closest("[data-decision]")) return;
    showReasons(item.parentNode);
  });

  // Reasons first: the field in error that focus goes back to may be a reason just shown.
  document.addEventListener("htmx:afterSettle", function () { showReasons(document); });
  window.dashboard.refocusAfterSwaps();

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showReasons(document); });
  } else {
    showReasons(document);
  }
})();
