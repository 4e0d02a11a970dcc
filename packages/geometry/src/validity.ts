/**
 * The validity checker: every problem of a polygon by the OGC rules plus RFC 7946 orientation, exactly
 * on the input. The work is in `internal/`: rings laid out (`validityRings`), pairs of edges classified
 * (`validityPairs`), rings nested and oriented (`validityNesting`).
 */
import { ErrorCode, positionProblem, WanggeError } from '@wangge/core';
import type { Position } from 'geojson';
import { nestingProblems, orientationProblems } from './internal/validityNesting';
import { classifyPair, forEachCandidatePair, PairState } from './internal/validityPairs';
import { ringsFromPositions } from './internal/validityRings';

/** What is wrong with a polygon, in the words make-valid reports its repairs in. */
export type ValidityReason =
  | 'invalid-coordinate'
  | 'out-of-range'
  | 'unclosed-ring'
  | 'too-few-points'
  | 'repeated-point'
  | 'collapsed-ring'
  | 'wrong-orientation'
  | 'spike'
  | 'self-intersection'
  | 'ring-crossing'
  | 'hole-outside-shell'
  | 'nested-holes'
  | 'disconnected-interior'
  | 'overlapping-parts'
  | 'parts-share-edge';

/** One problem of a polygon, with where it is. */
export interface ValidityProblem {
  reason: ValidityReason;
  /** `error`: not a valid OGC polygon; `warning`: valid, but not clean RFC 7946 (orientation, closing, repeats). */
  severity: 'error' | 'warning';
  /** Plain-language explanation. */
  message: string;
  /** A position where the problem is (a crossing, the spike's tip, the repeated vertex...). */
  location: Position;
  /** Index of the polygon (0 for a Polygon) and of the ring in it (0 = exterior), as in the input. */
  part: number;
  ring: number;
}

/**
 * Every problem of a Polygon or MultiPolygon by the OGC simple-features rules plus RFC 7946 orientation,
 * decided exactly on the coordinates as given (no snapping): rings closed, of 4 positions or more, without
 * repeats, with area; rings simple (a bow-tie is a `self-intersection`; a ring folding back on itself a
 * `spike`); holes inside their shell, not crossing it, not nested; the interior connected; parts not
 * overlapping and not sharing an edge. Non-finite or out-of-range coordinates are reported and end the
 * check. Throws `UNSUPPORTED_GEOMETRY` / `INVALID_GEOJSON` only for input that is not polygon GeoJSON.
 */
export function validityProblems(geometry: unknown): ValidityProblem[] {
  return analyzeValidity(geometry).problems;
}

/**
 * {@link validityProblems}, plus the pairs of rings of one polygon whose boundaries meet (cross, overlap
 * or touch), exactly on the input, as `"i:j"` of ring numbers across the geometry (`i < j`).
 */
export function analyzeValidity(geometry: unknown): { problems: ValidityProblem[]; ringsMeet: Set<string> } {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (typeof g !== 'object' || g === null) {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, `expected a geometry object, got ${JSON.stringify(g)}`);
  }
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
    throw new WanggeError(
      ErrorCode.UNSUPPORTED_GEOMETRY,
      `expected Polygon or MultiPolygon, got ${String(g.type)}`,
    );
  }
  if (!Array.isArray(g.coordinates)) {
    throw new WanggeError(ErrorCode.INVALID_GEOJSON, `${g.type} without a coordinates array`);
  }
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Position[][][];
  const problems: ValidityProblem[] = [];
  const bad = coordinateProblems(polygons);
  if (bad.length > 0) return { problems: bad, ringsMeet: new Set() };
  const rings = ringsFromPositions(polygons, problems);
  const state = new PairState(rings);
  forEachCandidatePair(rings, (i, j) => classifyPair(rings, i, j, state, problems));
  state.report(problems);
  nestingProblems(rings, state, problems);
  orientationProblems(rings, state, problems);
  return { problems, ringsMeet: state.met };
}

/** Whether a polygon has no error-severity problem (see {@link validityProblems}). */
export function isValidPolygon(geometry: unknown): boolean {
  return validityProblems(geometry).every((p) => p.severity !== 'error');
}

function coordinateProblems(polygons: Position[][][]): ValidityProblem[] {
  const out: ValidityProblem[] = [];
  polygons.forEach((rings, part) => {
    if (!Array.isArray(rings))
      throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'a polygon must be an array of rings');
    rings.forEach((ring, r) => {
      if (!Array.isArray(ring))
        throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'a ring must be an array of positions');
      for (const p of ring) {
        const code = Array.isArray(p) ? positionProblem(p[0], p[1]) : ErrorCode.INVALID_COORDINATE;
        if (code === null) continue;
        const invalid = code === ErrorCode.INVALID_COORDINATE;
        out.push({
          reason: invalid ? 'invalid-coordinate' : 'out-of-range',
          severity: 'error',
          message: invalid
            ? `position ${JSON.stringify(p)} is not a pair of finite numbers`
            : `position ${JSON.stringify(p)} is outside lon [-180, 180], lat [-90, 90]`,
          location: Array.isArray(p) ? [Number(p[0]), Number(p[1])] : [Number.NaN, Number.NaN],
          part,
          ring: r,
        });
        return;
      }
    });
  });
  return out;
}
