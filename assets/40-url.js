/*
 * urban-twin module "url": the shareable URL. While the view changes, the address is rewritten
 * (history.replaceState, at most every URL_WRITE_MS) with the state a shared link restores:
 * viewer/urlstate.py documents and validates every parameter when the page loads. The mode and
 * language links get the same state. Not in the modes present and kiosk (their URL is their own).
 *
 * This module writes lang, layers, right, cam and opacity; other modules add their own parameters
 * in the hook urlParams(twin, params) (compare: mode, split; flood: time) and announce a change
 * of them with shareChanged.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const URL_WRITE_MS = 400;
  const NO_URL_MODES = ["present", "kiosk"];
  let timer = null;
  let lastUrl = null;

  function stateParams() {
    const params = new URLSearchParams(window.location.search);
    params.set("mode", "map");
    params.set("lang", util.lang());
    params.set("layers", twin.sideLayers("left").join(","));
    if (twin.sides) params.set("right", twin.sideLayers("right").join(","));
    const v = twin.viewState || {};
    if (["longitude", "latitude", "zoom", "pitch", "bearing"].every(function (key) { return Number.isFinite(v[key]); })) {
      const r = util.round;
      params.set("cam", [r(v.longitude, 6), r(v.latitude, 6), r(v.zoom, 2), r(v.pitch, 1),
                         r(((v.bearing + 540) % 360) - 180, 1)].join(","));
    }
    twin.emit("urlParams", params);
    const op = Object.keys(twin.opacity || {}).filter(function (id) { return twin.opacity[id] < 1; })
      .map(function (id) { return id + ":" + util.round(twin.opacity[id], 2); });
    if (op.length) params.set("opacity", op.join(",")); else params.delete("opacity");
    return params;
  }

  function write() {
    timer = null;
    if (!twin.deck || NO_URL_MODES.indexOf(twin.pageMode) >= 0) return;
    const params = stateParams();
    const query = "?" + params.toString();
    if (query === lastUrl) return;
    lastUrl = query;
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
      p.set("lang", util.lang() === "de" ? "en" : "de");
      langLink.setAttribute("href", "?" + p.toString());
    }
  }

  function schedule() {
    if (timer === null) timer = setTimeout(write, URL_WRITE_MS);
  }

  twin.module("url", {
    mounted: function () { lastUrl = null; },
    restored: schedule,
    removed: function () { if (timer !== null) clearTimeout(timer); timer = null; },
    layersChanged: schedule,
    viewChanged: schedule,
    opacityChanged: schedule,
    clockChanged: schedule,
    shareChanged: schedule,
  }, { write: write });
})();
