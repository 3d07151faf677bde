// The questionnaire's sections (templates/portal/questionnaire_section.html): each change
// is saved at once by the form's own POST, asking for JSON, so an answer is not lost if
// the candidate leaves. The form's CSRF token travels in its body. Without this script
// the Save button does the same; the server checks every answer either way.
(function () {
  "use strict";

  var timers = new WeakMap();

  function say(form, text, ok) {
    var status = form.querySelector(".autosave-status");
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("text-danger", !ok);
    status.classList.toggle("text-body-secondary", ok);
  }

  // Mark the fields the server refused, and clear the marks of those it now accepts.
  function mark(form, errors) {
    form.querySelectorAll(".invalid-feedback").forEach(function (old) { old.remove(); });
    form.querySelectorAll(".is-invalid").forEach(function (old) {
      old.classList.remove("is-invalid");
    });
    Object.keys(errors).forEach(function (id) {
      var input = document.getElementById(id);
      if (!input) { return; }
      input.classList.add("is-invalid");
      var note = document.createElement("div");
      note.className = "invalid-feedback autosave-error";
      note.textContent = errors[id].join(" ");
      input.insertAdjacentElement("afterend", note);
    });
  }

  function save(form) {
    say(form, form.dataset.saving, true);
    fetch(form.action || window.location.href, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-Requested-With": "fetch", "Accept": "application/json"}
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      mark(form, answer.errors || {});
      say(form, answer.message, answer.ok);
    }).catch(function () {
      say(form, form.dataset.failed, false);
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData) { return; }
    window.clearTimeout(timers.get(form));
    timers.set(form, window.setTimeout(function () { save(form); }, 250));
  });
}());
