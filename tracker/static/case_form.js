// Case form: only the chosen scheme's fields show (below), and the Candidate field
// searches the company's candidates as one types
// (Tom Select, vendored under static/vendor/), instead of listing thousands of them.
// The server renders only the chosen candidate; the field still posts candidate_id.
// An enhancement only: without JavaScript the select keeps that one option.
(function () {
  "use strict";

  function fetchCandidates(url, query, callback) {
    // Same origin, so the session cookie goes along; a signed-out session is
    // redirected to the sign-in page, whose HTML fails to parse: no options.
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (rows) { callback(rows); }, function () { callback(); });
  }

  function setUp(select) {
    const url = select.dataset.lookupUrl;
    const noResults = select.dataset.noResults || "";  // in the page's language
    return new window.TomSelect(select, {
      valueField: "id",
      labelField: "label",
      searchField: ["label"],
      // Best match first, then as the server ordered them (by name; newest for a blank search).
      sortField: [{ field: "$score" }, { field: "$order" }],
      preload: "focus",       // a blank search: the newest candidates
      loadThrottle: 250,
      maxOptions: 50,
      load: function (query, callback) { fetchCandidates(url, query, callback); },
      render: {
        no_results: function (data, escape) {
          return '<div class="no-results">' + escape(noResults) + "</div>";
        },
      },
    });
  }

  // Fields only some schemes use name them in data-schemes (tracker/cases/forms.py):
  // show those of the chosen scheme. Hidden fields keep what was typed; the server
  // ignores them on save, so switching schemes back and forth loses nothing.
  function showSchemeFields(scheme) {
    document.querySelectorAll("[data-schemes]").forEach(function (field) {
      const wrapper = field.closest(".mb-3") || field;
      const schemes = field.dataset.schemes.split(" ");
      wrapper.hidden = Boolean(scheme) && schemes.indexOf(scheme) === -1;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    const scheme = document.getElementById("scheme");
    if (scheme) {
      showSchemeFields(scheme.value);
      scheme.addEventListener("change", function () { showSchemeFields(scheme.value); });
    }
    if (!window.TomSelect) return;  // library missing: the plain select still works
    document.querySelectorAll("select[data-lookup-url]").forEach(setUp);
  });
}());
