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
 * The faces are drawn unlit (deck.gl lights a SolidPolygonLayer only when extruded, with a normal
 * straight up), so the daylight (15-light.js) cannot reach them through its LightingEffect. A
 * layer extension multiplies each face's colour in the vertex shader by one tint, [1, 1, 1] (the
 * colours unchanged, exactly) unless the daylight sets another: the faces then dim at night with
 * the lit layers, the baked shade still telling the roof's faces apart. The tint is a uniform, so
 * the light changing recomputes no colour.
 *
 * API (twin.faces): props() -> the client-side props of a faces layer (03-map.js adds them),
 * withTint(layer) -> a live faces layer with the tint's extension (03-map.js, once the deck is made),
 * shade(colour, object) -> the colour as that face shows it (objects without a shade: unchanged),
 * setTint([r, g, b] factors, or null for none), tint -> the factors in use.
 */
(function () {
  "use strict";

  const twin = window.urbanTwin;
  const NONE = [1, 1, 1];
  const state = { tint: NONE, extension: null };

  const TINT_MODULE = {
    name: "faceTint",
    vs: "layout(std140) uniform faceTintUniforms {\n  vec3 tint;\n} faceTint;\n",
    uniformTypes: { tint: "vec3<f32>" },
    inject: { "vs:DECKGL_FILTER_COLOR": "  color.rgb *= faceTint.tint;\n" },   // picking colours: set apart
  };

  /* The extension (made once deck.gl is loaded): its module in the shaders, the tint set per draw. */
  function extension() {
    if (state.extension) return state.extension;
    class FaceTint extends window.deck.LayerExtension {
      getShaders() { return { modules: [TINT_MODULE] }; }
      draw() { this.setShaderModuleProps({ faceTint: { tint: state.tint } }); }
    }
    FaceTint.extensionName = "FaceTint";
    state.extension = new FaceTint();
    return state.extension;
  }

  function setTint(tint) {
    const next = tint ? tint.map(function (x) { return Math.min(1, Math.max(0, x)); }) : NONE;
    if (next.every(function (x, k) { return x === state.tint[k]; })) return;
    state.tint = next;
    if (twin.deck) twin.deck.redraw("face tint");
  }

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
    /* The deck JSON converter would copy an extension into a plain object: it joins the live layer. */
    withTint: function (layer) {
      return layer && layer.props._full3d && !layer.props.extensions.length ? layer.clone({ extensions: [extension()] }) : layer;
    },
    shade: shade,
    setTint: setTint,
    get tint() { return state.tint.slice(); },
  };
})();
