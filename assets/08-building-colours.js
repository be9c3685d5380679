/*
 * urban-twin core: who colours the one buildings layer (twin.buildingColours).
 *
 * A module colours the buildings for a visible layer of its own (heavy rain: the depth at the walls,
 * 11-flood-buildings.js; road noise: the change at the loudest façade, 13-noise-buildings.js) with
 * offer(layerId, {fill, key, kind}): fill(d) -> [r, g, b] of a building record, key a string that
 * changes whenever fill does, kind what the colours mean. Of the offering layers that are visible,
 * the last in layer order wins (the panel lists it last, like a map drawn on top); with none the
 * buildings' own use colours come back. withdraw(layerId) takes an offer back. Buildings drawn as
 * roof and wall faces keep each face's shade (02-faces.js). The root's data-building-colours says
 * which kind is shown ("use", "flood", "noise"): 00-twin.css hides the use legend meanwhile, as
 * its yellows and oranges would read as depths or levels.
 *
 * API (twin.buildingColours): offer(layerId, offer), withdraw(layerId), apply() (after the visible
 * layers changed), lastAmong(ids) -> {id, offer} of the last offering layer among ids (a compare
 * side's, 22-compare-copies.js) or null, baseFill() -> the buildings' own fill accessor, shown() ->
 * the winning key or "base". Hook it announces: buildingColoursChanged(twin) — an offer came or went.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const state = { offers: {}, baseFill: null, shown: "base" };

  function mark(kind) {
    const root = twin.util.root();
    if (root) root.setAttribute("data-building-colours", kind);
  }

  /** The offering layer among `ids` that is last in layer order, or null: {id, offer}. */
  function lastAmong(ids) {
    const set = new Set(ids);
    const found = twin.inLayerOrder(Object.keys(state.offers)).filter(function (id) { return set.has(id); });
    const id = found[found.length - 1];
    return id ? { id: id, offer: state.offers[id] } : null;
  }

  function winner() {
    const found = lastAmong(Object.keys(twin.visible).filter(function (id) { return twin.visible[id] === true; }));
    return found ? found.offer : null;
  }

  function apply() {
    const buildings = twin.liveLayer("buildings");
    if (!buildings) return;
    if (state.baseFill === null) state.baseFill = buildings.props.getFillColor;
    const win = winner(), key = win ? win.key : "base";
    mark(win ? win.kind : "use");
    if (key === state.shown) return;
    state.shown = key;
    const fill = win ? function (d) { return twin.faces.shade(win.fill(d), d); } : state.baseFill;
    twin.updateLayer("buildings", { getFillColor: fill, updateTriggers: { getFillColor: key } });
  }

  twin.buildingColours = {
    offer: function (layerId, offer) {
      const before = state.offers[layerId];
      if (before && before.key === offer.key && before.kind === offer.kind) return;   // the same colours
      state.offers[layerId] = offer;
      apply();
      twin.emit("buildingColoursChanged");
    },
    withdraw: function (layerId) {
      if (!(layerId in state.offers)) return;
      delete state.offers[layerId];
      apply();
      twin.emit("buildingColoursChanged");
    },
    apply: apply,
    lastAmong: lastAmong,
    baseFill: function () {
      const buildings = twin.liveLayer("buildings");
      return state.baseFill || (buildings ? buildings.props.getFillColor : null);
    },
    shown: function () { return state.shown; },
  };

  twin.module("buildingColours", {
    mounted: function () { state.offers = {}; state.baseFill = null; state.shown = "base"; apply(); },
    removed: function () {
      const root = twin.util.root();
      if (root) root.removeAttribute("data-building-colours");
    },
    layersChanged: apply,
  });
})();
