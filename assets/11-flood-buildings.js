/*
 * urban-twin module "floodBuildings": buildings coloured by the water depth at their walls.
 *
 * While a heavy-rain layer is visible, the buildings take the depth colours of the active event
 * (twin.flood.activeSpec(); its buildings JSON, building id -> depth in m, is fetched once per event
 * and shared), offered to twin.buildingColours (08-building-colours.js: the last visible offering
 * layer wins; the use colours come back when none is visible).
 *
 * API (twin.floodBuildings; 22-compare-copies.js colours each side with it): depthsFor(spec) ->
 * promise of the depths, known(spec) -> the depths if loaded (else null), colourOf(meta, depth m).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const DRY_BUILDING = [226, 226, 226];
  const depths = {};   // event id -> {building id: depth m}, or the pending promise

  function depthsFor(spec) {
    const eventId = spec.floodMeta.eventId;
    if (!depths[eventId]) {
      depths[eventId] = fetch(spec.floodMeta.buildings).then(function (r) { return r.json(); }).then(function (rows) {
        depths[eventId] = rows;
        return rows;
      });
    }
    return Promise.resolve(depths[eventId]);
  }

  function known(spec) {
    const found = depths[spec.floodMeta.eventId];
    return found && typeof found.then !== "function" ? found : null;
  }

  function colourOf(meta, depth) {
    const classes = meta.classes || [];
    let k = -1;
    for (let i = 0; i < classes.length; i++) if (depth >= classes[i]) k = i;
    return k < 0 ? DRY_BUILDING : (meta.buildingColors[k] || DRY_BUILDING);
  }

  let offered = null;   // the heavy-rain layer whose colours are offered

  function colour(spec) {
    if (!spec) {
      if (offered !== null) twin.buildingColours.withdraw(offered);
      offered = null;
      return;
    }
    const meta = spec.floodMeta;
    const apply = function (rows) {
      if (twin.flood.active !== spec.id) return;   // another layer became active meanwhile
      if (offered !== null && offered !== spec.id) twin.buildingColours.withdraw(offered);
      offered = spec.id;
      twin.buildingColours.offer(spec.id, {
        kind: "flood", key: meta.eventId,
        fill: function (d) { return colourOf(meta, rows[d.i] || 0); },
      });
    };
    if (known(spec)) { apply(known(spec)); return; }
    // The buildings count as loading until their colours are in (04-loading.js).
    twin.hold("buildings", depthsFor(spec).then(apply)).catch(function (err) { console.error("urban-twin flood", err); });
  }

  function sync() { if (twin.flood.floodSpecs().length) colour(twin.flood.activeSpec()); }

  twin.module("floodBuildings", {
    mounted: function () { offered = null; sync(); },
    layersChanged: sync,
  }, {
    depthsFor: depthsFor,
    known: known,
    colourOf: colourOf,
  });
})();
