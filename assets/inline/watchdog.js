/*
 * urban-twin first-load watchdog: reloads the page when no first frame arrives in time.
 *
 * The server inlines this file into the page's <head> (viewer/app.py; allowed by its hash in the
 * Content-Security-Policy), so it runs before any other script is even requested and still acts
 * when one of them never arrives. Dash does not load the folder assets/inline/ by itself.
 * It knows nothing of the other scripts but the page's test contract (README "The page's test
 * contract"): window.urbanTwin.firstFrameAt stays null until the first frame with every visible
 * layer loaded.
 *
 * Time limit: <meta name="urban-twin-watchdog" content="S"> (the server's TWIN_WATCHDOG_S), or a
 * URL's ?watchdog=S; 0 switches the watchdog off. After S seconds without a first frame the page
 * reloads; each reload in a row waits twice as long as the one before (2S, 4S), and after
 * MAX_IN_A_ROW of them a page that cannot draw (e.g. without WebGL) is left alone. Every reload is counted in sessionStorage under "urbanTwin.watchdog"
 * ({reloads, inARow, last}), shown as window.urbanTwin.watchdog = {reloads, timeoutS}, written to
 * the console and reported to the server's log (POST /api/watchdog).
 */
(function () {
  "use strict";

  var KEY = "urbanTwin.watchdog";
  var MAX_IN_A_ROW = 3;
  var DEFAULT_S = 120;

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
  // Each reload in a row waits twice as long: a slow machine gets the time it needs.
  var watchdog = { reloads: stored.reloads || 0, timeoutS: limitS() * Math.pow(2, stored.inARow || 0) };

  function drawn() {
    var twin = window.urbanTwin;
    return Boolean(twin && twin.firstFrameAt !== null && twin.firstFrameAt !== undefined);
  }

  function report(gaveUp) {
    var twin = window.urbanTwin;
    return {
      reloads: watchdog.reloads + (gaveUp ? 0 : 1), inARow: (stored.inARow || 0) + (gaveUp ? 0 : 1),
      afterS: Math.round(performance.now() / 1000), frames: (twin && twin.frames) || 0,
      mounted: Boolean(twin && twin.deck), resources: performance.getEntriesByType("resource").length,
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
      console.error("urban-twin watchdog: no first frame after " + watchdog.timeoutS + " s and " + last.inARow
                    + " reloads in a row; not reloading again", last);
      tellServer(last);
      return;
    }
    var facts = report(false);
    save({ reloads: facts.reloads, inARow: facts.inARow, last: facts });
    console.warn("urban-twin watchdog: no first frame after " + watchdog.timeoutS + " s; reloading (reload "
                 + facts.reloads + ")", facts);
    tellServer(facts);
    window.location.reload();
  }

  var timer = setInterval(function () {
    var twin = window.urbanTwin;
    if (twin && twin.watchdog !== watchdog) twin.watchdog = watchdog;
    if (drawn()) {
      clearInterval(timer);
      if (stored.inARow) save({ reloads: watchdog.reloads, inARow: 0, last: stored.last });
    } else if (watchdog.timeoutS > 0 && performance.now() >= watchdog.timeoutS * 1000) {
      clearInterval(timer);
      fire();
    }
  }, 250);
})();
