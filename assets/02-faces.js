/*
 * urban-twin core: buildings drawn as roof and wall faces (layers/roofs in the build).
 *
 * The build writes one record per building part: {i: part id, c: use colour, f: [face, ...],
 * s: [shade, ...]} (a face is a 3D ring or [exterior, *holes]; a shade the face's brightness in the
 * sun). deck.gl's SolidPolygonLayer draws one polygon per object, so the records become one object
 * per face (dataTransform); every face of a part shares the part's picking colour (__source.index),
 * so a tap or a hover picks and highlights the whole part, and the tap shows that part and the
 * building it belongs to. A face's colour is its part's colour times its shade: twin.faces.shade
 * does that for any colour a module gives a part (its use, the water depth at its walls).
 *
 * API (twin.faces): props() -> the client-side props of a faces layer (03-map.js adds them),
 * shade(colour, object) -> the colour as that face shows it (objects without a shade: unchanged).
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;

  function flatten(records) {
    const out = [];
    (records || []).forEach(function (record, ordinal) {
      const source = { index: ordinal };
      record.f.forEach(function (face, k) {
        out.push({ i: record.i, c: record.c, p: face, s: record.s[k], __source: source });
      });
    });
    return out;
  }

  function shade(colour, object) {
    const s = object && object.s;
    if (typeof s !== "number") return colour;
    return [colour[0] * s, colour[1] * s, colour[2] * s, colour.length > 3 ? colour[3] : 255];
  }

  twin.faces = {
    props: function () {
      return { dataTransform: flatten, getFillColor: function (d) { return shade(d.c, d); } };
    },
    shade: shade,
  };
})();
