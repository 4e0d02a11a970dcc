import type { Feature, LineString, MultiLineString, Polygon } from 'geojson';
import {
  areaOf,
  call,
  collectionOf,
  free,
  fromGeos,
  module,
  type Polygonal,
  toGeoJson,
  toGeos,
} from './geos';
import { geodesicArea } from './measure';
import { makeValid } from './validity';

/** GEOS `CoverageIsValid` of a set of polygons. */
export interface CoverageValidity {
  /** True when the polygons form a valid coverage (no overlaps, no gaps narrower than `gapWidth`). */
  valid: boolean;
  /** Per input polygon, its invalid edges, or `null` when it takes part in the coverage correctly. */
  invalidEdges: Array<LineString | MultiLineString | null>;
}

type Input = Polygonal | Feature<Polygonal>;
const geometryOf = (input: Input): Polygonal => (input.type === 'Feature' ? input.geometry : input);

/**
 * GEOS `CoverageIsValid` (3.13): the edges of each polygon that do not match its neighbours exactly,
 * including gaps narrower than `gapWidth` (in coordinate units, degrees for lon/lat).
 */
export function coverageIsValid(polygons: readonly Input[], gapWidth = 0): CoverageValidity {
  const pointers = polygons.map((p, i) => {
    const { ptr, error } = toGeos(geometryOf(p), { fixStructure: true });
    if (ptr === 0) throw new Error(`@wangge/reference: GEOS could not read polygon #${i}: ${error}`);
    return ptr;
  });
  const all = collectionOf(pointers);
  const { value, error } = call((g) => {
    const out = g.Module._malloc(4);
    const verdict = g.GEOSCoverageIsValid(all, gapWidth, out as never);
    const edges = g.Module.getValue(out, 'i32');
    g.Module._free(out);
    return { verdict, edges };
  });
  free(all);
  if (value === null || value.verdict === 2)
    throw new Error(`@wangge/reference: CoverageIsValid failed: ${error}`);
  const g = module();
  const invalidEdges: Array<LineString | MultiLineString | null> = polygons.map(() => null);
  if (value.edges) {
    for (let i = 0; i < polygons.length; i++) {
      const part = g.GEOSGetGeometryN(value.edges, i);
      if (part && g.GEOSisEmpty(part) !== 1) {
        invalidEdges[i] = toGeoJson(part) as LineString | MultiLineString;
      }
    }
    free(value.edges);
  }
  return { valid: value.verdict === 1, invalidEdges };
}

/** Two polygons whose interiors overlap, after `make_valid`. */
export interface ReferenceOverlap {
  /** Indexes of the two polygons in the input, `a < b`. */
  a: number;
  b: number;
  /** The overlap (GEOS OverlayNG intersection of the made-valid shapes). */
  geometry: Polygonal;
  /** Planar area in square degrees. */
  area: number;
  /** Geodesic area in square metres. */
  areaM2: number;
}

/** A gap: a hole of the union of the made-valid polygons. */
export interface ReferenceGap {
  geometry: Polygon;
  /** Planar area in square degrees. */
  area: number;
  /** Geodesic area in square metres. */
  areaM2: number;
}

/** What {@link overlaps} found. */
export interface ReferenceOverlaps {
  /** Each input polygon after GEOS `MakeValid` (structure), `null` when nothing with area was left. */
  madeValid: Array<Polygonal | null>;
  /** Every pair of polygons whose interiors overlap, by `a` then `b`. */
  overlaps: ReferenceOverlap[];
  /** Every hole of the union, largest first. */
  gaps: ReferenceGap[];
}

/**
 * The overlaps and gaps of a set of polygons as GEOS sees them: every polygon made valid (structure
 * method), every pair whose boxes meet intersected with OverlayNG (pairs with an overlap of positive area
 * kept), and the holes of their union (GEOS `UnaryUnion`) as the gaps.
 */
export function overlaps(polygons: readonly Input[]): ReferenceOverlaps {
  const madeValid = polygons.map((p) => makeValid(geometryOf(p)));
  const g = module();
  const pointers = madeValid.map((m) => (m === null ? 0 : toGeos(m, { fixStructure: true }).ptr));
  const boxes = madeValid.map((m) => (m === null ? null : bbox(m)));
  const order = boxes
    .map((_, i) => i)
    .filter((i) => boxes[i] !== null)
    .sort((i, j) => boxes[i]![0] - boxes[j]![0] || i - j);
  const found: ReferenceOverlap[] = [];
  for (let s = 0; s < order.length; s++) {
    const i = order[s];
    const bi = boxes[i]!;
    for (let t = s + 1; t < order.length && boxes[order[t]]![0] <= bi[2]; t++) {
      const j = order[t];
      const bj = boxes[j]!;
      if (bj[1] > bi[3] || bj[3] < bi[1]) continue;
      if (g.GEOSIntersects(pointers[i], pointers[j]) !== 1) continue;
      const { value } = call((m) => m.GEOSIntersection(pointers[i], pointers[j]));
      if (!value) continue;
      const area = areaOf(value);
      const geometry = area > 0 ? fromGeos(value) : null;
      free(value);
      if (geometry === null) continue;
      const [a, b] = i < j ? [i, j] : [j, i];
      found.push({ a, b, geometry, area, areaM2: geodesicArea(geometry) });
    }
  }
  found.sort((x, y) => x.a - y.a || x.b - y.b);
  const all = collectionOf(pointers.filter((p) => p !== 0));
  const union = call((m) => m.GEOSUnaryUnion(all));
  free(all);
  const gaps: ReferenceGap[] = [];
  if (union.value) {
    const shape = fromGeos(union.value);
    free(union.value);
    const parts = shape === null ? [] : shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
    for (const rings of parts) {
      for (const hole of rings.slice(1)) {
        const geometry: Polygon = { type: 'Polygon', coordinates: [hole] };
        const ptr = toGeos(geometry, { fixStructure: true }).ptr;
        gaps.push({ geometry, area: areaOf(ptr), areaM2: geodesicArea(geometry) });
        free(ptr);
      }
    }
  }
  gaps.sort((x, y) => y.area - x.area);
  return { madeValid, overlaps: found, gaps };
}

function bbox(geometry: Polygonal): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const rings of polygons)
    for (const [x, y] of rings[0]) {
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  return box;
}
