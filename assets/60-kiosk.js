/*
 * urban-twin module "kiosk" (?mode=kiosk, or `twin serve --kiosk`): an unattended touchscreen.
 *
 *  - Touch first: no text selection, no context menu, no links that leave the app (the language
 *    switch keeps the kiosk's URL parameters), big entry points for the story's questions
 *    ("Was wäre, wenn … Tempo 30?", "… Starkregen?") that jump to their slides.
 *  - After the idle time (?idle=S, else the root's data-idle (TWIN_IDLE_S), else 90 s) it resets to
 *    the home view and plays the attract loop: the story on autoplay (50-story.js) with camera
 *    flights, rising water and before/after swipes; without a story the camera circles the city.
 *    The loop runs the one clock (ATTRACT_SPEED, the day looping; 06-clock.js), so vehicles move
 *    and the day passes; the clock bar shows its pause button meanwhile. With
 *    `prefers-reduced-motion` it steps through its slides at once (no flights, no rising water)
 *    and leaves the clock standing.
 *    Any touch, key, wheel or pointer press stops the loop and restarts the idle timer.
 *
 * API (twin.kiosk): attract, idleMs, lastInput, attractStarts, startedAt, contextMenusBlocked,
 * startAttract(), stopAttract(). The root gets data-attract="true" while the loop plays.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util, el = util.el;
  const DEFAULT_IDLE_S = 90;
  const STAND_LANGUAGE = "de";   // the next visitor finds the stand in German again
  const HOME_DWELL_MS = 2500;
  const ORBIT_MS = 6000;
  const IDLE_CHECK_MS = 250;
  const ATTRACT_SPEED = 30;      // clock seconds per real second while the loop plays
  const BY = "kiosk";
  const INPUTS = ["pointerdown", "touchstart", "keydown", "wheel", "mousedown"];

  const kiosk = {
    attract: false,
    idleMs: DEFAULT_IDLE_S * 1000,
    lastInput: performance.now(),
    attractStarts: 0,
    startedAt: null,
    contextMenusBlocked: 0,
  };
  const state = { active: false, home: null, defaults: [], timer: null, ui: null };

  function idleSeconds() {
    const param = Number(new URLSearchParams(window.location.search).get("idle"));
    if (Number.isFinite(param) && param >= 1 && param <= 86400) return param;
    const node = util.root();
    const attr = Number(node && node.getAttribute("data-idle"));
    if (Number.isFinite(attr) && attr >= 1 && attr <= 86400) return attr;
    return DEFAULT_IDLE_S;
  }

  function setRoot(name, value) {
    const node = util.root();
    if (!node) return;
    if (value === null) node.removeAttribute(name); else node.setAttribute(name, value);
  }

  /* ---- the attract loop ---- */
  function clearTimer() {
    if (state.timer !== null) { clearTimeout(state.timer); state.timer = null; }
  }

  function still() { return twin.clock.reducedMotion(); }

  function goHome() {
    twin.showLayers(state.defaults);
    twin.flyTo(state.home, still() ? 0 : 2000);
  }

  /* Keep the clock running while the loop plays (a slide's rising water may have taken it over). */
  function runClock() {
    if (!kiosk.attract || still() || twin.clock.playing) return;
    const day = twin.clock.dayStart();
    twin.clock.play({ speed: ATTRACT_SPEED, range: [day, day + 86400000], loop: true, by: BY });
  }

  function loopStep(index) {
    if (!kiosk.attract) return;
    const player = twin.story;
    const slides = player && player.story ? player.story.slides : [];
    if (!slides.length) {  // no story: circle the city (with reduced motion: stay at home)
      if (still()) return;
      const view = Object.assign({}, state.home, { bearing: (twin.viewState.bearing || 0) + 60 });
      twin.flyTo(view, ORBIT_MS);
      runClock();
      state.timer = setTimeout(function () { loopStep(0); }, ORBIT_MS);
      return;
    }
    if (index >= slides.length) {  // once round: back home, then again
      player.leave();
      goHome();
      state.timer = setTimeout(function () { loopStep(0); }, HOME_DWELL_MS);
      return;
    }
    player.go(index, { ms: still() ? 0 : 2500 });
    runClock();
    const seconds = slides[index].duration_s || player.story.autoplay_s || 12;
    state.timer = setTimeout(function () { loopStep(index + 1); }, seconds * 1000);
  }

  kiosk.startAttract = function () {
    if (kiosk.attract || !twin.deck) return;
    kiosk.attract = true;
    kiosk.attractStarts += 1;
    kiosk.startedAt = performance.now();
    const player = twin.story;
    if (player) { player.autoplay = true; player.stopEffects(); }
    setRoot("data-attract", "true");
    if (state.ui) state.ui.hint.hidden = false;
    goHome();
    runClock();
    clearTimer();
    state.timer = setTimeout(function () { loopStep(0); }, HOME_DWELL_MS);
  };

  kiosk.stopAttract = function () {
    if (!kiosk.attract) return;
    kiosk.attract = false;
    clearTimer();
    const player = twin.story;
    if (player) { player.autoplay = false; player.stopEffects(); }
    setRoot("data-attract", null);
    if (state.ui) state.ui.hint.hidden = true;
    // The clock runs on for the visitor (the clock bar pauses it): a tap on its pause button ends
    // the loop first and then pauses, as the visitor meant.
    // Hold the camera where it is: a flight in progress would otherwise carry on.
    twin.holdCamera();
  };

  function onInput() {
    kiosk.lastInput = performance.now();
    if (kiosk.attract) kiosk.stopAttract();
  }

  function checkIdle() {
    if (!state.active || kiosk.attract || twin.firstFrameAt === null) return;
    if (performance.now() - kiosk.lastInput < kiosk.idleMs) return;
    const lang = util.root() && util.root().getAttribute("lang");
    if (lang && lang !== STAND_LANGUAGE) {
      // A visitor switched the language: reload in German and start the loop right away.
      const url = new URL(window.location.href);
      url.searchParams.set("lang", STAND_LANGUAGE);
      url.searchParams.set("attract", "1");
      state.active = false;
      window.location.replace(url.toString());
      return;
    }
    kiosk.startAttract();
  }

  /* ---- touch-first guards ---- */
  function guardLinks(event) {
    const link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link) return;
    const url = new URL(link.getAttribute("href"), window.location.href);
    event.preventDefault();
    if (url.origin !== window.location.origin || url.pathname !== window.location.pathname) return;  // leaves the app
    // An in-app link (the language switch): keep the kiosk's own parameters.
    const params = new URLSearchParams(window.location.search);
    url.searchParams.forEach(function (value, key) { params.set(key, value); });
    params.delete("slide");
    window.location.search = params.toString();
  }

  function addQuestions(storyData) {
    if (!state.ui || !storyData) return;
    (storyData.questions || []).forEach(function (question, k) {
      const button = el("button", { type: "button", class: "kiosk-question", "data-slide": question.slide,
                                    id: "kiosk-question-" + (k + 1) }, util.pick(question.label));
      button.addEventListener("click", function () {
        const index = twin.story.indexOf(question.slide);
        if (index >= 0) twin.story.go(index, { ms: 2000 });
      });
      state.ui.questions.append(button);
    });
    const restart = el("button", { type: "button", class: "kiosk-question kiosk-restart", id: "kiosk-restart" },
                       twin.t("kiosk_restart"));
    restart.addEventListener("click", function () { twin.story.leave(); goHome(); });
    state.ui.questions.append(restart);
  }

  function prevent(event) { event.preventDefault(); }

  twin.module("kiosk", {
    mounted: function (twin, own) {
      if (twin.pageMode !== "kiosk") return;
      state.active = true;
      kiosk.idleMs = idleSeconds() * 1000;
      kiosk.lastInput = performance.now();
      const url = new URL(window.location.href);
      if (url.searchParams.get("attract") === "1") {   // back from a language reset: loop at once
        kiosk.lastInput = -Infinity;
        url.searchParams.delete("attract");
        window.history.replaceState(null, "", url.toString());
      }
      state.home = Object.assign({}, twin.spec.initialViewState);
      state.defaults = twin.spec.layers.filter(function (l) { return l.visible !== false; })
        .map(function (l) { return l.id; });
      setRoot("data-idle-s", String(kiosk.idleMs / 1000));
      INPUTS.forEach(function (type) { own.listen(window, type, onInput, { capture: true, passive: true }); });
      own.listen(document, "contextmenu", function (event) {
        event.preventDefault();
        kiosk.contextMenusBlocked += 1;
      }, true);
      own.listen(document, "selectstart", prevent, true);
      own.listen(document, "dragstart", prevent, true);
      own.listen(document, "click", guardLinks, true);
      own.every(IDLE_CHECK_MS, checkIdle);
      const questions = own.add(el("nav", { id: "kiosk-questions", class: "kiosk-questions",
                                            "aria-label": twin.t("kiosk_questions") }));
      const hint = own.add(el("p", { id: "kiosk-hint", class: "kiosk-hint", role: "status" }, twin.t("kiosk_touch")));
      hint.hidden = true;
      state.ui = { questions: questions, hint: hint };
      if (twin.story) twin.story.load().then(function (story) { if (own.alive) addQuestions(story); });
    },
    removed: function () {
      if (kiosk.attract) { kiosk.attract = false; if (twin.story) twin.story.autoplay = false; }
      clearTimer();
      state.active = false;
      state.ui = null;
      setRoot("data-attract", null);
      setRoot("data-idle-s", null);
    },
  }, kiosk);
})();
