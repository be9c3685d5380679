/*
 * urban-twin core: small helpers every module shares (twin.util). Each is defined here once.
 *
 * Text always goes in with textContent: nothing from the spec, the story or the URL becomes markup.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  /** A new element with attributes and, optionally, its text. */
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The page's root element (.twin: data-mode, lang). */
  function root() { return document.querySelector(".twin"); }

  function lang() {
    const node = root();
    return (node && node.getAttribute("lang")) || "de";
  }

  /** A label of the page language from {de: ..., en: ...} (German if missing). */
  function pick(labels) {
    return (labels && (labels[lang()] || labels.de)) || "";
  }

  /** A number in the page language (German: decimal comma); decimals default to 0 for integers, else 1. */
  function formatNumber(value, decimals) {
    if (decimals === null || decimals === undefined) decimals = Number.isInteger(value) ? 0 : 1;
    return new Intl.NumberFormat(lang() === "de" ? "de-DE" : "en-GB",
      { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
  }

  function clamp(value, low, high) { return Math.max(low, Math.min(high, value)); }

  /** Index of the value nearest x (the first of equals); -1 for an empty list. */
  function nearestIndex(values, x) {
    let best = -1;
    values.forEach(function (v, k) { if (best < 0 || Math.abs(v - x) < Math.abs(values[best] - x)) best = k; });
    return best;
  }

  /** Round to d decimals. */
  function round(value, d) { const f = Math.pow(10, d); return Math.round(value * f) / f; }

  /** The scenarios (page's scenario meta) with a layer among ids. */
  function scenariosOf(ids) {
    const set = new Set(ids);
    return (twin.scenarioMeta || []).filter(function (sc) { return sc.layers.some(function (id) { return set.has(id); }); });
  }

  /** What a set of layers shows, in words: its scenarios' names; else the names of its layers outside
   *  the base group (e.g. a heavy-rain hazard map, which belongs to no scenario); else "base map". */
  function scenarioName(ids) {
    const found = scenariosOf(ids);
    if (found.length) return found.map(function (sc) { return sc.label; }).join(" + ");
    const own = ids.map(function (id) { return (twin.layerMeta || {})[id]; })
      .filter(function (layer) { return layer && layer.group !== "basis"; });
    return own.length ? own.map(function (layer) { return layer.label; }).join(" + ") : twin.t("compare_base_map");
  }

  /** The layers whose legends go beside a map: its scenario layers, or with none, all of ids. */
  function legendIds(ids) {
    const inScenario = new Set([].concat.apply([], (twin.scenarioMeta || []).map(function (sc) { return sc.layers; })));
    const scen = ids.filter(function (id) { return inScenario.has(id); });
    return scen.length ? scen : ids;
  }

  /** An "rgb(r,g,b)" colour from [r, g, b]. */
  function rgb(color) { return "rgb(" + color.map(Number).join(",") + ")"; }

  twin.util = {
    el: el, root: root, lang: lang, pick: pick, formatNumber: formatNumber, clamp: clamp,
    nearestIndex: nearestIndex, round: round, scenariosOf: scenariosOf, scenarioName: scenarioName,
    legendIds: legendIds, rgb: rgb,
  };
})();
