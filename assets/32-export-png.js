/*
 * urban-twin module "exportPng": "Bild (PNG)" saves the current view — the deck.gl canvas with the
 * page title, the scenario names of each side and their legends drawn on a 2D canvas below it.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util;

  function legendEntries(ids) {
    const meta = twin.layerMeta || {};
    const rows = [];
    ids.forEach(function (id) {
      const layer = meta[id];
      if (!layer || !layer.legend.length) return;
      rows.push({ title: layer.label });
      layer.legend.forEach(function (item) { rows.push({ label: item.label, color: item.color }); });
    });
    return rows;
  }

  function composeExport() {
    const deck = twin.deck;
    if (!deck) return null;
    deck.redraw(true);   // draw now: the WebGL buffer is read in this same task
    const src = deck.getCanvas ? deck.getCanvas() : deck.canvas;
    const mode = twin.compare ? twin.compare.mode : "map";
    const W = src.width, H = src.height, k = W / (src.clientWidth || W);
    const sideBlock = function (prefix, side) {
      const ids = twin.sideLayers(side);
      return { name: prefix + util.scenarioName(ids), rows: legendEntries(util.legendIds(ids)) };
    };
    const blocks = mode === "map" ? [sideBlock("", "left")] : [sideBlock("A · ", "left"), sideBlock("B · ", "right")];
    const line = 20 * k, colW = 240 * k, pad = 14 * k, header = 64 * k;
    const blockW = W / blocks.length;
    const cols = Math.max(1, Math.floor((blockW - pad) / colW));
    const perCol = Math.max(1, Math.max.apply(null, blocks.map(function (b) { return Math.ceil(b.rows.length / cols); })));
    const legendH = pad * 2 + line * (1 + perCol);
    const out = document.createElement("canvas");
    out.width = W; out.height = Math.round(header + H + legendH);
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(src, 0, header, W, H);
    const font = "system-ui, 'DejaVu Sans', sans-serif";
    ctx.fillStyle = "#1c232b";
    ctx.font = "600 " + Math.round(22 * k) + "px " + font;
    ctx.textBaseline = "top";
    const h1 = document.querySelector(".topbar h1");
    ctx.fillText(h1 ? h1.textContent : document.title, pad, 10 * k);
    ctx.font = Math.round(16 * k) + "px " + font;
    ctx.fillStyle = "#46505c";
    ctx.fillText(blocks.map(function (b) { return b.name; }).join("   |   "), pad, 38 * k);
    if (mode !== "map") {
      const x = Math.round(W * (mode === "swipe" ? twin.compare.split : 0.5));
      ctx.fillStyle = "#ffffff"; ctx.fillRect(x - 2 * k, header, 4 * k, H);
      ctx.fillStyle = "#1c232b"; ctx.fillRect(x - 0.5 * k, header, 1 * k, H);
    }
    const top = header + H + pad;
    blocks.forEach(function (block, b) {
      let x0 = b * blockW + pad;
      ctx.fillStyle = "#1c232b";
      ctx.font = "600 " + Math.round(14 * k) + "px " + font;
      ctx.fillText(block.name, x0, top);
      let row = 1, col = 0;
      block.rows.forEach(function (item) {
        if (row > perCol) { row = 1; col += 1; }
        const x = x0 + col * colW, y = top + row * line;
        if (item.title) {
          ctx.fillStyle = "#1c232b"; ctx.font = "600 " + Math.round(13 * k) + "px " + font;
          ctx.fillText(item.title, x, y + 2 * k, colW - 8 * k);
        } else {
          ctx.fillStyle = util.rgb(item.color);
          ctx.fillRect(x, y + 2 * k, 14 * k, 14 * k);
          ctx.strokeStyle = "rgba(0,0,0,.35)"; ctx.strokeRect(x - 0.5, y + 2 * k - 0.5, 14 * k + 1, 14 * k + 1);
          ctx.fillStyle = "#1c232b"; ctx.font = Math.round(13 * k) + "px " + font;
          ctx.fillText(item.label, x + 22 * k, y + 2 * k, colW - 30 * k);
        }
        row += 1;
      });
    });
    return { canvas: out, header: header, mapHeight: H, legendTop: header + H };
  }

  function exportPng() {
    const composed = composeExport();
    if (!composed) return;
    composed.canvas.toBlob(function (blob) {
      if (!blob) return;
      const a = util.el("a", { download: "urban-twin-" + (twin.compare ? twin.compare.mode : "map") + ".png" });
      a.href = URL.createObjectURL(blob);
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 5000);
    }, "image/png");
  }

  twin.module("exportPng", {
    mounted: function (twin, own) {
      own.listen(document, "click", function (event) {
        if (event.target.closest && event.target.closest("#export-png")) exportPng();
      });
    },
  }, { compose: composeExport });
})();
