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
    // Nothing chosen yet (a required choice is never pre-selected): no period fields yet.
    var visible = chosen ? FIELDS[chosen.value] || ALL : [];
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
