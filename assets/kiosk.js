/*
 * urban-twin kiosk mode (?mode=kiosk, or `twin serve --kiosk`): an unattended touchscreen.
 *
 *  - Touch first: no text selection, no context menu, no links that leave the app (the language
 *    switch keeps the kiosk's URL parameters), big entry points for the story's questions
 *    ("Was wäre, wenn … Tempo 30?", "… Starkregen?") that jump to their slides.
 *  - After the idle time (?idle=S, else the root's data-idle (TWIN_IDLE_S), else 90 s) it resets to
 *    the home view and plays the attract loop: the story on autoplay (assets/story.js) with camera
 *    flights, rising water and before/after swipes; without a story the camera circles the city.
 *    Any touch, key, wheel or pointer press stops the loop and restarts the idle timer.
 *
 * Public: window.urbanTwinKiosk = {attract, idleMs, lastInput, startAttract(), stopAttract()};
 * the root gets data-attract="true" while the loop plays. All text is set with textContent.
 */
(function () {
  "use strict";

  const DEFAULT_IDLE_S = 90;
  const STAND_LANGUAGE = "de";   // the next visitor finds the stand in German again
  const HOME_DWELL_MS = 2500;
  const ORBIT_MS = 6000;
  const INPUTS = ["pointerdown", "touchstart", "keydown", "wheel", "mousedown"];

  const kiosk = {
    attract: false,
    idleMs: DEFAULT_IDLE_S * 1000,
    lastInput: performance.now(),
    attractStarts: 0,
    startedAt: null,
    active: false,
    home: null,
    defaults: [],
    timer: null,
    ui: null,
  };
  window.urbanTwinKiosk = kiosk;

  function twin() { return window.urbanTwin; }
  function story() { return window.urbanTwinStory; }
  function root() { return document.querySelector(".twin"); }

  function idleSeconds() {
    const param = Number(new URLSearchParams(window.location.search).get("idle"));
    if (Number.isFinite(param) && param >= 1 && param <= 86400) return param;
    const node = root();
    const attr = Number(node && node.getAttribute("data-idle"));
    if (Number.isFinite(attr) && attr >= 1 && attr <= 86400) return attr;
    return DEFAULT_IDLE_S;
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pick(labels) {
    const lang = (root() && root().getAttribute("lang")) || "de";
    return (labels && (labels[lang] || labels.de)) || "";
  }

  /* ---- the attract loop ---- */
  function clearTimer() {
    if (kiosk.timer !== null) { clearTimeout(kiosk.timer); kiosk.timer = null; }
  }

  function goHome() {
    twin().showLayers(kiosk.defaults);
    twin().flyTo(kiosk.home, 2000);
  }

  function loopStep(index) {
    if (!kiosk.attract) return;
    const player = story();
    const slides = player && player.story ? player.story.slides : [];
    if (!slides.length) {  // no story: circle the city
      const view = Object.assign({}, kiosk.home, { bearing: (twin().viewState.bearing || 0) + 60 });
      twin().flyTo(view, ORBIT_MS);
      kiosk.timer = setTimeout(function () { loopStep(0); }, ORBIT_MS);
      return;
    }
    if (index >= slides.length) {  // once round: back home, then again
      player.stopEffects();
      player.index = -1;
      if (player.ui) player.ui.box.hidden = true;
      goHome();
      kiosk.timer = setTimeout(function () { loopStep(0); }, HOME_DWELL_MS);
      return;
    }
    player.go(index, { ms: 2500 });
    const seconds = slides[index].duration_s || player.story.autoplay_s || 12;
    kiosk.timer = setTimeout(function () { loopStep(index + 1); }, seconds * 1000);
  }

  kiosk.startAttract = function () {
    if (kiosk.attract || !twin() || !twin().deck) return;
    kiosk.attract = true;
    kiosk.attractStarts += 1;
    kiosk.startedAt = performance.now();
    const player = story();
    if (player) { player.autoplay = true; player.stopEffects(); }
    const node = root();
    if (node) node.setAttribute("data-attract", "true");
    if (kiosk.ui) kiosk.ui.hint.hidden = false;
    goHome();
    clearTimer();
    kiosk.timer = setTimeout(function () { loopStep(0); }, HOME_DWELL_MS);
  };

  kiosk.stopAttract = function () {
    if (!kiosk.attract) return;
    kiosk.attract = false;
    clearTimer();
    const player = story();
    if (player) { player.autoplay = false; player.stopEffects(); }
    const node = root();
    if (node) node.removeAttribute("data-attract");
    if (kiosk.ui) kiosk.ui.hint.hidden = true;
    // Hold the camera where it is: a flight in progress would otherwise carry on.
    const view = twin().viewState;
    twin().flyTo({ longitude: view.longitude, latitude: view.latitude, zoom: view.zoom, pitch: view.pitch,
                   bearing: view.bearing }, 0);
  };

  function onInput() {
    kiosk.lastInput = performance.now();
    if (kiosk.attract) kiosk.stopAttract();
  }

  function checkIdle() {
    if (!kiosk.active || kiosk.attract || !twin() || twin().firstFrameAt === null) return;
    if (performance.now() - kiosk.lastInput < kiosk.idleMs) return;
    const lang = root() && root().getAttribute("lang");
    if (lang && lang !== STAND_LANGUAGE) {
      // A visitor switched the language: reload in German and start the loop right away.
      const url = new URL(window.location.href);
      url.searchParams.set("lang", STAND_LANGUAGE);
      url.searchParams.set("attract", "1");
      kiosk.active = false;
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

  function buildUi() {
    const map = document.getElementById("map");
    if (!map || !map.parentElement) return null;
    ["kiosk-questions", "kiosk-hint"].forEach(function (id) { const old = document.getElementById(id); if (old) old.remove(); });
    const questions = el("nav", { id: "kiosk-questions", class: "kiosk-questions", "aria-label": twin().t("kiosk_questions") });
    const hint = el("p", { id: "kiosk-hint", class: "kiosk-hint", role: "status" }, twin().t("kiosk_touch"));
    hint.hidden = true;
    map.parentElement.append(questions, hint);
    return { questions: questions, hint: hint };
  }

  function addQuestions(storyData) {
    if (!kiosk.ui || !storyData) return;
    (storyData.questions || []).forEach(function (question, k) {
      const button = el("button", { type: "button", class: "kiosk-question", "data-slide": question.slide,
                                    id: "kiosk-question-" + (k + 1) }, pick(question.label));
      button.addEventListener("click", function () {
        const player = story();
        const index = player.indexOf(question.slide);
        if (index >= 0) player.go(index, { ms: 2000 });
      });
      kiosk.ui.questions.append(button);
    });
    const restart = el("button", { type: "button", class: "kiosk-question kiosk-restart", id: "kiosk-restart" },
                       twin().t("kiosk_restart"));
    restart.addEventListener("click", function () {
      const player = story();
      player.stopEffects();
      player.index = -1;
      if (player.ui) player.ui.box.hidden = true;
      goHome();
    });
    kiosk.ui.questions.append(restart);
  }

  let installed = false;
  function install() {
    if (installed) return;
    installed = true;
    INPUTS.forEach(function (type) { window.addEventListener(type, onInput, { capture: true, passive: true }); });
    document.addEventListener("contextmenu", function (event) { event.preventDefault(); kiosk.contextMenusBlocked = (kiosk.contextMenusBlocked || 0) + 1; }, true);
    document.addEventListener("selectstart", function (event) { event.preventDefault(); }, true);
    document.addEventListener("dragstart", function (event) { event.preventDefault(); }, true);
    document.addEventListener("click", guardLinks, true);
    setInterval(checkIdle, 250);
  }

  window.urbanTwinPlugins = (window.urbanTwinPlugins || []).concat({
    mounted: function (state) {
      const player = story();
      const mode = player ? player.mode() : new URLSearchParams(window.location.search).get("mode");
      if (mode !== "kiosk") return;
      kiosk.active = true;
      kiosk.idleMs = idleSeconds() * 1000;
      kiosk.lastInput = performance.now();
      const url = new URL(window.location.href);
      if (url.searchParams.get("attract") === "1") {   // back from a language reset: loop at once
        kiosk.lastInput = -Infinity;
        url.searchParams.delete("attract");
        window.history.replaceState(null, "", url.toString());
      }
      kiosk.home = Object.assign({}, state.spec.initialViewState);
      kiosk.defaults = state.spec.layers.filter(function (l) { return l.visible !== false; }).map(function (l) { return l.id; });
      const node = root();
      if (node) node.setAttribute("data-idle-s", String(kiosk.idleMs / 1000));
      install();
      kiosk.ui = buildUi();
      if (player) player.load().then(addQuestions);
    },
  });
})();
