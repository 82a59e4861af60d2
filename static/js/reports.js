// Council reports: poll the JSON status endpoint and update each pending report's row,
// until none is pending. No inline scripts (CSP); text stays the source of truth.
(function () {
  "use strict";
  var root = document.getElementById("rapportages");
  if (!root) return;
  var url = root.getAttribute("data-status-url");
  var pending = (root.getAttribute("data-poll-ids") || "").split(",").filter(Boolean);
  var announcer = root.querySelector("[data-report-announcer]");
  var INTERVAL_MS = 2000;
  var MARKS = { wachtrij: "… ", bezig: "⟳ ", gereed: "✓ ", mislukt: "✗ " };

  function toggle(element, show) {
    if (element) element.classList.toggle("d-none", !show);
  }

  function update(report) {
    var row = root.querySelector('tr[data-report-id="' + report.id + '"]');
    if (!row) return;
    var state = row.querySelector("[data-report-state]");
    if (state) {
      var mark = document.createElement("span");
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = MARKS[report.state] || "";
      state.className = "report-state report-state-" + report.state;
      state.replaceChildren(mark, document.createTextNode(report.state_label));
    }
    var progress = row.querySelector("[data-report-progress]");
    if (progress) {
      progress.setAttribute("aria-valuenow", String(report.progress));
      var bar = progress.querySelector(".progress-bar");
      if (bar) bar.className = "progress-bar progress-bar-striped progress-bar-animated report-progress-" + report.progress;
      toggle(progress, report.pending);
    }
    var failure = row.querySelector("[data-report-failure]");
    if (failure) {
      failure.textContent = report.failure_reason || "";
      toggle(failure, report.state === "mislukt");
    }
    if (report.version) {
      var version = row.querySelector("[data-report-version]");
      if (version) version.textContent = String(report.version);
    }
    toggle(row.querySelector("[data-report-download]"), report.state === "gereed");
    toggle(row.querySelector("[data-report-retry]"), report.state === "mislukt");
    if (!report.pending && announcer) {
      var council = row.querySelector("td a");
      announcer.textContent = (council ? council.textContent + ": " : "") + report.state_label;
    }
  }

  function poll() {
    if (!pending.length) return;
    fetch(url + "?ids=" + pending.join(","), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (payload) {
        payload.reports.forEach(update);
        pending = payload.reports
          .filter(function (r) { return r.pending; })
          .map(function (r) { return String(r.id); });
      })
      .catch(function () { /* try again at the next tick */ })
      .finally(function () {
        if (pending.length) window.setTimeout(poll, INTERVAL_MS);
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();

// The request form: show only the period fields that belong to the chosen kind of period.
(function () {
  "use strict";
  var form = document.querySelector("form[data-report-request]");
  if (!form) return;
  var FIELDS = {
    kwartaal: ["year", "quarter"],
    halfjaar: ["year", "half"],
    jaar: ["year"],
    vrij: ["start", "end"],
  };
  var ALL = ["year", "quarter", "half", "start", "end"];

  function apply() {
    var chosen = form.querySelector('input[name="period_kind"]:checked');
    var visible = FIELDS[chosen ? chosen.value : ""] || ALL;
    ALL.forEach(function (name) {
      var wrapper = document.getElementById("div_id_" + name);
      if (wrapper) wrapper.hidden = visible.indexOf(name) === -1;
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "period_kind") apply();
  });
  apply();
})();
