/*
 * urban-twin module "flood": heavy-rain layers on the clock, and their time player (twin.flood).
 *
 * The heavy-rain layers (manifest kind "flood-depth") are TerrainLayers whose `floodMeta` prop
 * (viewer/flood_layers.py) lists depth frames at times after the rain start, and the maximum.
 * Every visible one shows either its maximum or the frame for the clock (06-clock.js): the clock
 * time, as minutes after the event's rain start, picks the last frame at or before it (the first
 * before it). An event's rain starts at RAIN_START_HOUR on the clock's day, so other layers on the
 * same clock (traffic, the sun) show the same moment. In compare and swipe both sides' events
 * follow the one clock, each with its own frames.
 *
 * The velocity and hazard maps (kind "flood-class" with a `floodFrames` prop: texture, frames,
 * frameTimesS) follow the same clock with their own frames, and the maximum with the depth; their
 * legend's "when" line (.legend-when) names the time shown or the event's maxima.
 *
 * The player (shown while a heavy-rain layer is visible) steps through the last visible depth
 * layer, else the last visible velocity or hazard map ("active"): a slider over its frames and
 * "Maximum" (position = number of frames), and a play button that runs the clock one frame per
 * STEP_MS. A newly active layer starts at its maximum.
 *
 * API (twin.flood): active, frame (0 … frames-1, or frames = maximum; null without a flood layer),
 * frameCount(), setFrame(k), play(), stop(), showTime(minutes | "max", {rise}) (a story slide's
 * flood_time; rise lets the water climb to it), activeSpec() (the last visible depth layer: its
 * buildings' colours), floodSpecs() (the depth layers), timedSpecs() (depth and stepped class maps),
 * whenText(id) (a stepped class map's time or "Maxima des Ereignisses", else null).
 * Hook it announces: floodChanged(twin, flood) — the active layer, its frame or the maximum changed.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const STEP_MS = 900;          // real time per frame while playing
  const RISE_STEP_MS = 600;     // real time per frame while the water rises to a slide's time
  const RAIN_START_HOUR = 16;   // an afternoon thunderstorm, on the clock's day
  const BY = "flood";

  const state = { active: null, showMax: true, ui: null, seenTime: null, shown: "" };

  function floodSpecs() { return (twin.spec && twin.spec.layers || []).filter(function (l) { return l.floodMeta; }); }
  function timedSpecs() {
    return (twin.spec && twin.spec.layers || []).filter(function (l) { return l.floodMeta || l.floodFrames; });
  }
  function metaOf(spec) { return spec.floodMeta || spec.floodFrames; }
  function lastVisible(specs) {
    const shown = specs.filter(function (l) { return twin.visible[l.id] === true; });
    return shown.length ? shown[shown.length - 1] : null;
  }

  /** The layer the player steps: the last visible depth layer, else the last visible stepped class map. */
  function playerSpec() {
    return activeSpec() || lastVisible(timedSpecs().filter(function (l) { return !l.floodMeta; }));
  }

  /** The last visible depth layer in layer order (the buildings take its colours; the player prefers it), or null. */
  function activeSpec(ids) {
    const set = ids ? new Set(ids) : null;
    const visible = floodSpecs().filter(function (l) { return set ? set.has(l.id) : twin.visible[l.id] === true; });
    return visible.length ? visible[visible.length - 1] : null;
  }

  function rainStart() { return twin.clock.dayStart() + RAIN_START_HOUR * 3600000; }
  function timeOf(meta, k) { return rainStart() + meta.frameTimesS[k] * 1000; }

  /** The frame of a layer for the clock: the last at or before it (the first before it). */
  function frameAtClock(meta) {
    const seconds = (twin.clock.time - rainStart()) / 1000;
    let k = 0;
    meta.frameTimesS.forEach(function (t, j) { if (t <= seconds + 1e-3) k = j; });
    return k;
  }

  function frame() {
    const spec = playerSpec();
    if (!spec) return null;
    const n = metaOf(spec).frames.length;
    return state.showMax || !n ? n : frameAtClock(metaOf(spec));
  }

  /* The frame a layer shows (null: its maximum). */
  function shownFrame(meta) { return state.showMax || !meta.frames.length ? null : frameAtClock(meta); }

  /** What a stepped class map shows, for its legends (panel, compare sides, print): the time or the maxima. */
  function whenText(id) {
    const spec = timedSpecs().find(function (l) { return l.id === id && l.floodFrames; });
    if (!spec) return null;
    const T = function (key) { return twin.t("flood_" + key); };
    const meta = metaOf(spec), k = shownFrame(meta);
    return k === null ? T("when_max") : T("when_at") + " " + Math.round(meta.frameTimesS[k] / 60) + " " + T("when_after");
  }

  /* The panel legend's line of a stepped class map. */
  function sayWhen(spec, k) {
    const node = document.querySelector('.legend-item[data-layer="' + spec.id + '"] .legend-when');
    if (!node) return;
    setText(node, whenText(spec.id));
    setAttr(node, "data-frame", k === null ? "max" : String(k));
  }

  /* Every visible heavy-rain layer with frames shows its maximum or its frame for the clock. */
  function apply() {
    timedSpecs().forEach(function (spec) {
      if (twin.visible[spec.id] !== true) return;
      const meta = metaOf(spec);
      const k = shownFrame(meta);
      const texture = k === null ? meta.texture : meta.frames[k];
      const live = twin.liveLayer(spec.id);
      if (live && live.props.texture !== texture) twin.updateLayer(spec.id, { texture: texture });
      if (spec.floodFrames) sayWhen(spec, k);
    });
    render();
    const now = [state.active, frame()].join();
    if (now !== state.shown) { state.shown = now; twin.emit("floodChanged", api); twin.emit("shareChanged"); }
  }

  function stopOwnPlay() { if (twin.clock.playing && twin.clock.by === BY) twin.clock.pause(); }

  function setFrame(k) {
    const spec = playerSpec();
    if (!spec) return;
    const meta = metaOf(spec), n = meta.frames.length;
    k = util.clamp(Math.round(k), 0, n);
    stopOwnPlay();
    state.showMax = k >= n;
    if (state.showMax) apply(); else twin.clock.set(timeOf(meta, k));
  }

  function speedFor(meta, stepMs) {
    const n = meta.frameTimesS.length;
    const step = n > 1 ? (meta.frameTimesS[n - 1] - meta.frameTimesS[0]) / (n - 1) : 60;
    return step / (stepMs / 1000);
  }

  /* Run the clock from the first frame to frame `last`, one frame per stepMs. */
  function run(meta, last, stepMs) {
    twin.clock.play({ range: [timeOf(meta, 0), timeOf(meta, last)], speed: speedFor(meta, stepMs), loop: false, by: BY });
  }

  function play() {
    const spec = playerSpec();
    if (!spec || !metaOf(spec).frames.length) return;
    const meta = metaOf(spec), n = meta.frames.length;
    timedSpecs().forEach(function (shown) {   // warm the cache
      if (twin.visible[shown.id] === true) metaOf(shown).frames.forEach(function (url) { fetch(url).catch(function () {}); });
    });
    const k = frame();
    if (k === null || k >= n - 1) setFrame(0);
    state.showMax = false;
    run(meta, n - 1, STEP_MS);
  }

  /** A story slide's flood time: minutes after the rain start (the nearest frame) or "max". */
  function showTime(time, options) {
    const spec = playerSpec();
    if (!spec) return;
    const meta = metaOf(spec), times = meta.frameTimesS || [];
    const target = time === "max" || !times.length ? times.length : util.nearestIndex(times, time * 60);
    if (!(options && options.rise) || target === times.length) { setFrame(target); return; }
    setFrame(0);
    if (target > 0) run(meta, target, RISE_STEP_MS);
  }

  /*
   * The heavy-rain maps with values at every point (viewer/flood_layers.py: pickable in 3D, so a
   * tap on open ground reads where the ray meets them) share the terrain's mesh: only the topmost
   * visible one stays pickable, so a tap or hover renders one mesh for picking, not one per map.
   */
  function pickTopmostMap() {
    const ids = (twin.spec && twin.spec.layers || []).filter(function (l) { return l.pointValues; })
      .map(function (l) { return l.id; });
    const shown = ids.filter(function (id) { return twin.visible[id] === true; });
    ids.forEach(function (id) {
      const live = twin.liveLayer(id), want = id === shown[shown.length - 1] ? "3d" : false;
      if (live && live.props.pickable !== want) twin.updateLayer(id, { pickable: want });
    });
  }

  /* Follow the visible layers: a newly active layer starts at its maximum. */
  function sync() {
    pickTopmostMap();
    const spec = playerSpec();
    const id = spec ? spec.id : null;
    if (id !== state.active) {
      stopOwnPlay();
      state.active = id;
      state.showMax = true;
    }
    if (state.ui) state.ui.box.hidden = !spec;
    apply();
  }

  /* ---- the player ---- */
  function buildUi(own) {
    const T = function (key) { return twin.t("flood_" + key); };
    const box = util.el("div", { id: "flood-player", class: "flood-player", role: "group", "aria-label": T("player") });
    box.hidden = true;
    const button = util.el("button", { id: "flood-play", type: "button", class: "map-button flood-play" }, T("play"));
    const caption = util.el("label", { for: "flood-time" }, T("time"));
    const slider = util.el("input", { id: "flood-time", type: "range", min: "0", max: "0", step: "1", value: "0",
                                      class: "flood-time" });
    const clock = util.el("output", { id: "flood-clock", for: "flood-time", class: "flood-clock" });
    box.append(button, caption, slider, clock);
    own.add(box);
    button.addEventListener("click", function () { if (twin.clock.playing) twin.clock.pause(); else play(); });
    slider.addEventListener("input", function () { setFrame(Number(slider.value)); });
    return { box: box, button: button, slider: slider, clock: clock, T: T };
  }

  function setText(node, text) { if (node.textContent !== text) node.textContent = text; }
  function setAttr(node, name, value) { if (node.getAttribute(name) !== value) node.setAttribute(name, value); }

  function render() {
    const ui = state.ui, spec = playerSpec();
    if (!ui) return;
    setText(ui.button, ui.T(twin.clock.playing ? "pause" : "play"));
    if (!spec) return;
    const meta = metaOf(spec), n = meta.frames.length, k = frame();
    setAttr(ui.slider, "max", String(n));
    if (ui.slider.value !== String(k)) ui.slider.value = String(k);
    setText(ui.clock, k < n ? Math.round(meta.frameTimesS[k] / 60) + " " + ui.T("min") : ui.T("max"));
    setAttr(ui.slider, "aria-valuetext", ui.clock.textContent);
    setAttr(ui.box, "data-frame", String(k));
  }

  const api = {
    get active() { return state.active; },
    get frame() { return frame(); },
    frameCount: function () { const spec = playerSpec(); return spec ? metaOf(spec).frames.length : 0; },
    setFrame: setFrame,
    play: function () { if (!twin.clock.playing) play(); },
    stop: stopOwnPlay,
    showTime: showTime,
    activeSpec: activeSpec,
    floodSpecs: floodSpecs,
    timedSpecs: timedSpecs,
    whenText: whenText,
  };

  twin.module("flood", {
    mounted: function (twin, own) {
      Object.assign(state, { active: null, showMax: true, ui: null, seenTime: twin.clock.time, shown: "" });
      if (!timedSpecs().length) return;
      state.ui = buildUi(own);
      sync();
    },
    restored: function (twin) {
      const time = twin.urlState.time;   // the URL's frame (viewer/urlstate.py), after compare made its sides
      if (Number.isInteger(time) && api.frameCount() > 0) setFrame(Math.min(time, api.frameCount()));
    },
    removed: function () { stopOwnPlay(); state.ui = null; state.active = null; },
    layersChanged: function () { if (timedSpecs().length) sync(); },
    urlParams: function (twin, params) {   // the URL's time: the active layer's frame (40-url.js)
      const k = frame();
      if (state.active && k !== null) params.set("time", String(k)); else params.delete("time");
    },
    clockChanged: function (twin, clock) {
      if (clock.time !== state.seenTime) { state.seenTime = clock.time; state.showMax = false; }
      if (state.active !== null) apply(); else render();
    },
  }, api);
})();
