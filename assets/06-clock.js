/*
 * urban-twin core: the one clock of the map (twin.clock).
 *
 * It holds a local date and time that every layer which changes over time follows; each layer
 * converts it to what it needs:
 *   - heavy rain (10-flood.js): minutes after the event's rain start, which picks a depth frame;
 *   - traffic (12-traffic.js): the hour of day picks a time slice; the moving vehicles
 *     (13-trips.js) stand where the time of day puts them;
 *   - the sun (15-light.js): date and time give its position.
 * Its controls (play/pause, speed, loop) are the clock bar (14-clock-bar.js). With
 * `prefers-reduced-motion` (clock.reducedMotion()) nothing starts it by itself (the kiosk's
 * attract loop steps its slides with the clock standing).
 * Anyone may set it (the heavy-rain player, a story slide); every change calls the modules'
 * clockChanged(twin, clock) hook.
 *
 * Time is the city's local wall-clock time in ms since 1970-01-01 00:00 of that calendar, read
 * with the Date UTC methods (clock.parts()); no time zone of the browser enters, so a stand set to
 * UTC still shows the city's hours. It starts at the browser's local time when the map is mounted.
 *
 * Playing moves the time by `speed` clock seconds per real second, once per animation frame. With a
 * range [start, end] it runs inside it: it starts from `start` if outside, and at `end` it stops —
 * or, with `loop`, starts over at `start`. `by` names who started it (a module pauses only its own
 * play when it leaves).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  const clock = {
    time: 0,          // ms, local wall-clock time
    playing: false,
    speed: 60,        // clock seconds per real second
    loop: false,
    range: null,      // {start, end} in ms, or null
    by: null,         // who started the play
  };
  let lastTick = null;
  let frameRequest = null;

  function localNow() {
    const now = new Date();
    return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds());
  }

  function changed() { twin.emit("clockChanged", clock); }

  /** A clock time from "YYYY-MM-DDTHH:MM[:SS]" (local, no zone), a Date-free ms value, or null if invalid. */
  clock.parse = function (text) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(String(text));
    if (!m) return null;
    const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0));
    return Number.isFinite(ms) ? ms : null;
  };

  /** {year, month (1–12), day, hour, minute, second, weekday (0 = Sunday), dayOfYear (1–366)}. */
  clock.parts = function (time) {
    const t = time === undefined ? clock.time : time, d = new Date(t);
    const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
             minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay(),
             dayOfYear: Math.floor((t - jan1) / 86400000) + 1 };
  };

  /** "YYYY-MM-DDTHH:MM" of the clock (or of a time). */
  clock.format = function (time) {
    return new Date(time === undefined ? clock.time : time).toISOString().slice(0, 16);
  };

  /** Midnight of the clock's day (or of a time's day), in ms. */
  clock.dayStart = function (time) {
    const t = time === undefined ? clock.time : time;
    return t - (((t % 86400000) + 86400000) % 86400000);
  };

  /** Set the time (ms or "YYYY-MM-DDTHH:MM"); a play goes on from there. */
  clock.set = function (time) {
    const ms = typeof time === "number" ? time : clock.parse(time);
    if (!Number.isFinite(ms)) return;
    clock.time = ms;
    lastTick = null;
    changed();
  };

  function tick(now) {
    frameRequest = null;
    if (!clock.playing) return;
    if (lastTick !== null) {
      let time = clock.time + (now - lastTick) * clock.speed;
      const r = clock.range;
      if (r && time >= r.end) {
        if (clock.loop && r.end > r.start) time = r.start + (time - r.start) % (r.end - r.start);
        else if (clock.loop) time = r.start;
        else { clock.time = r.end; clock.playing = false; clock.by = null; lastTick = null; changed(); return; }
      }
      clock.time = time;
      changed();
    }
    lastTick = now;
    frameRequest = requestAnimationFrame(tick);
  }

  /**
   * Play: options {speed, range: [start, end] (ms) or null, loop, by}; those not given stay.
   * Outside the range the time starts at its start.
   */
  clock.play = function (options) {
    const o = options || {};
    if (o.speed !== undefined && Number.isFinite(o.speed)) clock.speed = o.speed;
    if (o.range !== undefined) clock.range = o.range ? { start: o.range[0], end: o.range[1] } : null;
    if (o.loop !== undefined) clock.loop = Boolean(o.loop);
    clock.by = o.by || null;
    const r = clock.range;
    if (r && (clock.time < r.start || clock.time >= r.end)) clock.time = r.start;
    clock.playing = true;
    lastTick = null;
    if (frameRequest === null) frameRequest = requestAnimationFrame(tick);
    changed();
  };

  clock.pause = function () {
    if (!clock.playing) return;
    clock.playing = false;
    clock.by = null;
    lastTick = null;
    changed();
  };

  /** Whether the visitor asked for reduced motion (WCAG 2.3.3): then nothing starts the clock by itself. */
  clock.reducedMotion = function () {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  };

  clock.setSpeed = function (speed) { if (Number.isFinite(speed)) { clock.speed = speed; changed(); } };
  clock.setLoop = function (loop) { clock.loop = Boolean(loop); changed(); };

  twin.clock = clock;

  twin.module("clock", {
    mounted: function () {
      Object.assign(clock, { time: localNow(), playing: false, speed: 60, loop: false, range: null, by: null });
      lastTick = null;
    },
    removed: function () {
      clock.playing = false;
      if (frameRequest !== null) { cancelAnimationFrame(frameRequest); frameRequest = null; }
    },
  });
})();
