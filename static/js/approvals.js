// Approvals: review by keyboard (j/k/a/r/x/o/Enter/?), daily breakdowns, bulk selection, job progress.
// Everything here is an enhancement: every control is also a real button, link or form.
(function () {
  "use strict";

  var current = null;
  var pendingRowId = null;
  var lastJobStatus = null;

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-keyboard-list] [data-row]"));
  }

  function announce(text, id) {
    var region = document.getElementById(id || "key-announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 40);
  }

  function describe(row) {
    var list = rows();
    var name = row.getAttribute("data-name") || "";
    var state = row.hasAttribute("data-decided") ? ", decided" : "";
    return "Item " + (list.indexOf(row) + 1) + " of " + list.length + ": " + name + state;
  }

  function setCurrent(row, focus) {
    if (current && current !== row) current.classList.remove("is-current");
    current = row;
    if (!row) return;
    row.classList.add("is-current");
    if (focus) {
      row.focus();
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    var list = rows();
    if (!list.length) return;
    var index = current ? list.indexOf(current) : -1;
    if (index === -1) index = step > 0 ? -1 : list.length;
    var next = list[Math.max(0, Math.min(list.length - 1, index + step))];
    setCurrent(next, true);
    announce(describe(next));
  }

  function toggleHelp() {
    var help = document.getElementById("keys-help");
    if (help) help.open = !help.open;
  }

  function approve() {
    var button = current && current.querySelector("[data-key-approve]");
    if (button) button.click();
    else announce("This item waits for no decision.");
  }

  function reject() {
    var details = current && current.querySelector("[data-key-reject]");
    if (!details) { announce("This item waits for no decision."); return; }
    details.open = true;
    var input = details.querySelector("input[name=reason]");
    if (input) input.focus();
  }

  function select() {
    var box = current && current.querySelector("[data-key-select]");
    if (!box || box.disabled) { announce("This item cannot be selected."); return; }
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    announce(box.checked ? "Selected" : "Not selected");
  }

  // Opening a review remembers the row, the rows' order and the scroll position, so coming back
  // (the review's back link or a decision there) lands on that row, or the next one still there.
  var RETURN_KEY = "approvals:return";

  function remember(row) {
    try {
      window.sessionStorage.setItem(RETURN_KEY, JSON.stringify({
        path: window.location.pathname, row: row.id, y: window.scrollY,
        order: rows().map(function (r) { return r.id; }),
      }));
    } catch (error) { /* storage off: the fragment still brings the row into view */ }
  }

  function openReview(row) {
    var link = row && row.querySelector("[data-review-link]");
    if (!link) { announce("This item has no review page."); return; }
    remember(row);
    window.location.assign(link.href);
  }

  function returnToRow() {
    var wanted = new URLSearchParams(window.location.search).get("row");
    if (!wanted || !rows().length) return;
    var saved = null;
    try { saved = JSON.parse(window.sessionStorage.getItem(RETURN_KEY) || "null"); } catch (error) { saved = null; }
    if (saved && (saved.row !== wanted || saved.path !== window.location.pathname)) saved = null;
    var row = document.getElementById(wanted);
    if (saved) {
      // The browser scrolls to the row's fragment too, possibly later: the saved place wins.
      window.scrollTo(0, saved.y);
      window.addEventListener("load", function () { window.scrollTo(0, saved.y); }, { once: true });
    }
    if (row && row.matches("[data-row]")) {
      setCurrent(row, false);
      row.focus({ preventScroll: Boolean(saved) });
      return;
    }
    var order = saved ? saved.order : [];
    var after = order.slice(order.indexOf(wanted) + 1).map(function (id) { return document.getElementById(id); });
    var next = after.filter(function (r) { return r && !r.hasAttribute("data-decided"); })[0] || rows()[0];
    setCurrent(next, true);
    announce("Next: " + describe(next));
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-review-link]");
    var row = link && link.closest("[data-row]");
    if (row) remember(row);
  });

  var KEYS = {
    j: function () { move(1); }, k: function () { move(-1); }, a: approve, r: reject, x: select,
    o: function () { openReview(current); },
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      var row = target.closest("[data-row]");
      if (event.key === "Escape" && row) {
        var details = target.closest("details");
        if (details) details.open = false;
        setCurrent(row, true);
      }
      return;
    }
    if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (event.key === " " && target.matches && target.matches("a[role=button]")) {
      target.click(); event.preventDefault(); return;
    }
    if (event.key === "Enter" && target.matches && target.matches("[data-keyboard-list] [data-row]")) {
      openReview(target); event.preventDefault(); return;
    }
    var action = KEYS[event.key];
    if (!action || !document.querySelector("[data-keyboard-list]")) return;
    if (event.key !== "j" && event.key !== "k" && !current) { move(1); }
    action();
    event.preventDefault();
  });

  document.addEventListener("focusin", function (event) {
    var row = event.target.closest && event.target.closest("[data-keyboard-list] [data-row]");
    if (row) setCurrent(row, false);
  });

  // Daily breakdowns: shown without JavaScript; folded behind a "Days" button with it.
  document.addEventListener("click", function (event) {
    if (!event.target.closest("[data-select-page]")) return;
    var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-key-select]:not(:disabled)"));
    var all = boxes.every(function (box) { return box.checked; });
    boxes.forEach(function (box) { box.checked = !all; });
    updateSelectedCount();
    announce((all ? "Cleared " : "Selected ") + boxes.length + " rows");
  });

  function initRows(root) {
    root.querySelectorAll("[data-select-page]").forEach(function (button) { button.hidden = false; });
    root.querySelectorAll("[data-expand]").forEach(function (button) {
      button.hidden = false;
      var target = expanded(button);
      if (target) target.hidden = button.getAttribute("aria-expanded") !== "true";
    });
    updateSelectedCount();
  }

  // A sheet's "Days" link asks for its breakdown once (htmx); after that it only folds it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-expand]");
    if (!button) return;
    event.preventDefault();
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    var target = expanded(button);
    if (target) target.hidden = !open;
  });

  // What a "Days" control shows: named by aria-controls once it is in the page (data-days before).
  function expanded(button) {
    var id = button.getAttribute("aria-controls") || button.getAttribute("data-days");
    var target = id && document.getElementById(id);
    if (target) button.setAttribute("aria-controls", id);
    return target;
  }

  function updateSelectedCount() {
    var count = document.querySelectorAll("[data-key-select]:checked").length;
    document.querySelectorAll("[data-selected-count]").forEach(function (el) {
      el.textContent = String(count);
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-key-select]")) {
      updateSelectedCount();
      var bar = document.getElementById("bulk-form");
      var empty = bar && bar.querySelector("[data-bulk-empty]");
      if (empty) empty.hidden = true;
    }
  });

  // A decision on the selected items with none selected says so here, rather than on a page of its own.
  document.addEventListener("submit", function (event) {
    var bar = event.target;
    if (!bar.matches || !bar.matches("#bulk-form")) return;
    var scope = bar.querySelector("input[name=scope]:checked") || bar.querySelector("input[name=scope]");
    if (!scope || scope.value !== "selected") return;
    if (document.querySelectorAll("[data-key-select]:checked").length > 0) return;
    var empty = bar.querySelector("[data-bulk-empty]");
    if (!empty) return;
    event.preventDefault();
    empty.hidden = false;
    var first = document.querySelector("[data-key-select]");
    if (first) first.focus();
  });

  // After a decision, focus stays on the item, or (in the inbox) moves on to the next waiting one.
  // After "more", it goes to the first of the rows it brought.
  var moreFrom = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var row = elt.closest && elt.closest("[data-row]");
    pendingRowId = row ? row.id : null;
    if (elt.matches && elt.matches("[data-more]")) moreFrom = rows().length;
  });

  function landOnMore() {
    var list = rows();
    var first = list[moreFrom];
    var brought = list.length - moreFrom;
    moreFrom = null;
    if (!first) return;
    setCurrent(first, true);
    announce(brought + " more items. " + describe(first));
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    initRows(document);
    keepJobFocus(event);
    if (moreFrom !== null) { landOnMore(); return; }
    if (!pendingRowId) return;
    var row = document.getElementById(pendingRowId);
    pendingRowId = null;
    if (!row) return;
    var list = rows();
    var error = row.querySelector("[role=alert]");
    if (error) {
      var input = row.querySelector("[aria-invalid=true]");
      setCurrent(row, !input);
      if (input) input.focus();
      announce(error.textContent);
      return;
    }
    var notice = row.querySelector(".row-notice");
    var next = row;
    if (row.hasAttribute("data-decided")) {
      countDown(row.getAttribute("data-kind"));
      if (row.closest("table.inbox")) {
        next = list.slice(list.indexOf(row) + 1).concat(list).filter(function (r) {
          return !r.hasAttribute("data-decided");
        })[0] || row;
      }
    }
    setCurrent(next, true);
    announce((notice ? notice.textContent + ". " : "") + (next !== row ? "Next: " + describe(next) : ""));
  });

  function countDown(kind) {
    var count = document.querySelector("[data-count='" + kind + "']");
    if (count && Number(count.textContent) > 0) count.textContent = String(Number(count.textContent) - 1);
  }

  // The job page polls its progress: keep the focused control, announce only changes of state.
  var focusedId = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    focusedId = active && active.id && active.closest("#progress") ? active.id : null;
  });

  function keepJobFocus() {
    var progress = document.getElementById("progress");
    if (!progress) return;
    if (focusedId) {
      var again = document.getElementById(focusedId);
      if (again) again.focus();
      focusedId = null;
    }
    var status = progress.getAttribute("data-job-status");
    if (status && status !== lastJobStatus) {
      if (lastJobStatus !== null) announce(status, "job-announcer");
      lastJobStatus = status;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    initRows(document);
    keepJobFocus();
    returnToRow();
  });
})();
