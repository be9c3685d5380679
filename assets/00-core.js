/*
 * urban-twin in the browser — the core. Read this first.
 *
 * WHAT THIS IS
 * The page draws a 3D city with deck.gl (the bundle from the pydeck wheel, served by the app). The
 * server renders the HTML around the map (top bar, layer panel) and sends the map's layer spec;
 * everything that happens on the map happens in the script files of assets/. The server sends
 * them in file-name order (Dash serves assets/ sorted by name), so each name starts with its place:
 *
 *   00–09  the core: this namespace and its hooks (00), helpers (01), the buildings' roof and
 *          wall faces (02-faces) and the terrain loader (02),
 *          the map and its layers (03), loaded state (04), camera and views (05), the clock (06),
 *          the tool mode (07), and the page glue (09) — the only file that knows about Dash:
 *          it calls twin.mount() once the page has sent the spec, and keeps the panel in step.
 *   10–99  modules, one concern each: layers on the clock — heavy rain (10, 11), traffic (12) —,
 *          compare and swipe (2x), panel tools (3x), the shareable URL (40), presentation (5x),
 *          kiosk (60) and its operator exit (61), recovery from a lost WebGL context (90).
 *
 * A file may use what files with lower numbers define, never what higher ones do, while it
 * loads. Stylesheets follow the same scheme (00-twin.css, 10-flood.css, ...).
 *
 * WHERE THE STATE LIVES
 * On one object, window.urbanTwin (`twin` in every file):
 *   twin.deck            the deck.gl instance (null until mounted)
 *   twin.spec            the map's deck.gl JSON as the server sent it (never changed)
 *   twin.visible         layer id -> shown?            twin.opacity   layer id -> opacity the user set
 *   twin.sides           compare/swipe: {left: Set, right: Set, active: "left"|"right"}, else null
 *   twin.viewState       the camera now                twin.baseViews the spec's own deck.gl views
 *   twin.clock           the one clock: local date and time, play/pause, speed, loop (06-clock.js)
 *   twin.tool            the tool that takes taps on the map ("inspect" unless a tool is on)
 *   twin.frames, twin.lastRenderAt, twin.firstFrameAt, twin.loaded, twin.layerStatus(id)
 *                        what deck.gl has drawn (04-loading.js)
 *   twin.text, twin.urlState, twin.layerMeta, twin.scenarioMeta, twin.pageMode
 *                        what the page sent with the spec (read only)
 *
 * WHO MAY CHANGE IT
 * Only the core writes these fields. Modules read them freely and change them through the core's
 * methods — twin.showLayers, twin.setOpacity, twin.updateLayer, twin.setCopies, twin.addLayers,
 * twin.setSides, twin.chooseSide, twin.flyTo, twin.setViews, twin.clock.set/play/pause,
 * twin.setTool, twin.hold — which tell the modules through the hooks below. A module keeps its
 * own state in its own file and publishes what others may use as twin.<name> (twin.flood,
 * twin.compare, twin.story, twin.kiosk, ...).
 *
 * HOW A MODULE PLUGS IN
 *   twin.module("name", {mounted(twin, own) {...}, layersChanged(twin) {...}, ...}, api);
 * Hooks run in load order (removed: in reverse); an error in one is logged and the others run.
 * A module hears hooks only while it is mounted: from its own `mounted` until its `removed` (so
 * what an earlier module does in its `mounted` reaches a later one as state, not as a hook).
 *   mounted(twin, own)   the map exists with the page's layers, camera and opacity; build your part
 *                        of the page. Everything added through `own` is undone after `removed`:
 *                        own.add(node) (into the map area; own.remove(node) takes it out earlier),
 *                        own.listen(target, type, fn, options),
 *                        own.every(ms, fn), own.later(ms, fn), own.onRemove(fn); own.alive says
 *                        whether this mount still stands (check it in late promise callbacks).
 *   restored(twin, own)  after every module's `mounted`: apply saved state that needs other
 *                        modules set up first (the URL's flood time after compare made its sides,
 *                        a presentation's first slide after its panel exists).
 *   removed(twin)        the map is about to go (twin.unmount, or a new spec): undo what you did.
 *   layersChanged(twin)  the visible layers or the compare sides changed.
 *   layersShown(twin, ids)  a module (not the panel) chose the visible layers: the panel follows.
 *   viewChanged(twin)    the camera moved.          opacityChanged(twin, id)  a layer's opacity.
 *   clockChanged(twin, clock)   the clock's time, speed or play state changed.
 *   toolChanged(twin, name, previous)   another tool takes the taps.
 *   firstFrame(twin)     the first frame (of this mount) with every visible layer loaded is drawn.
 *   layerLoaded(twin, id)   a visible layer finished loading (all its parts).
 *   shareChanged(twin)   a module's part of the shareable URL changed (40-url.js rewrites it).
 *   urlParams(twin, params)  40-url.js is writing the URL: set your parameters in the
 *                        URLSearchParams (compare: mode, split; flood: time).
 * The page glue mounts the map once (twin.mount(page)); twin.unmount() and twin.remount() take it
 * down and build it again from the same page (after a lost WebGL context, say), so every module
 * must leave nothing behind in `removed` and build everything again in `mounted`.
 * A module may announce hooks of its own with twin.emit(name, ...args); its header lists them
 * (compareChanged in 20-compare.js, floodChanged in 10-flood.js, slideChanged and slideShown in
 * 50-story.js). A module registered after the map is mounted gets mounted and restored at once.
 *
 * THE PAGE'S TEST CONTRACT (tests/e2e, bench/): twin.firstFrameAt (ms since navigation start,
 * first frame with every visible layer loaded; null before), twin.frames, twin.lastRenderAt,
 * twin.loaded, #map[data-loaded="true"] from the first such frame, and the methods named above.
 */
(function () {
  "use strict";

  const twin = {
    deck: null,
    spec: null,
    visible: {},
    opacity: {},
    sides: null,
    viewState: null,
    baseViews: null,
    tool: "inspect",
    frames: 0,
    firstFrameAt: null,
    lastRenderAt: null,
    loaded: false,
    text: {},
    urlState: {},
    layerMeta: {},
    scenarioMeta: [],
    pageMode: "map",
  };
  window.urbanTwin = twin;

  const modules = [];
  let mountedNow = false;
  let lastPage = null;

  /* What a module adds while mounted, undone when the map goes (listeners, intervals and onRemove
     callbacks in reverse order, then the elements). An element taken out earlier with own.remove
     and a timeout that has run are forgotten at once: a module that rebuilds a part again and
     again (compare's overlay on every swipe of the kiosk loop) must not pile up dead ones. */
  function makeOwn(name) {
    const undo = [];
    const nodes = new Set();
    const timeouts = new Set();
    function guarded(fn) {
      try { fn(); } catch (err) { console.error("urban-twin", name, "cleanup", err); }
    }
    const own = {
      alive: true,
      add: function (node, parent) {
        const into = parent || (document.getElementById("map") || {}).parentElement;
        if (into) into.appendChild(node);
        nodes.add(node);
        return node;
      },
      remove: function (node) {
        if (!node) return;
        nodes.delete(node);
        node.remove();
      },
      listen: function (target, type, fn, options) {
        target.addEventListener(type, fn, options);
        undo.push(function () { target.removeEventListener(type, fn, options); });
      },
      every: function (ms, fn) {
        const id = setInterval(fn, ms);
        undo.push(function () { clearInterval(id); });
        return id;
      },
      later: function (ms, fn) {
        const id = setTimeout(function () { timeouts.delete(id); fn(); }, ms);
        timeouts.add(id);
        return id;
      },
      onRemove: function (fn) { undo.push(fn); },
      dispose: function () {
        own.alive = false;
        timeouts.forEach(function (id) { clearTimeout(id); });
        timeouts.clear();
        while (undo.length) guarded(undo.pop());
        nodes.forEach(function (node) { guarded(function () { node.remove(); }); });
        nodes.clear();
      },
    };
    return own;
  }

  function call(entry, hook, args) {
    const fn = entry.hooks[hook];
    if (typeof fn !== "function") return;
    try { fn.apply(entry.hooks, [twin].concat(args)); } catch (err) { console.error("urban-twin", entry.name, hook, err); }
  }

  function mountModule(entry) {
    entry.own = makeOwn(entry.name);
    call(entry, "mounted", [entry.own]);
  }

  /** Register a module: its hooks, and its public API as twin[name] (if given). */
  twin.module = function (name, hooks, api) {
    if (modules.some(function (m) { return m.name === name; })) throw new Error("urban-twin: module " + name + " twice");
    const entry = { name: name, hooks: hooks || {}, own: null };
    modules.push(entry);
    if (api) twin[name] = api;
    if (mountedNow) { mountModule(entry); call(entry, "restored", [entry.own]); }
    return api;
  };

  /** Call a hook on every mounted module (in load order), with (twin, ...args). */
  twin.emit = function (hook) {
    const args = Array.prototype.slice.call(arguments, 1);
    modules.slice().forEach(function (entry) { if (entry.own) call(entry, hook, args); });
  };

  /* The map's own start and end (03-map.js fills these in). */
  twin._createMap = null;
  twin._destroyMap = null;

  /**
   * Mount the map: page = {spec, text, urlState, layerMeta, scenarioMeta, pageMode} (what the page
   * sent). A mounted map is unmounted first. Then every module's mounted, then restored.
   */
  twin.mount = function (page) {
    twin.unmount();
    lastPage = page;
    twin.text = page.text || {};
    twin.urlState = page.urlState || {};
    twin.layerMeta = page.layerMeta || {};
    twin.scenarioMeta = page.scenarioMeta || [];
    twin.pageMode = page.pageMode || "map";
    twin._createMap(page.spec);
    mountedNow = true;
    modules.forEach(mountModule);
    modules.forEach(function (entry) { call(entry, "restored", [entry.own]); });
  };

  /** Take the map down: every module's removed (in reverse order), their `own` undone, deck.gl finalized. */
  twin.unmount = function () {
    if (!mountedNow) return;
    mountedNow = false;
    modules.slice().reverse().forEach(function (entry) {
      call(entry, "removed", []);
      if (entry.own) { entry.own.dispose(); entry.own = null; }
    });
    twin._destroyMap();
  };

  /** Mount the map again from what the page sent last (e.g. after the WebGL context was lost). */
  twin.remount = function () { if (lastPage) twin.mount(lastPage); };

  /** A UI string of the page language (viewer/i18n.py sends those with a JS prefix); the key if unknown. */
  twin.t = function (key) {
    return (twin.text && twin.text[key] !== undefined) ? twin.text[key] : key;
  };
})();
