/*
 * urban-twin story player: presentation mode (?mode=present) and the slides of the kiosk loop.
 *
 * The story is the build artifact named by the manifest key "story" (layers/story.py validated
 * it): slides with title/text (de, en), a camera flown to, the visible layers, an optional flood
 * time ("max" or minutes) and an optional before/after swipe. It is fetched only in the present and
 * kiosk modes.
 *
 * Presentation mode: a slide panel (title, text, "3 / 7", previous / next, full screen) in the map
 * area; ArrowRight / PageDown / Space go on, ArrowLeft / PageUp go back, Home / End jump, F toggles
 * full screen (presentation clickers send these keys; keys typed into form fields are left alone).
 * The slide number lives in the URL (`slide=N`, 1-based) so a reload stays on the slide.
 *
 * Public: window.urbanTwinStory = {ready (promise), story, index, shown, go(i, opts), next(), prev(),
 * stopEffects(), indexOf(id), mode(), onChange(fn)}. All text is set with textContent.
 *
 * `index` (and the panel's data-slide) change the moment a slide is chosen; its camera flight
 * takes a while. `shown` (and the panel's data-shown, both -1 / absent in between) name the slide
 * once deck.gl has drawn it: its camera reached, its layers loaded, no redraw pending.
 */
(function () {
  "use strict";

  const MODES = ["present", "kiosk"];
  const RISE_STEP_MS = 600;
  const DIVIDER_STEPS = [0.5, 0.3, 0.7];
  const DIVIDER_STEP_MS = 2000;

  const player = {
    story: null,
    index: -1,
    shown: -1,             // the slide deck.gl has drawn (camera reached, layers loaded); -1 in between
    watch: null,           // token of the frame watch that sets `shown`
    ready: null,
    ui: null,
    autoplay: false,       // set by the kiosk loop: effects run on their own
    swipe: null,           // {timer, phase} of the before/after swipe on the current slide
    riseTimer: null,
    listeners: [],
  };
  window.urbanTwinStory = player;

  function twin() { return window.urbanTwin; }
  function t(key) { return twin().t(key); }
  function root() { return document.querySelector(".twin"); }

  /* The mode: the root's data-mode (set by the layout), else ?mode= (and then we mark the root). */
  player.mode = function () {
    const node = root();
    const attr = node && node.getAttribute("data-mode");
    if (attr) return attr;
    const param = new URLSearchParams(window.location.search).get("mode");
    if (node && MODES.indexOf(param) >= 0) {
      node.setAttribute("data-mode", param);
      node.classList.add("mode-" + param);
    }
    return param || "map";
  };

  function lang() {
    const node = root();
    return (node && node.getAttribute("lang")) || "de";
  }

  function pick(labels) {
    return (labels && (labels[lang()] || labels.de)) || "";
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function load() {
    if (player.ready) return player.ready;
    player.ready = fetch("/api/manifest.json").then(function (r) { return r.json(); }).then(function (manifest) {
      player.groups = {};
      (manifest.layers || []).forEach(function (layer) { player.groups[layer.id] = layer.group; });
      if (!manifest.story) return null;
      const base = "/artifacts/" + manifest.build.input_hash.slice(0, 12) + "/";
      return fetch(base + manifest.story).then(function (r) { return r.json(); });
    }).then(function (story) {
      player.story = story;
      return story;
    }).catch(function (err) { console.error("urban-twin story", err); return null; });
    return player.ready;
  }

  player.load = load;

  player.indexOf = function (id) {
    return player.story ? player.story.slides.findIndex(function (s) { return s.id === id; }) : -1;
  };

  player.onChange = function (fn) { player.listeners.push(fn); };

  /* ---- effects of a slide: flood time, before/after ---- */
  function floodSpec() {
    const state = twin();
    const specs = (state.spec.layers || []).filter(function (l) { return l.floodMeta && state.visible[l.id] === true; });
    return specs.length ? specs[specs.length - 1] : null;
  }

  function frameFor(time) {
    const spec = floodSpec();
    const flood = window.urbanTwinFlood;
    if (!spec || !flood) return null;
    const times = spec.floodMeta.frameTimesS || [];
    if (time === "max" || !times.length) return times.length;
    let best = 0;
    times.forEach(function (s, k) { if (Math.abs(s - time * 60) < Math.abs(times[best] - time * 60)) best = k; });
    return best;
  }

  function setFloodTime(time, rise) {
    const flood = window.urbanTwinFlood;
    const target = frameFor(time);
    if (target === null) return;
    if (!rise || time === "max") { flood.setFrame(target); return; }
    let k = 0;  // let the water rise up to the slide's time
    flood.setFrame(0);
    player.riseTimer = setInterval(function () {
      k += 1;
      if (k >= target) { clearInterval(player.riseTimer); player.riseTimer = null; }
      flood.setFrame(Math.min(k, target));
    }, RISE_STEP_MS);
  }

  /* One side of a before/after swipe: the slide's layers without those of the swiped layers'
     groups (e.g. a difference layer of the same scenario group), plus that side's layers. */
  function sideLayers(slide, side) {
    const groups = player.groups || {};
    const swiped = slide.swipe.left.concat(slide.swipe.right);
    const swipedGroups = swiped.map(function (id) { return groups[id]; });
    const base = slide.layers.filter(function (id) {
      return swiped.indexOf(id) < 0 && (groups[id] === undefined || swipedGroups.indexOf(groups[id]) < 0);
    });
    return base.concat(slide.swipe[side].filter(function (id) { return base.indexOf(id) < 0; }));
  }

  function startSwipe(slide) {
    // assets/compare.js (always served beside this file) draws the before/after swipe.
    const compare = window.urbanTwinCompare;
    compare.enterSwipe(sideLayers(slide, "left"), sideLayers(slide, "right"), 0.5);
    player.swipe = { timer: null, phase: 0 };
    if (player.autoplay) {
      // Move the divider in a few steps (each step is one redraw: cheap even without a GPU).
      player.swipe.timer = setInterval(function () {
        player.swipe.phase += 1;
        compare.setDivider(DIVIDER_STEPS[player.swipe.phase % DIVIDER_STEPS.length]);
      }, DIVIDER_STEP_MS);
    }
  }

  player.stopEffects = function () {
    if (player.riseTimer !== null) { clearInterval(player.riseTimer); player.riseTimer = null; }
    if (window.urbanTwinFlood) window.urbanTwinFlood.stop();
    if (player.swipe) {
      if (player.swipe.timer !== null) clearInterval(player.swipe.timer);
      try { window.urbanTwinCompare.exit(); } catch (err) { console.error("urban-twin story", err); }
      player.swipe = null;
      // Back to the slide's own layers (not one side of the swipe, nor what was shown before it).
      const slide = player.story && player.story.slides[player.index];
      if (slide) twin().showLayers(slide.layers);
    }
  };

  /* ---- "shown": the slide is on the screen ----
     twin.flyTo sets urbanTwin.viewState to the destination at once and the flight follows frame by
     frame (slow with a software GPU: one frame may take a second), so neither that value nor a
     pause between frames says the slide is there. deck.gl's own viewport does: the slide counts as
     shown once it is at the slide's camera, every visible layer is loaded and no redraw is pending
     (so exactly that was drawn). Checked once per animation frame until then. */
  const CAMERA_EPS = { longitude: 1e-6, latitude: 1e-6, zoom: 1e-4, pitch: 1e-3, bearing: 1e-3 };

  function atCamera(viewport, camera) {
    return Object.keys(CAMERA_EPS).every(function (key) {
      if (!Number.isFinite(camera[key])) return true;   // not set by the slide: the flight keeps it
      let diff = viewport[key] - camera[key];
      if (key === "bearing") diff = ((diff % 360) + 540) % 360 - 180;   // the flight takes the short way round
      return Math.abs(diff) <= CAMERA_EPS[key];
    });
  }

  function drawn(slide) {
    const state = twin();
    const deck = state && state.deck;
    if (!deck || !deck.isInitialized || !state.loaded || deck.needsRedraw({ clearRedrawFlags: false })) return false;
    const viewport = deck.getViewports()[0];
    return Boolean(viewport) && atCamera(viewport, slide.camera);
  }

  function watchShown(index) {
    const token = {};
    player.watch = token;
    player.shown = -1;
    if (player.ui) player.ui.box.removeAttribute("data-shown");
    function check() {
      // A newer slide (or the kiosk leaving the story) ends this watch.
      if (player.watch !== token || player.index !== index || !player.story) return;
      if (!drawn(player.story.slides[index])) { requestAnimationFrame(check); return; }
      player.watch = null;
      player.shown = index;
      if (player.ui) player.ui.box.setAttribute("data-shown", String(index + 1));
    }
    requestAnimationFrame(check);
  }

  /* ---- slides ---- */
  player.go = function (index, opts) {
    const story = player.story;
    if (!story || !story.slides.length) return;
    opts = opts || {};
    index = Math.max(0, Math.min(story.slides.length - 1, index));
    const slide = story.slides[index];
    player.stopEffects();
    player.index = index;
    twin().showLayers(slide.layers);
    twin().flyTo(slide.camera, opts.ms === undefined ? 2000 : opts.ms);
    if (slide.flood_time !== undefined) setFloodTime(slide.flood_time, opts.ms !== 0);
    if (slide.swipe) startSwipe(slide);
    watchShown(index);
    render();
    if (player.mode() === "present") {
      const url = new URL(window.location.href);
      url.searchParams.set("slide", String(index + 1));
      window.history.replaceState(window.history.state, "", url.toString());
    }
    player.listeners.forEach(function (fn) { try { fn(index, slide); } catch (err) { console.error(err); } });
  };
  player.next = function () { player.go(player.index + 1); };
  player.prev = function () { player.go(player.index - 1); };

  function render() {
    const ui = player.ui;
    const story = player.story;
    if (!ui || !story) return;
    const slide = story.slides[player.index];
    ui.box.hidden = !slide;
    if (!slide) return;
    ui.kicker.textContent = pick(story.title);
    ui.title.textContent = pick(slide.title);
    ui.text.textContent = pick(slide.text);
    ui.counter.textContent = (player.index + 1) + " / " + story.slides.length;
    ui.counter.setAttribute("aria-label", t("story_counter") + " " + (player.index + 1) + " " + t("story_of") + " "
                            + story.slides.length);
    ui.box.setAttribute("data-slide", String(player.index + 1));
    ui.prev.disabled = player.index <= 0;
    ui.next.disabled = player.index >= story.slides.length - 1;
  }

  function toggleFullscreen() {
    const request = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    if (request && request.catch) request.catch(function (err) { console.warn("urban-twin fullscreen", err.message); });
  }

  function buildUi(mode) {
    const map = document.getElementById("map");
    if (!map || !map.parentElement) return null;
    const old = document.getElementById("story-panel");
    if (old) old.remove();
    const box = el("section", { id: "story-panel", class: "story-panel", role: "region", "aria-label": t("story_panel") });
    const kicker = el("p", { class: "story-kicker" });
    const title = el("h2", { id: "story-title", class: "story-title" });
    const text = el("p", { id: "story-text", class: "story-text", "aria-live": "polite" });
    const nav = el("div", { class: "story-nav" });
    const prev = el("button", { id: "story-prev", type: "button", class: "story-button" }, "‹ " + t("story_prev"));
    const counter = el("span", { id: "story-counter", class: "story-counter" });
    const next = el("button", { id: "story-next", type: "button", class: "story-button story-primary" }, t("story_next") + " ›");
    nav.append(prev, counter, next);
    box.append(kicker, title, text, nav);
    let full = null;
    if (mode === "present") {
      full = el("button", { id: "story-fullscreen", type: "button", class: "story-button" }, t("story_fullscreen"));
      nav.append(full);
      box.append(el("p", { class: "story-keys" }, t("story_keys")));
      full.addEventListener("click", toggleFullscreen);
    }
    box.hidden = true;
    prev.addEventListener("click", function () { player.prev(); });
    next.addEventListener("click", function () { player.next(); });
    map.parentElement.append(box);
    return { box: box, kicker: kicker, title: title, text: text, prev: prev, next: next, counter: counter, full: full };
  }

  function showMissing() {
    const map = document.getElementById("map");
    if (!map || document.getElementById("story-missing")) return;
    map.parentElement.append(el("p", { id: "story-missing", class: "story-missing", role: "status" }, t("story_missing")));
  }

  /* Keys from presentation clickers; not while a form field has the focus. Capture phase, so the
     map's own keyboard control (arrow keys pan) does not see the keys we use. */
  const KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", Spacebar: "next", ArrowLeft: "prev",
                 PageUp: "prev", Home: "first", End: "last", f: "full", F: "full" };
  function onKey(event) {
    if (!player.story || event.altKey || event.ctrlKey || event.metaKey) return;
    const mode = player.mode();
    if (MODES.indexOf(mode) < 0) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const action = KEYS[event.key];
    if (!action || (action === "full" && mode !== "present")) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.repeat && action === "full") return;
    if (action === "next") player.go(player.index + 1);
    else if (action === "prev") player.go(Math.max(0, player.index - 1));
    else if (action === "first") player.go(0);
    else if (action === "last") player.go(player.story.slides.length - 1);
    else toggleFullscreen();
  }
  window.addEventListener("keydown", onKey, true);

  // Once per page (buildUi runs on every mount): the button of the current panel follows the state.
  document.addEventListener("fullscreenchange", function () {
    const full = document.getElementById("story-fullscreen");
    if (full) full.textContent = t(document.fullscreenElement ? "story_fullscreen_exit" : "story_fullscreen");
  });

  window.urbanTwinPlugins = (window.urbanTwinPlugins || []).concat({
    mounted: function () {
      const mode = player.mode();
      if (MODES.indexOf(mode) < 0) return;
      load().then(function (story) {
        if (!story || !story.slides.length) { if (mode === "present") showMissing(); return; }
        player.ui = buildUi(mode);
        if (mode === "present") {
          const wanted = parseInt(new URLSearchParams(window.location.search).get("slide") || "1", 10);
          player.go(Number.isFinite(wanted) ? wanted - 1 : 0, { ms: 0 });
        }
        const node = root();
        if (node) node.setAttribute("data-story", "ready");
      });
    },
  });
})();
