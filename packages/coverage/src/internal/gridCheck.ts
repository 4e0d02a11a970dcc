import { cleanGeometry, ErrorCode, type ErrorLocation, ringSignedArea, WanggeError } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { isInRing, orientSign, segmentRelation } from '@wangge/geometry';
import type { Position } from 'geojson';
import type { InvalidReason } from '../types';

/** One problem with one grid's own geometry. */
export interface GridProblem {
  reason: InvalidReason | 'multi-part' | 'empty';
  severity: 'error' | 'warning';
  message: string;
  /** Where: a vertex, or `null` for the whole grid. */
  at: Position | null;
}

/** A grid's geometry after the check: normalised polygons (or `null` when nothing is left) and problems. */
export interface GridCheck {
  polygons: Position[][][] | null;
  problems: GridProblem[];
}

/** Input errors that make a file unusable rather than a grid invalid: these are thrown, not reported. */
const THROWN = new Set<ErrorCode>([
  ErrorCode.INVALID_GEOJSON,
  ErrorCode.UNSUPPORTED_GEOMETRY,
  ErrorCode.INVALID_COORDINATE,
  ErrorCode.COORDINATE_OUT_OF_RANGE,
]);

/**
 * The per-grid step: checks one grid's raw geometry for unclosed rings, repeated points, wrong orientation,
 * short or zero-area rings, spikes, self-intersections (bow-ties), holes outside their shell and multiple
 * parts, then normalises it. Throws {@link WanggeError} only for input that is not polygon GeoJSON at all.
 */
export function checkGrid(geometry: unknown, location: ErrorLocation): GridCheck {
  if (geometry === null) {
    // RFC 7946 allows a feature without geometry; as a grid it is simply empty.
    return {
      polygons: null,
      problems: [{ reason: 'empty', severity: 'error', message: 'no geometry', at: null }],
    };
  }
  const normal = alreadyNormal(geometry);
  if (normal !== null) return shapeProblems(normal, []);
  const problems: GridProblem[] = [];
  const clean = cleanGeometry(geometry, location);
  for (const p of clean.problems) {
    if (THROWN.has(p.code)) throw new WanggeError(p.code, p.message, p);
    const reason =
      p.code === ErrorCode.EMPTY_GEOMETRY
        ? 'empty'
        : p.code === ErrorCode.RING_DEGENERATE
          ? 'degenerate-ring'
          : 'short-ring';
    problems.push({ reason, severity: 'error', message: `${p.path}: ${p.message}`, at: null });
  }
  if (clean.geometry === null) {
    // "Nothing left" is only news when no ring problem already explains it.
    if (problems.some((p) => p.reason !== 'empty')) {
      return { polygons: null, problems: problems.filter((p) => p.reason !== 'empty') };
    }
    if (problems.length === 0) {
      problems.push({ reason: 'empty', severity: 'error', message: 'no polygon is left', at: null });
    }
    return { polygons: null, problems };
  }
  rawRingProblems(geometry as { type: string; coordinates: unknown }, problems);
  return shapeProblems(polygonsOf(clean.geometry), problems);
}

/** The steps after normalisation: simplicity of each polygon, and parts. */
function shapeProblems(polygons: Position[][][], problems: GridProblem[]): GridCheck {
  for (const rings of polygons) simplicityProblems(rings, problems);
  if (polygons.length > 1) {
    problems.push({
      reason: 'multi-part',
      severity: 'warning',
      message: `${polygons.length} separate parts (not contiguous)`,
      at: null,
    });
  }
  return { polygons, problems };
}

/**
 * The polygons of a geometry that needs no normalisation (the common case), used as they are: every
 * position a finite in-range `[lon, lat]`, rings closed with 4+ positions, no repeated consecutive
 * positions, exteriors counter-clockwise and holes clockwise. `null` sends it through `cleanGeometry`.
 */
function alreadyNormal(geometry: unknown): Position[][][] | null {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null;
  if (typeof g !== 'object' || g === null || !Array.isArray(g.coordinates)) return null;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  if (polygons === null || polygons.length === 0) return null;
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return null;
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r];
      if (!Array.isArray(ring) || ring.length < 4) return null;
      let px = Number.NaN;
      let py = Number.NaN;
      for (const p of ring) {
        if (!Array.isArray(p) || p.length !== 2) return null;
        const [x, y] = p;
        if (
          typeof x !== 'number' ||
          typeof y !== 'number' ||
          !(x >= -180 && x <= 180 && y >= -90 && y <= 90)
        ) {
          return null;
        }
        if (x === px && y === py) return null;
        px = x;
        py = y;
      }
      if (ring[0][0] !== px || ring[0][1] !== py) return null;
      const area = ringSignedArea(ring);
      if (r === 0 ? !(area > 0) : !(area < 0)) return null;
    }
  }
  return polygons as Position[][][];
}

function rawRingProblems(geometry: { type: string; coordinates: unknown }, problems: GridProblem[]): void {
  const parts = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[];
  for (const part of parts) {
    if (!Array.isArray(part)) continue;
    part.forEach((ring: unknown, r) => {
      if (!Array.isArray(ring) || ring.length < 2) return;
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        problems.push({
          reason: 'unclosed-ring',
          severity: 'warning',
          message: 'ring does not end where it starts',
          at: [last[0], last[1]],
        });
      }
      for (let i = 1; i < ring.length - 1; i++) {
        const p = ring[i] as number[];
        const q = ring[i - 1] as number[];
        if (p[0] === q[0] && p[1] === q[1]) {
          problems.push({
            reason: 'repeated-point',
            severity: 'warning',
            message: `position ${i} repeats the one before`,
            at: [p[0], p[1]],
          });
          break;
        }
      }
      const area = ringSignedArea(ring as Position[]);
      if (area !== 0 && area > 0 !== (r === 0)) {
        problems.push({
          reason: 'wrong-orientation',
          severity: 'warning',
          message: r === 0 ? 'exterior ring is clockwise' : 'hole is counter-clockwise',
          at: [first[0], first[1]],
        });
      }
    });
  }
}

/** Spikes, self-intersections and holes outside the shell of one normalised polygon. */
function simplicityProblems(rings: Position[][], problems: GridProblem[]): void {
  // A spike: the ring goes out and comes straight back along the same line.
  let spiky: Set<number> | null = null;
  rings.forEach((ring, r) => {
    const n = ring.length - 1;
    for (let i = 0; i < n; i++) {
      const prev = ring[(i - 1 + n) % n];
      const v = ring[i];
      const next = ring[i + 1];
      if (
        orientSign(prev[0], prev[1], v[0], v[1], next[0], next[1]) === 0 &&
        (prev[0] - v[0]) * (next[0] - v[0]) + (prev[1] - v[1]) * (next[1] - v[1]) > 0
      ) {
        problems.push({ reason: 'spike', severity: 'error', message: 'ring folds back on itself', at: v });
        spiky ??= new Set();
        spiky.add(r);
        return;
      }
    }
  });
  const crossings = new Map<number, number>();
  let firstAt: Position | null = null;
  let crossRings = false;
  forEachCandidate(rings, (i, j) => {
    const { ringOf, startOf } = scratch;
    const ri = ringOf[i];
    const rj = ringOf[j];
    const n = rings[ri].length - 1;
    const adjacent =
      ri === rj && (Math.abs(startOf[i] - startOf[j]) === 1 || Math.abs(startOf[i] - startOf[j]) === n - 1);
    if (adjacent) return;
    const p = rings[ri][startOf[i]];
    const q = rings[ri][startOf[i] + 1];
    const s = rings[rj][startOf[j]];
    const t = rings[rj][startOf[j] + 1];
    if (segmentRelation(p[0], p[1], q[0], q[1], s[0], s[1], t[0], t[1]) === 0) return;
    // Rings may touch at a vertex; a ring with a spike touches itself at the spike's base.
    if ((ri !== rj || spiky?.has(ri)) && sharesVertexOnly(p, q, s, t)) return;
    if (ri === rj) {
      crossings.set(ri, (crossings.get(ri) ?? 0) + 1);
    } else crossRings = true;
    firstAt ??= meetingPoint(p, q, s, t);
  });
  for (const [r, count] of crossings) {
    const bowTie = count === 1 && rings[r].length - 1 >= 4;
    problems.push({
      reason: bowTie ? 'bow-tie' : 'self-intersection',
      severity: 'error',
      message: bowTie ? 'ring crosses itself once (a bow-tie)' : `ring meets itself ${count} times`,
      at: firstAt,
    });
  }
  if (crossRings) {
    problems.push({
      reason: 'self-intersection',
      severity: 'error',
      message: 'a hole crosses another ring',
      at: firstAt,
    });
  }
  for (let h = 1; h < rings.length; h++) {
    const probe = rings[h].find((p) => !rings[0].some((q) => q[0] === p[0] && q[1] === p[1]));
    if (probe !== undefined && !isInRing(rings[0], probe[0], probe[1])) {
      problems.push({
        reason: 'hole-outside-shell',
        severity: 'error',
        message: `hole ${h} lies outside its exterior`,
        at: probe,
      });
    }
  }
}

function sharesVertexOnly(p: Position, q: Position, s: Position, t: Position): boolean {
  const same = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];
  const v = same(p, s) || same(p, t) ? p : same(q, s) || same(q, t) ? q : null;
  if (v === null) return false;
  const a = v === p ? q : p;
  const b = same(v, s) ? t : s;
  // The edges meet only at `v` unless they run on along the same line in the same direction.
  if (orientSign(v[0], v[1], a[0], a[1], b[0], b[1]) !== 0) return true;
  return (a[0] - v[0]) * (b[0] - v[0]) + (a[1] - v[1]) * (b[1] - v[1]) <= 0;
}

function meetingPoint(p: Position, q: Position, s: Position, t: Position): Position {
  const d = (q[0] - p[0]) * (t[1] - s[1]) - (q[1] - p[1]) * (t[0] - s[0]);
  if (d === 0) return p;
  const u = ((s[0] - p[0]) * (t[1] - s[1]) - (s[1] - p[1]) * (t[0] - s[0])) / d;
  return [p[0] + u * (q[0] - p[0]), p[1] + u * (q[1] - p[1])];
}

/**
 * Numbers the edges of `rings` (ring and start in the scratch buffers) and calls `visit(i, j)` for every
 * pair of edges whose boxes meet (each pair once, `i < j`): a sweep over the edges sorted by left end.
 */
function forEachCandidate(rings: Position[][], visit: (i: number, j: number) => void): void {
  let n = 0;
  for (const ring of rings) n += ring.length - 1;
  if (scratch.order.length < n) scratch = newScratch(2 * n);
  const { minX, maxX, minY, maxY, order, ringOf, startOf } = scratch;
  let i = 0;
  rings.forEach((ring, r) => {
    for (let k = 0; k + 1 < ring.length; k++, i++) {
      const a = ring[k];
      const b = ring[k + 1];
      minX[i] = Math.min(a[0], b[0]);
      maxX[i] = Math.max(a[0], b[0]);
      minY[i] = Math.min(a[1], b[1]);
      maxY[i] = Math.max(a[1], b[1]);
      order[i] = i;
      ringOf[i] = r;
      startOf[i] = k;
    }
  });
  if (n <= 64) {
    // Insertion sort: small rings are the common case, and sorting them in place allocates nothing.
    for (let p = 1; p < n; p++) {
      const e = order[p];
      let q = p - 1;
      while (q >= 0 && (minX[order[q]] > minX[e] || (minX[order[q]] === minX[e] && order[q] > e))) {
        order[q + 1] = order[q];
        q--;
      }
      order[q + 1] = e;
    }
  } else {
    order.subarray(0, n).sort((i, j) => minX[i] - minX[j] || i - j);
  }
  for (let p = 0; p < n; p++) {
    const i = order[p];
    for (let q = p + 1; q < n; q++) {
      const j = order[q];
      if (minX[j] > maxX[i]) break;
      if (minY[j] <= maxY[i] && minY[i] <= maxY[j]) visit(Math.min(i, j), Math.max(i, j));
    }
  }
}

/** Reused buffers of {@link forEachCandidate}: one allocation for a whole run, not five per grid. */
let scratch = newScratch(256);

function newScratch(n: number) {
  return {
    minX: new Float64Array(n),
    maxX: new Float64Array(n),
    minY: new Float64Array(n),
    maxY: new Float64Array(n),
    order: new Int32Array(n),
    /** Ring and start position of each edge. */
    ringOf: new Int32Array(n),
    startOf: new Int32Array(n),
  };
}
