/*
 * urban-twin module "opacity": the panel's per-layer opacity — a slider (0–100 %, steps of 5) for
 * each visible layer, kept across toggles (twin.setOpacity) and in the shareable URL.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util, el = util.el;

  function render() {
    const box = document.getElementById("opacity-panel");
    if (!box) return;
    const focused = document.activeElement && document.activeElement.getAttribute("data-layer");
    box.replaceChildren();
    twin.visibleLayers().forEach(function (id) {
      const meta = (twin.layerMeta || {})[id];
      if (!meta) return;
      const value = Math.round(100 * (twin.opacity[id] !== undefined ? twin.opacity[id] : 1));
      const row = el("div", { class: "opacity-row" });
      const inputId = "opacity-" + id;
      // The caption is not a <label>: "Gebäude" must keep naming the layer's checkbox alone.
      const label = el("span", { class: "opacity-caption", "aria-hidden": "true" }, meta.label);
      const input = el("input", { type: "range", min: "0", max: "100", step: "5", id: inputId, "data-layer": id,
                                  class: "opacity-input",
                                  "aria-label": twin.t("compare_opacity_of").replace("{}", meta.label) });
      input.value = String(value);
      input.setAttribute("aria-valuetext", value + " %");
      const out = el("output", { for: inputId, class: "opacity-value" }, value + " %");
      input.addEventListener("input", function () {
        const v = Number(input.value);
        twin.setOpacity(id, v / 100);
        out.textContent = v + " %";
        input.setAttribute("aria-valuetext", v + " %");
      });
      row.append(label, input, out);
      box.append(row);
      if (focused === id) input.focus();
    });
  }

  twin.module("opacity", {
    mounted: render,
    removed: function () { const box = document.getElementById("opacity-panel"); if (box) box.replaceChildren(); },
    layersChanged: render,
  });
})();
