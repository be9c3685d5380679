/*
 * urban-twin module "noiseBuildings": buildings coloured by the change of road noise at home.
 *
 * A noise layer (manifest kind "noise-buildings"; viewer/noise_layers.py) draws nothing itself: its
 * data URL, which 12-traffic.js switches with the clock's time slice (day or night), holds the colour
 * of each residential building ([{i: building id, c: [r, g, b]}]). While such a layer is visible it
 * offers these colours to twin.buildingColours (08-building-colours.js), buildings without residents
 * in its noiseMeta.otherColour; the roofs and faces of the one buildings layer stay as they are.
 * Each file is fetched once and shared.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const colours = {};   // data URL -> {building id: [r, g, b]}, or the pending promise

  function specs() {
    return (twin.spec && twin.spec.layers || []).filter(function (l) { return l.noiseMeta; });
  }

  function coloursOf(url) {
    if (!colours[url]) {
      colours[url] = fetch(url).then(function (r) { return r.json(); }).then(function (rows) {
        const byId = {};
        rows.forEach(function (row) { byId[row.i] = row.c; });
        colours[url] = byId;
        return byId;
      });
    }
    return Promise.resolve(colours[url]);
  }

  function offerFor(spec) {
    const url = (twin.traffic && twin.traffic.dataOf(spec.id)) || spec.data;
    const other = spec.noiseMeta.otherColour;
    const offer = function (byId) {
      const now = (twin.traffic && twin.traffic.dataOf(spec.id)) || spec.data;
      if (now !== url || twin.visible[spec.id] !== true) return;   // the slice or the panel moved on meanwhile
      twin.buildingColours.offer(spec.id, {
        kind: "noise", key: spec.id + " " + url,
        fill: function (d) { return byId[d.i] || other; },
      });
    };
    const found = colours[url];
    if (found && typeof found.then !== "function") { offer(found); return; }
    // The buildings count as loading until their colours are in (04-loading.js).
    twin.hold("buildings", coloursOf(url).then(offer)).catch(function (err) { console.error("urban-twin noise", err); });
  }

  function sync() {
    specs().forEach(function (spec) {
      if (twin.visible[spec.id] === true) offerFor(spec); else twin.buildingColours.withdraw(spec.id);
    });
  }

  twin.module("noiseBuildings", {
    mounted: sync,
    layersChanged: sync,
    trafficChanged: sync,
  });
})();
