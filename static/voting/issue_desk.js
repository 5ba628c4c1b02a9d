// The issue desk: a card's QR code read by the camera fills in the code (decoded on the phone,
// js/qr-scanner.js); the volunteer still ticks the declaration and hands the card over.
(function () {
  "use strict";
  var code = document.querySelector("[name=code]");
  if (!code || !window.QRScanner) { return; }
  window.QRScanner.attach(document, function (text) {
    code.value = text;
    var declared = document.querySelector("[name=eligible]");
    (declared || code).focus();
  });
})();
