// caremap's administration pages: the map that sets a listing's position (click or drag the
// marker; the latitude and longitude fields follow, and typing in them moves the marker), and a
// confirmation before destructive buttons (forms with data-confirm). The pages work without it:
// the fields can be typed in and every form posts normally.
(function () {
  "use strict";

  // さくら野市 (the sample municipality) when a listing has no position yet.
  var FALLBACK = [36.1, 140.1];
  // The page's language (the server writes it in <html lang>).
  var EN = document.documentElement.lang === "en";
  function t(ja, en) { return EN ? en : ja; }

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
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: t("事業所の位置", "Position of the facility") }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      if (pan) map.panTo(latlng);
    }
    var level = form.querySelector("input[name=loc_level]");
    function write(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      // A point picked by hand is exact.
      if (level) level.value = "";
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
    // 「住所から位置を入れる」: the offline geocoder places the address (approximate, with its
    // level); a click on the map corrects it.
    var button = form.querySelector("[data-geocode]");
    var status = form.querySelector("[data-geocode-status]");
    if (button) {
      button.addEventListener("click", function () {
        var value = function (n) {
          var i = form.querySelector("input[name=" + n + "]");
          return i ? String(i.value).trim() : "";
        };
        var street = value("street");
        var address = value("prefecture") + value("city") + street;
        if (!street && !value("city")) {
          status.textContent = t("住所（市区町村・町名）を入れてから押してください。", "Enter the address (municipality and town) first.");
          return;
        }
        status.textContent = t("位置を探しています…", "Looking for the position…");
        fetch("/api/v1/geocode?q=" + encodeURIComponent(address), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); })
          .then(function (a) {
            if (!a.ok) {
              status.textContent = t("住所から位置を見つけられませんでした。地図をクリックして位置を指定してください。", "No position was found for the address. Click the map to set it.");
              return;
            }
            var g = a.body;
            lat.value = g.lat.toFixed(6);
            lng.value = g.lng.toFixed(6);
            if (level) level.value = g.level;
            var mc = form.querySelector("input[name=municipality_code]");
            if (mc && !mc.value && g.municipality_code) mc.value = g.municipality_code;
            place([g.lat, g.lng], true);
            map.setZoom(g.level === "municipality" ? 13 : 16);
            var label = (EN
              ? { town: "block (chōme)", oaza: "district (ōaza)", municipality: "municipality" }
              : { town: "町丁目", oaza: "大字・町", municipality: "市区町村" })[g.level] || "";
            // The matched place is Japanese data: its own element, marked as such on an English page.
            var matched = document.createElement("span");
            matched.textContent = g.matched;
            if (EN) matched.lang = "ja";
            status.textContent = "";
            status.append(
              t("「", "Placed at "), matched,
              t("」（" + label + "の代表点）に置きました。正確な位置は地図をクリックして直せます。",
                " (the point of the " + label + "). Click the map for the exact position."));
          })
          .catch(function () {
            status.textContent = t("位置を探せませんでした。地図をクリックして位置を指定してください。", "The position could not be looked up. Click the map to set it.");
          });
      });
    }
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
