/*
 * urban-twin module "light": the light of the day from the one clock (twin.light).
 *
 * Switched on (the "Tageslicht" switch in the base group of the layer panel), the map is lit by
 * the sun where it stands at the clock's date and time over the city (deck.gl's _SunLight in a
 * LightingEffect) and by an ambient light that is bright by day and dim and blue at night — dark,
 * but every building still readable. Switched off (the default) deck.gl's own even lighting holds,
 * so the colours of the layers do not depend on when someone looks at them. Only lit layers
 * (buildings, terrain) change, and the roof and wall faces, which deck.gl draws unlit: they take a
 * tint (02-faces.js: twin.faces.setTint) of what the lit buildings' material (ambient 0.45,
 * diffuse 0.6) receives from the ambient and the sun now, relative to a summer noon (sun 60° high);
 * lines and the moving vehicles keep their colours. No shadows:
 * deck.gl's _SunLight with _shadow drew none visible under SwiftShader and its shadow pass cost
 * tens of times the frame (bench/README.md, issue 25); the faces, drawn unlit, could not receive one.
 *
 * The clock holds the city's wall-clock time (06-clock.js); the sun needs UTC: German civil time
 * (CET, UTC+1; CEST, UTC+2 from the last Sunday of March to the last Sunday of October, 01:00 UTC).
 *
 * API (twin.light): on, set(on), sunAltitude() (degrees above the horizon at the clock's time and
 * the view's centre), utcMs(localMs), ambientIntensity.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const HOUR_MS = 3600000, RAD = Math.PI / 180;
  const DAY_AMBIENT = [255, 255, 255], NIGHT_AMBIENT = [135, 150, 200];
  const FACE_AMBIENT = 0.45, FACE_DIFFUSE = 0.6;   // viewer/deckspec.py: the buildings' material
  const SUN_INTENSITY = 1.6, NOON_LIGHT = FACE_AMBIENT + FACE_DIFFUSE * SUN_INTENSITY * Math.sin(60 * RAD);
  const state = { on: false, effect: null, sun: null, ambient: null, ui: null, shownAt: null };

  function lastSunday(year, month) {   // month 0-based; ms UTC of that Sunday 01:00
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  }

  /** UTC ms of a German wall-clock time in ms (CET/CEST). */
  function utcMs(local) {
    const year = new Date(local).getUTCFullYear();
    const summer = local - HOUR_MS >= lastSunday(year, 2) && local - 2 * HOUR_MS < lastSunday(year, 9);
    return local - (summer ? 2 : 1) * HOUR_MS;
  }

  /** Sun altitude (degrees) at UTC ms and lon/lat (NOAA's low-precision formulas, ±1°). */
  function altitude(utc, lon, lat) {
    const days = utc / 86400000 - 10957.5;                 // days since J2000.0
    const g = (357.529 + 0.98560028 * days) * RAD;         // mean anomaly
    const q = 280.459 + 0.98564736 * days;                 // mean longitude (deg)
    const l = (q + 1.915 * Math.sin(g) + 0.020 * Math.sin(2 * g)) * RAD;
    const e = (23.439 - 0.00000036 * days) * RAD;
    const dec = Math.asin(Math.sin(e) * Math.sin(l));
    const ra = Math.atan2(Math.cos(e) * Math.sin(l), Math.cos(l));
    const gmst = (18.697374558 + 24.06570982441908 * days) * 15 * RAD;
    const hour = gmst + lon * RAD - ra;
    return Math.asin(Math.sin(lat * RAD) * Math.sin(dec) + Math.cos(lat * RAD) * Math.cos(dec) * Math.cos(hour)) / RAD;
  }

  function sunAltitude() {
    const v = twin.viewState || {};
    return altitude(utcMs(twin.clock.time), v.longitude || 10, v.latitude || 51);
  }

  function mix(a, b, f) { return a.map(function (x, k) { return Math.round(x + (b[k] - x) * f); }); }

  /* Day (1) to night (0) by the sun's altitude: civil twilight (−6° … +6°) in between. */
  function daylight(alt) { return util.clamp((alt + 6) / 12, 0, 1); }

  /* The faces' tint: [r, g, b] factors of the light a lit building's roof receives, relative to noon. */
  function faceTint(ambient, sun, alt) {
    const up = Math.max(0, Math.sin(alt * RAD));
    return ambient.color.map(function (a, k) {
      const lit = FACE_AMBIENT * a / 255 * ambient.intensity + FACE_DIFFUSE * sun.color[k] / 255 * sun.intensity * up;
      return lit / NOON_LIGHT;
    });
  }

  function applyLight() {
    if (!twin.deck) return;
    if (!state.on) {
      twin.faces.setTint(null);
      if (twin.deck.props.effects && twin.deck.props.effects.length) twin.deck.setProps({ effects: [] });
      return;
    }
    const deck = window.deck, alt = sunAltitude(), day = daylight(alt);
    const sunColour = mix([255, 170, 110], [255, 250, 235], util.clamp(alt / 30, 0, 1));
    const ambient = { color: mix(NIGHT_AMBIENT, DAY_AMBIENT, day), intensity: 0.85 + 0.15 * day };
    const sun = { timestamp: utcMs(twin.clock.time), color: sunColour, intensity: SUN_INTENSITY * day };
    const key = JSON.stringify([ambient, sun.color, sun.intensity, Math.round(sun.timestamp / 60000)]);
    if (key === state.shownAt) return;
    state.shownAt = key;
    state.ambient = new deck.AmbientLight(ambient);
    state.sun = new deck._SunLight(sun);
    state.effect = new deck.LightingEffect({ ambient: state.ambient, sun: state.sun });
    twin.faces.setTint(faceTint(ambient, sun, alt));
    twin.deck.setProps({ effects: [state.effect] });
    const root = util.root();
    if (root) root.setAttribute("data-daylight", day > 0.5 ? "day" : "night");
  }

  function set(on) {
    state.on = Boolean(on);
    state.shownAt = null;
    if (state.ui) state.ui.checked = state.on;
    if (!state.on) { const root = util.root(); if (root) root.removeAttribute("data-daylight"); }
    applyLight();
  }

  function baseFieldset() {
    let found = null;
    document.querySelectorAll("[id*='layer-toggle']").forEach(function (node) {
      let id;
      try { id = JSON.parse(node.id); } catch (err) { return; }
      if (id && id.type === "layer-toggle" && id.group === "basis" && !found) found = node.closest("fieldset");
    });
    return found;
  }

  function buildUi(own) {
    const parent = baseFieldset();
    if (!parent) return null;
    const box = util.el("div", { class: "daylight-switch" });
    const input = util.el("input", { id: "daylight", type: "checkbox" });
    box.append(input, util.el("label", { for: "daylight" }, twin.t("traffic_clock_light")));
    own.add(box, parent);
    own.listen(input, "change", function () { set(input.checked); });
    return input;
  }

  const api = {
    get on() { return state.on; },
    set: set,
    sunAltitude: sunAltitude,
    utcMs: utcMs,
    get ambientIntensity() { return state.ambient ? state.ambient.intensity : null; },
  };

  twin.module("light", {
    mounted: function (twin, own) {
      state.shownAt = null;
      state.ui = buildUi(own);
      if (state.ui) state.ui.checked = state.on;
      applyLight();
    },
    removed: function () { state.ui = null; state.effect = null; state.shownAt = null; },
    clockChanged: applyLight,
  }, api);
})();
