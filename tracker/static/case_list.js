// The case list: fold the filters on a phone, and "select all" for the bulk bar.
// Without this script the filters stay open and each case is ticked on its own.
document.addEventListener("DOMContentLoaded", function () {
  var filters = document.querySelector("details.case-filters");
  if (filters && window.matchMedia("(max-width: 767.98px)").matches) {
    filters.open = false;
  }
  var all = document.getElementById("select-all");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.case-select"));
  var count = document.getElementById("selected-count");
  if (!all || !boxes.length) { return; }
  function sync() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
    if (count) { count.textContent = ticked ? "(" + ticked + ")" : ""; }
  }
  all.hidden = false;
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
    sync();
  });
  boxes.forEach(function (box) { box.addEventListener("change", sync); });
  sync();
});
