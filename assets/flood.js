/*
 * urban-twin plugin for the heavy-rain layers (manifest kind "flood-depth", drawn by
 * viewer/flood_layers.py as TerrainLayers that carry a `floodMeta` prop).
 *
 * While a flood layer is visible (the last visible one in the layer order counts):
 *  - the buildings are coloured by the water depth at their walls in that event (its buildings
 *    JSON is fetched once per event); the normal colours come back when no flood layer is visible;
 *  - a time slider with a play button steps the layer's texture through its depth frames
 *    (cloning the live layer with a new `texture` URL; position "Maximum" shows the max depth);
 *  - a tap on a building shows its flood row too: the tap reports the visible layers and the
 *    flood layer's table "extends" the buildings (see viewer/features.py).
 * All text is set with textContent.
 */
(function () {
  "use strict";

  const STEP_MS = 900;
  const DRY_BUILDING = [226, 226, 226];

  const flood = {
    active: null,        // id of the flood layer the slider and building colours follow
    frame: null,         // index into frames, or frames.length for "Maximum"
    depths: {},          // event id -> {building id: depth m} (or a pending promise)
    baseFill: null,      // the buildings layer's own getFillColor accessor
    coloured: null,      // event id the buildings are coloured by
    timer: null,
    ui: null,
  };
  window.urbanTwinFlood = flood;

  function text(key) { return window.urbanTwin.t("flood_" + key); }

  function floodSpecs(state) {
    return (state.spec && state.spec.layers || []).filter(function (layer) { return layer.floodMeta; });
  }

  function activeSpec(state) {
    const visible = floodSpecs(state).filter(function (layer) { return state.visible[layer.id] === true; });
    return visible.length ? visible[visible.length - 1] : null;
  }

  function liveLayer(state, id) {
    return state.deck ? state.deck.props.layers.find(function (layer) { return layer && layer.id === id; }) : null;
  }

  /* ---- buildings coloured by the depth at their walls ---- */
  /* Public (assets/compare.js colours its side copies with these): one fetch per event, shared. */
  flood.depthsFor = function (spec) {
    const eventId = spec.floodMeta.eventId;
    if (!flood.depths[eventId]) {
      flood.depths[eventId] = fetch(spec.floodMeta.buildings).then(function (r) { return r.json(); }).then(function (rows) {
        flood.depths[eventId] = rows;
        return rows;
      });
    }
    return Promise.resolve(flood.depths[eventId]);
  };
  flood.buildingColour = buildingColour;
  function buildingColour(meta, depth) {
    const classes = meta.classes || [];
    let k = -1;
    for (let i = 0; i < classes.length; i++) if (depth >= classes[i]) k = i;
    return k < 0 ? DRY_BUILDING : (meta.buildingColors[k] || DRY_BUILDING);
  }

  /* The root's data-building-colours says what the buildings show ("use" or "flood"); while they
     show depths, assets/twin.css hides the use legend (the flood legend lists the depth colours). */
  function markColours(what) {
    const root = document.querySelector(".twin");
    if (root) root.setAttribute("data-building-colours", what);
  }

  function colourBuildings(state, spec) {
    const buildings = liveLayer(state, "buildings");
    if (!buildings) return;
    if (flood.baseFill === null) flood.baseFill = buildings.props.getFillColor;
    if (!spec) {
      if (flood.coloured !== null) {
        flood.coloured = null;
        state.updateLayer("buildings", { getFillColor: flood.baseFill, updateTriggers: { getFillColor: "base" } });
      }
      markColours("use");
      return;
    }
    const meta = spec.floodMeta;
    const eventId = meta.eventId;
    const apply = function () {
      if (flood.active !== spec.id) return;  // another layer became active meanwhile
      const depths = flood.depths[eventId];
      flood.coloured = eventId;
      markColours("flood");
      state.updateLayer("buildings", {
        getFillColor: function (d) { return buildingColour(meta, depths[d.i] || 0); },
        updateTriggers: { getFillColor: eventId },
      });
    };
    const known = flood.depths[eventId];
    if (known && typeof known.then !== "function") { apply(); return; }
    flood.depthsFor(spec).then(apply).catch(function (err) { console.error("urban-twin flood", err); });
  }

  /* ---- time slider ---- */
  function el(tag, props) {
    const node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) { node.setAttribute(key, props[key]); });
    return node;
  }

  function show(box, on) {
    box.hidden = !on;
    box.style.display = on ? "flex" : "none";  // the inline flex layout would override [hidden]
  }

  function buildUi() {
    const map = document.getElementById("map");
    if (!map || !map.parentElement) return null;
    const old = document.getElementById("flood-player");
    if (old) old.remove();
    const box = el("div", { id: "flood-player", role: "group" });
    box.setAttribute("aria-label", text("player"));
    Object.assign(box.style, {
      position: "absolute", left: "50%", bottom: "12px", transform: "translateX(-50%)", zIndex: "2",
      display: "flex", alignItems: "center", gap: "12px", padding: "6px 14px", background: "#ffffff",
      border: "1px solid #d8d6cf", borderRadius: "8px", boxShadow: "0 1px 4px rgba(0,0,0,.2)", fontSize: "15px",
    });
    show(box, false);
    const button = el("button", { id: "flood-play", type: "button", class: "map-button" });
    Object.assign(button.style, { position: "static", minWidth: "120px", minHeight: "48px", boxShadow: "none" });
    button.textContent = text("play");
    const caption = el("label", { for: "flood-time" });
    caption.textContent = text("time");
    const slider = el("input", { id: "flood-time", type: "range", min: "0", max: "0", step: "1", value: "0" });
    Object.assign(slider.style, { width: "260px", height: "48px", margin: "0", accentColor: "#0b5cad", touchAction: "none" });
    const clock = el("output", { id: "flood-clock", for: "flood-time" });
    Object.assign(clock.style, { minWidth: "84px", fontVariantNumeric: "tabular-nums" });
    box.append(button, caption, slider, clock);
    map.parentElement.appendChild(box);
    return { box: box, button: button, slider: slider, clock: clock };
  }

  function stop() {
    if (flood.timer !== null) { clearInterval(flood.timer); flood.timer = null; }
    if (flood.ui) flood.ui.button.textContent = text("play");
  }

  function setFrame(state, k) {
    const spec = activeSpec(state);
    if (!spec || !flood.ui) return;
    const meta = spec.floodMeta;
    const n = meta.frames.length;
    k = Math.max(0, Math.min(n, k));
    flood.frame = k;
    state.updateLayer(spec.id, { texture: k < n ? meta.frames[k] : meta.texture });
    flood.ui.slider.value = String(k);
    const minutes = k < n ? Math.round(meta.frameTimesS[k] / 60) : null;
    flood.ui.clock.textContent = minutes === null ? text("max") : minutes + " " + text("min");
    flood.ui.slider.setAttribute("aria-valuetext", flood.ui.clock.textContent);
    flood.ui.box.setAttribute("data-frame", String(k));
  }

  function play(state) {
    const spec = activeSpec(state);
    if (!spec) return;
    if (flood.timer !== null) { stop(); return; }
    const n = spec.floodMeta.frames.length;
    if (!n) return;
    spec.floodMeta.frames.forEach(function (url) { fetch(url).catch(function () {}); });  // warm the cache
    if (flood.frame === null || flood.frame >= n - 1) setFrame(state, 0);
    flood.ui.button.textContent = text("pause");
    flood.timer = setInterval(function () {
      if (flood.frame >= n - 1) { stop(); return; }
      setFrame(state, flood.frame + 1);
    }, STEP_MS);
  }

  function sync(state) {
    const spec = activeSpec(state);
    const id = spec ? spec.id : null;
    if (id !== flood.active) {
      stop();
      if (flood.active !== null) {  // leave the previous layer showing its maximum
        const old = floodSpecs(state).find(function (layer) { return layer.id === flood.active; });
        if (old) state.updateLayer(old.id, { texture: old.floodMeta.texture });
      }
      flood.active = id;
      flood.frame = null;
      if (spec && flood.ui) {
        flood.ui.slider.max = String(spec.floodMeta.frames.length);
        setFrame(state, spec.floodMeta.frames.length);
      }
    }
    if (flood.ui) show(flood.ui.box, !!spec);
    colourBuildings(state, spec);
  }

  /* Public: the time position of the active flood layer (0..frames-1, or frames = "Maximum"). */
  flood.setFrame = function (k) { stop(); setFrame(window.urbanTwin, k); };
  flood.frameCount = function () {
    const spec = activeSpec(window.urbanTwin);
    return spec ? spec.floodMeta.frames.length : 0;
  };
  flood.play = function () { if (flood.timer === null) play(window.urbanTwin); };
  flood.stop = stop;

  window.urbanTwinPlugins = (window.urbanTwinPlugins || []).concat({
    mounted: function (state) {
      stop();
      flood.active = null; flood.frame = null; flood.baseFill = null; flood.coloured = null;
      if (!floodSpecs(state).length) return;
      flood.ui = buildUi();
      if (flood.ui) {
        flood.ui.button.addEventListener("click", function () { play(state); });
        flood.ui.slider.addEventListener("input", function () { stop(); setFrame(state, Number(flood.ui.slider.value)); });
      }
      sync(state);
    },
    visibilityChanged: function (state) { if (floodSpecs(state).length) sync(state); },
  });
})();
