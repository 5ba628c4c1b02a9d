// The offline queue the phone pages share (café harvest, check-in, PB voting): what the person
// sent is kept in localStorage and sent again, oldest first, until the server has answered.
//
//   var queue = window.OfflineQueue.create({
//     key: "cg-…",                        // the localStorage key
//     send: function (item) { … },        // a Promise: resolves with the server's answer once
//                                         // it has the item, rejects when it could not be reached
//     delivered: function (item, answer) { … },  // optional; return false to send no more now
//     failed: function (item, error) { … },       // optional; the item stays for the next try
//     changed: function (items) { … },            // optional; after every change to the queue
//     sameAs: function (a, b) { … },              // optional; which stored item a new one replaces
//     retryEvery: 10000                           // optional; ms between tries (0: only on "online")
//   });
//   queue.add({ id: …, … });   // store it (in the same item's place if kept already), then send
//   queue.start();             // send what an earlier visit left, now, when online, and every so often
//
// Each item carries an id made once, when it was first kept, and the server treats a second copy
// of the same id as the same request, so a replay (after a lost answer, or from a second tab) is
// harmless. Items are sent one at a time, in the order they were kept; the first that cannot be
// sent stops the round, so nothing overtakes it. An item leaves the queue only when answered.
(function () {
  "use strict";

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function sameId(a, b) { return a.id === b.id; }
  function nothing() {}

  function create(options) {
    var key = options.key;
    var sameAs = options.sameAs || sameId;
    var delivered = options.delivered || nothing;
    var failed = options.failed || nothing;
    var changed = options.changed || nothing;
    var sending = false;

    function items() {
      try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
    }
    function save(queue) {
      try { window.localStorage.setItem(key, JSON.stringify(queue)); } catch (e) { /* full or private */ }
      changed(queue);
    }
    function remove(item) {
      var queue = items();
      for (var i = 0; i < queue.length; i++) {
        if (queue[i].id === item.id) { queue.splice(i, 1); break; }
      }
      save(queue);
    }

    function flush() {
      if (sending) { return; }
      var queue = items();
      if (!queue.length) { return; }
      sending = true;
      var item = queue[0];
      Promise.resolve().then(function () { return options.send(item); }).then(function (answer) {
        sending = false;
        remove(item);
        if (delivered(item, answer) !== false) { flush(); }
      }, function (error) {
        sending = false;
        failed(item, error);
      });
    }

    // The same item kept again (a second tap, a second tab) takes the first one's place, so
    // it is sent once and does not jump the queue.
    function add(item) {
      var queue = items();
      var kept = false;
      for (var i = 0; i < queue.length; i++) {
        if (sameAs(queue[i], item)) {
          if (!kept) { queue[i] = item; kept = true; } else { queue.splice(i--, 1); }
        }
      }
      if (!kept) { queue.push(item); }
      save(queue);
      flush();
    }

    function start() {
      window.addEventListener("online", flush);
      if (options.retryEvery) { window.setInterval(flush, options.retryEvery); }
      changed(items());
      flush();
    }

    return { add: add, items: items, flush: flush, start: start };
  }

  window.OfflineQueue = { create: create, uuid: uuid };
})();
