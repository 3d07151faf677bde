// Case page and documents page (templates/documents/_checklist.html): an upload in place,
// and a folded item opened when a link or the address points into it. Without this
// script every form still works: the server answers each post by coming back to the item.
(function () {
  "use strict";

  // Show the element the address's #anchor names (a post comes back to its item there),
  // opening the <details> that folds it away.
  function openTarget(hash) {
    if (!hash || hash.length < 2) { return; }
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) { return; }
    var folded = target.closest("details");
    if (folded) { folded.open = true; }
    target.scrollIntoView({block: "start"});
  }

  function say(row, text, ok) {
    var message = row.querySelector(".doc-message");
    if (!message) { return; }
    message.textContent = text;
    message.classList.toggle("text-success", ok);
    message.classList.toggle("text-danger", !ok);
  }

  // Send one item's upload with fetch (the form's CSRF token travels in its body) and
  // replace the item's row with the server's; the page stays where it is.
  function upload(event) {
    var form = event.target.closest("form.doc-upload");
    if (!form || !window.fetch || !window.FormData) { return; }
    event.preventDefault();
    var row = form.closest(".doc-item");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-Requested-With": "fetch", "Accept": "application/json"}
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.ok) {
        var holder = document.createElement("ul");
        holder.innerHTML = answer.row;
        var fresh = holder.firstElementChild;
        row.replaceWith(fresh);
        say(fresh, answer.message, true);
        var counts = document.getElementById("documents-counts");
        if (counts && answer.counts) { counts.textContent = answer.counts; }
      } else {
        say(row, answer.message, false);
        button.disabled = false;
      }
    }).catch(function () {
      form.submit();  // the ordinary post: the server comes back to the item
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.addEventListener("submit", upload);
    openTarget(window.location.hash);
    window.addEventListener("hashchange", function () { openTarget(window.location.hash); });
  });
})();
