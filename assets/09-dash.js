/*
 * urban-twin core: the page glue — the only file that knows the page is a Dash app.
 *
 * Dash (viewer/app.py) calls three clientside functions, window.dash_clientside.urbanTwin.*:
 *   mount(spec, text, urlState, layerMeta, scenarioMeta)   when the page's stores arrive: twin.mount
 *   setVisible(groups, scenarioLayers)   when a layer checklist changed: the map follows, and the
 *                                        legends and key-figure cards of hidden layers hide
 *   home(nClicks, view)                  the home button: fly to the home view
 * The other way round, this file keeps Dash's checklists in step when a module chooses the layers
 * (layersShown) and sends a tap of the "inspect" tool to the store "selected-feature" (the server
 * renders the attributes as text).
 *
 * A checkbox reacts in the click itself (capture phase: before React and Dash see it; its new state
 * is already set when the click is dispatched; keyboard toggles click too), so a toggle costs no
 * round trip.
 *
 * Dash 4.4.1's dcc.Checklist draws each option as <label role="option" aria-selected> around a
 * native checkbox inside a role="listbox": an interactive role around an interactive control (axe
 * "nested-interactive", serious). A checkbox in its label needs no role, so the layer checklists
 * lose both roles and a screen reader meets plain checkboxes; React sets aria-selected again when a
 * box is ticked, and an observer takes it off (tests/e2e/test_accessibility_browser.py).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  function mount(spec, text, urlState, layerMeta, scenarioMeta) {
    if (!spec) return window.dash_clientside.no_update;
    const root = twin.util.root();
    twin.mount({ spec: spec, text: text, urlState: urlState, layerMeta: layerMeta, scenarioMeta: scenarioMeta,
                 pageMode: (root && root.getAttribute("data-mode")) || "map" });
    return "mounted";
  }

  function setVisible(groups, scenarioLayers) {
    // Pattern-matching ALL: one value list per group checklist. Keeps deck.gl in step with Dash's
    // state (e.g. after a re-render).
    const on = new Set([].concat.apply([], groups || []));
    twin._applyVisible(on);
    const outputs = window.dash_clientside.callback_context.outputs_list;
    const legends = outputs[0].map(function (out) { return !on.has(out.id.layer); });
    const cards = outputs[1].map(function (out) {
      const layers = (scenarioLayers || {})[out.id.scenario] || [];
      return !layers.some(function (id) { return on.has(id); });
    });
    return [legends, cards];
  }

  function home(nClicks, view) {
    twin.flyTo(view, 1500);
    return nClicks;
  }

  /** A layer drawn with values at every point (viewer/flood_layers.py: pointValues). */
  function hasPointValues(layerId) {
    return (twin.spec && twin.spec.layers || []).some(function (l) { return l.id === layerId && l.pointValues; });
  }

  /**
   * A building under a heavy-rain map wins the tap. The maps are picked over their whole mesh, dry
   * texels too, and the picking pass does not tell a roof 1–2 m above the water surface from it
   * (tests/e2e/test_roofs_browser.py), so a building found there without the maps is the one the
   * user sees. Roads lie under the water and stay under the map's values.
   */
  function preferFeature(info) {
    if (!info || !info.layer || !twin.deck) return info;
    if (!hasPointValues(twin.baseId(info.layer.root ? info.layer.root.id : info.layer.id.split("-")[0]))) return info;
    const others = twin.deck.props.layers.filter(function (l) {
      return l && l.props.visible && l.props.pickable && twin.baseId(l.id) === "buildings";
    }).map(function (l) { return l.id; });
    if (!others.length) return info;
    const under = twin.deck.pickObject({ x: info.x, y: info.y, radius: twin.deck.props.pickingRadius || 0,
                                         layerIds: others });
    return under && under.object ? under : info;
  }

  /** What a tap at map pixel (x, y) picks: deck.gl's pick, a feature over a heavy-rain map. */
  twin.featureAt = function (x, y) {
    return preferFeature(twin.deck.pickObject({ x: x, y: y, radius: twin.deck.props.pickingRadius || 0 }));
  };

  twin.defineTool("inspect", {
    tap: function (tapped) {
      const info = preferFeature(tapped);
      if (!info || !info.layer) return;
      const object = info.object;
      const layerId = twin.baseId(info.layer.root ? info.layer.root.id : info.layer.id.split("-")[0]);
      // Dash renders the attributes (server side, escaped); we only say which feature it is.
      const visible = Object.keys(twin.visible).filter(function (id) { return twin.visible[id]; });
      if (!(object && object.i !== undefined) && info.coordinate && hasPointValues(layerId)) {
        // Open ground under a heavy-rain map: its values at the tapped lon/lat (viewer/point_values.py).
        window.dash_clientside.set_props("selected-feature",
          { data: { point: info.coordinate.slice(0, 2), visible: visible, at: Date.now() } });
        return;
      }
      if (!object) return;
      // A layer computed through the day answers from the table of the slice the map draws (12-traffic.js).
      const slice = twin.traffic ? twin.traffic.sliceOf(layerId) : null;
      window.dash_clientside.set_props("selected-feature",
        { data: { layer: layerId, id: object.i, visible: visible, slice: slice, at: Date.now() } });
    },
  });

  function plainCheckboxes(root) {
    root.querySelectorAll(".toggles[role='listbox']").forEach(function (node) { node.removeAttribute("role"); });
    root.querySelectorAll(".toggles label[role], .toggles label[aria-selected]").forEach(function (node) {
      node.removeAttribute("role");
      node.removeAttribute("aria-selected");
    });
  }

  twin.module("dash", {
    mounted: function (twin, own) {
      const panel = document.querySelector(".panel") || document.body;
      plainCheckboxes(panel);
      const observer = new MutationObserver(function () { plainCheckboxes(panel); });
      observer.observe(panel, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["role", "aria-selected"] });
      own.onRemove(function () { observer.disconnect(); });
      own.listen(document, "click", function (event) {
        if (!event.target.matches || !event.target.matches("input.toggle-input")) return;
        const on = new Set();
        document.querySelectorAll("input.toggle-input").forEach(function (input) {
          if (input.checked) on.add(input.value);
        });
        twin._applyVisible(on);
      }, true);
    },
    layersShown: function (twin, ids) {
      const on = new Set(ids);
      document.querySelectorAll("[id*='layer-toggle']").forEach(function (node) {
        let id;
        try { id = JSON.parse(node.id); } catch (err) { return; }
        if (!id || id.type !== "layer-toggle") return;
        const values = Array.from(node.querySelectorAll("input.toggle-input"))
          .map(function (input) { return input.value; }).filter(function (v) { return on.has(v); });
        window.dash_clientside.set_props(id, { value: values });
      });
    },
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    urbanTwin: { mount: mount, setVisible: setVisible, home: home },
  });
})();
