// A review page by keyboard: a approve, r reject (opens the reason), u reopen, b back.
// Every control is also a real button, link or form; this only saves reaching for them.
(function () {
  "use strict";

  function inField(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable]");
  }

  function click(selector) {
    var element = document.querySelector(selector);
    if (element) element.click();
    return Boolean(element);
  }

  function reject() {
    var details = document.querySelector("[data-review-decisions] [data-key-reject]");
    if (!details) return false;
    details.open = true;
    var input = details.querySelector("input[name=reason]");
    if (input) input.focus();
    return true;
  }

  var KEYS = {
    a: function () { return click("[data-review-decisions] [data-key-approve]"); },
    r: reject,
    u: function () { return click("[data-review-decisions] form[action$='/unsubmit/'] button"); },
    b: function () { return click("[data-key-back]"); },
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (inField(event.target)) {
      if (event.key === "Escape") {
        var details = event.target.closest("details");
        if (details) { details.open = false; details.querySelector("summary").focus(); }
      }
      return;
    }
    var action = KEYS[event.key];
    if (action && action()) event.preventDefault();
  });
})();

// A day's entries replace its disclosure once read: keep the focus on that day.
document.addEventListener("htmx:afterSwap", function (event) {
  var day = event.detail.target;
  if (day && day.matches && day.matches(".review-day")) {
    var again = document.getElementById(day.id);
    var summary = again && again.querySelector("summary");
    if (summary) summary.focus();
  }
});
