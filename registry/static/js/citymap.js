/* The Stadtplan (/stadtplan): Sozialräume as shaded outlines, Bezirk frames,
 * actors as points, optionally ties as lines, drawn with Leaflet (SVG, no
 * WebGL). The data is fetched from the app (data-city-url, same arguments as
 * the page): embedded, it would make the page megabytes at city scale.
 * No tile server unless the app is configured with one (data.tiles).
 * Names reach the page only as text (tooltips and popups get DOM nodes
 * filled with textContent), never parsed as HTML.
 *
 * For tests and the benchmark: window.registryCityMap = {map, stableAt},
 * and the container carries data-map-state="stable", data-drawn-areas and
 * data-drawn-points once everything is on screen.
 */
(function () {
  "use strict";

  var container = document.getElementById("stadtplan");
  if (!container || !window.L) { return; }

  function textBox(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, i) {
      var el = document.createElement(i === 0 ? "strong" : "div");
      el.textContent = line;
      box.appendChild(el);
    });
    return box;
  }

  function draw(data) {
    var map = L.map(container, {
      zoomSnap: 0.25, zoomControl: false, attributionControl: !!data.tiles,
      preferCanvas: false, fadeAnimation: false, markerZoomAnimation: false
    });
    L.control.zoom({zoomInTitle: "Vergrößern", zoomOutTitle: "Verkleinern"}).addTo(map);
    if (data.tiles) {
      L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 19}).addTo(map);
    }
    var renderer = L.svg({padding: 0.2});

    var areas = L.layerGroup();
    data.areas.forEach(function (area) {
      L.geoJSON(area.shape, {
        renderer: renderer,
        style: {color: "#4a4a4a", weight: 1, fillColor: area.fill, fillOpacity: data.tiles ? 0.6 : 0.85,
                className: "sp-area"}
      }).bindPopup(textBox([area.name, data.indicator + ": " + area.value, "Akteure: " + area.actors]))
        .addTo(areas);
    });
    var frames = L.layerGroup();
    data.frames.forEach(function (shape) {
      L.geoJSON(shape, {renderer: renderer, interactive: false,
                        style: {color: "#222", weight: 2, fill: false, className: "sp-frame"}}).addTo(frames);
    });
    var ties = L.layerGroup();
    data.ties.forEach(function (pair) {
      var a = data.points[pair[0]], b = data.points[pair[1]];
      L.polyline([[a[0], a[1]], [b[0], b[1]]], {renderer: renderer, interactive: false,
        color: "#333", weight: 1, opacity: 0.45, className: "sp-tie"}).addTo(ties);
    });
    // Many points, small screen: smaller dots, so the areas stay visible.
    var radius = data.points.length > 500 ? (container.clientWidth < 600 ? 1.6 : 2.6) : 5;
    var points = L.layerGroup();
    data.points.forEach(function (p) {
      L.circleMarker([p[0], p[1]], {renderer: renderer, radius: radius, color: "#222", weight: 0.6,
                                    fillColor: p[2], fillOpacity: 1, className: "sp-point"})
        // A function giving a text node: Leaflet would parse a string as HTML.
        .bindTooltip(function () { return document.createTextNode(p[3]); }).addTo(points);
    });

    var b = data.bounds;
    if (b) {
      map.fitBounds([[b[1], b[0]], [b[3], b[2]]], {animate: false, padding: [8, 8]});
    } else {
      map.setView([51.2, 10.4], 6);
    }
    areas.addTo(map);
    frames.addTo(map);
    ties.addTo(map);
    points.addTo(map);

    var entry = {map: map, stableAt: null};
    window.registryCityMap = entry;
    // Two frames: the SVG is laid out and painted.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        entry.stableAt = performance.now();
        container.dataset.drawnAreas = String(container.querySelectorAll("path.sp-area").length);
        container.dataset.drawnPoints = String(container.querySelectorAll("path.sp-point").length);
        container.dataset.mapState = "stable";
      });
    });
  }

  fetch(container.dataset.cityUrl, {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(draw)
    .catch(function () {
      // The table beside the map holds the same figures.
      container.dataset.mapState = "failed";
      container.textContent = "Der Stadtplan konnte nicht geladen werden; die Tabelle enthält dieselben Angaben.";
    });
})();
