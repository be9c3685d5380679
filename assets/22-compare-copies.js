/*
 * urban-twin module "compareCopies": in compare and swipe each side draws its own copy of the
 * buildings ("buildings~left", "buildings~right"; 03-map.js: twin.setCopies), coloured by the
 * heavy-rain event or the noise layer shown on that side — the one "buildings" layer takes one
 * layer's colours (08-building-colours.js), which would put B's colours on A. The copies share the
 * data URL (loaded once) and follow the buildings' visibility and opacity.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  /* The side's colours: its heavy-rain event's or another colouring layer's of that side (noise; the
     last in layer order wins, 08-building-colours.js), else the buildings' own; null-safe while the
     depths load. */
  function sideProps(side) {
    const ids = twin.sideLayers(side);
    const spec = twin.flood ? twin.flood.activeSpec(ids) : null;
    const paint = twin.floodBuildings;
    const floodIds = new Set(twin.flood ? twin.flood.floodSpecs().map(function (l) { return l.id; }) : []);
    const other = twin.buildingColours.lastAmong(ids.filter(function (id) { return !floodIds.has(id); }));
    const order = twin.inLayerOrder(ids);
    if (other && (!spec || order.indexOf(other.id) > order.indexOf(spec.id))) {
      const offer = other.offer;
      return { getFillColor: function (d) { return twin.faces.shade(offer.fill(d), d); },
               updateTriggers: { getFillColor: offer.key } };
    }
    let depths = null;
    if (spec && spec.floodMeta.buildings && paint) {
      depths = paint.known(spec);
      if (!depths) {
        twin.hold("buildings", paint.depthsFor(spec).then(sync))
          .catch(function (err) { console.error("urban-twin compare", err); });
      }
    }
    if (!depths) {
      return { getFillColor: twin.buildingColours.baseFill(), updateTriggers: { getFillColor: "base" } };
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
    buildingColoursChanged: sync,   // a noise layer's colours arrived or followed the clock's slice
  });
})();
