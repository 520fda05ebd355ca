/* The site picker: a map next to the parcel-references input of a form.
 *
 * Clicking a parcel adds or removes its reference in the input (which works on its
 * own without this script); "Draw the site" places corners with clicks, "Finish the
 * outline" stores the polygon as GeoJSON in the hidden input. Needs map.js.
 */
(function () {
  "use strict";

  var SELECTED = { color: "#d00000", weight: 3, fillColor: "#d00000", fillOpacity: 0.45 };

  function references(input) {
    return input.value.split(/[,;\n]+/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function say(picker, key, name, value) {
    var text = (picker.getAttribute("data-" + key) || "").replace("${" + name + "}", value);
    picker.querySelector("[data-picker-status]").textContent = text;
  }

  function setup(picker) {
    var input = picker.querySelector("[data-picker-parcels]");
    var hidden = picker.querySelector("[data-picker-polygon]");
    var element = picker.querySelector("[data-picker-map]");
    var drawButton = picker.querySelector("[data-picker-draw]");
    picker.querySelector("[data-picker-tools]").hidden = false;
    element.hidden = false;
    var state = window.BaladiyaMap.init(element);
    var map = state.map;
    var corners = [];
    var sketch = null;
    var outline = null;

    function parcelLayers() {
      var found = [];
      state.specs.forEach(function (spec, i) {
        if (spec.select) { found.push({ spec: spec, layer: state.layers[i] }); }
      });
      return found;
    }

    function restyle() {
      var chosen = references(input);
      parcelLayers().forEach(function (entry) {
        entry.layer.eachLayer(function (feature) {
          var reference = feature.feature.properties[entry.spec.select];
          entry.layer.resetStyle(feature);
          if (chosen.indexOf(reference) >= 0) { feature.setStyle(SELECTED); }
        });
      });
    }

    function showOutline(latlngs) {
      if (outline) { map.removeLayer(outline); }
      outline = latlngs ? L.polygon(latlngs, { color: "#d00000", weight: 3, dashArray: "4 4" }).addTo(map) : null;
    }

    function drawing(on) {
      drawButton.setAttribute("aria-pressed", on ? "true" : "false");
      element.classList.toggle("drawing", on);
      if (!on && sketch) { map.removeLayer(sketch); sketch = null; }
    }

    element.addEventListener("map:feature", function (event) {
      var select = event.detail.spec.select;
      if (!select || drawButton.getAttribute("aria-pressed") === "true") { return; }
      var reference = event.detail.feature.properties[select];
      var chosen = references(input);
      var at = chosen.indexOf(reference);
      if (at >= 0) { chosen.splice(at, 1); } else { chosen.push(reference); }
      input.value = chosen.join(", ");
      say(picker, at >= 0 ? "removed" : "added", "reference", reference);
      restyle();
    });

    map.on("click", function (event) {
      if (drawButton.getAttribute("aria-pressed") !== "true") { return; }
      corners.push(event.latlng);
      if (sketch) { sketch.setLatLngs(corners); } else { sketch = L.polyline(corners, { color: "#d00000" }).addTo(map); }
      say(picker, "corner", "number", corners.length);
    });

    drawButton.addEventListener("click", function () {
      corners = [];
      drawing(drawButton.getAttribute("aria-pressed") !== "true");
    });

    picker.querySelector("[data-picker-finish]").addEventListener("click", function () {
      if (corners.length < 3) { say(picker, "too-few", "", ""); return; }
      var ring = corners.map(function (p) { return [p.lng, p.lat]; });
      ring.push(ring[0]);
      hidden.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      showOutline(corners);
      say(picker, "closed", "number", corners.length);
      corners = [];
      drawing(false);
    });

    picker.querySelector("[data-picker-clear]").addEventListener("click", function () {
      hidden.value = "";
      corners = [];
      showOutline(null);
      drawing(false);
    });

    input.addEventListener("change", restyle);
    element.addEventListener("map:loaded", restyle);
    if (hidden.value) {
      try {
        var ring = JSON.parse(hidden.value).coordinates[0];
        showOutline(ring.map(function (p) { return [p[1], p[0]]; }));
      } catch (e) { hidden.value = ""; }
    }
  }

  if (window.BaladiyaMap && typeof L !== "undefined") {
    Array.prototype.forEach.call(document.querySelectorAll("[data-site-picker]"), setup);
  }
}());
