import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { type GridGeometry, ringSignedArea } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { partitionTarget } from '@wangge/corpus';
import { type CoverageDefect, validateCoverage } from '@wangge/coverage';
import { validityProblems } from '@wangge/geometry';
import fc from 'fast-check';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { PARTITION_FINDING_KINDS, type PartitionFinding } from '../src';

/** Planar lon/lat area (GeoJSON edges are straight in lon/lat), holes subtracted. */
export function planarArea(geometry: GridGeometry): number {
  let area = 0;
  for (const polygon of polygonsOf(geometry)) for (const ring of polygon) area += ringSignedArea(ring);
  return area;
}

/** The findings about the data of a partition result (its make-valid repairs left out). */
export function problemsOf(result: { findings: ReadonlyArray<{ kind: string }> }): PartitionFinding[] {
  return result.findings.filter((f): f is PartitionFinding =>
    (PARTITION_FINDING_KINDS as readonly string[]).includes(f.kind),
  );
}

/** What a partition tiles: the boundary made valid, on the kernel's 1e-9° grid (see `partitionTarget`). */
export function gridBoundary(boundary: unknown): GridGeometry {
  return partitionTarget(boundary)!;
}

/**
 * The coverage validator's defects of grids against their parent, less those narrower than the kernel's
 * snap (a 1e-9° grid step, about 0.1 mm): where a boundary crossing is rounded to the grid, the outline
 * leaves the parent's edge by up to half a step, which `validateCoverage` measures as a sliver of
 * micrometres.
 */
export function coverageDefects(
  grids: FeatureCollection | readonly Feature[],
  parent: GridGeometry,
): CoverageDefect[] {
  return validateCoverage(grids as never, { parent }).defects.filter(
    (d) => !(d.width !== undefined && d.width < 1.1e-4),
  );
}

/** A star-shaped ring around (cx, cy): vertices at sorted angles, radii in [0.4, 1] × r, counter-clockwise. */
function starRing(cx: number, cy: number, r: number, radii: number[], phase: number): Position[] {
  const n = radii.length;
  const ring = radii.map((f, i): Position => {
    const a = phase + (2 * Math.PI * i) / n;
    return [cx + r * (0.4 + 0.6 * f) * Math.cos(a), cy + r * (0.4 + 0.6 * f) * Math.sin(a)];
  });
  ring.push([...ring[0]]);
  return ring;
}

/** Random boundaries about 2 km across near Hangzhou: star-shaped, with or without a lake hole and an exclave. */
export const boundaryArb: fc.Arbitrary<Polygon | MultiPolygon> = fc
  .record({
    radii: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 40 }),
    phase: fc.double({ min: 0, max: 6.28, noNaN: true }),
    hole: fc.option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 12 })),
    exclave: fc.option(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 12 })),
  })
  .map(({ radii, phase, hole, exclave }) => {
    const r = 0.01;
    const main: Position[][] = [starRing(120.13, 30.27, r, radii, phase)];
    if (hole) main.push(starRing(120.13, 30.27, 0.15 * r, hole, 0.3).reverse());
    if (!exclave) return { type: 'Polygon', coordinates: main } as Polygon;
    return {
      type: 'MultiPolygon',
      coordinates: [main, [starRing(120.13 + 2.5 * r, 30.27 + 0.5 * r, 0.4 * r, exclave, 0.1)]],
    } as MultiPolygon;
  });

/** A seeded pseudo-random generator (mulberry32) for sample points. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Box of a geometry. */
export function boxOf(geometry: GridGeometry): [number, number, number, number] {
  let box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(geometry)) {
    for (const [x, y] of polygon[0]) {
      box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
    }
  }
  return box;
}

/**
 * Checks that grids tile `boundary` (see {@link gridBoundary}), independently of the code under test: every
 * grid valid (the kernel's `validityProblems`); (1) planar areas add up within
 * 1e-9 relative; (2) every directed edge inside is matched by its reverse exactly once (vertex for vertex),
 * and every unmatched edge lies on a boundary edge; (3) `samples` seeded points inside the boundary each
 * fall in exactly one grid (turf's point-in-polygon). Returns the problems found, empty when it tiles.
 */
export function tilingProblems(
  boundary: GridGeometry,
  grids: ReadonlyArray<Feature<GridGeometry>>,
  samples = 200,
  seed = 1,
): string[] {
  const problems: string[] = [];
  const total = planarArea(boundary);
  const sum = grids.reduce((s, g) => s + planarArea(g.geometry), 0);
  // Crossings are on the 1e-9° grid: each may move the outline by half a grid step.
  let perimeter = 0;
  for (const polygon of polygonsOf(boundary)) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++)
        perimeter += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
    }
  }
  if (Math.abs(sum - total) > 1e-9 * Math.abs(total) + SNAP * perimeter)
    problems.push(`areas: ${sum} vs ${total}`);
  for (const g of grids) {
    if (planarArea(g.geometry) <= 0) problems.push(`grid ${g.properties?.code} has area ≤ 0`);
    for (const v of validityProblems(g.geometry))
      if (v.severity === 'error') problems.push(`grid ${g.properties?.code} is invalid: ${v.reason}`);
  }
  const count = new Map<string, number>();
  const key = (a: Position, b: Position) => `${a[0]},${a[1]}>${b[0]},${b[1]}`;
  for (const g of grids) {
    for (const polygon of polygonsOf(g.geometry)) {
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const k = key(ring[i], ring[i + 1]);
          count.set(k, (count.get(k) ?? 0) + 1);
        }
      }
    }
  }
  const boundaryEdges: Array<[Position, Position]> = [];
  for (const polygon of polygonsOf(boundary)) {
    for (const ring of polygon)
      for (let i = 0; i + 1 < ring.length; i++) boundaryEdges.push([ring[i], ring[i + 1]]);
  }
  const onBoundary = (p: Position, q: Position): boolean =>
    boundaryEdges.some(([a, b]) => onSegment(a, b, p) && onSegment(a, b, q) && sameDirection(a, b, p, q));
  for (const [k, n] of count) {
    if (n > 1) problems.push(`edge ${k} used ${n} times`);
    const [from, to] = k.split('>').map((s) => s.split(',').map(Number));
    if (count.has(key(to, from))) continue;
    if (!onBoundary(from, to)) problems.push(`edge ${k} has no reverse and is not on the boundary`);
    if (problems.length > 10) return problems;
  }
  const random = seeded(seed);
  const [x0, y0, x1, y1] = boxOf(boundary);
  const inside = (g: GridGeometry, p: Position) => booleanPointInPolygon(p, g, { ignoreBoundary: true });
  let tried = 0;
  for (let hits = 0; hits < samples && tried < samples * 50; tried++) {
    const p: Position = [x0 + random() * (x1 - x0), y0 + random() * (y1 - y0)];
    if (!inside(boundary, p)) continue;
    hits++;
    const owners = grids.filter((g) => inside(g.geometry, p)).length;
    if (owners !== 1) problems.push(`point ${p} lies in ${owners} grids`);
  }
  return problems;
}

/** Half the diagonal of a grid step of the kernel (1e-9°), in degrees. */
const SNAP = 0.71e-9;

function onSegment(a: Position, b: Position, p: Position): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  if (t < -1e-12 || t > 1 + 1e-12) return false;
  // Within the kernel's snap of the line: a crossing rounded to the 1e-9° grid.
  const cross = (p[0] - a[0]) * dy - (p[1] - a[1]) * dx;
  return Math.abs(cross) / Math.sqrt(len2) <= SNAP;
}

function sameDirection(a: Position, b: Position, p: Position, q: Position): boolean {
  return (b[0] - a[0]) * (q[0] - p[0]) + (b[1] - a[1]) * (q[1] - p[1]) > 0;
}
