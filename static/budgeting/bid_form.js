// Bid form enhancements. The form works fully without this file: the server checks everything
// again when each step is saved and when the bid is sent.
(function () {
  "use strict";
  var form = document.querySelector("form[data-bid-form]");
  if (!form) { return; }

  // 1. Eligibility as you type: ask the server (same rules as on submit) and say why, in words.
  var url = form.getAttribute("data-eligibility-url");
  var live = document.getElementById("eligibility-live");
  var watched = ["amount_requested_pence", "group_type", "group_constituted", "postcode",
    "group_name", "charity_number", "company_number", "works_with_children",
    "works_with_adults_at_risk", "dbs_checks", "has_safeguarding_policy"];
  var timer = null;

  function value(name) {
    var els = form.querySelectorAll("[name='" + name + "']");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if ((el.type === "radio" || el.type === "checkbox")) { if (el.checked) { return el.value; } }
      else { return el.value; }
    }
    return "";
  }

  function render(data) {
    live.textContent = "";
    if (data.eligible) {
      var ok = document.createElement("p");
      ok.className = "mb-0";
      ok.textContent = live.getAttribute("data-ok-text");
      live.appendChild(ok);
      live.classList.remove("alert-warning");
      live.classList.add("alert-success");
      return;
    }
    var list = document.createElement("ul");
    list.className = "mb-0";
    data.reasons.forEach(function (reason) {
      var item = document.createElement("li");
      item.textContent = reason.message;  // text, never HTML
      list.appendChild(item);
    });
    live.appendChild(list);
    live.classList.remove("alert-success");
    live.classList.add("alert-warning");
  }

  function check() {
    var params = new URLSearchParams();
    var any = false;
    watched.forEach(function (name) {
      var v = value(name);
      if (v) { params.append(name, v); any = true; }
    });
    if (!any) { return; }
    params.append("bid", form.getAttribute("data-bid-id"));
    fetch(url + "?" + params.toString(), { headers: { "Accept": "application/json" },
      credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { live.hidden = false; render(data); } })
      .catch(function () { /* offline: the server checks again on save */ });
  }

  if (url && live) {
    form.addEventListener("input", function (event) {
      if (watched.indexOf(event.target.name) === -1) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 400);
    });
    form.addEventListener("change", function (event) {
      if (watched.indexOf(event.target.name) !== -1) { check(); }
    });
  }

  // 2. A copy of what is typed, kept in this browser, so a lost connection or an expired
  // sign-in never loses an answer. Only empty fields are refilled from it.
  var key = "cg-bid-" + form.getAttribute("data-bid-id") + "-" + form.getAttribute("data-step");
  var WEEK = 7 * 24 * 3600 * 1000;
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "file" &&
        el.type !== "submit" && el.type !== "hidden" && el.type !== "radio" &&
        el.type !== "checkbox";
    });
  }
  function save() {
    var copy = { at: Date.now(), values: {} };
    fields().forEach(function (el) { copy.values[el.name] = el.value; });
    try { window.localStorage.setItem(key, JSON.stringify(copy)); } catch (e) { /* full */ }
  }
  try {
    var stored = JSON.parse(window.localStorage.getItem(key) || "null");
    if (stored && Date.now() - stored.at < WEEK) {
      var restored = false;
      fields().forEach(function (el) {
        var old = stored.values[el.name];
        if (!el.value && old) { el.value = old; restored = true; }
      });
      var note = document.getElementById("restored-note");
      if (restored && note) { note.hidden = false; }
    }
  } catch (e) { /* storage unavailable */ }
  form.addEventListener("input", save);
})();
