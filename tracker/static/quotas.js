// Allotment form: "Valid until" follows the allotment date (+ the configured months, or
// + the validity in force on that date after "N months (rule in force)") until the user
// types a date of their own; "Add position" adds an empty row in place, its job title
// focused, instead of a round trip. The server does the same from the hidden fields and
// the button, so this is an enhancement only: the form works without it. Loaded as a
// file (CSP).
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

  const ROW_PREFIX = /positions-\d+-/g;

  function emptyRow(last, index, number, label) {
    // A copy of the last row as a new, blank one: its fields renamed to row *index*
    // (FieldList reads any indices in order), no values, errors or "in use" badge.
    const row = last.cloneNode(true);
    row.id = "position-" + number;
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
        const value = el.getAttribute(attribute);
        if (value) el.setAttribute(attribute, value.replace(ROW_PREFIX, "positions-" + index + "-"));
      });
    });
    row.querySelectorAll("input:not([type=submit]), textarea").forEach(function (el) { el.value = ""; });
    row.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
    row.querySelectorAll(".invalid-feedback, .badge").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    row.querySelectorAll("[autofocus]").forEach(function (el) { el.removeAttribute("autofocus"); });
    const legend = row.querySelector("[data-position-number]");
    if (legend) legend.textContent = label.replace("{number}", String(number));
    return row;
  }

  function setUpAddPosition() {
    const form = document.getElementById("allotment-form");
    const add = form && form.querySelector("[name=add_position]");
    if (!add || !form.dataset.positionLabel) return;
    add.addEventListener("click", function (event) {
      const rows = form.querySelectorAll("fieldset[data-position]");
      if (!rows.length) return;  // nothing to copy: let the server add it
      event.preventDefault();
      let index = 0;
      form.querySelectorAll("[name^=positions-]").forEach(function (el) {
        const found = /^positions-(\d+)-/.exec(el.name);
        if (found) index = Math.max(index, Number(found[1]) + 1);
      });
      const last = rows[rows.length - 1];
      const row = emptyRow(last, index, rows.length + 1, form.dataset.positionLabel);
      last.after(row);
      // The next press (or the round trip without this script) aims at the row after it.
      add.setAttribute("formaction", (add.getAttribute("formaction") || "").replace(
        /#position-\d+$/, "#position-" + (rows.length + 2)));
      const title = row.querySelector("[name$=-job_title]");
      if (title) {
        title.focus();
        row.scrollIntoView({block: "nearest"});
      }
    });
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("DOMContentLoaded", setUpAddPosition);
}());
