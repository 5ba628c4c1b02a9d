// The offer map: Leaflet from django-leaflet's static files, tiles from settings.MAP_TILE_URL.
// Progressive: without JavaScript the page is the list; nothing here is needed to use it.
// Each entry of the points list is one position with every offer there (assets/mapping.py):
// a single offer is a dot, several are one numbered marker whose popup lists them all.
(function () {
  "use strict";
  var el = document.getElementById("offer-map");
  if (!el || typeof L === "undefined") { return; }
  var points = JSON.parse(document.getElementById(el.dataset.pointsId).textContent);
  var config = JSON.parse(document.getElementById(el.dataset.configId).textContent);
  el.classList.add("is-ready");
  document.querySelectorAll(".map-needs-js").forEach(function (note) { note.hidden = true; });
  var map = L.map(el, { scrollWheelZoom: false }).setView([53.1, -0.2], 9);
  if (config.tiles) {
    L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.attribution }).addTo(map);
  }

  function offerLine(offer) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = offer.url;
    link.textContent = offer.title;
    item.appendChild(link);
    item.appendChild(document.createTextNode(" · " + offer.kind + (offer.approximate ? " · ≈" : "")));
    return item;
  }

  function popupFor(point) {
    var box = document.createElement("div");
    box.className = "offer-map-popup";
    if (point.count > 1) {
      var heading = document.createElement("p");
      heading.className = "offer-map-popup-heading";
      heading.textContent = point.label;
      box.appendChild(heading);
    }
    var list = document.createElement("ul");
    point.offers.forEach(function (offer) { list.appendChild(offerLine(offer)); });
    box.appendChild(list);
    return box;
  }

  function markerFor(point) {
    if (point.count === 1) {
      return L.circleMarker([point.lat, point.lon], {
        radius: point.approximate ? 9 : 7,
        color: "#15305b",
        weight: 2,
        fillColor: point.approximate ? "#ffbf47" : "#1d4f91",
        fillOpacity: 0.8
      });
    }
    var size = point.count < 10 ? 32 : point.count < 100 ? 38 : 44;
    var count = document.createElement("span");
    count.className = "offer-cluster-count";
    count.setAttribute("aria-hidden", "true");
    count.textContent = String(point.count);
    return L.marker([point.lat, point.lon], {
      title: point.label,
      keyboard: true,
      icon: L.divIcon({
        className: "offer-cluster" + (point.approximate ? " is-approximate" : ""),
        html: count.outerHTML,
        iconSize: [size, size]
      })
    });
  }

  var bounds = [];
  points.forEach(function (point) {
    // On a 320 px phone a 320 px popup would run off the map: keep it inside, with room to pan.
    var width = Math.max(160, Math.min(320, el.clientWidth - 64));
    var marker = markerFor(point).bindPopup(popupFor(point), {
      maxWidth: width,
      minWidth: Math.min(200, width),
      autoPanPadding: [16, 16]
    }).addTo(map);
    if (point.count > 1 && marker.getElement()) {
      // The marker is a button (Leaflet's keyboard option); its name is the count in words.
      marker.getElement().setAttribute("aria-label", point.label);
    }
    bounds.push([point.lat, point.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
})();
