/*
 * urban-twin module "operator" (kiosk only): the staff's way out, which visitors do not find.
 *
 * A long press — HOLD_MS with one finger held still — in the top-left corner (CORNER_PX square)
 * opens a PIN pad; the right PIN makes the server stop the stand's browser and viewer
 * (POST /operator/exit; viewer/operator.py answers only on the stand itself, compares the PIN in
 * constant time and allows 5 attempts per 5 minutes). The gesture is armed only where the server
 * offers the exit (GET /operator/exit says available: a PIN is set and this browser runs on the stand).
 * The pad closes by itself after CLOSE_MS without a key, and when the attract loop starts.
 *
 * Built with DOM calls, text with textContent, looks from classes (61-operator.css): it runs under
 * the page's Content-Security-Policy (no inline scripts or styles, no eval).
 *
 * API (twin.operator): available, isOpen(), open(), close().
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util, el = util.el;
  const URL_EXIT = "/operator/exit";
  const CORNER_PX = 80;
  const HOLD_MS = 3000;
  const SLOP_PX = 24;
  const CLOSE_MS = 30000;
  const MIN_DIGITS = 4, MAX_DIGITS = 12;
  const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"];

  const operator = { available: false };
  const state = { own: null, press: null, pad: null, digits: "", lastKey: 0, busy: false };

  /* ---- the gesture ---- */
  function cancelPress() {
    if (state.press) { clearTimeout(state.press.timer); state.press = null; }
  }

  function onDown(event) {
    if (state.press) { cancelPress(); return; }   // a second finger: not the gesture
    if (!operator.available || state.pad || event.clientX > CORNER_PX || event.clientY > CORNER_PX) return;
    state.press = { id: event.pointerId, x: event.clientX, y: event.clientY,
                    timer: setTimeout(function () { state.press = null; operator.open(); }, HOLD_MS) };
  }

  function onMove(event) {
    const press = state.press;
    if (press && event.pointerId === press.id && Math.hypot(event.clientX - press.x, event.clientY - press.y) > SLOP_PX) {
      cancelPress();
    }
  }

  function onUp(event) {
    if (state.press && event.pointerId === state.press.id) cancelPress();
  }

  /* ---- the PIN pad ---- */
  function show() {
    const pad = state.pad;
    pad.pin.textContent = state.digits.replace(/./g, "●") || "–";
    pad.pin.setAttribute("aria-label", twin.t("kiosk_exit_digits").replace("{}", String(state.digits.length)));
    pad.ok.disabled = state.busy || state.digits.length < MIN_DIGITS;
  }

  function say(key, value) {
    state.pad.status.textContent = twin.t(key).replace("{}", value === undefined ? "" : String(value));
    state.pad.status.setAttribute("data-status", key);
  }

  function submit() {
    if (state.busy || state.digits.length < MIN_DIGITS) return;
    state.busy = true;
    const pin = state.digits;
    state.digits = "";
    show();
    fetch(URL_EXIT, { method: "POST", cache: "no-store", credentials: "same-origin",
                      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ pin: pin }) })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (answer) {
        if (!state.pad) return;
        state.busy = answer.status === 202;
        if (answer.status === 202) say("kiosk_exit_stopping");
        else if (answer.status === 403 && answer.body.error === "wrong PIN") say("kiosk_exit_wrong");
        else if (answer.status === 429) say("kiosk_exit_wait", Math.max(1, Math.ceil((answer.body.retry_after_s || 60) / 60)));
        else say("kiosk_exit_failed", answer.body.error || answer.status);
        show();
      })
      .catch(function () {
        if (!state.pad) return;
        state.busy = false;
        say("kiosk_exit_failed", "—");
        show();
      });
  }

  function press(key) {
    state.lastKey = performance.now();
    if (state.busy) return;
    if (key === "ok") { submit(); return; }
    if (key === "del") state.digits = state.digits.slice(0, -1);
    else if (state.digits.length < MAX_DIGITS) state.digits += key;
    state.pad.status.textContent = "";
    state.pad.status.removeAttribute("data-status");
    show();
  }

  function onKey(event) {
    if (!state.pad) return;
    const key = /^[0-9]$/.test(event.key) ? event.key
      : ({ Backspace: "del", Enter: "ok", Escape: "close" })[event.key];
    if (!key) return;
    event.preventDefault();
    event.stopPropagation();
    if (key === "close") operator.close(); else press(key);
  }

  function build() {
    const box = el("div", { class: "operator-box" });
    const title = el("h2", { id: "operator-title", class: "operator-title" }, twin.t("kiosk_exit_title"));
    const hint = el("p", { class: "operator-hint" }, twin.t("kiosk_exit_hint"));
    const pin = el("p", { id: "operator-pin", class: "operator-pin", "aria-live": "polite" });
    const status = el("p", { id: "operator-status", class: "operator-status", role: "status" });
    const keys = el("div", { class: "operator-keys" });
    let ok = null;
    KEYS.forEach(function (key) {
      const label = key === "del" ? "⌫" : key === "ok" ? twin.t("kiosk_exit_ok") : key;
      const button = el("button", { type: "button", class: "operator-key operator-key-" + key, "data-key": key,
                                    id: "operator-key-" + key }, label);
      if (key === "del") button.setAttribute("aria-label", twin.t("kiosk_exit_delete"));
      if (key === "ok") ok = button;
      keys.append(button);
    });
    const cancel = el("button", { type: "button", id: "operator-cancel", class: "operator-cancel" }, twin.t("kiosk_exit_cancel"));
    box.append(title, hint, pin, status, keys, cancel);
    const pad = el("div", { id: "operator-pad", class: "operator-pad", role: "dialog", "aria-modal": "true",
                            "aria-labelledby": "operator-title" });
    pad.append(box);
    keys.addEventListener("click", function (event) {
      const button = event.target.closest && event.target.closest("[data-key]");
      if (button) press(button.getAttribute("data-key"));
    });
    cancel.addEventListener("click", function () { operator.close(); });
    return { node: pad, pin: pin, status: status, ok: ok, ticker: null };
  }

  operator.isOpen = function () { return state.pad !== null; };

  operator.open = function () {
    if (state.pad || !state.own) return;
    state.digits = "";
    state.busy = false;
    state.lastKey = performance.now();
    state.pad = build();
    document.body.append(state.pad.node);
    state.pad.ticker = setInterval(function () {
      const attract = twin.kiosk && twin.kiosk.attract;
      if (attract || performance.now() - state.lastKey > CLOSE_MS) operator.close();
    }, 1000);
    show();
    state.pad.ok.focus({ preventScroll: true });
  };

  operator.close = function () {
    if (!state.pad) return;
    clearInterval(state.pad.ticker);
    state.pad.node.remove();
    state.pad = null;
    state.digits = "";
  };

  twin.module("operator", {
    mounted: function (twin, own) {
      if (twin.pageMode !== "kiosk") return;
      state.own = own;
      const opts = { capture: true, passive: true };
      own.listen(window, "pointerdown", onDown, opts);
      own.listen(window, "pointermove", onMove, opts);
      own.listen(window, "pointerup", onUp, opts);
      own.listen(window, "pointercancel", onUp, opts);
      own.listen(window, "keydown", onKey, true);
      own.onRemove(function () { cancelPress(); operator.close(); state.own = null; operator.available = false; });
      fetch(URL_EXIT, { cache: "no-store", credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (body) { if (own.alive) operator.available = body.available === true; })
        .catch(function () { /* no answer: the gesture stays off */ });
    },
  }, operator);
})();
