/*
 * urban-twin browser glue: mounts deck.gl (the bundle from the pydeck wheel, served by the app)
 * and keeps everything that must feel instant in the browser: layer visibility, home view, taps.
 *
 * The deck JSON arrives once and is converted once. Toggling a layer clones the live layer with a
 * new `visible` flag; ids, data URLs and every other prop keep their identity, so deck.gl keeps
 * the loaded data and nothing is fetched again.
 */
(function () {
  "use strict";

  const state = {
    deck: null,
    spec: null,
    visible: {},
    frames: 0,
    firstFrameAt: null,   // ms since navigation start, first frame with every visible layer loaded
    lastRenderAt: null,
    loaded: false,
    sides: null,          // compare/swipe: {left: Set, right: Set, active: "left"|"right"} (assets/compare.js)
    linked: false,        // several views sharing one camera (controlled viewState)
    opacity: {},          // layer id -> opacity set by the user (absent = the spec's own)
  };

  /*
   * Terrain mesh loader. The deck.gl bundle's TerrainLayer loader only parses in a web worker that
   * loaders.gl would fetch from a CDN; this one decodes the Terrarium PNG on the main thread and
   * triangulates a regular grid (vertices at pixel centres, texture coordinates by pixel fraction:
   * the texture image shares the elevation image's bounds).
   */
  const MAX_GRID = 320;
  const terrainLoader = {
    name: "Terrain (urban-twin)", id: "twin-terrain", module: "terrain", version: "1",
    worker: false, extensions: ["png"], mimeTypes: ["image/png"], options: {},
    parse: async function (arrayBuffer, options) {
      const opts = (options && options.terrain) || {};
      const decoder = opts.elevationDecoder;
      const [west, south, east, north] = opts.bounds;
      const bitmap = await createImageBitmap(new Blob([arrayBuffer], { type: "image/png" }));
      const w = bitmap.width, h = bitmap.height;
      const canvas = document.createElement("canvas");
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(bitmap, 0, 0);
      const px = ctx.getImageData(0, 0, w, h).data;
      const step = Math.max(1, Math.ceil(Math.max(w, h) / MAX_GRID));
      const cols = [], rows = [];
      for (let i = 0; i < w; i += step) cols.push(i);
      if (cols[cols.length - 1] !== w - 1) cols.push(w - 1);
      for (let j = 0; j < h; j += step) rows.push(j);
      if (rows[rows.length - 1] !== h - 1) rows.push(h - 1);
      const nx = cols.length, ny = rows.length, n = nx * ny;
      const positions = new Float32Array(n * 3), uvs = new Float32Array(n * 2);
      let zmin = Infinity, zmax = -Infinity, k = 0;
      for (let r = 0; r < ny; r++) {
        const j = rows[r], v = (j + 0.5) / h;
        for (let c = 0; c < nx; c++, k++) {
          const i = cols[c], u = (i + 0.5) / w, p = (j * w + i) * 4;
          const z = px[p] * decoder.rScaler + px[p + 1] * decoder.gScaler + px[p + 2] * decoder.bScaler + decoder.offset;
          positions[3 * k] = west + u * (east - west);
          positions[3 * k + 1] = north - v * (north - south);
          positions[3 * k + 2] = z;
          uvs[2 * k] = u; uvs[2 * k + 1] = v;
          if (z < zmin) zmin = z;
          if (z > zmax) zmax = z;
        }
      }
      const indices = new Uint32Array((nx - 1) * (ny - 1) * 6);
      k = 0;
      for (let r = 0; r < ny - 1; r++) {
        for (let c = 0; c < nx - 1; c++) {
          const a = r * nx + c, b = a + 1, d = a + nx, e = d + 1;
          indices[k++] = a; indices[k++] = d; indices[k++] = b;
          indices[k++] = b; indices[k++] = d; indices[k++] = e;
        }
      }
      return {
        loaderData: { header: {} },
        header: { vertexCount: n, boundingBox: [[west, south, zmin], [east, north, zmax]] },
        mode: 4,
        indices: { value: indices, size: 1 },
        attributes: { POSITION: { value: positions, size: 3 }, TEXCOORD_0: { value: uvs, size: 2 } },
      };
    },
  };

  function withLoaders(layer) {
    return layer["@@type"] === "TerrainLayer" ? Object.assign({}, layer, { loaders: [terrainLoader] }) : layer;
  }

  function layersJson() {
    return state.spec.layers.map(function (layer) {
      const copy = Object.assign({}, withLoaders(layer));
      copy.visible = state.visible[layer.id] !== false;
      if (state.opacity[layer.id] !== undefined) copy.opacity = state.opacity[layer.id];
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

  function allVisibleLoaded(deck) {
    const layers = deck.props.layers || [];
    return layers.every(function (layer) { return !layer || !layer.props.visible || layer.isLoaded; });
  }

  function onAfterRender() {
    state.frames += 1;
    state.lastRenderAt = performance.now();
    if (state.deck && allVisibleLoaded(state.deck)) {
      state.loaded = true;
      if (state.firstFrameAt === null) {
        state.firstFrameAt = performance.now();
        document.getElementById("map").setAttribute("data-loaded", "true");
        // Compile the picking shaders now: otherwise the first tap is spent on that and lost.
        setTimeout(function () { state.deck.pickObject({ x: 1, y: 1, radius: 0 }); }, 0);
      }
    } else {
      state.loaded = false;
    }
  }

  // Side copies in compare/swipe ("buildings~left", assets/compare.js) stand for their layer.
  function baseId(id) { return id.split("~")[0]; }

  function onDeckEvent(type, info) {
    if (type !== "deck-click-event") return;
    const object = info && info.object;
    if (!object || !info.layer) return;
    const layerId = baseId(info.layer.root ? info.layer.root.id : info.layer.id.split("-")[0]);
    // Dash renders the attributes (server side, escaped); we only say which feature it is.
    const visible = Object.keys(state.visible).filter(function (id) { return state.visible[id]; });
    window.dash_clientside.set_props("selected-feature",
      { data: { layer: layerId, id: object.i, visible: visible, at: Date.now() } });
  }

  function mount(spec, text, urlState, layerMeta, scenarioMeta) {
    if (!spec) return window.dash_clientside.no_update;
    state.text = text || {};
    state.urlState = urlState || {};
    state.layerMeta = layerMeta || {};        // id -> {label, group, legend, download} in the page language
    state.scenarioMeta = scenarioMeta || [];  // [{id, group, label, layers, metrics}]
    const container = document.getElementById("map");
    if (state.deck) { state.deck.finalize(); state.deck = null; container.innerHTML = ""; }
    state.spec = spec;
    state.visible = {};
    state.sides = null;
    state.linked = false;
    state.opacity = Object.assign({}, state.urlState.opacity || {});
    // The URL's state was validated on the server (viewer/urlstate.py): layers and camera apply here.
    const fromUrl = Array.isArray(state.urlState.layers) ? new Set(state.urlState.layers) : null;
    spec.layers.forEach(function (layer) {
      state.visible[layer.id] = fromUrl ? fromUrl.has(layer.id) : layer.visible !== false;
    });
    const initialViewState = Object.assign({}, spec.initialViewState, cameraOnly(state.urlState.cam));
    state.deck = window.createDeck({
      container: container,
      jsonInput: Object.assign({}, spec, { layers: layersJson(), initialViewState: initialViewState }),
      tooltip: false,
      handleEvent: onDeckEvent,
      showError: true,
    });
    state.baseViews = state.deck.props.views;
    state.viewState = Object.assign({}, initialViewState);
    state.deck.setProps({
      onAfterRender: onAfterRender,
      onViewStateChange: function (change) {
        const view = change.viewState;
        state.viewState = view;
        if (state.linked) {
          // Every view shows this camera: a drag on one side moves the other.
          if (!change.interactionState || !change.interactionState.inTransition) state.flight = null;
          state.deck.setProps({ viewState: Object.assign({}, view) });
        }
        notify("viewStateChanged");
        return view;
      },
      getCursor: function (s) { return s.isDragging ? "grabbing" : (s.isHovering ? "pointer" : "grab"); },
    });
    notify("mounted");
    return "mounted";
  }

  /*
   * Plugins (e.g. assets/flood.js) register with
   *   window.urbanTwinPlugins = (window.urbanTwinPlugins || []).concat(
   *       {mounted(state), visibilityChanged(state), viewStateChanged(state)})
   * and use the public API of `window.urbanTwin` (= state):
   *   state.t(key)                   UI string from viewer/i18n.py (keys with a JS prefix)
   *   state.updateLayer(id, props)   change a live layer (clone: data are kept)
   *   state.flyTo(viewState, ms)     fly the camera (longitude, latitude, zoom, pitch, bearing)
   *   state.showLayers(ids)          make exactly these layers visible, panel checkboxes included
   *   state.visibleLayers()          ids of the visible layers, in layer order
   *   state.viewState                the current camera
   *   state.setViews(views, filter)  several deck.gl views with one linked camera and a layerFilter
   *                                  (assets/compare.js); null returns to the single map view
   *   state.setOpacity(id, value)    a layer's opacity (0–1), kept across toggles
   */
  function plugins() { return window.urbanTwinPlugins || []; }
  function notify(hook) {
    plugins().forEach(function (plugin) {
      if (typeof plugin[hook] === "function") {
        try { plugin[hook](state); } catch (err) { console.error("urban-twin plugin", hook, err); }
      }
    });
  }
  state.updateLayer = function (id, props) {
    if (!state.deck) return;
    state.deck.setProps({ layers: state.deck.props.layers.map(function (layer) {
      return layer.id === id ? layer.clone(props) : layer;
    }) });
  };

  state.t = function (key) {
    return (state.text && state.text[key] !== undefined) ? state.text[key] : key;
  };

  state.visibleLayers = function () {
    return (state.spec ? state.spec.layers : []).map(function (layer) { return layer.id; })
      .filter(function (id) { return state.visible[id] === true; });
  };

  state.flyTo = function (view, ms) {
    if (!state.deck || !view) return;
    if (state.linked) { linkedFlight(view, ms === undefined ? 1500 : ms); return; }
    const target = Object.assign({}, state.viewState, view, {
      transitionDuration: ms === undefined ? 1500 : ms,
      transitionInterpolator: { "@@type": "FlyToInterpolator" },
      flight: Date.now(),   // a new value each time, so deck.gl does not see "the same" view
    });
    window.updateDeck({ initialViewState: target }, state.deck);
    state.viewState = Object.assign({}, state.viewState, view);
  };

  /* Linked views use a controlled camera; a flight interpolates it here (eased, straight line). */
  function linkedFlight(view, ms) {
    const from = cameraOnly(state.viewState), to = Object.assign({}, from, cameraOnly(view));
    const started = performance.now(), flight = {};
    state.flight = flight;
    function step(now) {
      if (state.flight !== flight || !state.linked) return;
      const k = ms > 0 ? Math.min(1, (now - started) / ms) : 1, e = k < 0.5 ? 2 * k * k : 1 - Math.pow(-2 * k + 2, 2) / 2;
      const next = {};
      Object.keys(to).forEach(function (key) { next[key] = from[key] + (to[key] - from[key]) * e; });
      state.viewState = Object.assign({}, state.viewState, next);
      state.deck.setProps({ viewState: Object.assign({}, state.viewState) });
      notify("viewStateChanged");
      if (k < 1) requestAnimationFrame(step); else state.flight = null;
    }
    requestAnimationFrame(step);
  }

  state.setViews = function (views, layerFilter) {
    if (!state.deck) return;
    const camera = Object.assign({}, state.viewState);
    if (views) {
      state.linked = true;
      state.deck.setProps({ views: views, layerFilter: layerFilter || null, viewState: camera });
    } else {
      state.linked = false;
      state.flight = null;
      state.deck.setProps({ views: state.baseViews, layerFilter: null, viewState: null,
                            initialViewState: Object.assign({}, camera, { flight: Date.now() }) });
    }
    state.loaded = false;
  };

  state.setOpacity = function (id, value) {
    if (!(id in state.visible) || !Number.isFinite(value)) return;
    state.opacity[id] = Math.max(0, Math.min(1, value));
    state.updateLayer(id, { opacity: state.opacity[id] });
    notify("viewStateChanged");
  };

  state.showLayers = function (ids) {
    const on = new Set(ids || []);
    applyVisible(on);
    // Keep Dash's checklists (and so legends and metric cards) in step with the map.
    document.querySelectorAll("[id*='layer-toggle']").forEach(function (node) {
      let id;
      try { id = JSON.parse(node.id); } catch (err) { return; }
      if (!id || id.type !== "layer-toggle") return;
      const values = Array.from(node.querySelectorAll("input.toggle-input"))
        .map(function (input) { return input.value; }).filter(function (v) { return on.has(v); });
      window.dash_clientside.set_props(id, { value: values });
    });
  };

  function applyVisible(on) {
    let sideChanged = false;
    if (state.sides) {
      // Compare/swipe: the panel edits the active side; deck.gl draws the union, and the views'
      // layerFilter (assets/compare.js) decides which side shows which layer.
      const side = state.sides.active;
      const before = Array.from(state.sides[side]).sort().join();
      state.sides[side] = new Set(on);
      sideChanged = before !== Array.from(on).sort().join();
      on = new Set(Array.from(state.sides.left).concat(Array.from(state.sides.right)));
      if (sideChanged && state.deck) state.deck.setProps({ layerFilter: state.sides.filter() });
    }
    let changed = false;
    Object.keys(state.visible).forEach(function (id) {
      if (state.visible[id] !== on.has(id)) { state.visible[id] = on.has(id); changed = true; }
    });
    if (!changed && sideChanged && state.deck) notify("visibilityChanged");
    if (!changed || !state.deck) return;
    state.loaded = false;
    // Clone the live layers: every other prop keeps its identity, so nothing is refetched.
    state.deck.setProps({ layers: state.deck.props.layers.map(function (layer) {
      return layer.clone({ visible: state.visible[baseId(layer.id)] !== false });
    }) });
    state.toggledAt = performance.now();
    notify("visibilityChanged");
  }

  // The map reacts in the click itself (capture phase: before React and Dash handle it; a
  // checkbox's new state is already set when its click is dispatched; keyboard toggles click too).
  document.addEventListener("click", function (event) {
    if (!event.target.matches || !event.target.matches("input.toggle-input")) return;
    const on = new Set();
    document.querySelectorAll("input.toggle-input").forEach(function (input) { if (input.checked) on.add(input.value); });
    applyVisible(on);
  }, true);

  function setVisible(groups, scenarioLayers) {
    // Dash clientside callback (pattern-matching ALL): one value list per group checklist.
    // Keeps deck.gl in step with Dash's state (e.g. after a re-render), shows/hides legends and
    // the metrics cards of scenarios with a visible layer.
    const on = new Set([].concat.apply([], groups || []));
    applyVisible(on);
    const outputs = window.dash_clientside.callback_context.outputs_list;
    const legends = outputs[0].map(function (out) { return !on.has(out.id.layer); });
    const cards = outputs[1].map(function (out) {
      const layers = (scenarioLayers || {})[out.id.scenario] || [];
      return !layers.some(function (id) { return on.has(id); });
    });
    return [legends, cards];
  }

  function home(nClicks, view) {
    state.flyTo(view, 1500);
    return nClicks;
  }

  window.urbanTwin = state;
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urbanTwin: { mount: mount, setVisible: setVisible, home: home },
  });
})();
