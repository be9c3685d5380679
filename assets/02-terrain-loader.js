/*
 * urban-twin core: the terrain mesh loader (twin.terrainLoader).
 *
 * deck.gl's TerrainLayer parses its elevation image in a web worker that loaders.gl would fetch
 * from a CDN. This loader decodes the Terrarium PNG on the main thread and triangulates a regular
 * grid (vertices at pixel centres, texture coordinates by pixel fraction: the texture image shares
 * the elevation image's bounds). 03-map.js hands it to every TerrainLayer of the spec.
 */
(function () {
  "use strict";

  const MAX_GRID = 320;
  const terrainLoader = {
    name: "Terrain (urban-twin)", id: "twin-terrain", module: "terrain", version: "1",
    worker: false, extensions: ["png"], mimeTypes: ["image/png"], options: {},
    parse: async function (arrayBuffer, options) {
      const opts = (options && options.terrain) || {};
      const decoder = opts.elevationDecoder;
      const [west, south, east, north] = opts.bounds;
      const bitmap = await createImageBitmap(new Blob([arrayBuffer], { type: "image/png" }));
      const w = bitmap.width, h = bitmap.height;
      const canvas = document.createElement("canvas");
      canvas.width = w; canvas.height = h;
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(bitmap, 0, 0);
      const px = ctx.getImageData(0, 0, w, h).data;
      const step = Math.max(1, Math.ceil(Math.max(w, h) / MAX_GRID));
      const cols = [], rows = [];
      for (let i = 0; i < w; i += step) cols.push(i);
      if (cols[cols.length - 1] !== w - 1) cols.push(w - 1);
      for (let j = 0; j < h; j += step) rows.push(j);
      if (rows[rows.length - 1] !== h - 1) rows.push(h - 1);
      const nx = cols.length, ny = rows.length, n = nx * ny;
      const positions = new Float32Array(n * 3), uvs = new Float32Array(n * 2);
      let zmin = Infinity, zmax = -Infinity, k = 0;
      for (let r = 0; r < ny; r++) {
        const j = rows[r], v = (j + 0.5) / h;
        for (let c = 0; c < nx; c++, k++) {
          const i = cols[c], u = (i + 0.5) / w, p = (j * w + i) * 4;
          const z = px[p] * decoder.rScaler + px[p + 1] * decoder.gScaler + px[p + 2] * decoder.bScaler + decoder.offset;
          positions[3 * k] = west + u * (east - west);
          positions[3 * k + 1] = north - v * (north - south);
          positions[3 * k + 2] = z;
          uvs[2 * k] = u; uvs[2 * k + 1] = v;
          if (z < zmin) zmin = z;
          if (z > zmax) zmax = z;
        }
      }
      const indices = new Uint32Array((nx - 1) * (ny - 1) * 6);
      k = 0;
      for (let r = 0; r < ny - 1; r++) {
        for (let c = 0; c < nx - 1; c++) {
          const a = r * nx + c, b = a + 1, d = a + nx, e = d + 1;
          indices[k++] = a; indices[k++] = d; indices[k++] = b;
          indices[k++] = b; indices[k++] = d; indices[k++] = e;
        }
      }
      return {
        loaderData: { header: {} },
        header: { vertexCount: n, boundingBox: [[west, south, zmin], [east, north, zmax]] },
        mode: 4,
        indices: { value: indices, size: 1 },
        attributes: { POSITION: { value: positions, size: 3 }, TEXCOORD_0: { value: uvs, size: 2 } },
      };
    },
  };

  window.urbanTwin.terrainLoader = terrainLoader;
})();
