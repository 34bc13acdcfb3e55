/* Network maps (/karte, the actor page's ego map, the HTML export).
 *
 * Every element with [data-map] is a map container; its data sits in the
 * <script type="application/json"> element named by data-map-data (never
 * executable inline script, so the CSP holds). Tooltips are plain text
 * (vis-network sets string titles with innerText) and the details panel is
 * filled with textContent only: nothing users typed is parsed as HTML.
 *
 * Names: the server writes the names of the best connected and highlighted
 * actors (node.label); every node carries its name (node.name), shown also
 * while it or a neighbour is selected. Labels keep a readable size on
 * screen at any zoom (the font grows in canvas units as the map zooms out).
 * In the grouped layout each Sozialraum's frame is drawn behind the nodes.
 *
 * For tests and the benchmark each map is exposed as
 * window.registryMaps[<container id>] = {network, nodes, edges, stableAt},
 * and the container carries data-map-state="stable" and data-drawn-nodes
 * once the drawing has settled.
 */
(function () {
  "use strict";

  window.registryMaps = window.registryMaps || {};

  function text(tag, content, className) {
    var el = document.createElement(tag);
    el.textContent = content;
    if (className) { el.className = className; }
    return el;
  }

  function markStable(container, entry) {
    entry.network.fit({animation: false});
    // A small map is not blown up: nodes keep their size, names stay beside them.
    if (entry.network.getScale() > 1) {
      entry.network.moveTo({scale: 1, animation: false});
    }
    if (entry.adjustLabels) { entry.adjustLabels(); }
    entry.network.once("afterDrawing", function () {
      entry.stableAt = performance.now();
      container.setAttribute("data-drawn-nodes", String(entry.network.body.nodeIndices.length));
      container.setAttribute("data-map-state", "stable");
    });
    entry.network.redraw();
  }

  function showDetails(panel, entry, nodeId, withLinks) {
    if (!panel) { return; }
    var node = entry.nodes.get(nodeId);
    panel.textContent = "";
    if (!node) { return; }
    var labels = panel.dataset;
    panel.appendChild(text("h3", node.name || node.label, "map-details__name"));
    var list = document.createElement("dl");
    [[labels.labelKind, node.kindLabel], [labels.labelSector, node.sectorLabel],
     [labels.labelArea, node.sozialraum], [labels.labelDegree, String(node.degree)]]
      .forEach(function (pair) {
        if (!pair[1]) { return; }
        list.appendChild(text("dt", pair[0]));
        list.appendChild(text("dd", pair[1]));
      });
    panel.appendChild(list);
    var partners = entry.network.getConnectedNodes(nodeId)
      .map(function (id) { var other = entry.nodes.get(id); return other ? (other.name || other.label) : ""; })
      .filter(Boolean)
      .sort(function (a, b) { return a.localeCompare(b, "de"); });
    if (partners.length) {
      panel.appendChild(text("p", labels.labelPartners, "map-details__partners"));
      var ul = document.createElement("ul");
      partners.slice(0, 30).forEach(function (name) { ul.appendChild(text("li", name)); });
      if (partners.length > 30) {
        ul.appendChild(text("li", "… (" + (partners.length - 30) + ")"));
      }
      panel.appendChild(ul);
    }
    if (withLinks && node.url) {
      var link = text("a", labels.labelLink);
      link.href = node.url;
      link.className = "map-details__link";
      panel.appendChild(link);
    }
  }

  function fillFinder(select, entry) {
    var items = entry.nodes.get().map(function (n) { return {id: n.id, label: n.name || n.label}; });
    items.sort(function (a, b) { return a.label.localeCompare(b.label, "de"); });
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.id;
      option.textContent = item.label;
      select.appendChild(option);
    });
  }

  var LABEL_PX = 13;  // on-screen size of names at any zoom

  function keepLabelsReadable(entry) {
    var current = null;
    function adjust() {
      var scale = entry.network.getScale();
      var size = Math.round(LABEL_PX / Math.min(scale, 1));
      if (size !== current) {
        current = size;
        entry.network.setOptions({nodes: {font: {size: size, strokeWidth: Math.max(3, size / 4)}}});
      }
    }
    var pending = null;
    entry.network.on("zoom", function () {
      adjust();
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(function () { pending = null; declutter(entry); }, 120);
    });
    entry.network.on("dragEnd", function () { declutter(entry); });
    entry.adjustLabels = function () { adjust(); declutter(entry); };
  }

  // Names that fit: highlighted actors always, then the best connected
  // whose label box (estimated in screen pixels) overlaps none placed
  // before, at most MAX_NAMES. Zooming in makes room for more.
  var MAX_NAMES = 60;

  function declutter(entry) {
    var network = entry.network;
    var all = entry.nodes.get();
    var ranked = all.filter(function (n) { return n.name; }).sort(function (a, b) {
      return (b.marked ? 1 : 0) - (a.marked ? 1 : 0) || (b.degree || 0) - (a.degree || 0) ||
        a.name.localeCompare(b.name, "de");
    });
    var positions = network.getPositions();
    var scale = network.getScale();
    var width = network.body.container.clientWidth, height = network.body.container.clientHeight;
    var placed = [], wanted = {};
    for (var i = 0; i < ranked.length && placed.length < MAX_NAMES; i++) {
      var n = ranked[i], p = positions[n.id];
      if (!p) { continue; }
      var dom = network.canvasToDOM(p);
      if (dom.x < 0 || dom.y < 0 || dom.x > width || dom.y > height) { continue; }
      var half = n.name.length * LABEL_PX * 0.3 + 2;
      var top = dom.y + (n.size || 10) * Math.min(scale, 1);
      var box = [dom.x - half, top, dom.x + half, top + LABEL_PX * 1.3];
      var free = placed.every(function (b) {
        return box[2] < b[0] || b[2] < box[0] || box[3] < b[1] || b[3] < box[1];
      });
      if (free || n.marked) { placed.push(box); wanted[n.id] = true; }
    }
    var updates = [];
    all.forEach(function (n) {
      var label = wanted[n.id] || entry.pinned[n.id] ? n.name : "";
      if (n.name && (n.label || "") !== label) { updates.push({id: n.id, label: label}); }
    });
    if (updates.length) { entry.nodes.update(updates); }
    entry.named = Object.keys(wanted);
  }

  function nameOnSelect(entry) {
    var shown = [];
    entry.pinned = {};
    function restore() {
      shown.forEach(function (id) { delete entry.pinned[id]; });
      entry.nodes.update(shown.filter(function (id) {
        return (entry.named || []).indexOf(id) < 0;
      }).map(function (id) { return {id: id, label: ""}; }));
      shown = [];
    }
    entry.network.on("selectNode", function (params) {
      restore();
      var ids = params.nodes.slice();
      params.nodes.forEach(function (id) {
        ids = ids.concat(entry.network.getConnectedNodes(id));
      });
      var updates = [];
      ids.forEach(function (id) {
        var node = entry.nodes.get(id);
        if (node && node.name) {
          entry.pinned[id] = true;
          shown.push(id);
          if (!node.label) { updates.push({id: id, label: node.name}); }
        }
      });
      entry.nodes.update(updates);
    });
    entry.network.on("deselectNode", restore);
    entry.showNames = function (ids) {
      entry.network.emit("selectNode", {nodes: ids});
    };
  }

  function drawGroupFrames(entry, frames) {
    if (!frames || !frames.length) { return; }
    entry.network.on("beforeDrawing", function (ctx) {
      var scale = entry.network.getScale();
      var font = Math.round(LABEL_PX * 1.15 / Math.min(scale, 1));
      ctx.save();
      frames.forEach(function (f) {
        ctx.fillStyle = "#f4f6f8";
        ctx.strokeStyle = "#8a97a3";
        ctx.lineWidth = 1 / Math.min(scale, 1);
        ctx.fillRect(f.x, f.y, f.width, f.height);
        ctx.strokeRect(f.x, f.y, f.width, f.height);
        ctx.fillStyle = "#1b1f24";
        ctx.font = "600 " + font + "px system-ui, 'DejaVu Sans', sans-serif";
        ctx.textBaseline = "bottom";
        ctx.fillText(f.label, f.x, f.y - font * 0.25, Math.max(f.width, font * 4));
      });
      ctx.restore();
    });
  }

  function fullScreen(button, target) {
    if (!button || !target || !target.requestFullscreen) {
      if (button) { button.hidden = true; }
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        target.requestFullscreen();
      }
    });
    document.addEventListener("fullscreenchange", function () {
      button.setAttribute("aria-pressed", document.fullscreenElement === target ? "true" : "false");
    });
  }

  // The Sozialraum overview comes compact (registry/maps/overview.py): a
  // node per Sozialraum as a list, an edge by its nodes' places, the tooltip
  // and the URL of a Sozialraum's own map as one template each.
  function expandAreas(data) {
    var areas = data.areas;
    data.nodes = areas.nodes.map(function (n) {
      var values = {name: n[1], actors: n[5], inner: n[6], outer: n[7]};
      return {id: n[0], label: n[1], x: n[2], y: n[3], size: n[4],
              title: areas.title.replace(/\{(name|actors|inner|outer)\}/g, function (all, key) {
                return String(values[key]);
              }),
              open: areas.open.split(areas.mark).join(encodeURIComponent(n[0]))};
    });
    data.edges = areas.edges.map(function (e) {
      return {from: areas.nodes[e[0]][0], to: areas.nodes[e[1]][0], width: e[2]};
    });
  }

  function init(container) {
    var source = document.getElementById(container.getAttribute("data-map-data"));
    if (!source || typeof vis === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    if (data.areas) { expandAreas(data); }
    var nodes = new vis.DataSet(data.nodes);
    var edges = new vis.DataSet(data.edges);
    container.setAttribute("data-map-state", "loading");
    var network = new vis.Network(container, {nodes: nodes, edges: edges}, data.options);
    var entry = {network: network, nodes: nodes, edges: edges, stableAt: null, layout: data.layout};
    window.registryMaps[container.id] = entry;
    drawGroupFrames(entry, data.groups);
    keepLabelsReadable(entry);
    nameOnSelect(entry);

    if (data.layout === "server" || !nodes.length) {
      markStable(container, entry);
    } else {
      network.once("stabilizationIterationsDone", function () {
        // Freeze the settled picture: clicks and tests then find nodes in place.
        network.setOptions({physics: {enabled: false}});
        markStable(container, entry);
      });
    }

    var panel = document.getElementById(container.getAttribute("data-map-details"));
    var withLinks = container.getAttribute("data-map-links") === "on";
    network.on("click", function (params) {
      if (!params.nodes.length) { return; }
      var clicked = nodes.get(params.nodes[0]);
      // The Sozialraum overview: a click opens the area's own map.
      if (clicked && clicked.open) { window.location.assign(clicked.open); return; }
      showDetails(panel, entry, params.nodes[0], withLinks);
    });

    var finder = document.getElementById(container.getAttribute("data-map-finder"));
    if (finder) {
      fillFinder(finder, entry);
      finder.addEventListener("change", function () {
        if (!finder.value) { return; }
        network.selectNodes([finder.value]);
        entry.showNames([finder.value]);
        network.focus(finder.value, {scale: 1.2, animation: false});
        showDetails(panel, entry, finder.value, withLinks);
      });
    }
    fullScreen(document.getElementById(container.getAttribute("data-map-fullscreen")),
               document.getElementById(container.getAttribute("data-map-stage")));
    var fit = document.getElementById(container.getAttribute("data-map-fit"));
    if (fit) {
      fit.addEventListener("click", function () {
        network.fit({animation: false});
        entry.adjustLabels();
      });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
