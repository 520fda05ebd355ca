/* The location picker of a form (municipality/forms.py, location_node).
 *
 * Without this script the form offers an address box and a list of the commune's named
 * places. This adds a search over those places, "Use my location" (the browser asks for
 * permission only when the button is pressed) and a map (map.js) where a tap places the
 * pin and a drag moves it. The pin's position goes into the hidden latitude and
 * longitude inputs; the commune is asked whether it is inside, and a warning with a
 * confirmation box shows when it is not (the server asks again when the form is sent).
 * Messages come from the picker's data-* attributes and are read out (role=status).
 */
(function () {
  "use strict";

  var DIGITS = 6;
  var SEARCH_DELAY_MS = 250;
  var MIN_QUERY = 2;
  var PIN_ZOOM = 17;
  var PERMISSION_DENIED = 1;

  function getJson(url, params) {
    var query = Object.keys(params).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    return fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
  }

  /* The "latitude,longitude" value of an option of the list of places. */
  function optionLatLng(value) {
    var parts = value.split(",");
    return parts.length === 2 ? L.latLng(Number(parts[0]), Number(parts[1])) : null;
  }

  function setup(picker) {
    function find(name) { return picker.querySelector("[data-picker-" + name + "]"); }
    var latitude = find("latitude");
    var longitude = find("longitude");
    var status = find("status");
    var outside = find("outside");
    var confirm = find("confirm");
    var search = find("search");
    var results = find("results");
    var list = find("place");
    var element = find("map");
    find("live").hidden = false;
    var state = window.BaladiyaMap.init(element);
    var map = state.map;
    var pin = null;
    var areaQuestion = 0;
    var searchQuestion = 0;
    var timer = null;

    function say(key) { status.textContent = picker.getAttribute("data-" + key) || ""; }

    function checkArea() {
      var question = areaQuestion += 1;
      getJson(picker.dataset.areaUrl, { latitude: latitude.value, longitude: longitude.value })
        .then(function (answer) {
          if (question !== areaQuestion) { return; }
          outside.hidden = answer.inside !== false;
          if (answer.inside === false) { say("outside"); } else { confirm.checked = false; }
        })
        .catch(function () { return null; /* the server asks again when the form is sent */ });
    }

    function makePin(latlng) {
      var marker = L.marker(latlng, {
        draggable: true,
        keyboard: true,
        title: picker.dataset.pin,
        icon: L.divIcon({ className: "picker-pin", html: "<span></span>", iconSize: [28, 28], iconAnchor: [14, 34] })
      }).addTo(map);
      marker.on("dragend", function () { place(marker.getLatLng(), "placed", false); });
      return marker;
    }

    function place(latlng, message, centre) {
      latitude.value = latlng.lat.toFixed(DIGITS);
      longitude.value = latlng.lng.toFixed(DIGITS);
      if (pin) { pin.setLatLng(latlng); } else { pin = makePin(latlng); }
      if (centre) { map.setView(latlng, Math.max(map.getZoom(), PIN_ZOOM)); }
      if (message) { say(message); }
      checkArea();
    }

    function showResults(places) {
      results.textContent = "";
      places.forEach(function (found) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = found.name;
        button.setAttribute("dir", "auto");
        button.addEventListener("click", function () {
          search.value = found.name;
          results.textContent = "";
          place(L.latLng(found.latitude, found.longitude), "placed", true);
        });
        item.appendChild(button);
        results.appendChild(item);
      });
    }

    function runSearch() {
      var query = search.value.trim();
      var question = searchQuestion += 1;
      if (query.length < MIN_QUERY) { results.textContent = ""; return; }
      getJson(picker.dataset.placesUrl, { q: query })
        .then(function (answer) {
          if (question !== searchQuestion) { return; }
          showResults(answer.places);
          say(answer.places.length ? "results" : "no-results");
        })
        .catch(function () { if (question === searchQuestion) { say("search-failed"); } });
    }

    /* With no base layer to fit to, show the commune's named places. */
    function fitPlaces() {
      var bounds = L.latLngBounds([]);
      Array.prototype.forEach.call(list ? list.options : [], function (option) {
        var latlng = optionLatLng(option.value);
        if (latlng) { bounds.extend(latlng); }
      });
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: PIN_ZOOM, animate: false }); }
    }

    map.on("click", function (event) { place(event.latlng, "placed", false); });

    find("locate").addEventListener("click", function () {
      if (!navigator.geolocation) { say("unavailable"); return; }
      say("locating");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          place(L.latLng(position.coords.latitude, position.coords.longitude), "located", true);
        },
        function (error) { say(error.code === PERMISSION_DENIED ? "denied" : "unavailable"); },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });

    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(runSearch, SEARCH_DELAY_MS);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      event.preventDefault();  /* search, do not send the form */
      window.clearTimeout(timer);
      runSearch();
    });

    if (list) {
      list.addEventListener("change", function () {
        var latlng = optionLatLng(list.value);
        if (latlng) { place(latlng, "placed", true); }
      });
    }

    element.addEventListener("map:loaded", function () {
      var layersDrawn = state.layers.some(function (layer) { return layer.getBounds().isValid(); });
      if (pin) {
        map.setView(pin.getLatLng(), PIN_ZOOM, { animate: false });
      } else if (!layersDrawn) {
        fitPlaces();
      }
      picker.dataset.pickerReady = "true";
    });

    if (latitude.value && longitude.value) {
      place(L.latLng(Number(latitude.value), Number(longitude.value)), null, false);
    }
  }

  if (window.BaladiyaMap && typeof L !== "undefined") {
    Array.prototype.forEach.call(document.querySelectorAll("[data-location-picker]"), setup);
  }
}());
