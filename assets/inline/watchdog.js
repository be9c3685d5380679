/*
 * urban-twin first-load watchdog: reloads the page when its first load gets stuck.
 *
 * The server inlines this file into the page's <head> (viewer/app.py; allowed by its hash in the
 * Content-Security-Policy), so it runs before any other script is even requested and still acts
 * when one of them never arrives. Dash does not load the folder assets/inline/ by itself.
 * It knows nothing of the other scripts but the page's test contract (README "The page's test
 * contract"): window.urbanTwin.firstFrameAt stays null until the first frame with every visible
 * layer loaded, window.urbanTwin.frames counts the frames drawn.
 *
 * Stuck means: no first frame yet, and for S seconds nothing moved — no request finished, no
 * frame was drawn, and the page was not busy computing (a timer that fires late says it was).
 * A slow machine that is still working is left to finish (software-rendered first frames of the
 * full sample city took 30–120 s on a loaded machine; bench/README.md). S comes from
 * <meta name="urban-twin-watchdog" content="S"> (the server's TWIN_WATCHDOG_S) or a URL's
 * ?watchdog=S; 0 switches the watchdog off. Each reload in a row waits twice as long (2S, 4S), and
 * after MAX_IN_A_ROW of them a page that cannot draw (e.g. without WebGL) is left alone.
 * Every reload is counted in sessionStorage under "urbanTwin.watchdog" ({reloads, inARow, last}),
 * shown as window.urbanTwin.watchdog = {reloads, timeoutS}, written to the console and reported to
 * the server's log (POST /api/watchdog).
 */
(function () {
  "use strict";

  var KEY = "urbanTwin.watchdog";
  var MAX_IN_A_ROW = 3;
  var DEFAULT_S = 60;
  var TICK_MS = 250;
  var BUSY_MS = 1000;   // a tick this late: the page was computing, which is progress

  function load() {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || {}; } catch (err) { return {}; }
  }

  function save(value) {
    try { sessionStorage.setItem(KEY, JSON.stringify(value)); } catch (err) { /* private mode: count in memory */ }
  }

  function limitS() {
    var fromUrl = new URLSearchParams(window.location.search).get("watchdog");
    var meta = document.querySelector('meta[name="urban-twin-watchdog"]');
    var value = Number(fromUrl !== null ? fromUrl : (meta ? meta.getAttribute("content") : DEFAULT_S));
    return Number.isFinite(value) && value >= 0 && value <= 86400 ? value : DEFAULT_S;
  }

  var stored = load();
  var watchdog = { reloads: stored.reloads || 0, timeoutS: limitS() * Math.pow(2, stored.inARow || 0) };

  function twinValue(name) {
    var twin = window.urbanTwin;
    return twin ? twin[name] : undefined;
  }

  function drawn() {
    var at = twinValue("firstFrameAt");
    return at !== null && at !== undefined;
  }

  function report(gaveUp) {
    return {
      reloads: watchdog.reloads + (gaveUp ? 0 : 1), inARow: (stored.inARow || 0) + (gaveUp ? 0 : 1),
      afterS: Math.round(performance.now() / 1000), frames: twinValue("frames") || 0,
      mounted: Boolean(twinValue("deck")), resources: performance.getEntriesByType("resource").length,
      gaveUp: gaveUp,
    };
  }

  function tellServer(facts) {
    try {
      navigator.sendBeacon("/api/watchdog", new Blob([JSON.stringify(facts)], { type: "application/json" }));
    } catch (err) { /* the reload matters more than the report */ }
  }

  function fire() {
    if ((stored.inARow || 0) >= MAX_IN_A_ROW) {
      var last = report(true);
      console.error("urban-twin watchdog: first load stuck for " + watchdog.timeoutS + " s after " + last.inARow
                    + " reloads in a row; not reloading again", last);
      tellServer(last);
      return;
    }
    var facts = report(false);
    save({ reloads: facts.reloads, inARow: facts.inARow, last: facts });
    console.warn("urban-twin watchdog: no first frame and no progress for " + watchdog.timeoutS
                 + " s; reloading (reload " + facts.reloads + ")", facts);
    tellServer(facts);
    window.location.reload();
  }

  var seen = { resources: -1, frames: -1 };
  var movedAt = performance.now();
  var tickAt = movedAt;
  var timer = setInterval(function () {
    var twin = window.urbanTwin;
    if (twin && twin.watchdog !== watchdog) twin.watchdog = watchdog;
    if (drawn()) {
      clearInterval(timer);
      if (stored.inARow) save({ reloads: watchdog.reloads, inARow: 0, last: stored.last });
      return;
    }
    var now = performance.now();
    var resources = performance.getEntriesByType("resource").length, frames = twinValue("frames") || 0;
    if (resources !== seen.resources || frames !== seen.frames || now - tickAt > BUSY_MS) {
      movedAt = now;
      seen = { resources: resources, frames: frames };
    }
    tickAt = now;
    if (watchdog.timeoutS > 0 && now - movedAt >= watchdog.timeoutS * 1000) {
      clearInterval(timer);
      fire();
    }
  }, TICK_MS);
})();
