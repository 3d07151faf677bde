// Allotment form: keep "Valid until" at allotment date + N months while the user
// has not typed a date of their own (the server does the same when it is blank).
// An enhancement only: the form works without it. Loaded as a file (CSP).
(function () {
  "use strict";

  function addMonths(isoDate, months) {
    // Same as dateutil's relativedelta: 31 Jan + 1 month = 28/29 Feb.
    const [y, m, d] = isoDate.split("-").map(Number);
    const target = new Date(Date.UTC(y, m - 1 + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0));
    target.setUTCDate(Math.min(d, lastDay.getUTCDate()));
    return target.toISOString().slice(0, 10);
  }

  function setUp() {
    const form = document.getElementById("allotment-form");
    if (!form) return;
    const months = Number(form.dataset.validityMonths);
    const start = form.querySelector("#allotment_date");
    const end = form.querySelector("#valid_until");
    if (!start || !end || !months) return;
    // A date that differs from the computed one was chosen by someone: leave it.
    let ownDate = Boolean(end.value) && Boolean(start.value) &&
      end.value !== addMonths(start.value, months);
    end.addEventListener("input", function () { ownDate = Boolean(end.value); });
    start.addEventListener("change", function () {
      if (!ownDate && /^\d{4}-\d{2}-\d{2}$/.test(start.value)) {
        end.value = addMonths(start.value, months);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
}());
