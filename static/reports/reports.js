// Impact reports: while a report is being made, ask for its status every few seconds and
// reload the page once it is ready (or has failed), so the download link or reason appears.
(function () {
  "use strict";
  var waiting = document.querySelectorAll('.report-status[data-status="pending"], .report-status[data-status="running"]');
  if (!waiting.length) { return; }
  var tries = 0;
  function check() {
    tries += 1;
    var pending = Array.prototype.map.call(waiting, function (el) {
      return fetch(el.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return false; }
          el.textContent = data.label;
          el.setAttribute("data-status", data.status);
          return data.status === "ready" || data.status === "failed";
        })
        .catch(function () { return false; });
    });
    Promise.all(pending).then(function (done) {
      if (done.some(Boolean)) { window.location.reload(); return; }
      if (tries < 200) { window.setTimeout(check, 3000); }
    });
  }
  window.setTimeout(check, 2000);
})();
