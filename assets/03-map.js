/*
 * urban-twin core: the map — one deck.gl instance and its layers.
 *
 * The deck JSON arrives once and is converted once. Every later change clones the live layer with
 * the changed props; ids, data URLs and every other prop keep their identity, so deck.gl keeps the
 * loaded data and nothing is fetched again (a toggle only flips `visible`).
 *
 * Compare and swipe show several views of the same layers (05-camera.js: twin.setViews). The
 * sides (twin.setSides) say which view shows which layers; deck.gl draws the union once. A layer
 * may have a copy per view ("buildings~left", twin.setCopies) with props of its own (colours);
 * copies follow their layer's visibility and opacity.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const COPY = "~";
  let copies = {};   // base layer id -> [{id, props}]
  let deckExtras = [];   // elements createDeck added beside the map

  /** The layer a copy stands for ("buildings~left" -> "buildings"). */
  twin.baseId = function (id) { return id.split(COPY)[0]; };

  /* Props the JSON cannot carry: the terrain's loader, the building faces' functions (02-faces.js). */
  function withLoaders(layer) {
    if (layer["@@type"] === "TerrainLayer") return Object.assign({}, layer, { loaders: [twin.terrainLoader] });
    if (layer["@@type"] === "SolidPolygonLayer" && layer._full3d) return Object.assign({}, layer, twin.faces.props());
    return layer;
  }

  function layersJson() {
    return twin.spec.layers.map(function (layer) {
      const copy = Object.assign({}, withLoaders(layer));
      copy.visible = twin.visible[layer.id] !== false;
      if (twin.opacity[layer.id] !== undefined) copy.opacity = twin.opacity[layer.id];
      return copy;
    });
  }

  function cameraOnly(view) {
    const out = {};
    ["longitude", "latitude", "zoom", "pitch", "bearing"].forEach(function (key) {
      if (view && Number.isFinite(view[key])) out[key] = view[key];
    });
    return out;
  }
  twin.cameraOnly = cameraOnly;

  twin._createMap = function (spec) {
    const container = document.getElementById("map");
    twin.spec = spec;
    twin.visible = {};
    twin.sides = null;
    twin.opacity = Object.assign({}, twin.urlState.opacity || {});
    copies = {};
    // The URL's state was validated on the server (viewer/urlstate.py): layers and camera apply here.
    const fromUrl = Array.isArray(twin.urlState.layers) ? new Set(twin.urlState.layers) : null;
    spec.layers.forEach(function (layer) {
      twin.visible[layer.id] = fromUrl ? fromUrl.has(layer.id) : layer.visible !== false;
    });
    const initialViewState = Object.assign({}, spec.initialViewState, cameraOnly(twin.urlState.cam));
    const before = new Set(container.parentElement.children);
    twin.deck = window.createDeck({
      container: container,
      jsonInput: Object.assign({}, spec, { layers: layersJson(), initialViewState: initialViewState }),
      tooltip: false,
      handleEvent: function (type, info) { if (type === "deck-click-event") twin._tap(info); },
      showError: true,
    });
    // pydeck's createDeck puts an element of its own beside the map (its UI overlay): ours to remove.
    deckExtras = Array.from(container.parentElement.children).filter(function (node) { return !before.has(node); });
    twin.baseViews = twin.deck.props.views;
    twin.viewState = Object.assign({}, initialViewState);
    twin.deck.setProps({
      onAfterRender: twin._afterRender,
      onViewStateChange: twin._viewStateChange,
      getCursor: function (s) { return twin._cursor(s); },
    });
    setLayers(twin.deck.props.layers.map(twin.faces.withTint));
  };

  twin._destroyMap = function () {
    if (twin.deck) twin.deck.finalize();
    twin.deck = null;
    const container = document.getElementById("map");
    if (container) { container.replaceChildren(); container.removeAttribute("data-loaded"); }
    deckExtras.forEach(function (node) { node.remove(); });
    deckExtras = [];
    twin.sides = null;
    copies = {};
    twin._resetLoading();
  };

  /** The live deck.gl layer with this id (null if none). */
  twin.liveLayer = function (id) {
    return twin.deck ? (twin.deck.props.layers.find(function (layer) { return layer && layer.id === id; }) || null) : null;
  };

  function setLayers(layers) {
    twin.deck.setProps({ layers: layers });
  }

  /** Change props of a live layer (a clone: its data are kept). */
  twin.updateLayer = function (id, props) {
    if (!twin.deck) return;
    setLayers(twin.deck.props.layers.map(function (layer) { return layer.id === id ? layer.clone(props) : layer; }));
  };

  /**
   * Layers of a module's own (deck.gl layer instances, drawn above the spec's layers; e.g. moving
   * vehicles). They are not in the panel and not toggled with it; they go with the map on unmount.
   */
  twin.addLayers = function (layers) {
    if (!twin.deck) return;
    const ids = new Set(layers.map(function (layer) { return layer.id; }));
    setLayers(twin.deck.props.layers.filter(function (layer) { return !ids.has(layer.id); }).concat(layers));
  };

  twin.removeLayers = function (ids) {
    if (!twin.deck) return;
    const drop = new Set(ids);
    setLayers(twin.deck.props.layers.filter(function (layer) { return !drop.has(layer.id); }));
  };

  /** Ids of the visible layers, in layer order. */
  twin.visibleLayers = function () {
    return (twin.spec ? twin.spec.layers : []).map(function (layer) { return layer.id; })
      .filter(function (id) { return twin.visible[id] === true; });
  };

  /** The given ids in layer order (unknown ids dropped). */
  twin.inLayerOrder = function (ids) {
    const set = new Set(ids);
    return (twin.spec ? twin.spec.layers : []).map(function (l) { return l.id; })
      .filter(function (id) { return set.has(id); });
  };

  /** A layer's opacity (0–1), kept across toggles. */
  twin.setOpacity = function (id, value) {
    if (!(id in twin.visible) || !Number.isFinite(value) || !twin.deck) return;
    twin.opacity[id] = Math.max(0, Math.min(1, value));
    setLayers(twin.deck.props.layers.map(function (layer) {
      return twin.baseId(layer.id) === id ? layer.clone({ opacity: twin.opacity[id] }) : layer;
    }));
    twin.emit("opacityChanged", id);
  };

  /* The visible set changed (the panel, a module, or the compare side being edited). */
  twin._applyVisible = function (on) {
    let sideChanged = false;
    if (twin.sides) {
      // Compare/swipe: the panel edits the active side; deck.gl draws the union, the views'
      // layerFilter decides which view shows which layer.
      const side = twin.sides.active;
      const before = Array.from(twin.sides[side]).sort().join();
      twin.sides[side] = new Set(on);
      sideChanged = before !== Array.from(on).sort().join();
      on = new Set(Array.from(twin.sides.left).concat(Array.from(twin.sides.right)));
      if (sideChanged && twin.deck) twin.deck.setProps({ layerFilter: sideFilter() });
    }
    let changed = false;
    Object.keys(twin.visible).forEach(function (id) {
      if (twin.visible[id] !== on.has(id)) { twin.visible[id] = on.has(id); changed = true; }
    });
    if (!changed && sideChanged && twin.deck) twin.emit("layersChanged");
    if (!changed || !twin.deck) return;
    twin.loaded = false;
    // Clone the live layers: every other prop keeps its identity, so nothing is refetched. Layers
    // that modules added (twin.addLayers) are theirs to show or hide.
    setLayers(twin.deck.props.layers.map(function (layer) {
      const id = twin.baseId(layer.id);
      return id in twin.visible ? layer.clone({ visible: twin.visible[id] }) : layer;
    }));
    twin.toggledAt = performance.now();
    twin.emit("layersChanged");
  };

  /** Make exactly these layers visible (the panel's checkboxes follow). */
  twin.showLayers = function (ids) {
    twin._applyVisible(new Set(ids || []));
    twin.emit("layersShown", Array.from(new Set(ids || [])));
  };

  /* ---- compare sides ---- */
  function sideFilter() {
    const sides = twin.sides;
    return function (ctx) {
      const side = sides && sides[ctx.viewport.id];
      if (!side) return true;
      const id = ctx.layer.id, cut = id.indexOf(COPY);
      if (cut >= 0) return id.slice(cut + 1) === ctx.viewport.id && side.has(id.slice(0, cut));
      if (copies[id]) return false;
      return side.has(id);
    };
  }
  twin._sideFilter = sideFilter;

  /**
   * Two sides (layer id lists) for views named "left" and "right", or null for one map. The panel
   * edits the left side first (twin.chooseSide switches).
   */
  twin.setSides = function (left, right) {
    twin.sides = left
      ? { left: new Set(twin.inLayerOrder(left)), right: new Set(twin.inLayerOrder(right)), active: "left" }
      : null;
    if (twin.deck) twin.deck.setProps({ layerFilter: twin.sides ? sideFilter() : null });
    twin.emit("layersChanged");
  };

  /** Which side the panel edits: its layers become the panel's. */
  twin.chooseSide = function (side) {
    if (!twin.sides || (side !== "left" && side !== "right")) return;
    twin.sides.active = side;
    twin.showLayers(Array.from(twin.sides[side]));
    twin.emit("layersChanged");
  };

  /** A side's layers in layer order (without sides: the visible layers). */
  twin.sideLayers = function (side) {
    return twin.sides ? twin.inLayerOrder(Array.from(twin.sides[side])) : twin.visibleLayers();
  };

  /**
   * Copies of a layer, one per view: list = [{id: "buildings~left", props: {...}}] or null (none).
   * A copy whose props.updateTriggers are unchanged is kept as it is (its colours are not recomputed).
   */
  twin.setCopies = function (baseId, list) {
    if (!twin.deck) return;
    if (list && list.length) copies[baseId] = list; else delete copies[baseId];
    const layers = twin.deck.props.layers;
    const out = [];
    layers.forEach(function (layer) {
      if (!layer || (layer.id.indexOf(COPY) >= 0 && twin.baseId(layer.id) === baseId)) return;
      out.push(layer);
      if (layer.id !== baseId || !copies[baseId]) return;
      copies[baseId].forEach(function (copy) {
        const old = layers.find(function (l) { return l && l.id === copy.id; });
        const key = function (props) { return JSON.stringify((props && props.updateTriggers) || null); };
        const follow = { visible: layer.props.visible, opacity: layer.props.opacity };
        out.push(old && key(old.props) === key(copy.props) ? old.clone(follow)
          : (old || layer).clone(Object.assign({ id: copy.id }, follow, copy.props)));
      });
    });
    twin.deck.setProps({ layers: out, layerFilter: twin.sides ? sideFilter() : twin.deck.props.layerFilter });
  };

  /** Whether a layer has copies now. */
  twin.hasCopies = function (baseId) { return Boolean(copies[baseId]); };
})();
