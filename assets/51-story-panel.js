/*
 * urban-twin module "storyPanel": the slide panel of presentation and kiosk mode — kicker, title,
 * text, "3 / 7", previous / next and (presentation) full screen — and the clicker keys.
 *
 * Presentation keys: ArrowRight / PageDown / Space go on, ArrowLeft / PageUp go back, Home / End
 * jump, F toggles full screen (presentation clickers send these keys; keys typed into form fields
 * are left alone). The panel carries data-slide (the chosen slide, 1-based) and data-shown (the
 * same number once it is drawn, absent in between). All text is set with textContent.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util, el = util.el, t = twin.t;
  const MODES = ["present", "kiosk"];
  const KEYS = { ArrowRight: "next", PageDown: "next", " ": "next", Spacebar: "next", ArrowLeft: "prev",
                 PageUp: "prev", Home: "first", End: "last", f: "full", F: "full" };
  let ui = null;

  function render() {
    const story = twin.story.story, index = twin.story.index;
    if (!ui || !story) return;
    const slide = story.slides[index];
    ui.box.hidden = !slide;
    if (!slide) return;
    ui.kicker.textContent = util.pick(story.title);
    ui.title.textContent = util.pick(slide.title);
    ui.text.textContent = util.pick(slide.text);
    ui.counter.textContent = (index + 1) + " / " + story.slides.length;
    ui.counter.setAttribute("aria-label", t("story_counter") + " " + (index + 1) + " " + t("story_of") + " "
                            + story.slides.length);
    ui.box.setAttribute("data-slide", String(index + 1));
    ui.prev.disabled = index <= 0;
    ui.next.disabled = index >= story.slides.length - 1;
  }

  function toggleFullscreen() {
    const request = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    if (request && request.catch) request.catch(function (err) { console.warn("urban-twin fullscreen", err.message); });
  }

  function build(own, mode) {
    const box = el("section", { id: "story-panel", class: "story-panel", role: "region", "aria-label": t("story_panel") });
    const kicker = el("p", { class: "story-kicker" });
    const title = el("h2", { id: "story-title", class: "story-title" });
    const text = el("p", { id: "story-text", class: "story-text", "aria-live": "polite" });
    const nav = el("div", { class: "story-nav" });
    const prev = el("button", { id: "story-prev", type: "button", class: "story-button" }, "‹ " + t("story_prev"));
    const counter = el("span", { id: "story-counter", class: "story-counter" });
    const next = el("button", { id: "story-next", type: "button", class: "story-button story-primary" },
                    t("story_next") + " ›");
    nav.append(prev, counter, next);
    box.append(kicker, title, text, nav);
    if (mode === "present") {
      const full = el("button", { id: "story-fullscreen", type: "button", class: "story-button" }, t("story_fullscreen"));
      nav.append(full);
      box.append(el("p", { class: "story-keys" }, t("story_keys")));
      full.addEventListener("click", toggleFullscreen);
      own.listen(document, "fullscreenchange", function () {
        full.textContent = t(document.fullscreenElement ? "story_fullscreen_exit" : "story_fullscreen");
      });
    }
    box.hidden = true;
    prev.addEventListener("click", function () { twin.story.prev(); });
    next.addEventListener("click", function () { twin.story.next(); });
    own.add(box);
    return { box: box, kicker: kicker, title: title, text: text, prev: prev, next: next, counter: counter };
  }

  /* Keys from presentation clickers; not while a form field has the focus. Capture phase, so the
     map's own keyboard control (arrow keys pan) does not see the keys we use. */
  function onKey(event) {
    const player = twin.story;
    if (!player.story || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const action = KEYS[event.key];
    if (!action || (action === "full" && twin.pageMode !== "present")) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.repeat && action === "full") return;
    if (action === "next") player.go(player.index + 1);
    else if (action === "prev") player.go(Math.max(0, player.index - 1));
    else if (action === "first") player.go(0);
    else if (action === "last") player.go(player.story.slides.length - 1);
    else toggleFullscreen();
  }

  twin.module("storyPanel", {
    mounted: function (twin, own) {
      ui = null;
      const mode = twin.pageMode;
      if (MODES.indexOf(mode) < 0) return;
      own.listen(window, "keydown", onKey, true);
      twin.story.load().then(function (story) {
        if (!own.alive) return;
        if (!story || !story.slides.length) {
          if (mode === "present") {
            own.add(el("p", { id: "story-missing", class: "story-missing", role: "status" }, t("story_missing")));
          }
          return;
        }
        ui = build(own, mode);
        render();
      });
    },
    removed: function () { ui = null; },
    slideChanged: function () {
      render();
      if (ui) ui.box.removeAttribute("data-shown");
    },
    slideShown: function (twin, index) {
      if (ui) ui.box.setAttribute("data-shown", String(index + 1));
    },
  });
})();
