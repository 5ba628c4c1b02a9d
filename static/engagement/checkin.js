// Check-in without page reloads: post the form in the background, show the answer, clear the
// box for the next code. Without JavaScript the same forms post and redirect.
//
// The code box is never blocked: on a slow hall connection a check-in can take seconds, and the
// next person is already at the door. Each code is taken from the box at once (the box clears),
// listed as "sending…" and then as the server's answer, with an Undo. Codes go in parallel; the
// server checks a booking in once however often it is asked.
//
// No signal in the hall: a check-in by code or by name (forms marked data-checkin-queue) is kept
// on the phone by the offline queue (js/offline-queue.js) and sent, in order, when the
// connection is back (checking someone in twice is harmless: the server answers "already
// checked in"). Walk-ins are not queued: they would be added twice if a reply was lost, so they
// fall back to a normal post.
(function () {
  "use strict";
  var result = document.getElementById("checkin-result");
  if (!result) { return; }
  var pending = document.querySelector("[data-checkin-pending]");

  function showPending(queue) {
    if (!pending) { return; }
    pending.hidden = queue.length === 0;
    var count = pending.querySelector("[data-count]");
    if (count) { count.textContent = queue.length; }
  }

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

  function post(action, data) {
    return fetch(action, {
      method: "POST",
      body: data,
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      // Any answer from the server counts as delivered; only no answer at all is "offline".
      return response.json().catch(function () {
        return { ok: false, message: result.getAttribute("data-error-message") + " (" + response.status + ")" };
      });
    });
  }

  function submit(form) {
    var data = new FormData(form);
    var action = form.action || window.location.href;
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    return post(action, data).then(function (body) {
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
      if (!form.hasAttribute("data-checkin-queue") || !queue) {
        form.submit();  // offline or the server failed: a normal post, so nothing is lost
        return;
      }
      queue.add({ id: window.OfflineQueue.uuid(), action: action, fields: Array.from(data.entries()) });
      show(true, result.getAttribute("data-offline-message"));
      if (form.querySelector("input:not([type=hidden])")) { form.reset(); }
    }).finally(function () {
      if (button) { button.disabled = false; }
      var code = document.getElementById("id_code");
      if (code) { code.focus(); }
    });
  }

  var log = document.querySelector("[data-checkin-log]");

  function logEntry(code) {
    var li = document.createElement("li");
    li.className = "checkin-entry";
    var label = document.createElement("strong");
    label.textContent = code;
    var state = document.createElement("span");
    state.className = "checkin-state ms-2";
    state.setAttribute("data-state", "sending");
    state.textContent = log.getAttribute("data-sending");
    li.appendChild(label);
    li.appendChild(state);
    log.insertBefore(li, log.firstChild);
    return li;
  }

  function undoButton(li, url, token) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary ms-2";
    button.textContent = log.getAttribute("data-undo");
    button.addEventListener("click", function () {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      button.disabled = true;
      post(url, data).then(function (body) {
        li.querySelector(".checkin-state").textContent = body.message || log.getAttribute("data-undone");
        li.querySelector(".checkin-state").setAttribute("data-state", "undone");
        updateFigures(body.figures);
        button.remove();
      }).catch(function () { button.disabled = false; });
    });
    li.appendChild(button);
  }

  function settle(li, body, token) {
    var state = li.querySelector(".checkin-state");
    state.textContent = body.message;
    state.setAttribute("data-state", body.ok ? (body.newly ? "checked-in" : "already") : "error");
    li.classList.add(body.ok ? "text-success" : "text-danger");
    if (body.ok && body.undo) { undoButton(li, body.undo, token); }
  }

  function submitCode(form) {
    var input = form.querySelector("[name=code]");
    var code = input.value.trim();
    if (!code) { input.focus(); return Promise.resolve(); }
    var data = new FormData(form);  // read before the box is cleared
    var token = data.get("csrfmiddlewaretoken");
    var action = form.action || window.location.href;
    input.value = "";
    input.focus();
    var li = logEntry(code);
    return post(action, data).then(function (body) {
      settle(li, body, token);
      show(body.ok, body.message);
      updateFigures(body.figures);
    }).catch(function () {
      var state = li.querySelector(".checkin-state");
      state.setAttribute("data-state", "kept");
      state.textContent = log.getAttribute("data-kept");
      if (!queue) { return; }
      queue.add({ id: window.OfflineQueue.uuid(), action: action, fields: Array.from(data.entries()) });
      show(true, result.getAttribute("data-offline-message"));
    });
  }

  document.querySelectorAll("form[data-checkin-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (log && form.hasAttribute("data-checkin-code")) { submitCode(form); } else { submit(form); }
    });
  });

  // Send what was kept while offline, oldest first; stop at the first that still cannot go.
  // Any answer counts as delivered, whatever it says.
  function sendKept(item) {
    var data = new FormData();
    item.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    return post(item.action, data);
  }
  var queue = window.OfflineQueue && window.localStorage ? window.OfflineQueue.create({
    key: "cg-checkin-queue:" + window.location.pathname,
    send: sendKept,
    delivered: function (item, body) {
      show(body.ok, body.message);
      updateFigures(body.figures);
    },
    changed: showPending,
    retryEvery: 15000
  }) : null;
  if (queue) { queue.start(); }

  // The shared camera scanner (js/qr-scanner.js): each code read goes through the same queue.
  if (window.QRScanner) {
    var codeForm = document.querySelector("form[data-checkin-code]");
    window.QRScanner.attach(document, function (code) {
      codeForm.querySelector("[name=code]").value = code;
      submitCode(codeForm);
    });
  }
})();
