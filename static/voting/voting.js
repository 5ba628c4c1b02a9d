// PB voting: keep a cast ballot on the phone until the server has it (poor Wi-Fi in the hall).
// Every page works without this file; with it, a ballot cast with no signal is stored in
// localStorage and re-sent (same code, same idempotency key, so never counted twice) until the
// server answers. Review works offline too: the choices are read back from the form.
(function () {
  "use strict";
  var status = document.getElementById("ballot-status");

  function say(key, text) {
    if (!status) { return; }
    status.textContent = text || status.getAttribute("data-msg-" + key) || "";
    status.hidden = false;
  }

  // The shared queue (static/js/offline-queue.js) keeps, orders and re-sends the ballots.
  var queue = window.OfflineQueue.create({
    key: "cg-pb-ballot-queue",  // the key of old: ballots kept before a deploy still go
    send: function (item) {     // resolves once the server answered; rejects to try again later
      say("sending");
      return fetch(item.url, {
        method: "POST",
        body: new URLSearchParams(item.body),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if (response.status >= 500) { throw new Error("server"); }
        return response.json().then(function (data) { return { status: response.status, data: data }; });
      });
    },
    delivered: function (item, answer) {  // the ballot has left the queue: one answer, then stop
      // replace, not assign: Back from the receipt skips the review page (a POST) and reaches the
      // ballot link, which now shows the receipt again.
      if (answer.data.ok) { window.location.replace(answer.data.receipt_url); return false; }
      if (answer.status === 429) { say("retry", answer.data.message); return false; }
      say("error", answer.data.message);
      if (status) { status.className = "alert alert-danger"; }
      return false;
    },
    failed: function () { say(navigator.onLine === false ? "offline" : "retry"); },
    changed: function (items) { lockWhileWaiting(items.length); },
    // One ballot per code and idempotency key: casting it again replaces the kept copy.
    sameAs: function (a, b) { return a.url === b.url && a.key === b.key; },
    retryEvery: 5000
  });

  // A ballot kept on the phone is already cast as far as the voter is concerned: changing the
  // choices then would go to a page that needs the network (and the kept ballot would still
  // count), so the buttons are disabled with the reason, and the page says how many wait.
  function lockWhileWaiting(count) {
    var waiting = document.getElementById("ballot-waiting");
    if (waiting) {
      waiting.hidden = count === 0;
      var number = waiting.querySelector("[data-count]");
      if (number) { number.textContent = count; }
    }
    document.querySelectorAll("#offline-change, #cast-form [name=change], #offline-cast, #cast-button").forEach(function (button) {
      button.disabled = count > 0;
      if (count > 0) { button.setAttribute("aria-describedby", "ballot-waiting-reason"); } else { button.removeAttribute("aria-describedby"); }
    });
  }

  function queueCast(url, form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "change" && name !== "review") { pairs.push([name, value]); }
    });
    queue.add({ id: window.OfflineQueue.uuid(), url: url, key: keyOf(pairs), body: pairs });
  }
  function keyOf(pairs) {
    for (var i = 0; i < pairs.length; i++) { if (pairs[i][0] === "idempotency_key") { return pairs[i][1]; } }
    return "";
  }

  // The server-rendered review page: cast through the queue.
  var castForm = document.getElementById("cast-form");
  if (castForm) {
    castForm.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "change") { return; }
      event.preventDefault();
      queueCast(castForm.getAttribute("action"), castForm);
    });
  }

  // The ballot page: if the server cannot be reached, review and cast on the phone.
  var ballotForm = document.getElementById("ballot-form");
  var offline = document.getElementById("offline-review");
  function offlineReview() {
    var list = document.getElementById("offline-review-list");
    list.textContent = "";
    var count = 0;
    ballotForm.querySelectorAll(".ballot-option").forEach(function (card) {
      var title = card.getAttribute("data-title");
      var ticked = card.querySelector("input[name=choice]:checked");
      var score = card.querySelector("input[type=radio]:checked:not([name=choice])");
      var points = card.querySelector("input.points-input");
      var text = null;
      if (ticked) { text = title; }
      else if (score) { text = title + ": " + score.value; }
      else if (points && points.value && points.value !== "0") { text = title + ": " + points.value; }
      if (text) { var li = document.createElement("li"); li.textContent = text; list.appendChild(li); count++; }
    });
    ballotForm.querySelectorAll("select").forEach(function (select) {
      if (select.value) {
        var li = document.createElement("li");
        li.textContent = select.options[select.selectedIndex].text;
        list.appendChild(li); count++;
      }
    });
    document.getElementById("offline-review-none").hidden = count > 0;
    ballotForm.hidden = true;
    offline.hidden = false;
    offline.focus();
  }
  if (ballotForm && offline) {
    ballotForm.addEventListener("submit", function (event) {
      if (ballotForm.getAttribute("data-checked") === "1") { return; }
      event.preventDefault();
      var controller = window.AbortController ? new AbortController() : null;
      var timer = window.setTimeout(function () { if (controller) { controller.abort(); } }, 4000);
      fetch(ballotForm.getAttribute("data-ping-url"), {
        headers: { "Accept": "application/json" }, cache: "no-store",
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        window.clearTimeout(timer);
        if (!response.ok) { throw new Error("server"); }
        ballotForm.setAttribute("data-checked", "1");
        ballotForm.requestSubmit ? ballotForm.requestSubmit() : ballotForm.submit();
      }).catch(function () { window.clearTimeout(timer); offlineReview(); });
    });
    document.getElementById("offline-change").addEventListener("click", function () {
      offline.hidden = true; ballotForm.hidden = false;
    });
    document.getElementById("offline-cast").addEventListener("click", function () {
      queueCast(ballotForm.getAttribute("data-cast-url"), ballotForm);
    });
  }

  queue.start();
})();
