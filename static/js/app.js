// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Forms marked data-autosubmit submit when a select changes (filters), keeping a button for
  // people without JavaScript.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit(); });
  });
  // Buttons with data-confirm ask before submitting destructive actions.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (event) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
