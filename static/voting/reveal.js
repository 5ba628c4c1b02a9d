// The results reveal screen: one step at a time (the count of funded bids, each funded bid,
// then all of them with the money). Space, →, PageDown (a presenter's clicker) or Next go on;
// ←, PageUp or Back go back. Without JavaScript every step shows at once.
(function () {
  "use strict";
  // Before the results are confirmed: look again now and then, so the screen is ready when
  // the second coordinator confirms.
  var wait = document.querySelector("[data-reveal-wait]");
  if (wait) {
    window.setTimeout(function () { window.location.reload(); }, 1000 * Number(wait.getAttribute("data-reveal-wait")));
    return;
  }
  var steps = Array.prototype.slice.call(document.querySelectorAll("[data-step]"));
  var controls = document.querySelector("[data-reveal-controls]");
  if (!steps.length || !controls) { return; }
  var position = controls.querySelector("[data-reveal-position]");
  var current = 0;
  function show(index) {
    current = Math.max(0, Math.min(steps.length - 1, index));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    position.textContent = position.getAttribute("data-msg")
      .replace("%(n)s", current + 1).replace("%(total)s", steps.length);
    controls.querySelector("[data-reveal-back]").disabled = current === 0;
    controls.querySelector("[data-reveal-next]").disabled = current === steps.length - 1;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    // A focused button answers Space and Enter itself (a click): not twice.
    var onButton = (event.target.tagName || "").toLowerCase() === "button";
    if ((event.key === " " && !onButton) || event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      show(current + 1);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      show(current - 1);
    }
  });
  controls.querySelector("[data-reveal-next]").addEventListener("click", function () { show(current + 1); });
  controls.querySelector("[data-reveal-back]").addEventListener("click", function () { show(current - 1); });
  controls.hidden = false;
  document.body.classList.add("reveal-js");
  show(0);
})();
