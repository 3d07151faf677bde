// The error summary at the top of a page (templates/_form_macros.html): focus moves
// to it when the page opens, so a screen reader reads every error at once; each item
// moves the focus to its field, opening the folded section that holds it.
(function () {
  "use strict";

  function fieldOf(id) {
    // A select enhanced by Tom Select (the case form's Candidate) is hidden behind its
    // search box, which takes the focus instead.
    return document.getElementById(id + "-ts-control") || document.getElementById(id);
  }

  function openSections(field) {
    for (let node = field.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  function goTo(event) {
    const field = fieldOf(event.currentTarget.dataset.field);
    if (!field) return;  // the plain anchor still scrolls
    event.preventDefault();
    openSections(field);
    const label = document.querySelector('label[for="' + field.id + '"]');
    (label || field).scrollIntoView({ block: "center" });
    field.focus({ preventScroll: true });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.querySelectorAll("a[data-field]").forEach(function (link) {
      link.addEventListener("click", goTo);
    });
    summary.focus();
  });
}());
