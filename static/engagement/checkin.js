// Check-in without page reloads: post the form in the background, show the answer, clear the
// box for the next code. Without JavaScript the same forms post and redirect.
(function () {
  "use strict";
  var result = document.getElementById("checkin-result");
  if (!result) { return; }

  function show(ok, text) {
    result.textContent = text;
    result.className = "checkin-result alert " + (ok ? "alert-success" : "alert-danger");
  }

  function updateFigures(figures) {
    if (!figures) { return; }
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var name = el.getAttribute("data-figure");
      if (name in figures) { el.textContent = figures[name]; }
    });
  }

  function submit(form) {
    var data = new FormData(form);
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    return fetch(form.action || window.location.href, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (body) {
      show(body.ok, body.message);
      updateFigures(body.figures);
      if (!body.ok) { return; }
      if (form.querySelector("input:not([type=hidden])")) {
        form.reset();
      } else if (button) {
        button.textContent = "✔";
        button.setAttribute("aria-label", body.message);
      }
    }).catch(function () {
      // Offline or the server failed: fall back to a normal post so nothing is lost.
      form.submit();
    }).finally(function () {
      if (button) { button.disabled = false; }
      var code = document.getElementById("id_code");
      if (code) { code.focus(); }
    });
  }

  document.querySelectorAll("form[data-checkin-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      submit(form);
    });
  });

  // QR scanning where the browser has the BarcodeDetector (Chrome on Android); otherwise
  // volunteers type the code or use the phone's camera app.
  var scanButton = document.querySelector("[data-scan]");
  if (!scanButton || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  scanButton.hidden = false;
  var scanner = document.querySelector("[data-scanner]");
  var video = document.querySelector("[data-scanner-video]");
  var stream = null;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var codeForm = document.querySelector("form[data-checkin-form] [name=code]").form;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    scanner.hidden = true;
  }

  function tick() {
    if (!stream) { return; }
    detector.detect(video).then(function (codes) {
      if (codes.length) {
        codeForm.querySelector("[name=code]").value = codes[0].rawValue;
        submit(codeForm).then(function () { window.setTimeout(tick, 1200); });
      } else {
        window.requestAnimationFrame(tick);
      }
    }).catch(function () { window.requestAnimationFrame(tick); });
  }

  scanButton.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      scanner.hidden = false;
      video.play();
      tick();
    }).catch(function () { show(false, scanButton.textContent + ": ✖"); });
  });
  document.querySelector("[data-scan-stop]").addEventListener("click", stop);
})();
