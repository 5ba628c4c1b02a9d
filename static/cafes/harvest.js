// The host's harvest form on a slow or absent connection. A note is first put in the offline
// queue (js/offline-queue.js), then sent; it leaves the queue only when the server has it. Each
// note carries the id made for it when the form was shown (client_id), so sending it twice (a
// retry after a timeout, two tabs replaying) stores it once. Without JavaScript the form posts
// normally.
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-form]");
  if (!form || !window.localStorage || !window.fetch || !window.OfflineQueue) { return; }
  var statusEl = form.querySelector("[data-queue-status]");
  var list = document.querySelector("[data-notes-list]");
  var texts = {
    waiting: form.getAttribute("data-text-waiting") || "Kept on this phone, waiting to send: ",
    sent: form.getAttribute("data-text-sent") || "All notes sent.",
    pending: form.getAttribute("data-text-pending") || "waiting to send",
    refused: form.getAttribute("data-text-refused") || "Not saved: "
  };

  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = form.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showStatus(extra) {
    var waiting = queue.items().length;
    statusEl.classList.toggle("is-waiting", waiting > 0);
    statusEl.textContent = extra || (waiting ? texts.waiting + waiting : "");
  }

  function listItem(id) {
    return list.querySelector('[data-client-id="' + id + '"]');
  }

  function render(item, note) {
    var empty = list.querySelector("[data-notes-empty]");
    if (empty) { empty.remove(); }
    var li = listItem(item.id);
    if (!li) {
      li = document.createElement("li");
      li.className = "list-group-item";
      li.setAttribute("data-client-id", item.id);
      list.insertBefore(li, list.firstChild);
    }
    li.textContent = "";
    var meta = document.createElement("span");
    meta.className = "small text-muted";
    meta.textContent = note ? note.kind : texts.pending;
    li.appendChild(meta);
    li.appendChild(document.createElement("br"));
    li.appendChild(document.createTextNode(note ? note.text : item.fields.text));
    li.classList.toggle("note-pending", !note);
  }

  function send(item) {
    return fetch(item.url, {
      method: "POST",
      body: new URLSearchParams(item.fields),
      headers: { "Accept": "application/json", "X-CSRFToken": csrf() },
      credentials: "same-origin"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) { throw new Error("not saved yet"); }
      if (response.ok || response.status === 400) { return response.json(); }
      throw new Error("status " + response.status);
    });
  }

  // The server has answered: saved (show it as saved) or refused (give the text back to fix,
  // and send no more until the host has seen why).
  function delivered(item, body) {
    if (body.ok) {
      render(item, body.note);
      if (!queue.items().length) { showStatus(texts.sent); }
      return true;
    }
    var li = listItem(item.id);
    if (li) { li.remove(); }
    var text = form.querySelector("[name=text]");
    if (!text.value) { text.value = item.fields.text; }
    showStatus(texts.refused + (body.errors || []).join(" "));
    return false;
  }

  var queue = window.OfflineQueue.create({
    key: form.getAttribute("data-queue-key"),
    send: send,
    delivered: delivered,
    failed: function () { showStatus(); },
    retryEvery: 10000
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") { fields[name] = value; }
    });
    if (!fields.text || !fields.text.trim()) {
      showStatus(texts.refused + (form.getAttribute("data-text-empty") || ""));
      form.querySelector("[name=text]").focus();
      return;
    }
    var item = { id: fields.client_id, url: form.action, fields: fields };
    render(item, null);
    // A fresh form, with a fresh id, for the next note.
    ["text", "themes", "attribution"].forEach(function (name) { form.querySelector("[name=" + name + "]").value = ""; });
    form.querySelector("[name=attribution_consent]").checked = false;
    form.querySelector("[name=client_id]").value = window.OfflineQueue.uuid();
    queue.add(item);
    showStatus();
    form.querySelector("[name=text]").focus();
  });

  // Notes left from an earlier visit (phone locked, page closed while offline) are shown
  // and sent as soon as possible.
  queue.items().forEach(function (item) { render(item, null); });
  queue.start();
})();
