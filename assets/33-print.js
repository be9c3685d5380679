/*
 * urban-twin module "print": "Drucken (PDF)" lays the current view out on one landscape page (A4
 * or A3, the size chosen beside the button) and opens the browser's print dialog (→ PDF).
 *
 * The page (#print-sheet, a child of <body>, shown only in print media; 33-print.css) holds the
 * map (a canvas) as the PNG export renders it (exportPng.compose, 32-export-png.js; only its map part), the
 * title, the scenario names of each side, their legends and key figures, a north arrow turned by
 * the camera's bearing, a scale bar only when the view looks straight down (a tilted 3D view has
 * no single scale: the page says so), the print date, the data build and the attribution.
 * API: twin.print.prepare(size) builds the page without printing (tests render it with
 * page.pdf()); twin.print.scale() the scale bar's length (m) and share of the map's width, or
 * null for a tilted view.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const EARTH_A = 6378137, E2 = 0.00669437999014;   // WGS84 semi-major axis (m), eccentricity²
  const TOP_DOWN_PITCH = 1;       // degrees: below this the view counts as top-down
  const NICE = [1, 2, 5];
  // The map's box on the page (mm) per paper size: the rest holds title, legend, figures and footer.
  const MAP_MM = { a4: [213, 152], a3: [309, 232] };

  /** The ground height (m) the scale is measured at: the terrain's mean (0 without terrain). */
  function groundM() {
    const meta = twin.layerMeta || {};
    const found = Object.keys(meta).filter(function (id) { return meta[id].ground_m !== undefined; });
    return found.length ? meta[found[0]].ground_m : 0;
  }

  /**
   * The scale bar for a map `width` CSS px wide (default: the map on screen): {metres, share of
   * that width}, or null when the view is tilted. Measured by projecting 100 m east of the view's
   * centre at the ground's height: deck.gl's zoom gives the scale at sea level, and a town on a
   * hill sits nearer to the camera, so looks bigger.
   */
  function scale(width) {
    const view = twin.viewState || {};
    if (Math.abs(view.pitch || 0) >= TOP_DOWN_PITCH || !twin.deck) return null;
    width = width || (twin.deck.getCanvas ? twin.deck.getCanvas() : twin.deck.canvas).clientWidth;
    const viewport = twin.deck.getViewports()[0], phi = view.latitude * Math.PI / 180, z = groundM();
    // metres per degree of longitude on the WGS84 ellipsoid
    const perDegree = Math.PI / 180 * EARTH_A * Math.cos(phi) / Math.sqrt(1 - E2 * Math.sin(phi) * Math.sin(phi));
    const a = viewport.project([view.longitude, view.latitude, z]);
    const b = viewport.project([view.longitude + 100 / perDegree, view.latitude, z]);
    const metresPerPx = 100 / Math.hypot(b[0] - a[0], b[1] - a[1]);
    const target = metresPerPx * width / 4;   // about a quarter of the map's width
    const power = Math.pow(10, Math.floor(Math.log10(target)));
    let metres = power;
    NICE.forEach(function (n) { if (n * power <= target) metres = n * power; });
    return { metres: metres, share: metres / (metresPerPx * width) };
  }

  function distanceText(metres) {
    return metres >= 1000 ? util.formatNumber(metres / 1000, metres % 1000 ? 1 : 0) + " km"
      : util.formatNumber(metres, 0) + " m";
  }

  function sides() {
    const mode = twin.compare ? twin.compare.mode : "map";
    return mode === "map" ? [{ prefix: "", ids: twin.sideLayers("left") }]
      : [{ prefix: "A · ", ids: twin.sideLayers("left") }, { prefix: "B · ", ids: twin.sideLayers("right") }];
  }

  function legend(ids) {
    const list = util.el("ul", { class: "print-legend" });
    util.legendIds(ids).forEach(function (id) {
      const layer = (twin.layerMeta || {})[id];
      if (!layer || !layer.legend.length) return;
      list.appendChild(util.el("li", { class: "print-legend-title" }, layer.label));
      if (layer.legend_title) list.appendChild(util.el("li", { class: "print-legend-note" }, layer.legend_title));
      const when = twin.flood ? twin.flood.whenText(id) : null;   // a heavy-rain map's time or its maxima
      if (when) list.appendChild(util.el("li", { class: "print-legend-note print-legend-when" }, when));
      layer.legend.forEach(function (item) {
        const row = util.el("li", {});
        const swatch = util.el("span", { class: "print-swatch" });
        swatch.style.backgroundColor = util.rgb(item.color);   // CSSOM, not a style attribute
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(item.label));
        list.appendChild(row);
      });
      if (layer.legend_note) list.appendChild(util.el("li", { class: "print-legend-note" }, layer.legend_note));
    });
    return list;
  }

  function figures(ids) {
    const table = util.el("table", { class: "print-metrics" });
    util.scenariosOf(ids).forEach(function (scenario) {
      const head = util.el("tr", {});
      head.appendChild(util.el("th", { colspan: "2", scope: "colgroup" }, scenario.label));
      table.appendChild(head);
      scenario.metrics.forEach(function (m) {
        if (m.value === null || m.value === undefined) return;
        const unit = m.unit ? " " + m.unit : "";
        const row = util.el("tr", {});
        row.appendChild(util.el("th", { scope: "row" }, m.label));
        let text = util.formatNumber(m.value, m.decimals) + unit;
        if (m.delta !== null && m.delta !== undefined) {
          text += " (" + (m.delta > 0 ? "+" : "") + util.formatNumber(m.delta, m.decimals) + unit + ")";
        }
        row.appendChild(util.el("td", {}, text));
        table.appendChild(row);
      });
    });
    return table;
  }

  /** The map part of the PNG export, cut (centred) to the page's map box of `paper`. */
  function mapFigure(composed, paper) {
    const box = MAP_MM[paper], ratio = box[0] / box[1];
    const W = composed.canvas.width, H = Math.round(composed.mapHeight);
    const w = Math.min(W, Math.round(H * ratio)), h = Math.min(H, Math.round(W / ratio));
    const crop = document.createElement("canvas");
    crop.width = w;
    crop.height = h;
    crop.getContext("2d").drawImage(composed.canvas, (W - w) / 2, composed.header + (H - h) / 2, w, h, 0, 0, w, h);
    const figure = util.el("figure", { class: "print-map" });
    figure.style.width = box[0] + "mm";    // CSSOM, not a style attribute
    figure.style.height = box[1] + "mm";
    crop.className = "print-map-image";  // a canvas, not an image: no data URL, prints at full resolution
    crop.setAttribute("role", "img");
    crop.setAttribute("aria-label", twin.t("compare_map_area"));
    figure.appendChild(crop);
    const north = util.el("div", { class: "print-north", "aria-label": "north" });
    const arrow = util.el("span", { class: "print-north-arrow" }, "▲");
    arrow.style.transform = "rotate(" + (-(twin.viewState.bearing || 0)) + "deg)";
    north.appendChild(arrow);
    north.appendChild(util.el("span", { class: "print-north-letter" }, twin.t("js_print_north")));
    figure.appendChild(north);
    const canvas = twin.deck.getCanvas ? twin.deck.getCanvas() : twin.deck.canvas;
    const bar = scale(w * (canvas.clientWidth || W) / W);
    if (bar) {
      const box = util.el("div", { class: "print-scale" });
      const line = util.el("span", { class: "print-scale-bar" });
      line.style.width = (100 * bar.share).toFixed(3) + "%";
      box.appendChild(line);
      box.appendChild(util.el("span", { class: "print-scale-text" }, distanceText(bar.metres)));
      figure.appendChild(box);
    } else {
      figure.appendChild(util.el("p", { class: "print-tilted" }, twin.t("js_print_tilted")));
    }
    return figure;
  }

  /** Build #print-sheet for `size` ("a4" or "a3"); resolves with it. */
  function prepare(size) {
    const composed = twin.exportPng && twin.exportPng.compose();
    if (!composed) return Promise.reject(new Error("urban-twin: no map to print"));
    const old = document.getElementById("print-sheet");
    if (old) old.remove();
    const paper = size === "a3" ? "a3" : "a4";
    const sheet = util.el("section", { id: "print-sheet", class: "print-sheet print-" + paper,
      "data-size": paper, lang: util.lang() });
    const h1 = document.querySelector(".topbar h1");
    const header = util.el("header", { class: "print-header" });
    header.appendChild(util.el("h1", {}, h1 ? h1.textContent : document.title));
    const blocks = sides();
    header.appendChild(util.el("p", { class: "print-scenarios" }, blocks.map(function (b) {
      return b.prefix + util.scenarioName(b.ids);
    }).join("   |   ")));
    sheet.appendChild(header);
    const body = util.el("div", { class: "print-body" });
    body.appendChild(mapFigure(composed, paper));
    const side = util.el("aside", { class: "print-side" });
    blocks.forEach(function (b) {
      side.appendChild(util.el("h2", {}, b.prefix + twin.t("js_print_legend")));
      side.appendChild(legend(b.ids));
      if (util.scenariosOf(b.ids).length) {
        side.appendChild(util.el("h2", {}, b.prefix + twin.t("js_print_metrics")));
        side.appendChild(figures(b.ids));
      }
    });
    body.appendChild(side);
    sheet.appendChild(body);
    const attribution = document.getElementById("map-attribution");
    const footer = util.el("footer", { class: "print-footer" });
    const now = new Date();
    footer.appendChild(util.el("p", { class: "print-attribution" }, attribution ? attribution.textContent : ""));
    footer.appendChild(util.el("p", { class: "print-stamp" }, twin.t("js_print_date") + " " +
      now.toLocaleDateString(util.lang() === "de" ? "de-DE" : "en-GB") + " · " + twin.t("js_print_build") + " " +
      (attribution ? attribution.getAttribute("data-build") + " (" +
        attribution.getAttribute("data-date").slice(0, 10) + ")" : "")));
    sheet.appendChild(footer);
    document.body.appendChild(sheet);
    return Promise.resolve(sheet);
  }

  function printNow() {
    const choice = document.getElementById("print-size");
    prepare(choice ? choice.value : "a4").then(function () { window.print(); }, function (err) {
      console.warn(err.message);
    });
  }

  twin.module("print", {
    mounted: function (twin, own) {
      own.listen(document, "click", function (event) {
        if (event.target.closest && event.target.closest("#print-view")) printNow();
      });
    },
    removed: function () {
      const sheet = document.getElementById("print-sheet");
      if (sheet) sheet.remove();
    },
  }, { prepare: prepare, scale: scale });
})();
