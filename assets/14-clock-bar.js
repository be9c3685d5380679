/*
 * urban-twin module "clockBar": the visible controls of the one clock (twin.clockBar).
 *
 * A slim bar at the bottom of the map: play/pause (WCAG 2.2.2: whatever moves with the clock can
 * be paused here), the clock's time, its speed (clock seconds per real second) and whether the
 * day loops. It shows while a layer that moves with the clock is visible (moving vehicles) or the
 * clock runs for anyone but the heavy-rain player (which has its own pause button), so a kiosk's
 * attract loop that runs the clock always shows its pause control.
 *
 * Playing from here runs the clock over the whole day (looping if asked). The daylight switch
 * (15-light.js) sits here too.
 *
 * API (twin.clockBar): visible, play(), pause(), SPEEDS.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const BY = "clock";
  const SPEEDS = [1, 10, 60, 600];
  const DEFAULT_SPEED = 10;
  const DAY_MS = 86400000;
  const state = { ui: null, speed: DEFAULT_SPEED, loop: true };

  function play() {
    const day = twin.clock.dayStart();
    twin.clock.play({ speed: state.speed, range: [day, day + DAY_MS], loop: state.loop, by: BY });
  }

  function shouldShow() {
    const clock = twin.clock;
    return Boolean((twin.trips && twin.trips.anyVisible()) || (clock.playing && clock.by !== "flood"));
  }

  function buildUi(own) {
    const T = function (key) { return twin.t("traffic_clock_" + key); };
    const box = util.el("div", { id: "clock-bar", class: "clock-bar", role: "group", "aria-label": twin.t("traffic_clock") });
    box.hidden = true;
    const button = util.el("button", { id: "clock-play", type: "button", class: "map-button clock-play" }, T("play"));
    const time = util.el("output", { id: "clock-time", class: "clock-time", "aria-live": "off" });
    const speedLabel = util.el("label", { for: "clock-speed" }, T("speed"));
    const speed = util.el("select", { id: "clock-speed", class: "clock-speed" });
    SPEEDS.forEach(function (v) {
      const option = util.el("option", { value: String(v) }, v + "×");
      if (v === state.speed) option.selected = true;
      speed.append(option);
    });
    const loop = util.el("input", { id: "clock-loop", type: "checkbox", class: "clock-loop" });
    loop.checked = state.loop;
    const loopLabel = util.el("label", { for: "clock-loop" }, T("loop"));
    box.append(button, time, speedLabel, speed, loop, loopLabel);
    own.add(box);
    own.listen(button, "click", function () { if (twin.clock.playing) twin.clock.pause(); else play(); });
    own.listen(speed, "change", function () {
      state.speed = Number(speed.value);
      if (twin.clock.playing) twin.clock.setSpeed(state.speed);
    });
    own.listen(loop, "change", function () {
      state.loop = loop.checked;
      if (twin.clock.playing && twin.clock.by === BY) twin.clock.setLoop(state.loop);
    });
    return { box: box, button: button, time: time, speed: speed, T: T };
  }

  function render() {
    const ui = state.ui;
    if (!ui) return;
    const show = shouldShow();
    if (ui.box.hidden === show) ui.box.hidden = !show;
    const playing = twin.clock.playing;
    const label = ui.T(playing ? "pause" : "play");
    if (ui.button.textContent !== label) ui.button.textContent = label;
    ui.button.setAttribute("aria-pressed", playing ? "true" : "false");
    const p = twin.clock.parts(), text = String(p.hour).padStart(2, "0") + ":" + String(p.minute).padStart(2, "0");
    if (ui.time.textContent !== text) ui.time.textContent = text;
    ui.box.setAttribute("data-playing", playing ? "true" : "false");
  }

  const api = {
    get visible() { return Boolean(state.ui && !state.ui.box.hidden); },
    play: play,
    pause: function () { twin.clock.pause(); },
    SPEEDS: SPEEDS,
  };

  twin.module("clockBar", {
    mounted: function (twin, own) { state.ui = buildUi(own); render(); },
    removed: function () { state.ui = null; },
    layersChanged: render,
    clockChanged: render,
  }, api);
})();
