// The camera QR scanner the door uses (event check-in and the PB issue desk). Decoding happens
// on the phone: with the browser's BarcodeDetector where there is one (Chrome on Android),
// otherwise with jsQR (static/vendor/jsqr, fetched once when scanning starts and then cached),
// so no network is needed to read each code.
//
//   window.QRScanner.attach(root, function (text) { … });
//
// ``root`` holds [data-scan] (the start button, hidden until scanning is possible),
// [data-scanner] (the panel), [data-scanner-video] and [data-scan-stop]. The callback gets the
// decoded text; the same code is not reported twice within a few seconds.
(function () {
  "use strict";

  function codeFrom(text) {
    // Cards carry a link …/?code=XXXX; booking QR codes carry the code itself.
    try {
      var url = new URL(text);
      return url.searchParams.get("code") || text;
    } catch (e) { return text; }
  }

  function attach(root, found) {
    var button = root.querySelector("[data-scan]");
    if (!button || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return null; }
    var panel = root.querySelector("[data-scanner]");
    var video = root.querySelector("[data-scanner-video]");
    var detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    var canvas = document.createElement("canvas");

    function loadJsQR() {
      if (detector || window.jsQR) { return Promise.resolve(); }
      return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = button.getAttribute("data-jsqr-src");
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    function detect() {
      if (detector) {
        return detector.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : null; });
      }
      var w = video.videoWidth, h = video.videoHeight;
      if (!w || !h) { return Promise.resolve(null); }
      canvas.width = w; canvas.height = h;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, w, h);
      var found = window.jsQR(context.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : null);
    }
    var stream = null;
    var last = "", lastAt = 0;
    button.hidden = false;

    function stop() {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
      stream = null;
      panel.hidden = true;
    }
    function tick() {
      if (!stream) { return; }
      detect().then(function (text) {
        var now = Date.now();
        if (text) {
          var code = codeFrom(text);
          if (code !== last || now - lastAt > 4000) {
            last = code; lastAt = now;
            found(code);
          }
          window.setTimeout(tick, 600);
        } else {
          window.requestAnimationFrame(tick);
        }
      }).catch(function () { window.requestAnimationFrame(tick); });
    }
    button.addEventListener("click", function () {
      loadJsQR().then(function () {
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      }).then(function (s) {
        stream = s;
        video.srcObject = s;
        panel.hidden = false;
        video.play();
        tick();
      }).catch(function () { button.textContent = button.textContent.replace(/ ✖$/, "") + " ✖"; });
    });
    var stopButton = root.querySelector("[data-scan-stop]");
    if (stopButton) { stopButton.addEventListener("click", stop); }
    return { stop: stop, codeFrom: codeFrom };
  }

  window.QRScanner = { attach: attach, codeFrom: codeFrom };
})();
