/*
 * urban-twin module "download": the map's "Daten (CSV)" link — the attribute table behind the last
 * visible scenario layer (else the last visible layer with a table), /api/download/<id>.csv; a traffic
 * layer's table is that of the time slice the map draws (?slice=, 12-traffic.js).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;

  function render() {
    const link = document.getElementById("download-data");
    if (!link) return;
    const meta = twin.layerMeta || {};
    const ids = twin.visibleLayers().filter(function (id) { return meta[id] && meta[id].download; });
    const id = util.legendIds(ids).pop();   // the last visible scenario layer, else the last layer
    link.hidden = !id;
    if (!id) return;
    const slice = twin.traffic ? twin.traffic.sliceOf(id) : null;
    link.setAttribute("href", "/api/download/" + encodeURIComponent(id) + ".csv" +
                      (slice ? "?slice=" + encodeURIComponent(slice) : ""));
    link.setAttribute("download", id + (slice ? "_" + slice : "") + ".csv");
    link.setAttribute("data-layer", id);
    link.setAttribute("aria-label", twin.t("compare_download_label").replace("{}", meta[id].label));
  }

  twin.module("download", {
    mounted: render,
    layersChanged: render,
    trafficChanged: render,
  });
})();
