// Client viewers and project assignments: the invite dialog, the project checklist's search, and
// focus after rows or cells are swapped. Everything here is an enhancement: the pages work without it.
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

  // A viewer was invited from the dialog: close it (the table reloads itself on the same event).
  document.addEventListener("viewers-changed", function () {
    var dialog = document.getElementById("invite-dialog");
    if (dialog && dialog.open) dialog.close();
  });

  // Swapped rows, cells and checklist items bring focus back to the control that was used;
  // a form that came back with errors puts it on the first field in error.
  document.addEventListener("htmx:afterSettle", function (event) {
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
    }
    // Each tick is saved as it happens, so the "save everything" button is for pages without JS.
    document.querySelectorAll("[data-without-js]").forEach(function (button) {
      button.hidden = true;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();
