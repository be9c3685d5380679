/*
 * urban-twin module "floodBuildings": buildings coloured by the water depth at their walls.
 *
 * While a heavy-rain layer is visible, the buildings take the depth colours of the active event
 * (twin.flood.activeSpec(); its buildings JSON, building id -> depth in m, is fetched once per event
 * and shared); the use colours come back when no heavy-rain layer is visible. Buildings drawn as
 * roof and wall faces keep each face's shade (02-faces.js: twin.faces.shade). The root's
 * data-building-colours says which ("use" or "flood"): 00-twin.css hides the use legend meanwhile,
 * as its yellows and oranges would read as depths.
 *
 * API (twin.floodBuildings; 22-compare-copies.js colours each side with it): depthsFor(spec) ->
 * promise of the depths, known(spec) -> the depths if loaded (else null), colourOf(meta, depth m),
 * baseFill() -> the buildings' own fill accessor.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const DRY_BUILDING = [226, 226, 226];
  const depths = {};   // event id -> {building id: depth m}, or the pending promise
  const state = { baseFill: null, coloured: null };

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

  function markColours(what) {
    const root = twin.util.root();
    if (root) root.setAttribute("data-building-colours", what);
  }

  function colour(spec) {
    const buildings = twin.liveLayer("buildings");
    if (!buildings) return;
    if (state.baseFill === null) state.baseFill = buildings.props.getFillColor;
    if (!spec) {
      if (state.coloured !== null) {
        state.coloured = null;
        twin.updateLayer("buildings", { getFillColor: state.baseFill, updateTriggers: { getFillColor: "base" } });
      }
      markColours("use");
      return;
    }
    const meta = spec.floodMeta;
    const apply = function (rows) {
      if (twin.flood.active !== spec.id) return;   // another layer became active meanwhile
      state.coloured = meta.eventId;
      markColours("flood");
      twin.updateLayer("buildings", {
        getFillColor: function (d) { return twin.faces.shade(colourOf(meta, rows[d.i] || 0), d); },
        updateTriggers: { getFillColor: meta.eventId },
      });
    };
    if (known(spec)) { apply(known(spec)); return; }
    // The buildings count as loading until their colours are in (04-loading.js).
    twin.hold("buildings", depthsFor(spec).then(apply)).catch(function (err) { console.error("urban-twin flood", err); });
  }

  function sync() { if (twin.flood.floodSpecs().length) colour(twin.flood.activeSpec()); }

  twin.module("floodBuildings", {
    mounted: function () { state.baseFill = null; state.coloured = null; sync(); },
    removed: function () {
      const root = twin.util.root();
      if (root) root.removeAttribute("data-building-colours");
    },
    layersChanged: sync,
  }, {
    depthsFor: depthsFor,
    known: known,
    colourOf: colourOf,
    baseFill: function () {
      const buildings = twin.liveLayer("buildings");
      return state.baseFill || (buildings ? buildings.props.getFillColor : null);
    },
  });
})();
