// Refresh the live attendance figures every 10 seconds.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-url]");
  if (!box) { return; }
  var url = box.getAttribute("data-live-url");
  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (figures) {
        box.querySelectorAll("[data-figure]").forEach(function (el) {
          var name = el.getAttribute("data-figure");
          if (name in figures) { el.textContent = figures[name]; }
        });
      })
      .catch(function () { /* try again next time */ })
      .finally(function () { window.setTimeout(refresh, 10000); });
  }
  window.setTimeout(refresh, 10000);
})();
