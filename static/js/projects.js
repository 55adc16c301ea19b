// Projects and tasks: focus after a row is swapped in place, or on the first field in error.
// Everything here is an enhancement: the pages work without it.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var again = document.querySelector("[data-autofocus]");
    if (again) {
      again.removeAttribute("data-autofocus");
      again.focus();
      return;
    }
    var form = event.target.closest ? event.target.closest("form") : null;
    var invalid = form && form.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (invalid) invalid.focus();
  });
})();
