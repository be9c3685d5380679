/*
 * urban-twin module "story": the story player of presentation mode (?mode=present) and of the
 * kiosk's attract loop (twin.story). The panel, keys and full screen are 51-story-panel.js.
 *
 * The story is the build artifact named by the manifest key "story" (layers/story.py validated
 * it): slides with title/text (de, en), a camera flown to, the visible layers, an optional flood
 * time ("max" or minutes after the rain start: 10-flood.js puts it on the clock), an optional hour
 * (0–23: 12-traffic.js sets the clock, which picks the traffic slice) and an optional
 * before/after swipe (20-compare.js). It is fetched only in the present and kiosk modes. In
 * presentation mode the slide number lives in the URL (`slide=N`, 1-based), so a reload stays on it.
 *
 * API (twin.story): load() -> promise of the story, story, index, shown, autoplay, go(i, {ms}),
 * next(), prev(), stopEffects(), leave() (no slide: effects stopped, panel hidden), indexOf(id).
 * `index` changes the moment a slide is chosen; its camera flight takes a while. `shown` (-1 in
 * between) names the slide once deck.gl has drawn it: its camera reached, its layers loaded, no
 * redraw pending.
 * Hooks it announces: slideChanged(twin, index) (-1: none) and slideShown(twin, index).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const MODES = ["present", "kiosk"];
  const DIVIDER_STEPS = [0.5, 0.3, 0.7];
  const DIVIDER_STEP_MS = 2000;

  const player = {
    story: null,
    index: -1,
    shown: -1,
    autoplay: false,       // set by the kiosk loop: effects run on their own
    groups: {},            // layer id -> group (from the manifest)
  };
  let ready = null;        // the promise of the story
  let watch = null;        // token of the frame watch that sets `shown`
  let swipe = null;        // {timer, phase} of the before/after swipe on the current slide

  function load() {
    if (ready) return ready;
    ready = fetch("/api/manifest.json").then(function (r) { return r.json(); }).then(function (manifest) {
      (manifest.layers || []).forEach(function (layer) { player.groups[layer.id] = layer.group; });
      if (!manifest.story) return null;
      const base = "/artifacts/" + manifest.build.input_hash.slice(0, 12) + "/";
      return fetch(base + manifest.story).then(function (r) { return r.json(); });
    }).then(function (story) {
      player.story = story;
      return story;
    }).catch(function (err) { console.error("urban-twin story", err); return null; });
    return ready;
  }

  /* One side of a before/after swipe: the slide's layers without those of the swiped layers'
     groups (e.g. a difference layer of the same scenario group), plus that side's layers. */
  function sideLayers(slide, side) {
    const groups = player.groups;
    const swiped = slide.swipe.left.concat(slide.swipe.right);
    const swipedGroups = swiped.map(function (id) { return groups[id]; });
    const base = slide.layers.filter(function (id) {
      return swiped.indexOf(id) < 0 && (groups[id] === undefined || swipedGroups.indexOf(groups[id]) < 0);
    });
    return base.concat(slide.swipe[side].filter(function (id) { return base.indexOf(id) < 0; }));
  }

  function startSwipe(slide) {
    twin.compare.enterSwipe(sideLayers(slide, "left"), sideLayers(slide, "right"), 0.5);
    swipe = { timer: null, phase: 0 };
    if (player.autoplay) {
      // Move the divider in a few steps (each step is one redraw: cheap even without a GPU).
      swipe.timer = setInterval(function () {
        swipe.phase += 1;
        twin.compare.setDivider(DIVIDER_STEPS[swipe.phase % DIVIDER_STEPS.length]);
      }, DIVIDER_STEP_MS);
    }
  }

  function stopEffects() {
    if (twin.flood) twin.flood.stop();
    if (swipe) {
      if (swipe.timer !== null) clearInterval(swipe.timer);
      swipe = null;
      twin.compare.exit();
      // Back to the slide's own layers (not one side of the swipe, nor what was shown before it).
      const slide = player.story && player.story.slides[player.index];
      if (slide) twin.showLayers(slide.layers);
    }
  }

  /* ---- "shown": the slide is on the screen ----
     twin.flyTo sets twin.viewState to the destination at once and the flight follows frame by
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
    const deck = twin.deck;
    if (!deck || !deck.isInitialized || !twin.loaded || deck.needsRedraw({ clearRedrawFlags: false })) return false;
    const viewport = deck.getViewports()[0];
    return Boolean(viewport) && atCamera(viewport, slide.camera);
  }

  function watchShown(index) {
    const token = {};
    watch = token;
    player.shown = -1;
    function check() {
      // A newer slide (or the kiosk leaving the story) ends this watch.
      if (watch !== token || player.index !== index || !player.story) return;
      if (!drawn(player.story.slides[index])) { requestAnimationFrame(check); return; }
      watch = null;
      player.shown = index;
      twin.emit("slideShown", index);
    }
    requestAnimationFrame(check);
  }

  function go(index, opts) {
    const story = player.story;
    if (!story || !story.slides.length) return;
    opts = opts || {};
    index = Math.max(0, Math.min(story.slides.length - 1, index));
    const slide = story.slides[index];
    stopEffects();
    player.index = index;
    twin.showLayers(slide.layers);
    twin.flyTo(slide.camera, opts.ms === undefined ? 2000 : opts.ms);
    if (slide.flood_time !== undefined && twin.flood) twin.flood.showTime(slide.flood_time, { rise: opts.ms !== 0 });
    if (slide.hour !== undefined && twin.traffic) twin.traffic.setHour(slide.hour);
    if (slide.swipe) startSwipe(slide);
    watchShown(index);
    if (twin.pageMode === "present") {
      const url = new URL(window.location.href);
      url.searchParams.set("slide", String(index + 1));
      window.history.replaceState(window.history.state, "", url.toString());
    }
    twin.emit("slideChanged", index);
  }

  Object.assign(player, {
    load: load,
    go: go,
    next: function () { go(player.index + 1); },
    prev: function () { go(player.index - 1); },
    stopEffects: stopEffects,
    leave: function () {
      stopEffects();
      player.index = -1;
      player.shown = -1;
      watch = null;
      twin.emit("slideChanged", -1);
    },
    indexOf: function (id) {
      return player.story ? player.story.slides.findIndex(function (s) { return s.id === id; }) : -1;
    },
  });

  twin.module("story", {
    restored: function (twin, own) {
      // After 51-story-panel.js has built its panel (in mounted): the presentation's first slide.
      if (MODES.indexOf(twin.pageMode) < 0) return;
      load().then(function (story) {
        if (!own.alive || !story || !story.slides.length) return;
        if (twin.pageMode === "present") {
          const wanted = parseInt(new URLSearchParams(window.location.search).get("slide") || "1", 10);
          go(Number.isFinite(wanted) ? wanted - 1 : 0, { ms: 0 });
        }
        const root = twin.util.root();
        if (root) root.setAttribute("data-story", "ready");
      });
    },
    mounted: function () { player.index = -1; player.shown = -1; },
    removed: function () {
      stopEffects();
      watch = null;
      player.index = -1;
      player.shown = -1;
      const root = twin.util.root();
      if (root) root.removeAttribute("data-story");
    },
  }, player);
})();
