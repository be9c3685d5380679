/*
 * urban-twin plugin: compare (side by side), swipe, per-layer opacity, the A/B difference panel,
 * the shareable URL state, and export (PNG of the view, data of the visible scenario layer).
 *
 * One deck.gl instance, one copy of the data. Compare and swipe are two views over the same
 * layers with one linked camera (assets/twin.js: state.setViews): each view's `layerFilter`
 * shows its side's layers, so a layer visible on both sides is loaded and kept once.
 *  - compare: two MapViews, left and right halves, each centred on the shared camera;
 *  - swipe: two views that together are one picture: each is the full-size camera clipped to its
 *    part of the canvas (an off-centre projection, see SwipeMapView), like deck.gl's
 *    SplitterWidget idea of "two views, one viewState" but without recentring the halves, and with
 *    a divider that mouse, touch and arrow keys move.
 *
 * Public API (used by assets/kiosk.js and assets/story.js; swipe works in any page mode):
 *   window.urbanTwinCompare.enterSwipe(leftIds, rightIds, fraction)
 *   window.urbanTwinCompare.setDivider(fraction)
 *   window.urbanTwinCompare.exit()        back to the single map with the layers visible before
 *
 * The URL (viewer/urlstate.py documents it) is rewritten with history.replaceState while the view
 * changes (throttled), except in the modes present and kiosk. All text is set with textContent.
 */
(function () {
  "use strict";

  const URL_WRITE_MS = 400;
  const SPLIT_MIN = 0.05, SPLIT_MAX = 0.95, KEY_STEP = 0.02, PAGE_STEP = 0.1;
  const NO_URL_MODES = ["present", "kiosk"];

  const cmp = {
    pageMode: "map",   // the mode the page was opened in (data-mode of .twin)
    mode: "map",       // what is shown now: map | compare | swipe
    split: 0.5,
    previous: null,    // visible layers before enterSwipe() from the single map
    ui: null,
    urlTimer: null,
    lastUrl: null,
  };

  function st() { return window.urbanTwin; }
  function T(key) { return st().t("compare_" + key); }
  function root() { return document.querySelector(".twin"); }
  function lang() { const r = root(); return (r && r.getAttribute("lang")) || "de"; }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clampSplit(f) {
    f = Number(f);
    return Number.isFinite(f) ? Math.max(SPLIT_MIN, Math.min(SPLIT_MAX, f)) : 0.5;
  }

  /* ---- numbers in the page language (German: decimal comma) ---- */
  function formatNumber(value, decimals) {
    if (decimals === null || decimals === undefined) decimals = Number.isInteger(value) ? 0 : 1;
    return new Intl.NumberFormat(lang() === "de" ? "de-DE" : "en-GB",
      { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
  }
  cmp.formatNumber = formatNumber;

  /* ---- views ---- */
  let SwipeMapView = null;
  function swipeViewClass() {
    if (SwipeMapView) return SwipeMapView;
    const MapView = window.deck.MapView, Viewport = window.deck.WebMercatorViewport;
    // A MapView drawn into part of the canvas, with the projection of the whole canvas: the
    // full-size perspective is shifted and scaled in x so that this part shows exactly the pixels
    // it would show in the full view. Picking and panning use the same viewport, so they agree.
    SwipeMapView = class extends MapView {
      makeViewport(opts) {
        const part = super.makeViewport(opts);
        if (!part || !part.width) return part;
        const view = this.filterViewState(opts.viewState);
        const full = new Viewport(Object.assign({}, view, this.props, { x: 0, y: 0, width: opts.width, height: opts.height }));
        const W = opts.width, w = part.width, x0 = part.x;
        const a = W / w, b = (W - 2 * x0 - w) / w;
        const m = Array.from(full.projectionMatrix);
        [0, 4, 8, 12].forEach(function (i) { m[i] = a * m[i] + b * m[i + 3]; });
        return new Viewport(Object.assign({}, view, this.props,
          { x: part.x, y: part.y, width: part.width, height: part.height, projectionMatrix: m }));
      }
    };
    return SwipeMapView;
  }

  function controller() {
    const base = st().baseViews && st().baseViews[0];
    return (base && base.props.controller) || true;
  }

  function pct(f) { return (Math.round(f * 10000) / 100) + "%"; }

  function makeViews(mode, split) {
    if (mode === "compare") {
      const MapView = window.deck.MapView;
      return [new MapView({ id: "left", x: 0, y: 0, width: "50%", height: "100%", controller: controller() }),
              new MapView({ id: "right", x: "50%", y: 0, width: "50%", height: "100%", controller: controller() })];
    }
    const View = swipeViewClass();
    return [new View({ id: "left", x: 0, y: 0, width: pct(split), height: "100%", controller: controller() }),
            new View({ id: "right", x: pct(split), y: 0, width: pct(1 - split), height: "100%", controller: controller() })];
  }

  /* Each side draws its own copy of the buildings ("buildings~left", "buildings~right"), coloured by
   * the heavy-rain event shown on that side (assets/flood.js colours the one "buildings" layer by
   * one event, which would put B's colours on A). The copies share the data URL (cached). */
  const SIDE_COPY = "~";
  function makeFilter() {
    const sides = st().sides;
    return function (ctx) {
      const side = sides && sides[ctx.viewport.id];
      if (!side) return true;
      const id = ctx.layer.id, cut = id.indexOf(SIDE_COPY);
      if (cut >= 0) return id.slice(cut + 1) === ctx.viewport.id && side.has(id.slice(0, cut));
      if (id === "buildings" && cmp.copies) return false;
      return side.has(id);
    };
  }

  function sideFlood(side) {
    const ids = new Set(sideIds(side));
    const specs = (st().spec ? st().spec.layers : []).filter(function (l) { return l.floodMeta && ids.has(l.id); });
    return specs.length ? specs[specs.length - 1] : null;
  }

  /* The event's depths at the buildings, from assets/flood.js's shared cache (null until loaded;
   * the copies are coloured again when they arrive). */
  function depthsOf(spec) {
    const flood = window.urbanTwinFlood;
    if (!flood || !spec.floodMeta.buildings) return null;
    const known = flood.depths[spec.floodMeta.eventId];
    if (known && typeof known.then !== "function") return known;
    flood.depthsFor(spec).then(syncCopies).catch(function (err) { console.error("urban-twin compare", err); });
    return null;
  }

  /* The flood player (assets/flood.js) steps one flood layer; a different event on the other side
   * follows it to the same time (its frame with the nearest time, or its maximum). */
  function mirrorFloodTime() {
    const s = st(), flood = window.urbanTwinFlood;
    if (!s.sides || !flood || !flood.active || flood.frame === null || flood.frame === undefined) return;
    const active = s.spec.layers.find(function (l) { return l.id === flood.active; });
    if (!active) return;
    const n = active.floodMeta.frames.length, k = flood.frame;
    const seconds = k < n ? active.floodMeta.frameTimesS[k] : null;
    ["left", "right"].forEach(function (side) {
      const spec = sideFlood(side);
      if (!spec || spec.id === flood.active) return;
      const meta = spec.floodMeta;
      let texture = meta.texture;
      if (seconds !== null && meta.frames.length) {
        let best = 0;
        meta.frameTimesS.forEach(function (t, j) { if (Math.abs(t - seconds) < Math.abs(meta.frameTimesS[best] - seconds)) best = j; });
        texture = meta.frames[best];
      }
      const live = s.deck.props.layers.find(function (l) { return l && l.id === spec.id; });
      if (live && live.props.texture !== texture) s.updateLayer(spec.id, { texture: texture });
    });
  }

  function watchFloodPlayer() {
    const player = document.getElementById("flood-player");
    if (cmp.floodObserver) cmp.floodObserver.disconnect();
    cmp.floodObserver = null;
    if (!player) return;
    cmp.floodObserver = new MutationObserver(function () { mirrorFloodTime(); scheduleUrl(); });
    cmp.floodObserver.observe(player, { attributes: true, attributeFilter: ["data-frame"] });
  }

  function syncCopies() {
    const s = st();
    if (!s.deck) return;
    const layers = s.deck.props.layers;
    const base = layers.find(function (l) { return l && l.id === "buildings"; });
    const wanted = !!(s.sides && base);
    const hasCopies = layers.some(function (l) { return l && l.id.indexOf(SIDE_COPY) >= 0; });
    if (!wanted) {
      cmp.copies = false;
      if (hasCopies) s.deck.setProps({ layers: layers.filter(function (l) { return l && l.id.indexOf(SIDE_COPY) < 0; }) });
      return;
    }
    const baseFill = (window.urbanTwinFlood && window.urbanTwinFlood.baseFill) || base.props.getFillColor;
    const props = {};
    ["left", "right"].forEach(function (side) {
      const spec = sideFlood(side), depths = spec ? depthsOf(spec) : null;
      const key = spec && depths ? spec.id : "base";
      props[side] = key === "base"
        ? { getFillColor: baseFill, updateTriggers: { getFillColor: "base" } }
        : { getFillColor: function (d) { return window.urbanTwinFlood.buildingColour(spec.floodMeta, depths[d.i] || 0); },
            updateTriggers: { getFillColor: key } };
    });
    const out = [];
    layers.forEach(function (layer) {
      if (!layer || layer.id.indexOf(SIDE_COPY) >= 0) return;
      out.push(layer);
      if (layer.id !== "buildings") return;
      ["left", "right"].forEach(function (side) {
        const id = "buildings" + SIDE_COPY + side;
        const old = layers.find(function (l) { return l && l.id === id; });
        const same = old && old.props.updateTriggers && old.props.updateTriggers.getFillColor === props[side].updateTriggers.getFillColor;
        // A copy follows its base layer's visibility and opacity (the opacity slider edits "buildings").
        const follow = { visible: layer.props.visible, opacity: layer.props.opacity };
        out.push(same ? old.clone(follow) : (old || layer).clone(Object.assign({ id: id }, follow, props[side])));
      });
    });
    cmp.copies = true;
    s.deck.setProps({ layers: out, layerFilter: makeFilter() });
  }

  function layerOrder(ids) {
    const set = new Set(ids);
    return (st().spec ? st().spec.layers : []).map(function (l) { return l.id; }).filter(function (id) { return set.has(id); });
  }

  function enter(mode, left, right, split) {
    const s = st();
    if (!s || !s.deck || !window.deck) return;
    left = layerOrder(left); right = layerOrder(right);
    cmp.mode = mode;
    cmp.split = clampSplit(split);
    s.sides = { left: new Set(left), right: new Set(right), active: "left", filter: makeFilter };
    s.setViews(makeViews(mode, cmp.split), makeFilter());
    s.showLayers(left);   // deck.gl gets the union; the panel shows side A
    markSide("left");
    const r = root();
    if (r) r.setAttribute("data-view", mode);
    buildOverlay();
    refresh();
  }

  function leave(ids) {
    const s = st();
    if (!s || !s.deck) return;
    s.sides = null;
    cmp.mode = "map";
    s.setViews(null);
    const r = root();
    if (r) r.setAttribute("data-view", "map");
    removeOverlay();
    s.showLayers(ids);
    refresh();
  }

  function setSplit(f) {
    cmp.split = clampSplit(f);
    if (cmp.mode !== "swipe") return;
    st().deck.setProps({ views: makeViews("swipe", cmp.split) });
    placeDivider();
    scheduleUrl();
  }

  /* ---- the side switch in the panel (A / B): the checkboxes edit that side ---- */
  function markSide(side) {
    ["left", "right"].forEach(function (name) {
      const button = document.getElementById("side-" + name);
      if (button) button.setAttribute("aria-pressed", String(name === side));
    });
  }

  function chooseSide(side) {
    const s = st();
    if (!s.sides || (side !== "left" && side !== "right")) return;
    s.sides.active = side;
    markSide(side);
    s.showLayers(Array.from(s.sides[side]));
    refresh();
  }

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(".side-button");
    if (button) chooseSide(button.getAttribute("data-side"));
    const exportButton = event.target.closest && event.target.closest("#export-png");
    if (exportButton) exportPng();
  });

  /* ---- overlay on the map: side labels, per-side legends, divider ---- */
  function removeOverlay() {
    const old = document.getElementById("compare-overlay");
    if (old) old.remove();
    cmp.ui = null;
  }

  function buildOverlay() {
    removeOverlay();
    const map = document.getElementById("map");
    if (!map || !map.parentElement || cmp.mode === "map") return;
    const box = el("div", { id: "compare-overlay", class: "compare-overlay compare-" + cmp.mode });
    const labelA = el("div", { class: "side-label side-a", id: "side-label-left" });
    const labelB = el("div", { class: "side-label side-b", id: "side-label-right" });
    const legendA = el("div", { class: "side-legend side-a", id: "side-legend-left", role: "group" });
    const legendB = el("div", { class: "side-legend side-b", id: "side-legend-right", role: "group" });
    legendA.setAttribute("aria-label", T("left_map"));
    legendB.setAttribute("aria-label", T("right_map"));
    box.append(labelA, labelB, legendA, legendB);
    let divider = null;
    if (cmp.mode === "swipe") {
      divider = el("div", { id: "swipe-divider", class: "swipe-divider", role: "slider", tabindex: "0",
                            "aria-valuemin": "5", "aria-valuemax": "95", "aria-orientation": "horizontal" });
      divider.setAttribute("aria-label", T("divider"));
      divider.append(el("div", { class: "swipe-grip", "aria-hidden": "true" }, "◀ ▶"));
      box.append(divider);
      wireDivider(divider);
    } else {
      box.append(el("div", { class: "compare-line", "aria-hidden": "true" }));
    }
    map.parentElement.appendChild(box);
    cmp.ui = { box: box, labels: [labelA, labelB], legends: [legendA, legendB], divider: divider };
    placeDivider();
  }

  function placeDivider() {
    if (!cmp.ui) return;
    const f = cmp.mode === "swipe" ? cmp.split : 0.5;
    cmp.ui.box.style.setProperty("--split", (f * 100) + "%");
    if (cmp.ui.divider) {
      const value = Math.round(cmp.split * 100);
      cmp.ui.divider.setAttribute("aria-valuenow", String(value));
      cmp.ui.divider.setAttribute("aria-valuetext", value + " %");
    }
  }

  function wireDivider(divider) {
    let dragging = false;
    function moveTo(clientX) {
      const rect = document.getElementById("map").getBoundingClientRect();
      if (rect.width > 0) setSplit((clientX - rect.left) / rect.width);
    }
    divider.addEventListener("pointerdown", function (event) {
      dragging = true;
      divider.setPointerCapture(event.pointerId);
      divider.classList.add("active");
      event.preventDefault();
      event.stopPropagation();
    });
    divider.addEventListener("pointermove", function (event) {
      if (dragging) { moveTo(event.clientX); event.preventDefault(); }
    });
    function end(event) {
      if (!dragging) return;
      dragging = false;
      divider.classList.remove("active");
      try { divider.releasePointerCapture(event.pointerId); } catch (err) { /* already released */ }
    }
    divider.addEventListener("pointerup", end);
    divider.addEventListener("pointercancel", end);
    divider.addEventListener("keydown", function (event) {
      const steps = { ArrowLeft: -KEY_STEP, ArrowDown: -KEY_STEP, ArrowRight: KEY_STEP, ArrowUp: KEY_STEP,
                      PageDown: -PAGE_STEP, PageUp: PAGE_STEP };
      if (event.key in steps) setSplit(cmp.split + steps[event.key]);
      else if (event.key === "Home") setSplit(SPLIT_MIN);
      else if (event.key === "End") setSplit(SPLIT_MAX);
      else return;
      event.preventDefault();
      event.stopPropagation();   // the map's keyboard controller must not pan as well
    });
  }

  /* ---- what each side shows: scenarios, legends, metrics ---- */
  function sideIds(side) {
    const s = st();
    if (s.sides) return layerOrder(Array.from(s.sides[side]));
    return s.visibleLayers();
  }

  function scenariosOf(ids) {
    const set = new Set(ids);
    return (st().scenarioMeta || []).filter(function (sc) { return sc.layers.some(function (id) { return set.has(id); }); });
  }

  function scenarioName(ids) {
    const found = scenariosOf(ids);
    return found.length ? found.map(function (sc) { return sc.label; }).join(" + ") : T("base_map");
  }

  function legendInto(box, ids) {
    box.replaceChildren();
    const meta = st().layerMeta || {};
    ids.forEach(function (id) {
      const layer = meta[id];
      if (!layer || !layer.legend.length) return;
      const block = el("div", { class: "legend-block" });
      block.append(el("h4", {}, layer.label));
      const list = el("ul");
      layer.legend.forEach(function (item) {
        const li = el("li");
        const swatch = el("span", { class: "swatch" });
        swatch.style.backgroundColor = "rgb(" + item.color.map(Number).join(",") + ")";
        li.append(swatch, el("span", {}, item.label));
        list.append(li);
      });
      block.append(list);
      box.append(block);
    });
  }

  /* The legends beside a map: its scenario layers' (the base layers' are in the panel), or, with
   * no scenario visible, every visible layer's. */
  function legendIds(ids) {
    const inScenario = new Set([].concat.apply([], (st().scenarioMeta || []).map(function (sc) { return sc.layers; })));
    const scen = ids.filter(function (id) { return inScenario.has(id); });
    return scen.length ? scen : ids;
  }

  function renderOverlay() {
    if (!cmp.ui) return;
    ["left", "right"].forEach(function (side, k) {
      const ids = sideIds(side);
      cmp.ui.labels[k].textContent = (k ? "B · " : "A · ") + scenarioName(ids);
      legendInto(cmp.ui.legends[k], legendIds(ids));
    });
  }

  /* Key figures of A and B: per scenario group, the scenario shown on each side (or, where a side
   * shows none, the baseline of the other side's scenario: value − delta). */
  function metricRows() {
    const a = scenariosOf(sideIds("left")), b = scenariosOf(sideIds("right"));
    const groups = [];
    a.concat(b).forEach(function (sc) { if (groups.indexOf(sc.group) < 0) groups.push(sc.group); });
    const out = [];
    groups.forEach(function (group) {
      const sa = a.filter(function (sc) { return sc.group === group; }).pop() || null;
      const sb = b.filter(function (sc) { return sc.group === group; }).pop() || null;
      const keys = [];
      (sa ? sa.metrics : []).concat(sb ? sb.metrics : []).forEach(function (m) { if (keys.indexOf(m.key) < 0) keys.push(m.key); });
      const rows = keys.map(function (key) {
        const ma = sa && sa.metrics.find(function (m) { return m.key === key; });
        const mb = sb && sb.metrics.find(function (m) { return m.key === key; });
        const pick = function (m, other) {
          if (m) return m.value;
          if (other && other.delta !== null && other.delta !== undefined) return other.value - other.delta;
          return null;
        };
        const va = pick(ma, mb), vb = pick(mb, ma), m = ma || mb;
        return { label: m.label, unit: m.unit, decimals: m.decimals, a: va, b: vb,
                 diff: va !== null && vb !== null ? vb - va : null };
      }).filter(function (row) { return row.a !== null || row.b !== null; });
      out.push({ a: sa ? sa.label : T("baseline"), b: sb ? sb.label : T("baseline"), rows: rows });
    });
    return out;
  }
  cmp.metricRows = metricRows;

  function renderMetrics() {
    const box = document.getElementById("compare-metrics");
    if (!box || cmp.mode === "map") return;
    const groups = metricRows();
    box.replaceChildren();
    if (!groups.length) { box.append(el("p", { class: "hint" }, T("metrics_hint"))); return; }
    const number = function (v, row, signed) {
      if (v === null) return "–";
      const text = formatNumber(v, row.decimals) + (row.unit ? " " + row.unit : "");
      return signed && v > 0 ? "+" + text : text;
    };
    groups.forEach(function (group) {
      const table = el("table", { class: "metrics-table diff-table" });
      const head = el("tr");
      head.append(el("th", { scope: "col" }, ""), el("th", { scope: "col", title: group.a }, "A"),
                  el("th", { scope: "col", title: group.b }, "B"), el("th", { scope: "col" }, T("difference")));
      const thead = el("thead"); thead.append(head);
      const body = el("tbody");
      group.rows.forEach(function (row) {
        const tr = el("tr");
        tr.append(el("th", { scope: "row" }, row.label), el("td", {}, number(row.a, row)), el("td", {}, number(row.b, row)),
                  el("td", { class: "delta" }, number(row.diff, row, true)));
        body.append(tr);
      });
      table.append(thead, body);
      const card = el("div", { class: "metrics-card diff-card" });
      card.append(el("p", { class: "diff-names" }, "A: " + group.a), el("p", { class: "diff-names" }, "B: " + group.b), table);
      box.append(card);
    });
  }

  /* ---- per-layer opacity ---- */
  function renderOpacity() {
    const box = document.getElementById("opacity-panel");
    if (!box) return;
    const s = st();
    const ids = s.visibleLayers();
    const focused = document.activeElement && document.activeElement.getAttribute("data-layer");
    box.replaceChildren();
    ids.forEach(function (id) {
      const meta = (s.layerMeta || {})[id];
      if (!meta) return;
      const value = Math.round(100 * (s.opacity[id] !== undefined ? s.opacity[id] : 1));
      const row = el("div", { class: "opacity-row" });
      const inputId = "opacity-" + id;
      // The caption is not a <label>: "Gebäude" must keep naming the layer's checkbox alone.
      const label = el("span", { class: "opacity-caption", "aria-hidden": "true" }, meta.label);
      const input = el("input", { type: "range", min: "0", max: "100", step: "5", id: inputId, "data-layer": id,
                                  class: "opacity-input" });
      input.setAttribute("aria-label", T("opacity_of").replace("{}", meta.label));
      input.value = String(value);
      input.setAttribute("aria-valuetext", value + " %");
      const out = el("output", { for: inputId, class: "opacity-value" }, value + " %");
      input.addEventListener("input", function () {
        const v = Number(input.value);
        s.setOpacity(id, v / 100);
        out.textContent = v + " %";
        input.setAttribute("aria-valuetext", v + " %");
        scheduleUrl();
      });
      row.append(label, input, out);
      box.append(row);
      if (focused === id) input.focus();
    });
  }

  /* ---- data download of the visible scenario layer ---- */
  function renderDownload() {
    const link = document.getElementById("download-data");
    if (!link) return;
    const s = st(), meta = s.layerMeta || {};
    const ids = s.visibleLayers().filter(function (id) { return meta[id] && meta[id].download; });
    const id = legendIds(ids).pop();   // the last visible scenario layer, else the last layer
    link.hidden = !id;
    if (!id) return;
    link.setAttribute("href", "/api/download/" + encodeURIComponent(id) + ".csv");
    link.setAttribute("download", id + ".csv");
    link.setAttribute("data-layer", id);
    link.setAttribute("aria-label", T("download_label").replace("{}", meta[id].label));
  }

  /* ---- PNG export: the deck canvas plus title, scenario names and legends on a 2D canvas ---- */
  function legendEntries(ids) {
    const meta = st().layerMeta || {};
    const rows = [];
    ids.forEach(function (id) {
      const layer = meta[id];
      if (!layer || !layer.legend.length) return;
      rows.push({ title: layer.label });
      layer.legend.forEach(function (item) { rows.push({ label: item.label, color: item.color }); });
    });
    return rows;
  }

  function composeExport() {
    const s = st();
    if (!s.deck) return null;
    s.deck.redraw(true);   // draw now: the WebGL buffer is read in this same task
    const src = s.deck.getCanvas ? s.deck.getCanvas() : s.deck.canvas;
    const W = src.width, H = src.height, k = W / (src.clientWidth || W);
    const blocks = cmp.mode === "map"
      ? [{ name: scenarioName(sideIds("left")), rows: legendEntries(legendIds(sideIds("left"))) }]
      : [{ name: "A · " + scenarioName(sideIds("left")), rows: legendEntries(legendIds(sideIds("left"))) },
         { name: "B · " + scenarioName(sideIds("right")), rows: legendEntries(legendIds(sideIds("right"))) }];
    const line = 20 * k, colW = 240 * k, pad = 14 * k, header = 64 * k;
    const blockW = W / blocks.length;
    const cols = Math.max(1, Math.floor((blockW - pad) / colW));
    const perCol = Math.max(1, Math.max.apply(null, blocks.map(function (b) { return Math.ceil(b.rows.length / cols); })));
    const legendH = pad * 2 + line * (1 + perCol);
    const out = document.createElement("canvas");
    out.width = W; out.height = Math.round(header + H + legendH);
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, header, W, H);
    const font = "system-ui, 'DejaVu Sans', sans-serif";
    ctx.fillStyle = "#1c232b";
    ctx.font = "600 " + Math.round(22 * k) + "px " + font;
    ctx.textBaseline = "top";
    const h1 = document.querySelector(".topbar h1");
    ctx.fillText(h1 ? h1.textContent : document.title, pad, 10 * k);
    ctx.font = Math.round(16 * k) + "px " + font;
    ctx.fillStyle = "#46505c";
    ctx.fillText(blocks.map(function (b) { return b.name; }).join("   |   "), pad, 38 * k);
    if (cmp.mode !== "map") {
      const x = Math.round(W * (cmp.mode === "swipe" ? cmp.split : 0.5));
      ctx.fillStyle = "#ffffff"; ctx.fillRect(x - 2 * k, header, 4 * k, H);
      ctx.fillStyle = "#1c232b"; ctx.fillRect(x - 0.5 * k, header, 1 * k, H);
    }
    const top = header + H + pad;
    blocks.forEach(function (block, b) {
      let x0 = b * blockW + pad;
      ctx.fillStyle = "#1c232b";
      ctx.font = "600 " + Math.round(14 * k) + "px " + font;
      ctx.fillText(block.name, x0, top);
      let row = 1, col = 0;
      block.rows.forEach(function (item) {
        if (row > perCol) { row = 1; col += 1; }
        const x = x0 + col * colW, y = top + row * line;
        if (item.title) {
          ctx.fillStyle = "#1c232b"; ctx.font = "600 " + Math.round(13 * k) + "px " + font;
          ctx.fillText(item.title, x, y + 2 * k, colW - 8 * k);
        } else {
          ctx.fillStyle = "rgb(" + item.color.map(Number).join(",") + ")";
          ctx.fillRect(x, y + 2 * k, 14 * k, 14 * k);
          ctx.strokeStyle = "rgba(0,0,0,.35)"; ctx.strokeRect(x - 0.5, y + 2 * k - 0.5, 14 * k + 1, 14 * k + 1);
          ctx.fillStyle = "#1c232b"; ctx.font = Math.round(13 * k) + "px " + font;
          ctx.fillText(item.label, x + 22 * k, y + 2 * k, colW - 30 * k);
        }
        row += 1;
      });
    });
    return { canvas: out, header: header, mapHeight: H, legendTop: header + H };
  }
  cmp.composeExport = composeExport;

  function exportPng() {
    const composed = composeExport();
    if (!composed) return;
    composed.canvas.toBlob(function (blob) {
      if (!blob) return;
      const a = el("a", { download: "urban-twin-" + cmp.mode + ".png" });
      a.href = URL.createObjectURL(blob);
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 5000);
    }, "image/png");
  }

  /* ---- the URL: written while the view changes, read on the server (viewer/urlstate.py) ---- */
  function round(v, d) { const f = Math.pow(10, d); return Math.round(v * f) / f; }

  function stateParams() {
    const s = st();
    const params = new URLSearchParams(window.location.search);
    params.set("mode", cmp.mode);
    params.set("lang", lang());
    params.set("layers", sideIds("left").join(","));
    if (s.sides) params.set("right", sideIds("right").join(","));
    const v = s.viewState || {};
    if (["longitude", "latitude", "zoom", "pitch", "bearing"].every(function (key) { return Number.isFinite(v[key]); })) {
      params.set("cam", [round(v.longitude, 6), round(v.latitude, 6), round(v.zoom, 2), round(v.pitch, 1),
                         round(((v.bearing + 540) % 360) - 180, 1)].join(","));
    }
    const flood = window.urbanTwinFlood;
    if (flood && flood.active && flood.frame !== null && flood.frame !== undefined) params.set("time", String(flood.frame));
    else params.delete("time");
    if (cmp.mode === "swipe") params.set("split", String(round(cmp.split, 3)));
    else params.delete("split");
    const op = Object.keys(s.opacity || {}).filter(function (id) { return s.opacity[id] < 1; })
      .map(function (id) { return id + ":" + round(s.opacity[id], 2); });
    if (op.length) params.set("opacity", op.join(",")); else params.delete("opacity");
    return params;
  }

  function writeUrl() {
    cmp.urlTimer = null;
    const s = st();
    if (!s || !s.deck || NO_URL_MODES.indexOf(cmp.pageMode) >= 0) return;
    const params = stateParams();
    const query = "?" + params.toString();
    if (query === cmp.lastUrl) return;
    cmp.lastUrl = query;
    window.history.replaceState(window.history.state, "", window.location.pathname + query);
    // Mode and language links carry the rest of the state.
    document.querySelectorAll(".mode-link").forEach(function (link) {
      const p = new URLSearchParams(params);
      p.set("mode", link.id.replace("mode-link-", ""));
      link.setAttribute("href", "?" + p.toString());
    });
    const langLink = document.getElementById("lang-switch");
    if (langLink) {
      const p = new URLSearchParams(params);
      p.set("lang", lang() === "de" ? "en" : "de");
      langLink.setAttribute("href", "?" + p.toString());
    }
  }

  function scheduleUrl() {
    if (cmp.urlTimer === null) cmp.urlTimer = setTimeout(writeUrl, URL_WRITE_MS);
  }
  cmp.writeUrl = writeUrl;

  function refresh() {
    syncCopies();
    mirrorFloodTime();
    renderOverlay();
    renderMetrics();
    renderOpacity();
    renderDownload();
    scheduleUrl();
  }

  /* ---- public API ---- */
  window.urbanTwinCompare = {
    enterSwipe: function (leftIds, rightIds, fraction) {
      const s = st();
      if (!s || !s.deck) return;
      if (cmp.mode === "map") cmp.previous = s.visibleLayers();
      enter("swipe", leftIds || [], rightIds || [], fraction === undefined ? 0.5 : fraction);
    },
    setDivider: function (fraction) { setSplit(fraction); },
    exit: function () {
      if (cmp.mode === "map") return;
      const ids = cmp.previous || sideIds("left");
      cmp.previous = null;
      leave(ids);
    },
    get mode() { return cmp.mode; },
    get split() { return cmp.split; },
    _internal: cmp,
  };

  window.urbanTwinPlugins = (window.urbanTwinPlugins || []).concat({
    mounted: function (s) {
      const r = root();
      cmp.pageMode = (r && r.getAttribute("data-mode")) || "map";
      cmp.mode = "map";
      cmp.previous = null;
      cmp.lastUrl = null;
      removeOverlay();
      const url = s.urlState || {};
      if (cmp.pageMode === "compare" || cmp.pageMode === "swipe") {
        const left = s.visibleLayers();
        enter(cmp.pageMode, left, Array.isArray(url.right) ? url.right : left, url.split);
      } else {
        refresh();
      }
      // After the other plugins' mounted hooks (the flood player): the URL's time position.
      setTimeout(function () {
        const flood = window.urbanTwinFlood;
        if (Number.isInteger(url.time) && flood && flood.frameCount() > 0) flood.setFrame(Math.min(url.time, flood.frameCount()));
        watchFloodPlayer();
        mirrorFloodTime();
        scheduleUrl();
      }, 0);
    },
    visibilityChanged: function () { refresh(); },
    viewStateChanged: function () { scheduleUrl(); },
  });
})();
