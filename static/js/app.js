// Small behaviours shared by every page. Everything here is an enhancement: pages work without it.
(function () {
  "use strict";

  // On a phone the menu starts folded behind its one button; on a wide screen it is always open.
  var phone = window.matchMedia("(max-width: 760px)");
  document.querySelectorAll("[data-folds-on-phones]").forEach(function (menu) {
    if (phone.matches) menu.removeAttribute("open");
  });

  // A list's filters fold behind one "Filters" button the same way.
  document.querySelectorAll("form.filters").forEach(function (form) {
    var fold = document.createElement("details");
    fold.className = "filters-fold";
    fold.setAttribute("data-folds-on-phones", "");
    var summary = document.createElement("summary");
    summary.className = "button";
    summary.textContent = "Filters";
    form.before(fold);
    fold.append(summary, form);
    // Filters WebWork's data could not take (a shared link's bad date) stay in view, said why.
    var wrong = form.querySelectorAll(".has-error").length;
    if (wrong) summary.textContent = "Filters: " + wrong + " to fix";
    fold.open = !phone.matches || wrong > 0;
  });
  // Turning a tablet or widening a window unfolds them again: the wide layout has no button.
  phone.addEventListener("change", function () {
    if (phone.matches) return;
    document.querySelectorAll("[data-folds-on-phones]").forEach(function (fold) { fold.open = true; });
  });

  // A list shown as cards on a phone names each cell after its column, as data-label.
  function labelCells() {
    document.querySelectorAll("table.cards-table").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll(":scope > thead > tr > th"), function (th) {
        var name = th.cloneNode(true);
        name.querySelectorAll(".visually-hidden, .sort-scope, .sort-mark").forEach(function (n) { n.remove(); });
        return name.textContent.replace(/[▲▼]/g, "").trim();
      });
      table.querySelectorAll(":scope > tbody > tr").forEach(function (row) {
        if (row.cells.length !== heads.length) return;  // a row of another shape: a breakdown
        Array.prototype.forEach.call(row.cells, function (cell, n) {
          if (cell.tagName === "TD" && heads[n] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[n]);
        });
      });
    });
  }
  labelCells();
  document.addEventListener("htmx:afterSettle", labelCells);

  // Dismissable banners, also those that htmx adds later.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button) {
      var banner = button.closest(".banner");
      if (banner) banner.remove();
    }
  });

  // After htmx swaps a region in, move focus to it when asked, for keyboard and screen-reader users.
  document.addEventListener("htmx:afterSwap", function (event) {
    var focus = event.detail.target.querySelector("[data-autofocus]");
    if (focus) focus.focus();
  });

  // A link with data-opens="id" opens that dialog in place (without JS it is a page of its own);
  // data-closes inside a dialog closes it.
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

  // A dialog with data-closes-on="event" closes when that event comes (an invite went through:
  // the list behind it reloads itself on the same event).
  document.querySelectorAll("dialog[data-closes-on]").forEach(function (dialog) {
    document.addEventListener(dialog.getAttribute("data-closes-on"), function () {
      if (dialog.open) dialog.close();
    });
  });

  // Pages whose rows swap in place ask for this: after a swap, focus goes back to the control
  // marked data-autofocus, or to the first field in error of a form that came back.
  function refocusAfterSwaps() {
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
  }

  // A multiple choice in a disclosure says how many are ticked as they are ticked.
  document.addEventListener("change", function (event) {
    var box = event.target.closest(".multi-choice");
    var count = box && box.querySelector("[data-chosen-count]");
    if (!count) return;
    var ticked = box.querySelectorAll("input[type=checkbox]:checked").length;
    count.textContent = ticked ? ticked + " chosen" : count.getAttribute("data-all");
  });

  // After "Previous page" / "Next page", focus lands on the list that came in, not on <body>.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig || {};
    var link = config.elt;
    if (!link || !link.closest || !link.closest(".pager")) return;
    var id = config.target && config.target.id;
    var region = id && document.getElementById(id);
    if (!region) return;
    var first = region.querySelector("h2, caption, tbody tr, [data-row]") || region;
    if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "start" });
  });

  // Success notices go by themselves after a while (not while pointed at or focused); errors
  // stay until dismissed.
  var NOTICE_MS = 8000;
  function fadeNotices(root) {
    root.querySelectorAll(".banner-success:not([data-fading])").forEach(function (banner) {
      banner.setAttribute("data-fading", "");
      var timer = setTimeout(function () { banner.remove(); }, NOTICE_MS);
      function hold() { clearTimeout(timer); }
      function resume() { clearTimeout(timer); timer = setTimeout(function () { banner.remove(); }, NOTICE_MS); }
      banner.addEventListener("mouseenter", hold);
      banner.addEventListener("focusin", hold);
      banner.addEventListener("mouseleave", resume);
      banner.addEventListener("focusout", resume);
    });
  }
  fadeNotices(document);
  document.addEventListener("htmx:afterSettle", function () { fadeNotices(document); });

  // Upstream or network failures of htmx requests become a banner, never a silent nothing.
  document.addEventListener("htmx:sendError", function () {
    showBanner("The dashboard could not be reached", "Check your connection and try again.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    showBanner("That did not work", "The server answered " + event.detail.xhr.status + ". Nothing was changed.");
  });

  function showBanner(title, detail) {
    var region = document.getElementById("messages");
    if (!region) return;
    var banner = document.createElement("div");
    banner.className = "banner banner-error";
    banner.setAttribute("role", "alert");
    var body = document.createElement("div");
    var strong = document.createElement("strong");
    strong.textContent = title;
    var p = document.createElement("p");
    p.textContent = detail;
    body.append(strong, p);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "banner-close";
    close.setAttribute("data-dismiss", "");
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    banner.append(body, close);
    region.append(banner);
  }
  window.dashboard = { showBanner: showBanner, refocusAfterSwaps: refocusAfterSwaps };
})();
