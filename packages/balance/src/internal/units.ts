import type { GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { neighbours } from '@wangge/index';

/**
 * Atomic units as a graph, from `@wangge/index`'s exact `neighbours`: two units are adjacent when they
 * share a stretch of boundary; `adjLength` holds its length in metres. Rows in CSR form, ascending.
 */
export interface UnitGraph {
  adjStart: Uint32Array;
  adjUnit: Int32Array;
  adjLength: Float64Array;
  /** Centre of each unit's box: `x` in degrees of longitude × cos(latitude), `y` in degrees of latitude. */
  cx: Float64Array;
  cy: Float64Array;
}

/** Builds the unit graph of normalised unit geometries. */
export function buildUnitGraph(geometries: readonly GridGeometry[]): UnitGraph {
  const graph = neighbours(geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })));
  const n = geometries.length;
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  geometries.forEach((g, u) => {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const poly of polygonsOf(g)) {
      for (const [x, y] of poly[0]) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
    cy[u] = (minY + maxY) / 2;
    cx[u] = ((minX + maxX) / 2) * Math.cos((cy[u] * Math.PI) / 180);
  });
  return {
    adjStart: graph.offsets,
    adjUnit: graph.targets,
    adjLength: graph.sharedLength,
    cx,
    cy,
  };
}
