// Refresh the live attendance figures every 10 seconds; when someone has arrived, reload the
// page so the arrivals and the "still expected" list follow.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-live-url");
  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (figures) {
        var shown = box.querySelector("[data-figure=present]");
        if (shown && String(figures.present) !== shown.textContent) {
          window.location.reload();
          return;
        }
        box.querySelectorAll("[data-figure]").forEach(function (el) {
          var name = el.getAttribute("data-figure");
          if (name in figures) { el.textContent = figures[name]; }
        });
        var warning = document.querySelector("[data-over-capacity]");
        if (warning) { warning.classList.toggle("d-none", !figures.over_capacity); }
      })
      .catch(function () { /* try again next time */ })
      .finally(function () { window.setTimeout(refresh, 10000); });
  }
  window.setTimeout(refresh, 10000);
})();
