// Stage-move form: show only the facts of the chosen stage (the form works without this).
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector(".move-form select[name='to_stage']");
  if (!select) { return; }
  function sync() {
    document.querySelectorAll(".move-form .move-facts").forEach(function (set) {
      set.hidden = set.dataset.stage !== select.value;
    });
  }
  select.addEventListener("change", sync);
  sync();
});
