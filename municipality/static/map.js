/* Baladiya maps: turn <div data-map data-layers='[...]'> into a Leaflet map.
 *
 * Any module may use it. Each layer is {"url", "title", "color", "kind": "polygon"|"point"}
 * (lines are drawn as polygons' outlines) plus optional "style" ("fill", "outline": dashed,
 * "line": thin, "light": a faint fill, "street", "small": a small point, or "hatch"),
 * "classify" ({"property", "colors": {value: colour}}), "fields" ({property: label} shown
 * when a feature is clicked), "link" ({"property", "title"}: a link in that popup, or
 * {"property", "template", "title"}: the template's "{value}" replaced by the property),
 * "label" (a property shown as a label once zoomed in close) and "data" (the GeoJSON
 * itself, instead of "url"). A click on a feature is also reported to the page as a
 * "map:feature" event on the map element. The URL answers GeoJSON; "next" links
 * (OGC API - Features paging) are followed.
 *
 * data-base-layers holds the commune's own layers (boundary, zones, parcels, streets,
 * places), drawn under the page's layers on every map; data-fit="base" frames the map on
 * them, otherwise on the page's layers when they have features. data-basemap ("pmtiles" or
 * "tiles") with data-basemap-url draws the operator's basemap beneath, credited with
 * data-attribution; without it nothing is fetched from another host. data-legend names an
 * element (a server-rendered legend) moved into the map's corner. Once created, the map
 * element receives "map:ready" ({map}); once its layers are loaded, "map:loaded".
 */
(function () {
  "use strict";

  var MAX_PAGES = 50;
  /* Street and place names from this zoom on: further out they would cover each other. */
  var LABEL_ZOOM = 16;
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
      if (spec.style === "light") { style.fillOpacity = 0.12; style.weight = 1; }
      if (spec.style === "street") { style.fillOpacity = 0; style.weight = 4; style.opacity = 0.8; }
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
      var value = String(properties[spec.link.property]);
      anchor.href = spec.link.template ? spec.link.template.replace("{value}", encodeURIComponent(value)) : value;
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
      var properties = feature.properties || {};
      if (spec.fields) { layer.bindPopup(popupContent(spec, properties)); }
      if (spec.label && properties[spec.label]) {
        layer.bindTooltip(String(properties[spec.label]), {
          permanent: true, direction: spec.kind === "point" ? "top" : "center", className: "map-label"
        });
      }
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

  /* A layer's features: given inline, or every page of its GeoJSON collection. */
  function fill(spec, target) {
    if (spec.data) { target.addData(spec.data); return Promise.resolve(target); }
    return load(spec.url, target, 1);
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
          renderer: renderer, radius: spec.style === "small" ? 4 : 7, color: "#1d2430", weight: 1,
          fillColor: color, fillOpacity: 0.9
        });
      };
    }
    return L.geoJSON(null, options).addTo(map);
  }

  function boundsOf(layers) {
    var bounds = L.latLngBounds([]);
    layers.forEach(function (layer) {
      var layerBounds = layer.getBounds();
      if (layerBounds.isValid()) { bounds.extend(layerBounds); }
    });
    return bounds;
  }

  /* Frame the page's own features (a complaint, a parcel) when asked for or when there are
     some, else the commune's base: a lone point is shown close enough to read its street. */
  function fit(map, pageLayers, baseLayers, onBase) {
    var bounds = onBase ? L.latLngBounds([]) : boundsOf(pageLayers);
    if (!bounds.isValid()) { bounds = boundsOf(baseLayers); }
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [12, 12], maxZoom: 17, animate: false }); }
  }

  /* Labels only once zoomed in: a class on the map hides them further out. */
  function toggleLabels(map) {
    var container = map.getContainer();
    function update() { container.classList.toggle("map-labels-hidden", map.getZoom() < LABEL_ZOOM); }
    map.on("zoomend", update);
    update();
  }

  /* The operator's basemap under everything, from this site (PMTiles) or the tile host
     they configured; the commune's own layers alone when there is none. */
  function addBasemap(element, map) {
    var url = element.dataset.basemapUrl;
    if (element.dataset.basemap === "tiles" && url) {
      L.tileLayer(url, { maxZoom: 19 }).addTo(map);
    }
    if (element.dataset.basemap === "pmtiles" && url && window.protomapsL) {
      var lang = document.documentElement.lang === "ar" ? "ar" : "fr";
      window.protomapsL.leafletLayer({ url: url, flavor: "light", lang: lang }).addTo(map);
    }
    if (element.dataset.attribution) {
      L.control.attribution({ prefix: false }).addAttribution(element.dataset.attribution).addTo(map);
    }
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
    var baseSpecs = parseJson(element.dataset.baseLayers || "[]", []);
    var pageSpecs = parseJson(element.dataset.layers || "[]", []);
    var specs = baseSpecs.concat(pageSpecs);
    var map = L.map(element, { zoomControl: false, attributionControl: false, zoomSnap: 0.25 }).setView([0, 0], 2);
    L.control.zoom({
      zoomInTitle: element.dataset.zoomIn || "+", zoomOutTitle: element.dataset.zoomOut || "-"
    }).addTo(map);
    addBasemap(element, map);
    var renderer = L.svg({ padding: 0.5 }).addTo(map);
    var overlays = {};
    var layers = specs.map(function (spec) {
      var layer = layerFor(element, map, spec, renderer);
      overlays[spec.title] = layer;
      return layer;
    });
    /* On a phone or a small map the open list would cover the map: it opens on a tap. */
    var collapsed = element.clientWidth < 640 || element.classList.contains("small");
    if (specs.length > 1) { L.control.layers(null, overlays, { collapsed: collapsed }).addTo(map); }
    moveLegend(element, map);
    toggleLabels(map);
    var state = { map: map, layers: layers, specs: specs, loaded: false };
    element.baladiyaMap = state;
    element.classList.add("map-ready");
    element.dispatchEvent(new CustomEvent("map:ready", { detail: { map: map } }));
    Promise.all(specs.map(function (spec, i) { return fill(spec, layers[i]); }))
      .catch(function (error) { element.dataset.mapError = String(error); })
      .then(function () {
        /* Layers share one SVG, so features stack in the order their pages arrived:
           restore the declared order, or a late boundary would cover the parcels and
           take their clicks. */
        layers.forEach(function (layer) { layer.bringToFront(); });
        fit(map, layers.slice(baseSpecs.length), layers.slice(0, baseSpecs.length), element.dataset.fit === "base");
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
