// caremap's administration pages: the map that sets a listing's position (click or drag the
// marker; the latitude and longitude fields follow, and typing in them moves the marker), and a
// confirmation before destructive buttons (forms with data-confirm). The pages work without it:
// the fields can be typed in and every form posts normally.
(function () {
  "use strict";

  // さくら野市 (the sample municipality) when a listing has no position yet.
  var FALLBACK = [36.1, 140.1];

  function number(input) {
    var v = parseFloat(String(input.value).trim());
    return isFinite(v) ? v : null;
  }

  function positionMap(el) {
    var form = el.closest("form");
    var lat = form && form.querySelector("input[name=lat]");
    var lng = form && form.querySelector("input[name=lng]");
    if (!lat || !lng || typeof window.L === "undefined") return;
    var start = number(lat) !== null && number(lng) !== null ? [number(lat), number(lng)] : null;
    var map = L.map(el, { scrollWheelZoom: false }).setView(start || FALLBACK, start ? 16 : 12);
    var url = el.getAttribute("data-tile-url");
    if (url) {
      L.tileLayer(url, { attribution: el.getAttribute("data-tile-attribution") || "", maxZoom: 18 }).addTo(map);
    }
    var marker = null;
    function place(latlng, pan) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: "事業所の位置" }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) map.panTo(latlng);
    }
    function write(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (start) place(start, false);
    map.on("click", function (e) {
      place(e.latlng, false);
      write(e.latlng);
    });
    function typed() {
      var a = number(lat), b = number(lng);
      if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) place([a, b], true);
    }
    lat.addEventListener("input", typed);
    lng.addEventListener("input", typed);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-position-map]"), positionMap);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-confirm]"), function (f) {
      f.addEventListener("submit", function (e) {
        if (!window.confirm(f.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
