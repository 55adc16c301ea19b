// Members and offboarding: the invite dialog, focus after rows or steps are swapped, and a
// rejection's reason shown only when Reject is chosen (it follows the choice, so Tab reaches it). Everything here is an enhancement.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-opens]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-opens"));
      if (dialog && typeof dialog.showModal === "function") {
        event.preventDefault();
        dialog.showModal();
        var first = dialog.querySelector("input:not([type=hidden])");
        if (first) first.focus();
      }
      return;
    }
    var closer = event.target.closest("[data-closes]");
    if (closer && closer.closest("dialog")) closer.closest("dialog").close();
  });

  // A member was invited from the dialog: close it (the list reloads itself on the same event).
  document.addEventListener("members-changed", function () {
    var dialog = document.getElementById("invite-dialog");
    if (dialog && dialog.open) dialog.close();
  });

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

  // After a swap, focus goes back to the control that was used, or to the new step's heading;
  // a form that came back with errors puts it on the first field in error.
  document.addEventListener("htmx:afterSettle", function (event) {
    showReasons(document);
    var again = document.querySelector("[data-autofocus]");
    if (again) {
      again.removeAttribute("data-autofocus");
      again.focus();
      return;
    }
    var form = event.target.closest ? event.target.closest("form") : null;
    var invalid = form && form.querySelector(".has-error input, .has-error select");
    if (invalid) invalid.focus();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showReasons(document); });
  } else {
    showReasons(document);
  }
})();
