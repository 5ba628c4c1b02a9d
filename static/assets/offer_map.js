// The offer map: Leaflet from django-leaflet's static files, tiles from settings.MAP_TILE_URL.
// Progressive: without JavaScript the page is the list; nothing here is needed to use it.
(function () {
  "use strict";
  var el = document.getElementById("offer-map");
  if (!el || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById(el.dataset.pointsId).textContent);
  var config = JSON.parse(document.getElementById(el.dataset.configId).textContent);
  el.classList.add("is-ready");
  var map = L.map(el, { scrollWheelZoom: false }).setView([53.1, -0.2], 9);
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.attribution }).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    var kind = document.createElement("div");
    kind.textContent = p.kind + (p.approximate ? " · ≈" : "");
    popup.appendChild(link);
    popup.appendChild(kind);
    L.circleMarker([p.lat, p.lon], {
      radius: p.approximate ? 9 : 7,
      color: "#15305b",
      weight: 2,
      fillColor: p.approximate ? "#ffbf47" : "#1d4f91",
      fillOpacity: 0.8
    }).bindPopup(popup).addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
})();
