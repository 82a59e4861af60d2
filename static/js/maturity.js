// Saves a self-assessment draft as the respondent answers, so nothing is lost between clicks.
// Without JavaScript the "Concept opslaan" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var pending = null;
  var inflight = null;

  function save() {
    var data = new FormData(form);
    data.append("concept", "1");
    inflight = fetch(form.action || window.location.href, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (result.ok) {
          version.value = result.body.version;
          status.textContent = result.body.message;
          status.classList.remove("text-danger");
        } else {
          status.textContent = (result.body.errors || []).join(" ");
          status.classList.add("text-danger");
        }
      })
      .catch(function () {
        status.textContent = form.dataset.autosaveError;
        status.classList.add("text-danger");
      })
      .then(function () {
        inflight = null;
      });
  }

  // A button press waits for a running autosave, so it sends the version that save produced.
  form.addEventListener("submit", function (event) {
    window.clearTimeout(pending);
    if (inflight) {
      event.preventDefault();
      var submitter = event.submitter;
      inflight.then(function () {
        form.requestSubmit(submitter);
      });
    }
  });

  form.addEventListener("change", function (event) {
    if (event.target.type !== "radio") {
      return;
    }
    window.clearTimeout(pending);
    pending = window.setTimeout(save, 400);
  });
})();
