// Projector pages: F (or the button) toggles full screen; the browser's Esc leaves it.
(function () {
  "use strict";
  function toggle() {
    if (document.fullscreenElement) { document.exitFullscreen(); return; }
    if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select") { return; }
    if ((event.key === "f" || event.key === "F") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      toggle();
    }
  });
  document.querySelectorAll("[data-fullscreen]").forEach(function (button) {
    button.addEventListener("click", toggle);
  });
})();
