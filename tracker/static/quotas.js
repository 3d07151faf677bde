// Allotment form: "Valid until" follows the allotment date (+ the configured months, or
// + the validity in force on that date after "N months (rule in force)") until the user
// types a date of their own. The server does the same from the hidden fields, so this is
// an enhancement only: the form works without it. Loaded as a file (CSP).
(function () {
  "use strict";

  const ISO = /^\d{4}-\d{2}-\d{2}$/;

  function addMonths(isoDate, months) {
    // Same as dateutil's relativedelta: 31 Jan + 1 month = 28/29 Feb.
    const [y, m, d] = isoDate.split("-").map(Number);
    const target = new Date(Date.UTC(y, m - 1 + months, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0));
    target.setUTCDate(Math.min(d, lastDay.getUTCDate()));
    return target.toISOString().slice(0, 10);
  }

  function ruleMonths(rules, isoDate) {
    // The version in force: the latest that started on or before the date, else the first
    // (rules/versions.in_force_or_first). ISO dates compare as strings.
    let months = rules[0][1];
    rules.forEach(function (rule) { if (rule[0] <= isoDate) months = rule[1]; });
    return months;
  }

  function setUp() {
    const form = document.getElementById("allotment-form");
    if (!form) return;
    const configured = Number(form.dataset.validityMonths);
    const rules = JSON.parse(form.dataset.validityRules || "[]");
    const start = form.querySelector("#allotment_date");
    const end = form.querySelector("#valid_until");
    const basis = form.querySelector("#validity_basis");
    const prefilled = form.querySelector("#valid_until_prefilled");
    const group = form.querySelector("#validity-choice");
    if (!start || !end || !basis || !prefilled || !group || !configured || !rules.length) return;
    const buttons = group.querySelectorAll("button[name=validity_choice]");
    const ruleButton = group.querySelector("#validity-rule");

    function show() {
      // Offer the rule while it differs from the configured months; mark the basis.
      const ok = ISO.test(start.value);
      const months = ok ? ruleMonths(rules, start.value) : configured;
      group.hidden = !ok || months === configured;
      // The page's label, in the reader's language, with "{months}" to fill in.
      ruleButton.textContent = ruleButton.dataset.label.replace("{months}", String(months));
      buttons.forEach(function (button) {
        const on = button.value === basis.value;
        button.classList.toggle("active", on);
        button.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }

    function follow() {
      // Unless typed, "Valid until" is the allotment date + the basis's months.
      if (basis.value !== "typed" && ISO.test(start.value)) {
        const months = basis.value === "rule" ? ruleMonths(rules, start.value) : configured;
        end.value = addMonths(start.value, months);
        prefilled.value = end.value;
      }
      show();
    }

    end.addEventListener("input", function () { basis.value = "typed"; show(); });
    start.addEventListener("change", follow);
    buttons.forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();  // no round trip: set the date here
        basis.value = button.value;
        follow();
      });
    });
    show();
  }

  document.addEventListener("DOMContentLoaded", setUp);
}());
