/*
 * urban-twin module "traffic": the traffic layers through the day, on the clock (twin.traffic).
 *
 * A traffic layer computed through the day (manifest kind "traffic-links" with time slices;
 * viewer/traffic_layers.py) carries its slices in the `trafficMeta` prop: key, first hour, the
 * hour after the last (wrapping past midnight: the night 22–6), label and data URL. Every traffic
 * layer draws the slice that holds the clock's hour (06-clock.js), so heavy rain at 16 h shows the
 * afternoon peak's traffic, and a story slide's hour picks its slice.
 *
 * The hour picker sits in the traffic group of the layer panel: a slider over the 24 hours that
 * sets the one clock (no clock of its own) and names the slice it shows. The key-figure cards
 * carry each slice's figures (viewer/layout.py, hidden): the slice drawn is shown.
 *
 * API (twin.traffic): hour (0–23, the clock's), slice (the key drawn now, or null without slices),
 * sliceOf(layerId) (the key a layer draws, or null), sliceAt(meta, h) (the slice holding hour h),
 * dataOf(layerId) (the data URL it draws),
 * setHour(h), specs().
 * Hook it announces: trafficChanged(twin, traffic) — the drawn slice changed.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const HOUR_MS = 3600000;

  // drawn: layer id -> the data URL it was given (deck.gl's props.data holds the loaded rows, not the URL)
  const state = { ui: null, shown: null, drawn: {} };

  function specs() {
    return (twin.spec && twin.spec.layers || []).filter(function (l) {
      return l.trafficMeta && l.trafficMeta.slices && l.trafficMeta.slices.length;
    });
  }

  function hour() { return twin.clock.parts().hour; }

  function holds(entry, h) {
    return entry.start <= entry.end ? (h >= entry.start && h < entry.end) : (h >= entry.start || h < entry.end);
  }

  /** The slice of a layer's meta holding hour h (the first slice if none does). */
  function sliceAt(meta, h) {
    return meta.slices.find(function (entry) { return holds(entry, h); }) || meta.slices[0];
  }

  function sliceOf(layerId) {
    const spec = specs().find(function (l) { return l.id === layerId; });
    return spec ? sliceAt(spec.trafficMeta, hour()).key : null;
  }

  /* Every traffic layer (drawn or not) gets the data of the clock's slice: shown later, it is right. */
  function apply() {
    const h = hour();
    let key = null;
    specs().forEach(function (spec) {
      const entry = sliceAt(spec.trafficMeta, h);
      key = entry.key;
      if (state.drawn[spec.id] !== entry.data && twin.liveLayer(spec.id)) {
        state.drawn[spec.id] = entry.data;
        twin.updateLayer(spec.id, { data: entry.data });
      }
    });
    render(h, key);
    if (key !== state.shown) { state.shown = key; twin.emit("trafficChanged", api); }
  }

  function setHour(h) {
    const target = util.clamp(Math.round(Number(h)), 0, 23);
    if (!Number.isFinite(target)) return;
    twin.clock.set(twin.clock.dayStart() + target * HOUR_MS);
  }

  /* ---- the hour picker, in the traffic group of the panel ---- */
  function trafficFieldset() {
    let found = null;
    document.querySelectorAll("[id*='layer-toggle']").forEach(function (node) {
      let id;
      try { id = JSON.parse(node.id); } catch (err) { return; }
      if (id && id.type === "layer-toggle" && id.group === "verkehr") found = node.closest("fieldset");
    });
    return found;
  }

  function buildUi(own) {
    const parent = trafficFieldset();
    if (!parent) return null;
    const T = function (key) { return twin.t("traffic_" + key); };
    const box = util.el("div", { id: "traffic-time", class: "traffic-time", role: "group", "aria-label": T("time") });
    const caption = util.el("label", { for: "traffic-hour", class: "traffic-caption" }, T("hour"));
    const slider = util.el("input", { id: "traffic-hour", type: "range", min: "0", max: "23", step: "1", value: "0",
                                      class: "traffic-hour" });
    const out = util.el("output", { id: "traffic-slice", for: "traffic-hour", class: "traffic-slice" });
    box.append(caption, slider, out);
    own.add(box, parent);
    own.listen(slider, "input", function () { setHour(slider.value); });
    return { box: box, slider: slider, out: out };
  }

  function showSliceFigures(key) {
    document.querySelectorAll(".metrics-card .slice-figures").forEach(function (node) {
      const hide = node.getAttribute("data-slice") !== key;
      if (node.hidden !== hide) node.hidden = hide;
    });
  }

  function render(h, key) {
    showSliceFigures(key);
    const ui = state.ui;
    if (!ui) return;
    if (ui.slider.value !== String(h)) ui.slider.value = String(h);
    const spec = specs()[0];
    const entry = spec ? sliceAt(spec.trafficMeta, h) : null;
    const text = String(h).padStart(2, "0") + ":00 · " + (entry && entry.label ? util.pick(entry.label) : key);
    if (ui.out.textContent !== text) ui.out.textContent = text;
    ui.slider.setAttribute("aria-valuetext", text);
    ui.box.setAttribute("data-slice", key || "");
    ui.box.setAttribute("data-hour", String(h));
  }

  const api = {
    get hour() { return hour(); },
    get slice() { return state.shown; },
    sliceOf: sliceOf,
    sliceAt: sliceAt,
    dataOf: function (layerId) { return state.drawn[layerId] || null; },
    setHour: setHour,
    specs: specs,
  };

  twin.module("traffic", {
    mounted: function (twin, own) {
      state.ui = null;
      state.shown = null;
      state.drawn = {};
      specs().forEach(function (spec) { state.drawn[spec.id] = spec.data; });   // the spec's own file
      if (!specs().length) return;
      state.ui = buildUi(own);
      apply();
    },
    removed: function () { state.ui = null; state.shown = null; state.drawn = {}; },
    layersChanged: function () { if (specs().length) apply(); },
    clockChanged: function () { if (specs().length) apply(); },
  }, api);
})();
