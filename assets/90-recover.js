/*
 * urban-twin module "recover": a lost WebGL context does not leave a black screen.
 *
 * A GPU driver reset, a GPU process crash or the browser reclaiming memory takes deck.gl's WebGL
 * context away ("webglcontextlost" on its canvas); deck.gl cannot draw again with it. The page
 * then reloads itself, into the same mode and view: the address always holds the mode, the
 * slide of a presentation and the shareable state (40-url.js), and a kiosk whose attract loop was
 * playing comes back straight into the loop (?attract=1, 60-kiosk.js). Before reloading it waits
 * until the server answers /healthz (a reload against a server that is restarting would leave the
 * browser's error page). Should contexts keep getting lost (a failing GPU), reloads are spaced
 * BACKOFF_MS apart after MAX_QUICK within QUICK_MS, so the page never reloads in a tight loop.
 *
 * Test with the WEBGL_lose_context extension (tests/e2e/test_context_loss_browser.py).
 * API (twin.recover): lost (count on this page), reloading (bool).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const RELOAD_AFTER_MS = 500;
  const HEALTH_RETRY_MS = 2000;
  const QUICK_MS = 120000, MAX_QUICK = 3, BACKOFF_MS = 30000;
  const HISTORY_KEY = "urbanTwin.recoveries";

  const recover = { lost: 0, reloading: false };

  function recentReloads(now) {
    let stamps = [];
    try { stamps = JSON.parse(window.sessionStorage.getItem(HISTORY_KEY) || "[]"); } catch (err) { stamps = []; }
    return (Array.isArray(stamps) ? stamps : []).filter(function (t) { return Number.isFinite(t) && now - t < QUICK_MS; });
  }

  function reload() {
    const now = Date.now();
    const stamps = recentReloads(now).concat(now);
    try { window.sessionStorage.setItem(HISTORY_KEY, JSON.stringify(stamps)); } catch (err) { /* private mode: no history */ }
    const url = new URL(window.location.href);
    if (twin.kiosk && twin.kiosk.attract) url.searchParams.set("attract", "1");
    window.location.replace(url.toString());
  }

  function whenServerAnswers(then) {
    fetch("/healthz", { cache: "no-store" })
      .then(function (response) { if (response.ok) then(); else throw new Error(String(response.status)); })
      .catch(function () { setTimeout(function () { whenServerAnswers(then); }, HEALTH_RETRY_MS); });
  }

  function onLost(event) {
    event.preventDefault();   // we take over; deck.gl's context stays unusable either way
    recover.lost += 1;
    if (recover.reloading) return;
    recover.reloading = true;
    const root = twin.util.root();
    if (root) root.setAttribute("data-context-lost", "true");
    const wait = recentReloads(Date.now()).length >= MAX_QUICK ? BACKOFF_MS : RELOAD_AFTER_MS;
    console.warn("urban-twin: the WebGL context was lost; the page reloads in", wait, "ms");
    setTimeout(function () { whenServerAnswers(reload); }, wait);
  }

  twin.module("recover", {
    mounted: function (twin, own) {
      // webglcontextlost does not bubble, but capture listeners on an ancestor see it: this one
      // catches the canvas deck.gl creates inside #map, whenever it creates it.
      const map = document.getElementById("map");
      if (map) own.listen(map, "webglcontextlost", onLost, true);
    },
  }, recover);
})();
