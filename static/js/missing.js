// The chase list: how many members are ticked, and ticking everyone on the page at once.
// An enhancement only: the checkboxes and buttons work without it.
(function () {
  "use strict";

  function boxes(form) {
    return Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=member]"));
  }

  function update(form) {
    var ticked = boxes(form).filter(function (box) { return box.checked; }).length;
    form.querySelectorAll("[data-selected-count]").forEach(function (count) { count.textContent = String(ticked); });
    var all = form.querySelector("[data-select-all]");
    if (all) {
      all.hidden = false;
      all.textContent = ticked && ticked === boxes(form).length ? "Select nobody" : "Select everyone on this page";
    }
  }

  function setUp() {
    var form = document.getElementById("chase-form");
    if (form) update(form);
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest && event.target.closest("#chase-form");
    if (form) update(form);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-select-all]");
    if (!button) return;
    var form = button.closest("form");
    var list = boxes(form);
    var everyone = list.every(function (box) { return box.checked; });
    list.forEach(function (box) { box.checked = !everyone; });
    update(form);
  });

  setUp();
  document.addEventListener("htmx:afterSettle", setUp);
})();
