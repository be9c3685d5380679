/*
 * urban-twin core: the camera (twin.viewState, twin.flyTo) and the views (twin.setViews).
 *
 * One map view by default, whose camera deck.gl keeps (an uncontrolled viewState: flights use
 * deck.gl's FlyToInterpolator). Compare and swipe use several views with one linked camera: the
 * viewState is then controlled here, so a drag in one view moves all of them, and a flight is
 * interpolated here (eased, straight line). Every camera change calls the viewChanged hook.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  let linked = false;   // several views sharing one camera (controlled viewState)
  let flight = null;    // the linked flight in progress

  twin._viewStateChange = function (change) {
    const view = change.viewState;
    twin.viewState = view;
    if (linked) {
      // Every view shows this camera: a drag on one side moves the other.
      if (!change.interactionState || !change.interactionState.inTransition) flight = null;
      twin.deck.setProps({ viewState: Object.assign({}, view) });
    }
    twin.emit("viewChanged");
    return view;
  };

  /** Fly the camera to view (longitude, latitude, zoom, pitch, bearing) in ms (default 1.5 s; 0 = jump). */
  twin.flyTo = function (view, ms) {
    if (!twin.deck || !view) return;
    ms = ms === undefined ? 1500 : ms;
    if (linked) { linkedFlight(view, ms); return; }
    const target = Object.assign({}, twin.viewState, view, {
      transitionDuration: ms,
      transitionInterpolator: { "@@type": "FlyToInterpolator" },
      flight: Date.now(),   // a new value each time, so deck.gl does not see "the same" view
    });
    window.updateDeck({ initialViewState: target }, twin.deck);
    twin.viewState = Object.assign({}, twin.viewState, view);
  };

  /**
   * Stop a flight where the camera is now.
   *
   * deck.gl ignores a new view that equals the one its running transition has just drawn (it takes
   * it for the transition's own update), so jumping to exactly the current view would let the
   * flight carry on. The held view is moved by 1e-9 degrees of longitude (0.1 mm), which deck.gl
   * sees as a new view: it cancels the transition and jumps there.
   */
  twin.holdCamera = function () {
    if (!twin.deck) return;
    if (linked) { flight = null; return; }
    const view = twin.cameraOnly(twin.viewState);
    view.longitude += 1e-9;
    twin.flyTo(view, 0);
  };

  function linkedFlight(view, ms) {
    const from = twin.cameraOnly(twin.viewState), to = Object.assign({}, from, twin.cameraOnly(view));
    const started = performance.now(), token = {};
    flight = token;
    function step(now) {
      if (flight !== token || !linked || !twin.deck) return;
      const k = ms > 0 ? Math.min(1, (now - started) / ms) : 1, e = k < 0.5 ? 2 * k * k : 1 - Math.pow(-2 * k + 2, 2) / 2;
      const next = {};
      Object.keys(to).forEach(function (key) { next[key] = from[key] + (to[key] - from[key]) * e; });
      twin.viewState = Object.assign({}, twin.viewState, next);
      twin.deck.setProps({ viewState: Object.assign({}, twin.viewState) });
      twin.emit("viewChanged");
      if (k < 1) requestAnimationFrame(step); else flight = null;
    }
    requestAnimationFrame(step);
  }

  /** Several deck.gl views with one linked camera (layers per view: twin.setSides); null = the map's own view. */
  twin.setViews = function (views) {
    if (!twin.deck) return;
    const camera = Object.assign({}, twin.viewState);
    if (views) {
      linked = true;
      twin.deck.setProps({ views: views, viewState: camera });
    } else {
      linked = false;
      flight = null;
      twin.deck.setProps({ views: twin.baseViews, viewState: null,
                            initialViewState: Object.assign({}, camera, { flight: Date.now() }) });
    }
    twin.loaded = false;
  };

  /** The controller settings of the map's own view (for views made by modules). */
  twin.controller = function () {
    const base = twin.baseViews && twin.baseViews[0];
    return (base && base.props.controller) || true;
  };

  twin.module("camera", {
    removed: function () { linked = false; flight = null; },
  });
})();
