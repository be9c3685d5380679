/*
 * urban-twin module "compareMetrics": the panel's "A and B compared" — the key figures of the
 * scenarios shown on each side, and B − A, in the page language's number format.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin, util = twin.util, el = util.el;

  function T(key) { return twin.t("compare_" + key); }

  /* Key figures of A and B: per scenario group, the scenario shown on each side (or, where a side
   * shows none, the baseline of the other side's scenario: value − delta). */
  function metricRows() {
    const a = util.scenariosOf(twin.sideLayers("left")), b = util.scenariosOf(twin.sideLayers("right"));
    const groups = [];
    a.concat(b).forEach(function (sc) { if (groups.indexOf(sc.group) < 0) groups.push(sc.group); });
    const out = [];
    groups.forEach(function (group) {
      const sa = a.filter(function (sc) { return sc.group === group; }).pop() || null;
      const sb = b.filter(function (sc) { return sc.group === group; }).pop() || null;
      const keys = [];
      (sa ? sa.metrics : []).concat(sb ? sb.metrics : []).forEach(function (m) { if (keys.indexOf(m.key) < 0) keys.push(m.key); });
      const rows = keys.map(function (key) {
        const ma = sa && sa.metrics.find(function (m) { return m.key === key; });
        const mb = sb && sb.metrics.find(function (m) { return m.key === key; });
        const pick = function (m, other) {
          if (m) return m.value;
          if (other && other.delta !== null && other.delta !== undefined) return other.value - other.delta;
          return null;
        };
        const va = pick(ma, mb), vb = pick(mb, ma), m = ma || mb;
        return { label: m.label, unit: m.unit, decimals: m.decimals, a: va, b: vb,
                 diff: va !== null && vb !== null ? vb - va : null };
      }).filter(function (row) { return row.a !== null || row.b !== null; });
      out.push({ a: sa ? sa.label : T("baseline"), b: sb ? sb.label : T("baseline"), rows: rows });
    });
    return out;
  }

  function renderMetrics() {
    const box = document.getElementById("compare-metrics");
    if (!box || twin.compare.mode === "map") return;
    const groups = metricRows();
    box.replaceChildren();
    if (!groups.length) { box.append(el("p", { class: "hint" }, T("metrics_hint"))); return; }
    const number = function (v, row, signed) {
      if (v === null) return "–";
      const text = util.formatNumber(v, row.decimals) + (row.unit ? " " + row.unit : "");
      return signed && v > 0 ? "+" + text : text;
    };
    groups.forEach(function (group) {
      const table = el("table", { class: "metrics-table diff-table" });
      const head = el("tr");
      head.append(el("th", { scope: "col" }, ""), el("th", { scope: "col", title: group.a }, "A"),
                  el("th", { scope: "col", title: group.b }, "B"), el("th", { scope: "col" }, T("difference")));
      const thead = el("thead"); thead.append(head);
      const body = el("tbody");
      group.rows.forEach(function (row) {
        const tr = el("tr");
        tr.append(el("th", { scope: "row" }, row.label), el("td", {}, number(row.a, row)), el("td", {}, number(row.b, row)),
                  el("td", { class: "delta" }, number(row.diff, row, true)));
        body.append(tr);
      });
      table.append(thead, body);
      const card = el("div", { class: "metrics-card diff-card" });
      card.append(el("p", { class: "diff-names" }, "A: " + group.a), el("p", { class: "diff-names" }, "B: " + group.b), table);
      box.append(card);
    });
  }

  twin.module("compareMetrics", {
    mounted: renderMetrics,
    layersChanged: renderMetrics,
    compareChanged: renderMetrics,
  }, { rows: metricRows });
})();
