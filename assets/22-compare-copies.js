/*
 * urban-twin module "compareCopies": in compare and swipe each side draws its own copy of the
 * buildings ("buildings~left", "buildings~right"; 03-map.js: twin.setCopies), coloured by the
 * heavy-rain event shown on that side — the one "buildings" layer takes one event's colours
 * (11-flood-buildings.js), which would put B's colours on A. The copies share the data URL (loaded
 * once) and follow the buildings' visibility and opacity.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  /* The side's event colours, or the buildings' own; null-safe while the depths load. */
  function sideProps(side) {
    const spec = twin.flood ? twin.flood.activeSpec(twin.sideLayers(side)) : null;
    const paint = twin.floodBuildings;
    let depths = null;
    if (spec && spec.floodMeta.buildings && paint) {
      depths = paint.known(spec);
      if (!depths) {
        twin.hold("buildings", paint.depthsFor(spec).then(sync))
          .catch(function (err) { console.error("urban-twin compare", err); });
      }
    }
    if (!depths) {
      const base = paint ? paint.baseFill() : twin.liveLayer("buildings").props.getFillColor;
      return { getFillColor: base, updateTriggers: { getFillColor: "base" } };
    }
    return { getFillColor: function (d) { return twin.faces.shade(paint.colourOf(spec.floodMeta, depths[d.i] || 0), d); },
             updateTriggers: { getFillColor: spec.id } };
  }

  function sync() {
    if (!twin.deck) return;
    if (!twin.sides || !twin.liveLayer("buildings")) {
      if (twin.hasCopies("buildings")) twin.setCopies("buildings", null);
      return;
    }
    twin.setCopies("buildings", ["left", "right"].map(function (side) {
      return { id: "buildings~" + side, props: sideProps(side) };
    }));
  }

  twin.module("compareCopies", {
    mounted: sync,
    layersChanged: sync,
  });
})();
