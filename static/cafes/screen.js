// The projected facilitator screen: a countdown to the end of the round with a chime, and a
// quiet check every few seconds so the screen follows when the coordinator starts the next
// round from another device. Without JavaScript the page still shows everything but the clock.
(function () {
  "use strict";
  var screen = document.querySelector("[data-cafe-screen]");
  if (!screen) { return; }
  var timer = screen.querySelector("[data-timer]");
  var timeUp = screen.querySelector("[data-time-up]");
  var endsAt = screen.getAttribute("data-ends-at");
  // The server's clock decides; correct for a projector laptop whose clock is off.
  var offset = Date.parse(screen.getAttribute("data-now")) - Date.now();
  var audio = null;
  var chimed = false;

  function chime() {
    if (!audio) { return; }
    var start = audio.currentTime;
    [880, 660, 990].forEach(function (frequency, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = frequency;
      var at = start + i * 0.45;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.35, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 1.3);
    });
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    if (!timer || !endsAt) { return; }
    var left = Math.max(0, Math.round((Date.parse(endsAt) - (Date.now() + offset)) / 1000));
    timer.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    timer.classList.toggle("is-low", left <= 60);
    if (left === 0 && !chimed) {
      chimed = true;
      if (timeUp) { timeUp.hidden = false; }
      chime();
    }
  }

  var toggle = document.querySelector("[data-sound-toggle]");
  if (toggle) {
    var onLabel = toggle.textContent;
    toggle.addEventListener("click", function () {
      // Browsers only allow sound after a click, so the chime is switched on by hand.
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) { return; }
      if (!audio) { audio = new Context(); }
      var on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
      if (on) { audio.resume(); chime(); } else { audio.suspend(); }
      toggle.textContent = on ? "🔔 " + onLabel : onLabel;
    });
  }

  function poll() {
    fetch(screen.getAttribute("data-state-url"), {
      headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (body) {
      if (body && body.state !== screen.getAttribute("data-state")) { window.location.reload(); }
    }).catch(function () { /* offline for a moment: try again next time */ });
  }

  // A very long question or seating list: shrink them step by step until nothing scrolls,
  // down to a size still readable from the middle of the room.
  var fitted = Array.prototype.slice.call(document.querySelectorAll("[data-fit]"));
  function fits() {
    var page = document.scrollingElement;
    return page.scrollHeight <= window.innerHeight && page.scrollWidth <= window.innerWidth;
  }
  function fit() {
    fitted.forEach(function (el) { el.style.fontSize = ""; });
    for (var i = 0; i < 40 && !fits(); i += 1) {
      var shrunk = false;
      fitted.forEach(function (el) {
        var size = parseFloat(window.getComputedStyle(el).fontSize);
        if (size > 15) { el.style.fontSize = Math.max(15, size * 0.93) + "px"; shrunk = true; }
      });
      if (!shrunk) { break; }
    }
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(fit, 100);
  });
  fit();

  tick();
  window.setInterval(tick, 250);
  window.setInterval(poll, 5000);
})();
