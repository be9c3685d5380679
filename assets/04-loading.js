/*
 * urban-twin core: what deck.gl has drawn, and which layers are loaded.
 *
 * After every frame: twin.frames counts it, twin.lastRenderAt is its time, twin.loaded says
 * whether every visible layer was loaded in it. The first loaded frame of the page sets
 * twin.firstFrameAt (ms since navigation start); the first of every mount sets
 * #map[data-loaded="true"] and calls the modules' firstFrame hook (a watchdog plugs in there).
 *
 * Per layer, twin.layerStatus(id) = {visible, loaded, done, total}: `done` of `total` parts are in.
 * A plain layer is one part. A tiled layer (deck.gl TileLayer, MVTLayer: state.tileset) has one part
 * per tile it needs for the current view, so it turns unloaded again while new tiles come in.
 * A module that loads something a layer needs by itself (e.g. the depths its colours come from)
 * says so with twin.hold(layerId, promise): the layer counts as loading until the promise settles.
 * A layer that turns loaded calls the layerLoaded hook.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  let status = {};   // layer id -> {visible, loaded, done, total}
  let holds = {};    // layer id -> number of pending holds
  let drawnLoaded = false;   // this mount has drawn a frame with every visible layer loaded
  let warmed = "";           // the visible pickable layers whose picking shaders are compiled

  function partsOf(layer) {
    const tiles = layer.state && layer.state.tileset && layer.state.tileset.selectedTiles;
    if (Array.isArray(tiles)) {
      return { done: tiles.filter(function (tile) { return tile.isLoaded; }).length, total: tiles.length };
    }
    return { done: layer.isLoaded ? 1 : 0, total: 1 };
  }

  function measure() {
    const next = {};
    let all = true;
    (twin.deck.props.layers || []).forEach(function (layer) {
      if (!layer) return;
      const id = layer.id, pending = holds[twin.baseId(id)] || 0;
      const parts = partsOf(layer);
      const entry = { visible: Boolean(layer.props.visible), loaded: layer.isLoaded && pending === 0,
                      done: parts.done, total: parts.total + pending };
      next[id] = entry;
      if (entry.visible && !entry.loaded) all = false;
    });
    const before = status;
    status = next;
    Object.keys(next).forEach(function (id) {
      if (next[id].visible && next[id].loaded && !(before[id] && before[id].visible && before[id].loaded)) {
        twin.emit("layerLoaded", id);
      }
    });
    return all;
  }

  twin._afterRender = function () {
    twin.frames += 1;
    twin.lastRenderAt = performance.now();
    if (!twin.deck) return;
    twin.loaded = measure();
    if (twin.loaded && !drawnLoaded) {
      drawnLoaded = true;
      if (twin.firstFrameAt === null) twin.firstFrameAt = performance.now();
      document.getElementById("map").setAttribute("data-loaded", "true");
      twin.emit("firstFrame");
    }
    if (twin.loaded) warmPicking();
  };

  /*
   * Compile the picking shaders of the visible pickable layers once they are loaded (and again when
   * that set changes, e.g. a heavy-rain map pickable in 3D is shown): otherwise the first tap on
   * them is spent on that and lost. A pick at the map's centre, deferred out of deck.gl's render
   * callback (not an ordering between scripts).
   */
  function warmPicking() {
    const pickable = (twin.deck.props.layers || []).filter(function (layer) {
      return layer && layer.props.visible && layer.props.pickable;
    });
    const key = pickable.map(function (layer) { return layer.id; }).join();
    if (key === warmed) return;
    warmed = key;
    const in3d = pickable.some(function (layer) { return layer.props.pickable === "3d"; });
    setTimeout(function () {
      const deck = twin.deck, canvas = deck && (deck.getCanvas ? deck.getCanvas() : deck.canvas);
      if (!deck || !canvas) return;
      deck.pickObject({ x: canvas.clientWidth / 2, y: canvas.clientHeight / 2, radius: 0, unproject3D: in3d });
    }, 0);
  }

  twin._resetLoading = function () {
    status = {};
    holds = {};
    drawnLoaded = false;
    warmed = "";
    twin.loaded = false;
  };

  /** {visible, loaded, done, total} of a layer as of the last frame (null if unknown). */
  twin.layerStatus = function (id) {
    return status[id] ? Object.assign({}, status[id]) : null;
  };

  /** The layer counts as loading until the promise settles; returns the promise. */
  twin.hold = function (layerId, promise) {
    holds[layerId] = (holds[layerId] || 0) + 1;
    twin.loaded = false;
    const deck = twin.deck;
    const release = function () {
      if (twin.deck !== deck) return;   // the map was remounted meanwhile
      holds[layerId] -= 1;
      if (!holds[layerId]) delete holds[layerId];
      deck.redraw("hold released");     // a frame that measures the layer again
    };
    promise.then(release, release);
    return promise;
  };
})();
