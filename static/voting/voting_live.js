// The hall screen: refresh turnout and time left every few seconds. Never shows any totals:
// the JSON it reads has none (see budgeting.selectors.votes.vote_live).
(function () {
  "use strict";
  var screen = document.querySelector("[data-live-url]");
  if (!screen) { return; }
  var url = screen.getAttribute("data-live-url");
  var seconds = null;
  function text(id, value) { var el = document.getElementById(id); if (el) { el.textContent = value; } }
  function showTime() {
    if (seconds === null) { text("live-time", "–"); return; }
    var m = Math.floor(seconds / 60), s = seconds % 60;
    text("live-time", screen.getAttribute("data-msg-minutes").replace("%(m)s", m).replace("%(s)s", s));
  }
  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        text("live-state", screen.getAttribute("data-msg-" + data.state));
        text("live-ballots", data.ballots);
        text("live-cards", data.cards_handed_out);
        text("live-paper", data.paper_keyed);
        var closed = data.state === "closed";
        ["live-join", "live-how"].forEach(function (id) { var el = document.getElementById(id); if (el) { el.hidden = closed; } });
        var note = document.getElementById("live-closed-note");
        if (note) { note.hidden = !closed; }
        text("live-attendance", data.attendance);
        text("live-turnout", data.turnout_percent === null ? "–" : data.turnout_percent + "%");
        seconds = data.seconds_left;
        showTime();
        var link = document.getElementById("live-results-link");
        // The reveal screen says "being checked" until the results are confirmed.
        if (link) { link.hidden = !closed; }
      })
      .catch(function () { /* keep the last figures; try again next time */ });
  }
  window.setInterval(function () { if (seconds !== null && seconds > 0) { seconds -= 1; showTime(); } }, 1000);
  window.setInterval(refresh, 5000);
  refresh();
})();
