// PB voting: keep a cast ballot on the phone until the server has it (poor Wi-Fi in the hall).
// Every page works without this file; with it, a ballot cast with no signal is stored in
// localStorage and re-sent (same code, same idempotency key, so never counted twice) until the
// server answers. Review works offline too: the choices are read back from the form.
(function () {
  "use strict";
  var QUEUE = "cg-pb-ballot-queue";
  var status = document.getElementById("ballot-status");
  var busy = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    try { window.localStorage.setItem(QUEUE, JSON.stringify(queue)); } catch (e) { /* full or private */ }
  }
  function say(key, text) {
    if (!status) { return; }
    status.textContent = text || status.getAttribute("data-msg-" + key) || "";
    status.hidden = false;
  }
  function retryLater() { window.setTimeout(flush, 5000); }

  function flush() {
    if (busy) { return; }
    var queue = load();
    if (!queue.length) { return; }
    busy = true;
    var item = queue[0];
    say("sending");
    fetch(item.url, {
      method: "POST",
      body: new URLSearchParams(item.body),
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status >= 500) { throw new Error("server"); }
      return response.json().then(function (data) {
        busy = false;
        var rest = load().filter(function (other) { return other.id !== item.id; });
        save(rest);
        if (data.ok) { window.location.assign(data.receipt_url); return; }
        if (response.status === 429) { say("retry", data.message); return; }
        say("error", data.message);
        if (status) { status.className = "alert alert-danger"; }
      });
    }).catch(function () {
      busy = false;
      say(navigator.onLine === false ? "offline" : "retry");
      retryLater();
    });
  }

  function queueCast(url, form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "change" && name !== "review") { pairs.push([name, value]); }
    });
    var id = String(Date.now()) + Math.random();
    var queue = load().filter(function (other) { return other.url !== url || other.key !== keyOf(pairs); });
    queue.push({ id: id, url: url, key: keyOf(pairs), body: pairs });
    save(queue);
    flush();
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

  window.addEventListener("online", flush);
  flush();
})();
