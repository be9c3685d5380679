/*
 * urban-twin module "compareOverlay": what compare and swipe draw over the map — a label and a
 * legend per side (its scenario layers' legends; the base layers' are in the panel) and, in swipe,
 * the divider that mouse, touch and arrow keys move (in compare, a fixed line in the middle).
 *
 * The divider position is the CSS custom property --split of the overlay (a value, set through
 * the CSSOM); everything else about its looks is in 20-compare.css. Text is set with textContent.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;
  const KEY_STEP = 0.02, PAGE_STEP = 0.1;
  let ui = null;   // {box, mode, labels, legends, divider}
  let own = null;

  function T(key) { return twin.t("compare_" + key); }

  function remove() {
    if (ui && own) own.remove(ui.box);   // forgotten by the core too: a swipe per kiosk loop adds up
    else if (ui) ui.box.remove();
    ui = null;
  }

  function build(mode) {
    remove();
    const map = document.getElementById("map");
    if (!map || !map.parentElement || mode === "map") return;
    const el = util.el;
    const box = el("div", { id: "compare-overlay", class: "compare-overlay compare-" + mode });
    const labelA = el("div", { class: "side-label side-a", id: "side-label-left" });
    const labelB = el("div", { class: "side-label side-b", id: "side-label-right" });
    // tabindex: a legend that scrolls must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable).
    const legendA = el("div", { class: "side-legend side-a", id: "side-legend-left", role: "group", tabindex: "0",
                                "aria-label": T("left_map") });
    const legendB = el("div", { class: "side-legend side-b", id: "side-legend-right", role: "group", tabindex: "0",
                                "aria-label": T("right_map") });
    box.append(labelA, labelB, legendA, legendB);
    let divider = null;
    if (mode === "swipe") {
      divider = el("div", { id: "swipe-divider", class: "swipe-divider", role: "slider", tabindex: "0",
                            "aria-valuemin": "5", "aria-valuemax": "95", "aria-orientation": "horizontal",
                            "aria-label": T("divider") });
      divider.append(el("div", { class: "swipe-grip", "aria-hidden": "true" }, "◀ ▶"));
      box.append(divider);
      wireDivider(divider);
    } else {
      box.append(el("div", { class: "compare-line", "aria-hidden": "true" }));
    }
    own.add(box, map.parentElement);
    ui = { box: box, mode: mode, labels: [labelA, labelB], legends: [legendA, legendB], divider: divider };
    place();
  }

  function place() {
    if (!ui) return;
    const split = twin.compare.split;
    ui.box.style.setProperty("--split", ((ui.mode === "swipe" ? split : 0.5) * 100) + "%");
    if (ui.divider) {
      const value = Math.round(split * 100);
      ui.divider.setAttribute("aria-valuenow", String(value));
      ui.divider.setAttribute("aria-valuetext", value + " %");
    }
  }

  function wireDivider(divider) {
    let dragging = false;
    function moveTo(clientX) {
      const rect = document.getElementById("map").getBoundingClientRect();
      if (rect.width > 0) twin.compare.setDivider((clientX - rect.left) / rect.width);
    }
    divider.addEventListener("pointerdown", function (event) {
      dragging = true;
      divider.setPointerCapture(event.pointerId);
      divider.classList.add("active");
      event.preventDefault();
      event.stopPropagation();
    });
    divider.addEventListener("pointermove", function (event) {
      if (dragging) { moveTo(event.clientX); event.preventDefault(); }
    });
    function end(event) {
      if (!dragging) return;
      dragging = false;
      divider.classList.remove("active");
      try { divider.releasePointerCapture(event.pointerId); } catch (err) { /* already released */ }
    }
    divider.addEventListener("pointerup", end);
    divider.addEventListener("pointercancel", end);
    divider.addEventListener("keydown", function (event) {
      const steps = { ArrowLeft: -KEY_STEP, ArrowDown: -KEY_STEP, ArrowRight: KEY_STEP, ArrowUp: KEY_STEP,
                      PageDown: -PAGE_STEP, PageUp: PAGE_STEP };
      const split = twin.compare.split;
      if (event.key in steps) twin.compare.setDivider(split + steps[event.key]);
      else if (event.key === "Home") twin.compare.setDivider(twin.compare.SPLIT_MIN);
      else if (event.key === "End") twin.compare.setDivider(twin.compare.SPLIT_MAX);
      else return;
      event.preventDefault();
      event.stopPropagation();   // the map's keyboard controller must not pan as well
    });
  }

  /* A side's legends: its layers' legend items, a colour swatch and a label each. */
  function legendInto(box, ids) {
    box.replaceChildren();
    const meta = twin.layerMeta || {};
    ids.forEach(function (id) {
      const layer = meta[id];
      if (!layer || !layer.legend.length) return;
      const block = util.el("div", { class: "legend-block" });
      block.append(util.el("h4", {}, layer.label));
      const when = twin.flood ? twin.flood.whenText(id) : null;   // a heavy-rain map's time or its maxima
      if (when) block.append(util.el("p", { class: "legend-when" }, when));
      const list = util.el("ul");
      layer.legend.forEach(function (item) {
        const li = util.el("li");
        const swatch = util.el("span", { class: "swatch" });
        swatch.style.backgroundColor = util.rgb(item.color);   // a data value, through the CSSOM
        li.append(swatch, util.el("span", {}, item.label));
        list.append(li);
      });
      block.append(list);
      box.append(block);
    });
  }

  function render() {
    if (!ui) return;
    ["left", "right"].forEach(function (side, k) {
      const ids = twin.sideLayers(side);
      ui.labels[k].textContent = (k ? "B · " : "A · ") + util.scenarioName(ids);
      legendInto(ui.legends[k], util.legendIds(ids));
    });
  }

  twin.module("compareOverlay", {
    mounted: function (twin, mine) {
      own = mine;
      ui = null;
      if (twin.compare.mode !== "map") { build(twin.compare.mode); render(); }
    },
    removed: function () { ui = null; own = null; },
    compareChanged: function (twin, compare) {
      if (!ui || ui.mode !== compare.mode) { build(compare.mode); render(); } else place();
    },
    layersChanged: render,
    floodChanged: render,   // a heavy-rain map's legend names the time it shows
  });
})();
