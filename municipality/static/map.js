/* Baladiya maps: turn <div data-map data-layers='[...]'> into a Leaflet map.
 *
 * Any module may use it. Each layer is {"url", "title", "color", "kind": "polygon"|"point"}
 * plus optional "style" ("fill", "outline": dashed, "line": thin, or "hatch"), "classify" ({"property",
 * "colors": {value: colour}}), "fields" ({property: label} shown when a feature is
 * clicked) and "link" ({"property", "title"}: a link in that popup). A click on a
 * feature is also reported to the page as a "map:feature" event on the map element.
 * The URL answers GeoJSON; "next" links (OGC API - Features paging) are followed.
 * data-legend names an element (a server-rendered legend) moved into the map's corner.
 * No background tiles: nothing is fetched from another host.
 */
(function () {
  "use strict";

  var MAX_PAGES = 50;
  var hatchCount = 0;

  function parseJson(text, fallback) {
    try { return JSON.parse(text); } catch (e) { return fallback; }
  }

  function svgElement(name, attributes) {
    var element = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    return element;
  }

  /* A diagonal-stripe pattern in the renderer's SVG, used as a fill: url(#id). */
  function hatchFill(renderer, color) {
    var svg = renderer._container;
    var defs = svg.querySelector("defs") || svg.insertBefore(svgElement("defs", {}), svg.firstChild);
    var id = "map-hatch-" + (hatchCount += 1);
    var pattern = svgElement("pattern", {
      id: id, width: 8, height: 8, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)"
    });
    pattern.appendChild(svgElement("line", { x1: 0, y1: 0, x2: 0, y2: 8, stroke: color, "stroke-width": 2 }));
    defs.appendChild(pattern);
    return "url(#" + id + ")";
  }

  function colourOf(spec, properties) {
    var classify = spec.classify;
    if (classify && properties && classify.colors[properties[classify.property]]) {
      return classify.colors[properties[classify.property]];
    }
    return spec.color || "#0b5c4a";
  }

  function styleFor(spec, renderer) {
    var hatch = spec.style === "hatch" ? hatchFill(renderer, spec.color || "#7a1f5c") : null;
    return function (feature) {
      var color = colourOf(spec, feature.properties);
      var style = { color: color, weight: 2, opacity: 1, fillColor: color, fillOpacity: 0.35 };
      if (spec.style === "outline") { style.fillOpacity = 0; style.weight = 3; style.dashArray = "8 5"; }
      if (spec.style === "line") { style.fillOpacity = 0; style.weight = 1; }
      if (hatch) { style.fillColor = hatch; style.fillOpacity = 1; }
      return style;
    };
  }

  function popupContent(spec, properties) {
    var list = document.createElement("dl");
    Object.keys(spec.fields || {}).forEach(function (key) {
      if (properties[key] === null || properties[key] === undefined || properties[key] === "") { return; }
      var term = document.createElement("dt");
      var value = document.createElement("dd");
      term.textContent = spec.fields[key];
      value.textContent = String(properties[key]);
      value.setAttribute("dir", "auto");
      list.appendChild(term);
      list.appendChild(value);
    });
    if (spec.link && properties[spec.link.property]) {
      var anchor = document.createElement("a");
      anchor.href = properties[spec.link.property];
      anchor.textContent = spec.link.title;
      var wrapper = document.createElement("div");
      wrapper.appendChild(list);
      wrapper.appendChild(anchor);
      return wrapper;
    }
    return list;
  }

  function eachFeature(element, spec) {
    return function (feature, layer) {
      if (spec.fields) { layer.bindPopup(popupContent(spec, feature.properties || {})); }
      layer.on("click", function () {
        element.dispatchEvent(new CustomEvent("map:feature", {
          detail: { spec: spec, feature: feature, layer: layer }
        }));
      });
    };
  }

  function nextLink(collection) {
    var links = collection.links || [];
    for (var i = 0; i < links.length; i += 1) {
      if (links[i].rel === "next") { return links[i].href; }
    }
    return null;
  }

  /* Fetch every page of a GeoJSON collection, adding features as they arrive. */
  function load(url, target, pages) {
    return fetch(url, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      })
      .then(function (collection) {
        target.addData(collection);
        var next = nextLink(collection);
        return next && pages < MAX_PAGES ? load(next, target, pages + 1) : target;
      });
  }

  function layerFor(element, map, spec, renderer) {
    var options = { style: styleFor(spec, renderer), onEachFeature: eachFeature(element, spec), renderer: renderer };
    if (spec.kind === "point") {
      options.pointToLayer = function (feature, latlng) {
        var color = colourOf(spec, feature.properties);
        return L.circleMarker(latlng, {
          renderer: renderer, radius: 7, color: "#1d2430", weight: 1, fillColor: color, fillOpacity: 0.9
        });
      };
    }
    return L.geoJSON(null, options).addTo(map);
  }

  function fit(map, layers) {
    var bounds = L.latLngBounds([]);
    layers.forEach(function (layer) {
      var layerBounds = layer.getBounds();
      if (layerBounds.isValid()) { bounds.extend(layerBounds); }
    });
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 18, animate: false }); }
  }

  function moveLegend(element, map) {
    var legend = element.dataset.legend && document.querySelector(element.dataset.legend);
    if (!legend) { return; }
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      L.DomEvent.disableClickPropagation(legend);
      return legend;
    };
    control.addTo(map);
  }

  function init(element) {
    var specs = parseJson(element.dataset.layers || "[]", []);
    var map = L.map(element, { zoomControl: false, attributionControl: false, zoomSnap: 0.25 }).setView([0, 0], 2);
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || "+", zoomOutTitle: element.dataset.zoomOut || "-"
    }).addTo(map);
    var renderer = L.svg({ padding: 0.5 }).addTo(map);
    var overlays = {};
    var layers = specs.map(function (spec) {
      var layer = layerFor(element, map, spec, renderer);
      overlays[spec.title] = layer;
      return layer;
    });
    if (specs.length > 1) { L.control.layers(null, overlays, { collapsed: false }).addTo(map); }
    moveLegend(element, map);
    var state = { map: map, layers: layers, specs: specs, loaded: false };
    element.baladiyaMap = state;
    element.classList.add("map-ready");
    Promise.all(specs.map(function (spec, i) { return load(spec.url, layers[i], 1); }))
      .catch(function (error) { element.dataset.mapError = String(error); })
      .then(function () {
        /* Layers share one SVG, so features stack in the order their pages arrived:
           restore the declared order, or a late boundary would cover the parcels and
           take their clicks. */
        layers.forEach(function (layer) { layer.bringToFront(); });
        fit(map, layers);
        state.loaded = true;
        element.dataset.mapLoaded = "true";
        element.dispatchEvent(new CustomEvent("map:loaded", { detail: state }));
      });
  }

  function start() {
    if (typeof L === "undefined") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), init);
  }

  /* For scripts that show a map later (a picker in a form): BaladiyaMap.init(element). */
  window.BaladiyaMap = { init: function (element) { init(element); return element.baladiyaMap; } };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
