/*
 * urban-twin module "trips": vehicles in motion on the one clock (twin.trips).
 *
 * A moving-vehicle layer (manifest kind "traffic-trips"; viewer/traffic_layers.py) is a TripsLayer
 * that arrives empty with a `tripsMeta` prop: the link paths (shared) and per time slice its trips
 * file (layers/traffic/trips.py: each trip's start and the links it drives, each link's congested
 * time). Shown, it draws the slice holding the clock's hour (as 12-traffic.js does for the load
 * layers), and the vehicles stand where the clock's time puts them: the sampled cycle repeats, so
 * the time of day modulo the cycle is the layer's currentTime. A trip running past the cycle's end
 * is drawn a second time one cycle earlier, so the loop has no seam. In compare both sides' layers
 * follow the one clock; nothing here starts the clock (14-clock-bar.js and the kiosk do).
 *
 * The trips are built once per slice file into binary arrays (positions Float64, timestamps
 * Float32, start indices). deck.gl gets only a window of them: the pieces of the trips whose times
 * fall between the trail's end and a little ahead of the clock (WINDOW_MIN_S, or WINDOW_REAL_S of
 * real time at the clock's speed), cut at the last vertex before and the first after. A TripsLayer
 * draws every segment it is given and discards by time in the fragment shader, so the whole
 * cycle's trips cost all their vertices in every frame: with SwiftShader 7,726 trips
 * took 9-91 s a frame against 0.7 s without them (bench/README.md, "Moving vehicles"). A clock tick
 * inside the window changes only currentTime; leaving it (playing on, a jump, the cycle's wrap)
 * cuts the next window.
 *
 * API (twin.trips): specs(), sliceOf(layerId), currentTime (s within the cycle), vehicles(layerId)
 * (trips of the slice, with their copies), vertices(layerId) ({drawn, all}: in the window, in the
 * slice), windowed (false: hand deck.gl the whole slice, for comparison), ready(layerId) (its
 * slice's data are on the layer), anyVisible(), draw(layerId, json) (put a trips file's JSON on a
 * layer: bench/bench_trips.py).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  const WINDOW_MIN_S = 15;    // clock seconds a window covers at least
  const WINDOW_REAL_S = 1.5;  // real seconds a window lasts at the clock's speed (at least WINDOW_MIN_S)

  // drawn: layer id -> URL of the slice on the layer; cache: URL -> Promise of the binary data;
  // built: layer id -> the slice's binary data; windows: layer id -> the window on the layer
  // ({built, loaded, whole, from, to, vertices})
  const state = { drawn: {}, cache: {}, links: {}, built: {}, windows: {} };

  function specs() {
    return (twin.spec && twin.spec.layers || []).filter(function (l) { return l.tripsMeta; });
  }

  /** The slice of a layer's meta holding hour h: the same lookup as the link layers (12-traffic.js). */
  function sliceAt(meta, h) { return twin.traffic.sliceAt(meta, h); }

  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("urban-twin trips: " + url + " " + r.status);
      return r.json();
    });
  }

  /* The link paths as lon/lat/z arrays with each vertex's share of the link's length. */
  function linkPaths(url) {
    if (!state.links[url]) {
      state.links[url] = fetchJson(url).then(function (json) {
        const ox = json.origin[0], oy = json.origin[1], unit = json.unit;
        return json.links.map(function (flat) {
          const n = flat.length / 3, xyz = new Float64Array(flat.length), share = new Float64Array(n);
          let total = 0;
          for (let k = 0; k < n; k++) {
            xyz[3 * k] = ox + flat[3 * k] * unit;
            xyz[3 * k + 1] = oy + flat[3 * k + 1] * unit;
            xyz[3 * k + 2] = flat[3 * k + 2] / 10;
            if (k > 0) total += Math.hypot(flat[3 * k] - flat[3 * k - 3], flat[3 * k + 1] - flat[3 * k - 2]);
            share[k] = total;
          }
          for (let k = 0; k < n; k++) share[k] = total > 0 ? share[k] / total : (n > 1 ? k / (n - 1) : 0);
          return { xyz: xyz, share: share, n: n };
        });
      });
    }
    return state.links[url];
  }

  /* Binary TripsLayer data of one trips file (with the copies one cycle earlier). */
  function build(links, json) {
    const cycle = json.cycle_s, times = json.time_ds;
    const trips = [];
    json.trips.forEach(function (trip) {
      let end = trip[0] / 10;
      for (let k = 1; k < trip.length; k++) end += times[trip[k]] / 10;
      for (let shift = 0; end - shift > 0; shift += cycle) trips.push([trip, shift]);
    });
    let vertices = 0;
    trips.forEach(function (item) {
      const trip = item[0];
      for (let k = 1; k < trip.length; k++) vertices += links[trip[k]].n;
    });
    const positions = new Float64Array(3 * vertices), stamps = new Float32Array(vertices);
    const starts = new Uint32Array(trips.length + 1);
    let v = 0;
    trips.forEach(function (item, j) {
      const trip = item[0];
      let t = trip[0] / 10 - item[1];
      starts[j] = v;
      for (let k = 1; k < trip.length; k++) {
        const link = links[trip[k]], dt = times[trip[k]] / 10;
        positions.set(link.xyz, 3 * v);
        for (let i = 0; i < link.n; i++) stamps[v + i] = t + link.share[i] * dt;
        v += link.n;
        t += dt;
      }
    });
    starts[trips.length] = v;
    return { positions: positions, stamps: stamps, starts: starts, count: trips.length, cycle: cycle };
  }

  /* First index i in [a, b) with stamps[i] >= x (above: > x); b if none. Stamps rise along a trip. */
  function firstAt(stamps, a, b, x, above) {
    let lo = a, hi = b;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (above ? stamps[mid] > x : stamps[mid] >= x) hi = mid; else lo = mid + 1;
    }
    return lo;
  }

  /* deck.gl's binary data of the pieces of the trips between times from and to (s of the cycle). */
  function cut(built, from, to) {
    const st = built.stamps, starts = built.starts, pieces = [];
    let total = 0;
    for (let j = 0; j < built.count; j++) {
      const a = starts[j], b = starts[j + 1];
      if (b - a < 2 || st[a] > to || st[b - 1] < from) continue;
      let first = Math.max(a, firstAt(st, a, b, from, false) - 1);
      let last = Math.min(b - 1, firstAt(st, a, b, to, true));
      if (last === first) { if (last < b - 1) last += 1; else first -= 1; }
      pieces.push(first, last);
      total += last - first + 1;
    }
    const positions = new Float64Array(3 * total), stamps = new Float32Array(total);
    const startIndices = new Uint32Array(pieces.length / 2 + 1);
    let v = 0;
    for (let k = 0; k < pieces.length; k += 2) {
      const first = pieces[k], end = pieces[k + 1] + 1;
      startIndices[k / 2] = v;
      positions.set(built.positions.subarray(3 * first, 3 * end), 3 * v);
      stamps.set(st.subarray(first, end), v);
      v += end - first;
    }
    startIndices[pieces.length / 2] = v;
    return { length: pieces.length / 2, startIndices: startIndices,
             attributes: { getPath: { value: positions, size: 3 }, getTimestamps: { value: stamps, size: 1 } } };
  }

  /* Put the window of `built` holding `time` on the layer (a new one only when time leaves it). */
  function show(layerId, built, time, loaded) {
    const live = twin.liveLayer(layerId), w = state.windows[layerId];
    if (!live) return;
    if (w && w.built === built && w.loaded === loaded && w.whole === !api.windowed
        && time >= w.from && time <= w.to) {
      if (live.props.currentTime !== time) twin.updateLayer(layerId, { currentTime: time });
      return;
    }
    const whole = !api.windowed;
    const length = Math.min(built.cycle, Math.max(WINDOW_MIN_S, Math.abs(twin.clock.speed || 0) * WINDOW_REAL_S));
    const from = whole ? -Infinity : time, to = whole ? Infinity : time + length;
    const data = cut(built, from - (live.props.trailLength || 0), to);
    state.windows[layerId] = { built: built, loaded: loaded, whole: whole, from: from, to: to,
                               vertices: data.startIndices[data.length] };
    twin.updateLayer(layerId, { data: data, _pathType: "open", currentTime: time, loaded: loaded });
  }

  function tripsData(meta, url) {
    if (!state.cache[url]) {
      state.cache[url] = Promise.all([linkPaths(meta.links), fetchJson(url)]).then(function (both) {
        return build(both[0], both[1]);
      });
    }
    return state.cache[url];
  }

  function currentTime(cycleS) {
    const seconds = (twin.clock.time - twin.clock.dayStart()) / 1000;
    return ((seconds % cycleS) + cycleS) % cycleS;
  }

  /* Visible trips layers draw the clock's slice and time. */
  function apply() {
    const h = twin.clock.parts().hour;
    specs().forEach(function (spec) {
      if (twin.visible[spec.id] !== true || !twin.liveLayer(spec.id)) return;
      const meta = spec.tripsMeta, url = sliceAt(meta, h).data;
      const time = currentTime(meta.cycleS);
      const pinned = String(state.drawn[spec.id]).indexOf("draw:") === 0;   // api.draw's data stay
      if (state.drawn[spec.id] === url || pinned) {
        if (state.built[spec.id]) show(spec.id, state.built[spec.id], time, state.drawn[spec.id]);
        return;
      }
      state.drawn[spec.id] = url;
      tripsData(meta, url).then(function (built) {
        if (state.drawn[spec.id] !== url || !twin.liveLayer(spec.id)) return;
        state.built[spec.id] = built;
        show(spec.id, built, currentTime(meta.cycleS), url);
        twin.emit("tripsChanged", api);
      }).catch(function (err) { console.error(err); delete state.drawn[spec.id]; });
    });
  }

  const api = {
    specs: specs,
    sliceOf: function (layerId) {
      const spec = specs().find(function (l) { return l.id === layerId; });
      return spec ? sliceAt(spec.tripsMeta, twin.clock.parts().hour).key : null;
    },
    get currentTime() { const s = specs()[0]; return s ? currentTime(s.tripsMeta.cycleS) : null; },
    vehicles: function (layerId) { const built = state.built[layerId]; return built ? built.count : 0; },
    ready: function (layerId) {
      const live = twin.liveLayer(layerId);
      return Boolean(live && state.drawn[layerId] && live.props.loaded === state.drawn[layerId]);
    },
    draw: function (layerId, json) {
      const spec = specs().find(function (l) { return l.id === layerId; });
      if (!spec) return Promise.resolve(0);
      const url = "draw:" + Math.random();
      state.drawn[layerId] = url;
      return linkPaths(spec.tripsMeta.links).then(function (links) {
        const built = build(links, json);
        state.built[layerId] = built;
        show(layerId, built, currentTime(json.cycle_s), url);
        return built.count;
      });
    },
    vertices: function (layerId) {
      const built = state.built[layerId], w = state.windows[layerId];
      return { drawn: w ? w.vertices : 0, all: built ? built.starts[built.count] : 0 };
    },
    windowed: true,
    anyVisible: function () { return specs().some(function (l) { return twin.visible[l.id] === true; }); },
  };

  function reset() { state.drawn = {}; state.built = {}; state.windows = {}; }

  twin.module("trips", {
    mounted: function () { reset(); if (specs().length) apply(); },
    removed: reset,
    layersChanged: function () { if (specs().length) apply(); },
    clockChanged: function () { if (specs().length) apply(); },
  }, api);
})();
