// caremap's map: the browser side of frontend/src/map.rs, over Leaflet and Leaflet.markercluster
// (both served by caremap itself from /assets/vendor). The page's Rust code calls `mount` once
// per map element, then `setPoints` / `setSelectedAreas` whenever the search changes; the map
// reports clicks back through the `onEvent(kind, detail)` function given to `mount`.
(function () {
  "use strict";

  // The page's language (`<html lang>`, set by the server): the map's own words follow it; the
  // listings' names are Japanese data, marked as such on an English page.
  var EN = document.documentElement.lang === "en";
  function t(ja, en) { return EN ? en : ja; }
  var DATA_LANG = EN ? ' lang="ja"' : "";

  // The categories the legend names; their colours are caremap.css's (`.cm-cat-<code>`), so the
  // markup carries no inline style (the Content-Security-Policy allows none).
  var CATEGORIES = [
    ["medical", t("医療", "Medical")],
    ["care", t("介護", "Long-term care")],
    ["dementia", t("認知症", "Dementia")],
    ["living_support", t("生活支援", "Daily living support")],
    ["disability", t("障害福祉", "Disability welfare")],
    ["consultation", t("相談窓口・行政", "Advice and public offices")],
  ];
  function colourClass(category) {
    var known = CATEGORIES.some(function (c) { return c[0] === category; });
    return "cm-cat-" + (known ? category : "other");
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function ready() {
    return typeof window.L !== "undefined" && typeof window.L.markerClusterGroup === "function";
  }

  // Runs `callback` once Leaflet's deferred scripts have run.
  function whenReady(callback) {
    if (ready()) { callback(); return; }
    var done = false;
    function check() {
      if (!done && ready()) { done = true; callback(); }
    }
    document.addEventListener("DOMContentLoaded", check);
    window.addEventListener("load", check);
  }

  function pinIcon(category, approximate) {
    return L.divIcon({
      className: "cm-pin" + (approximate ? " cm-pin-approx" : ""),
      html: '<span class="' + colourClass(category) + '"></span>',
      iconSize: [22, 22],
      iconAnchor: [11, 11],
      popupAnchor: [0, -10],
    });
  }

  function legend(state) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "cm-legend");
      div.setAttribute("aria-label", t("地図の色の意味", "What the map's colours mean"));
      div.innerHTML = CATEGORIES.map(function (c) {
        return '<span class="cm-legend-item"><span class="cm-swatch ' + colourClass(c[0]) +
          '"></span>' + c[1] + "</span>";
      }).join("") + '<p class="cm-note" role="status" hidden></p>';
      state.note = div.querySelector(".cm-note");
      return div;
    };
    return control;
  }

  // A server-side cluster: its count in a bubble; a click (or Enter) zooms to its listings.
  function bubble(state, c) {
    var size = c.count < 10 ? "small" : c.count < 100 ? "medium" : "large";
    var m = L.marker([c.location.lat, c.location.lng], {
      icon: L.divIcon({
        className: "marker-cluster marker-cluster-" + size + " cm-bubble",
        html: "<div><span>" + c.count + "</span></div>",
        iconSize: [40, 40],
      }),
      title: c.count + t("件（クリックで拡大）", " listings (click to zoom in)"),
      alt: c.count + t("件", " listings"),
      keyboard: true,
    });
    m.on("click", function () {
      state.map.fitBounds(
        [[c.bbox.min_lat, c.bbox.min_lng], [c.bbox.max_lat, c.bbox.max_lng]],
        { padding: [24, 24], maxZoom: 16 }
      );
    });
    return m;
  }

  // Tells the page which part of the map is on screen (debounced), while it needs to know.
  function reportView(state) {
    clearTimeout(state.viewTimer);
    state.viewTimer = setTimeout(function () {
      if (!state.viewDriven) return;
      var b = state.map.getBounds();
      var r = function (v) { return Math.round(v * 1e4) / 1e4; };
      var clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
      var view = [
        r(clamp(b.getWest(), -180, 180)), r(clamp(b.getSouth(), -90, 90)),
        r(clamp(b.getEast(), -180, 180)), r(clamp(b.getNorth(), -90, 90)),
      ].join(",");
      if (view !== state.lastView) {
        state.lastView = view;
        state.onEvent("view", view);
      }
    }, 250);
  }

  // Buttons over the map: what a click does, and "search this area".
  function tools(state) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "cm-tools");
      div.innerHTML =
        '<div class="cm-mode" role="group" aria-label="' + t("地図をクリックしたとき", "A click on the map") + '">' +
        '<button type="button" data-mode="area" aria-pressed="true">' + t("圏域を選ぶ", "Pick an area") + '</button>' +
        '<button type="button" data-mode="point" aria-pressed="false">' + t("地点を選ぶ", "Pick a point") + '</button>' +
        "</div>" +
        '<button type="button" class="cm-bbox">' + t("この範囲で検索", "Search this area") + '</button>';
      L.DomEvent.disableClickPropagation(div);
      div.querySelectorAll("[data-mode]").forEach(function (b) {
        b.addEventListener("click", function () {
          state.mode = b.getAttribute("data-mode");
          div.querySelectorAll("[data-mode]").forEach(function (o) {
            o.setAttribute("aria-pressed", String(o === b));
          });
          state.el.classList.toggle("cm-picking-point", state.mode === "point");
        });
      });
      div.querySelector(".cm-bbox").addEventListener("click", function () {
        var b = state.map.getBounds();
        var r = function (v) { return Math.round(v * 1e5) / 1e5; };
        state.onEvent("bbox", [r(b.getWest()), r(b.getSouth()), r(b.getEast()), r(b.getNorth())].join(","));
      });
      return div;
    };
    return control;
  }

  function areaStyle(state, feature) {
    var selected = state.selected.indexOf(feature.properties.id) >= 0;
    var daily = feature.properties.kind === "daily_life_area";
    return {
      color: selected ? "#0b5394" : daily ? "#5b6b7a" : "#1b2631",
      weight: selected ? 4 : daily ? 1.5 : 2.5,
      dashArray: daily ? null : "6 4",
      fillColor: "#0b5394",
      fillOpacity: selected ? 0.16 : daily ? 0.04 : 0,
    };
  }

  function showAreas(state) {
    if (!state.areasData) return;
    if (state.areaLayer) state.map.removeLayer(state.areaLayer);
    var only = state.onlyAreas;
    state.areaLayer = L.geoJSON(state.areasData, {
      // A municipality's outline stays as the frame of the areas shown.
      filter: function (f) {
        return !only || only.indexOf(f.properties.id) >= 0 || f.properties.kind === "municipality";
      },
      style: function (f) { return areaStyle(state, f); },
      onEachFeature: function (f, layer) {
        if (f.properties.kind !== "daily_life_area") {
          layer.options.interactive = false;
          return;
        }
        layer.bindTooltip(escapeHtml(f.properties.name), { sticky: true });
        layer.on("click", function (e) {
          if (state.interactive && state.mode === "area") {
            L.DomEvent.stopPropagation(e);
            state.onEvent("area", f.properties.id);
          }
        });
      },
    }).addTo(state.map);
    state.areaLayer.bringToBack();
    if (!state.fitted && state.areaLayer.getLayers().length) {
      state.map.fitBounds(state.areaLayer.getBounds(), { padding: [8, 8] });
    }
  }

  function mount(el, options, onEvent) {
    if (el._caremap) return;
    var placeholder = el.querySelector(".map-placeholder");
    if (placeholder) placeholder.remove();
    var map = L.map(el, { zoomControl: true, minZoom: 4, maxZoom: 18 });
    map.attributionControl.setPrefix(false);
    var state = {
      el: el, map: map, onEvent: onEvent, mode: "area", selected: [], onlyAreas: null,
      interactive: !!options.interactive, fitted: false, areasData: null, areaLayer: null,
    };
    el._caremap = state;
    map.setView([36.0, 138.0], 5);
    if (options.tileUrl) {
      L.tileLayer(options.tileUrl, {
        attribution: options.tileAttribution || "",
        maxZoom: 18,
      }).addTo(map);
    } else {
      el.classList.add("cm-no-tiles");
    }
    state.cluster = null;
    if (state.interactive) {
      legend(state).addTo(map);
      map.on("moveend", function () { reportView(state); });
      tools(state).addTo(map);
      map.on("click", function (e) {
        if (state.mode === "point") {
          var r = function (v) { return Math.round(v * 1e5) / 1e5; };
          onEvent("point", JSON.stringify({ lat: r(e.latlng.lat), lng: r(e.latlng.lng) }));
        }
      });
    }
    // The container may get its size after the map (a hidden pane on a phone, late styles):
    // re-fit to the last results until the visitor moves the map.
    map.on("dragstart", function () { state.userMoved = true; });
    el.addEventListener("wheel", function () { state.userMoved = true; }, { passive: true });
    el.querySelector(".leaflet-control-zoom").addEventListener("click", function () { state.userMoved = true; });
    if (typeof ResizeObserver === "function") {
      new ResizeObserver(function () {
        map.invalidateSize();
        if (state.lastBounds && !state.userMoved && el.clientHeight > 0) {
          map.fitBounds(state.lastBounds, { padding: [24, 24], maxZoom: 16 });
        }
      }).observe(el);
    }
    var getJson = function (url) {
      return fetch(url, { headers: { Accept: "application/geo+json, application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; });
    };
    getJson(options.areasUrl)
      .then(function (data) {
        state.areasData = data;
        showAreas(state);
        // The outline of each municipality the areas belong to (dashed, not clickable).
        var codes = [];
        ((data && data.features) || []).forEach(function (f) {
          var c = f.properties && f.properties.municipality_code;
          if (c && codes.indexOf(c) < 0 && f.properties.kind !== "municipality") codes.push(c);
        });
        return Promise.all(codes.slice(0, 20).map(function (c) {
          return getJson(options.areasUrl + "?kind=municipality&municipality=" + encodeURIComponent(c))
            .catch(function () { return null; });
        }));
      })
      .then(function (outlines) {
        var extra = [];
        (outlines || []).forEach(function (o) { if (o && o.features) extra = extra.concat(o.features); });
        if (extra.length && state.areasData) {
          var known = state.areasData.features.map(function (f) { return f.properties.id; });
          extra = extra.filter(function (f) { return known.indexOf(f.properties.id) < 0; });
          state.areasData.features = state.areasData.features.concat(extra);
          showAreas(state);
        }
      })
      .catch(function () { /* the markers still show without the outlines */ });
  }

  function setPoints(el, data, origin) {
    var state = el._caremap;
    if (!state) return;
    var onlyChanged = JSON.stringify(data.onlyAreas || null) !== JSON.stringify(state.onlyAreas);
    state.onlyAreas = data.onlyAreas || null;
    if (onlyChanged) showAreas(state);
    // Many matches come as server-side clusters: the map then asks for its view's content
    // after every move (a fresh search starts over from the whole result).
    var clusters = data.clusters || [];
    if (!data.keepView) {
      state.viewDriven = clusters.length > 0;
      state.lastView = null;
    }
    if (state.bubbles) state.map.removeLayer(state.bubbles);
    state.bubbles = L.layerGroup(clusters.map(function (c) { return bubble(state, c); }));
    state.map.addLayer(state.bubbles);
    if (state.note) {
      state.note.textContent = clusters.length
        ? t("件数が多いため、まとめて表示しています（数字は件数）。拡大すると一件ずつ表示します。",
            "There are many listings, so they are grouped (the numbers are counts). Zoom in to see them one by one.")
        : "";
      state.note.hidden = !clusters.length;
    }
    // A fresh cluster layer per result: clearing one while it animates can leave old markers.
    if (state.cluster) state.map.removeLayer(state.cluster);
    state.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 40,
      disableClusteringAtZoom: 17,
    });
    state.map.addLayer(state.cluster);
    // In the embeddable widget (a frame on another site) a listing opens the full site.
    var linkTarget = el.closest(".embed") ? ' target="_blank" rel="noopener"' : "";
    var markers = (data.points || []).map(function (p) {
      var m = L.marker([p.location.lat, p.location.lng], {
        icon: pinIcon(p.category, p.approximate),
        title: p.name,
        alt: p.name,
        keyboard: true,
      });
      m.bindPopup(
        '<strong class="cm-popup-name"' + DATA_LANG + '>' + escapeHtml(p.name) + "</strong><br>" +
        '<a class="cm-popup-link" href="/facilities/' + encodeURIComponent(p.id) + '"' + linkTarget + '>' +
        t("詳しく見る", "Details") + "</a>"
      );
      // The marker's title is the listing's (Japanese) name.
      if (EN) m.on("add", function () { var e = m.getElement(); if (e) e.setAttribute("lang", "ja"); });
      m.options.caremapId = p.id;
      return m;
    });
    state.cluster.addLayers(markers);
    if (state.originMarker) state.map.removeLayer(state.originMarker);
    state.originMarker = null;
    if (origin) {
      state.originMarker = L.circleMarker([origin.lat, origin.lng], {
        radius: 9, color: "#000", weight: 3, fillColor: "#f1c40f", fillOpacity: 1,
      }).bindTooltip(t("基準の地点", "The point searched from")).addTo(state.map);
    }
    var bounds = null;
    if (origin) {
      // Near a place: the place and its nearest listings, not every match in the country.
      var here = L.latLng(origin.lat, origin.lng);
      var near = markers
        .map(function (m) { return [here.distanceTo(m.getLatLng()), m]; })
        .sort(function (a, b) { return a[0] - b[0]; })
        .slice(0, 20)
        .map(function (x) { return x[1]; });
      bounds = L.latLngBounds([here, here]);
      near.forEach(function (m) { bounds.extend(m.getLatLng()); });
      if (!near.length) bounds = here.toBounds(5000);
    } else {
      if (markers.length) bounds = L.featureGroup(markers).getBounds();
      clusters.forEach(function (c) {
        var b = L.latLngBounds([c.bbox.min_lat, c.bbox.min_lng], [c.bbox.max_lat, c.bbox.max_lng]);
        bounds = bounds ? bounds.extend(b) : b;
      });
    }
    state.map.invalidateSize();
    if (bounds && bounds.isValid() && !data.keepView) {
      state.lastBounds = bounds;
      state.userMoved = false;
      state.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
      state.fitted = true;
    } else if (!state.fitted && state.areaLayer && state.areaLayer.getLayers().length) {
      state.map.fitBounds(state.areaLayer.getBounds(), { padding: [8, 8] });
    }
    el.setAttribute("data-markers", String(markers.length));
    el.setAttribute("data-clusters", String(clusters.length));
  }

  function setSelectedAreas(el, ids) {
    var state = el._caremap;
    if (!state) return;
    state.selected = ids || [];
    if (state.areaLayer) {
      state.areaLayer.setStyle(function (f) { return areaStyle(state, f); });
    }
  }

  window.caremapMap = {
    whenReady: whenReady,
    mount: mount,
    setPoints: setPoints,
    setSelectedAreas: setSelectedAreas,
  };
})();
