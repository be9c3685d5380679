/*
 * urban-twin module "compare": side by side and swipe (twin.compare).
 *
 * One deck.gl instance, one copy of the data. Compare and swipe are two views ("left", "right")
 * over the same layers with one linked camera (05-camera.js: twin.setViews); the sides
 * (03-map.js: twin.setSides) say which layers each view shows, so a layer on both sides is loaded
 * and kept once.
 *  - compare: two MapViews, left and right halves, each centred on the shared camera;
 *  - swipe: two views that together are one picture: each is the full-size camera clipped to its
 *    part of the canvas (an off-centre projection, see SwipeMapView), like deck.gl's
 *    SplitterWidget idea of "two views, one viewState" but without recentring the halves.
 * The panel's "Links (A)" / "Rechts (B)" buttons choose which side the layer checkboxes edit.
 * The overlay (labels, legends, divider) is 21-compare-overlay.js, the per-side building colours
 * 22-compare-copies.js, the A/B key figures 23-compare-metrics.js.
 *
 * API (twin.compare; used by the kiosk and the story; swipe works in any page mode):
 *   enterSwipe(leftIds, rightIds, fraction), setDivider(fraction),
 *   exit() — back to the single map with the layers visible before, mode, split.
 * Hook it announces: compareChanged(twin, compare) — the mode or the divider changed.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const SPLIT_MIN = 0.05, SPLIT_MAX = 0.95;

  const cmp = {
    mode: "map",       // what is shown now: map | compare | swipe
    split: 0.5,
    previous: null,    // visible layers before enterSwipe() from the single map
  };

  function clampSplit(f) {
    f = Number(f);
    return Number.isFinite(f) ? util.clamp(f, SPLIT_MIN, SPLIT_MAX) : 0.5;
  }

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
        const full = new Viewport(Object.assign({}, view, this.props,
          { x: 0, y: 0, width: opts.width, height: opts.height }));
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

  function pct(f) { return (Math.round(f * 10000) / 100) + "%"; }

  function makeViews(mode, split) {
    const controller = twin.controller();
    if (mode === "compare") {
      const MapView = window.deck.MapView;
      return [new MapView({ id: "left", x: 0, y: 0, width: "50%", height: "100%", controller: controller }),
              new MapView({ id: "right", x: "50%", y: 0, width: "50%", height: "100%", controller: controller })];
    }
    const View = swipeViewClass();
    return [new View({ id: "left", x: 0, y: 0, width: pct(split), height: "100%", controller: controller }),
            new View({ id: "right", x: pct(split), y: 0, width: pct(1 - split), height: "100%", controller: controller })];
  }

  /* ---- entering and leaving ---- */
  function markSide(side) {
    ["left", "right"].forEach(function (name) {
      const button = document.getElementById("side-" + name);
      if (button) button.setAttribute("aria-pressed", String(name === side));
    });
  }

  function setRootView(mode) {
    const root = util.root();
    if (root) root.setAttribute("data-view", mode);
  }

  function enter(mode, left, right, split) {
    if (!twin.deck || !window.deck) return;
    cmp.mode = mode;
    cmp.split = clampSplit(split);
    twin.setSides(left, right);
    twin.setViews(makeViews(mode, cmp.split));
    twin.showLayers(twin.sideLayers("left"));   // deck.gl gets the union; the panel shows side A
    markSide("left");
    setRootView(mode);
    twin.emit("compareChanged", api);
  }

  function leave(ids) {
    if (!twin.deck) return;
    cmp.mode = "map";
    twin.setSides(null);
    twin.setViews(null);
    setRootView("map");
    twin.showLayers(ids);
    twin.emit("compareChanged", api);
  }

  function setSplit(f) {
    cmp.split = clampSplit(f);
    if (cmp.mode !== "swipe") return;
    twin.deck.setProps({ views: makeViews("swipe", cmp.split) });
    twin.emit("compareChanged", api);
    twin.emit("shareChanged");
  }

  const api = {
    enterSwipe: function (leftIds, rightIds, fraction) {
      if (!twin.deck) return;
      if (cmp.mode === "map") cmp.previous = twin.visibleLayers();
      enter("swipe", leftIds || [], rightIds || [], fraction === undefined ? 0.5 : fraction);
    },
    setDivider: function (fraction) { setSplit(fraction); },
    exit: function () {
      if (cmp.mode === "map") return;
      const ids = cmp.previous || twin.sideLayers("left");
      cmp.previous = null;
      leave(ids);
    },
    get mode() { return cmp.mode; },
    get split() { return cmp.split; },
    SPLIT_MIN: SPLIT_MIN,
    SPLIT_MAX: SPLIT_MAX,
  };

  twin.module("compare", {
    mounted: function (twin, own) {
      cmp.mode = "map";
      cmp.previous = null;
      own.listen(document, "click", function (event) {
        const button = event.target.closest && event.target.closest(".side-button");
        if (button && twin.sides) { twin.chooseSide(button.getAttribute("data-side")); markSide(twin.sides.active); }
      });
      const url = twin.urlState;
      if (twin.pageMode === "compare" || twin.pageMode === "swipe") {
        const left = twin.visibleLayers();
        enter(twin.pageMode, left, Array.isArray(url.right) ? url.right : left, url.split);
      }
    },
    removed: function () {
      cmp.mode = "map";
      const root = util.root();
      if (root) root.removeAttribute("data-view");
    },
    urlParams: function (twin, params) {
      params.set("mode", cmp.mode);
      if (cmp.mode === "swipe") params.set("split", String(util.round(cmp.split, 3))); else params.delete("split");
    },
  }, api);
})();
