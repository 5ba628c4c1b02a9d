// The host's harvest form on a slow or absent connection. A note is first put in a queue in
// localStorage, then sent; it leaves the queue only when the server has it. Each note carries
// the id made for it when the form was shown (client_id), so sending it twice (a retry after a
// timeout, two tabs replaying) stores it once. Without JavaScript the form posts normally.
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-form]");
  if (!form || !window.localStorage || !window.fetch) { return; }
  var key = form.getAttribute("data-queue-key");
  var statusEl = form.querySelector("[data-queue-status]");
  var list = document.querySelector("[data-notes-list]");
  var sending = false;
  var texts = {
    waiting: form.getAttribute("data-text-waiting") || "Kept on this phone, waiting to send: ",
    sent: form.getAttribute("data-text-sent") || "All notes sent.",
    pending: form.getAttribute("data-text-pending") || "waiting to send",
    refused: form.getAttribute("data-text-refused") || "Not saved: "
  };

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function store(queue) { window.localStorage.setItem(key, JSON.stringify(queue)); }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = form.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showStatus(extra) {
    var waiting = load().length;
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

  function flush() {
    if (sending) { return; }
    var queue = load();
    if (!queue.length) { return; }
    sending = true;
    var item = queue[0];
    send(item).then(function (body) {
      store(load().filter(function (i) { return i.id !== item.id; }));
      sending = false;
      if (body.ok) {
        render(item, body.note);
        if (!load().length) { showStatus(texts.sent); return; }
      } else {
        var li = listItem(item.id);
        if (li) { li.remove(); }
        var text = form.querySelector("[name=text]");
        if (!text.value) { text.value = item.fields.text; }
        showStatus(texts.refused + (body.errors || []).join(" "));
        return;
      }
      flush();
    }).catch(function () {
      sending = false;
      showStatus();
    });
  }

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
    var queue = load().filter(function (i) { return i.id !== item.id; });
    queue.push(item);
    store(queue);
    render(item, null);
    // A fresh form, with a fresh id, for the next note.
    ["text", "themes", "attribution"].forEach(function (name) { form.querySelector("[name=" + name + "]").value = ""; });
    form.querySelector("[name=attribution_consent]").checked = false;
    form.querySelector("[name=client_id]").value = uuid();
    showStatus();
    flush();
    form.querySelector("[name=text]").focus();
  });

  // Notes left from an earlier visit (phone locked, page closed while offline) are shown
  // and sent as soon as possible.
  load().forEach(function (item) { render(item, null); });
  window.addEventListener("online", flush);
  window.setInterval(flush, 10000);
  flush();
})();
