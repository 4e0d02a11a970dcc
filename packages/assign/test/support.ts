/**
 * Test support: random hierarchical tilings on a jittered lattice, random points on and off their edges,
 * and a brute-force reference (turf point-in-polygon against every grid).
 *
 * Every coordinate is a multiple of 2^-10 degree near (120, 30), so vertices, edge midpoints and the
 * reference's cross products are exact in doubles: the reference knows exactly which closed grids hold
 * a point, including points on shared edges and vertices.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { GridFeature, GridPlan } from '@wangge/core';
import { createRandom, type Random } from '@wangge/example-city';
import type { Polygon, Position } from 'geojson';

const X0 = 120;
const Y0 = 30;
const UNIT = 1 / 1024;
/** Lattice spacing in units; jitter stays within ±SPACING/4 so every lattice cell stays a simple quad. */
const SPACING = 8;

/** A random tiling and everything a test needs to know about it. */
export interface Tiling {
  /** Grid features: a root, column bands, row ranges, and some micro-grids below, in plan order. */
  grids: GridFeature[];
  /** Code of a leaf left out of the plan (a gap), if any. */
  dropped: string | null;
  /** Lattice vertices, and midpoints and quarter points of lattice edges: exact boundary points. */
  boundaryPoints: Position[];
  /** `[minX, minY, maxX, maxY]` of the lattice, in degrees. */
  bounds: [number, number, number, number];
}

/** A tiling of `cols × rows` lattice cells grown from `seed`; `dropLeaf` leaves one leaf out (a gap). */
export function randomTiling(seed: number, cols: number, rows: number, dropLeaf: boolean): Tiling {
  const random = createRandom(seed);
  const vx: number[][] = [];
  const vy: number[][] = [];
  for (let i = 0; i <= cols; i++) {
    vx.push([]);
    vy.push([]);
    for (let j = 0; j <= rows; j++) {
      // Jitter from {-2, ..., 2} units; zero often, so horizontal and vertical edges occur.
      const jitter = () => (random.next() < 0.4 ? 0 : random.int(5) - 2);
      vx[i].push(X0 + (SPACING * i + jitter()) * UNIT);
      vy[i].push(Y0 + (SPACING * j + jitter()) * UNIT);
    }
  }
  const at = (i: number, j: number): Position => [vx[i][j], vy[i][j]];
  const block = (c0: number, c1: number, r0: number, r1: number): Polygon => {
    const ring: Position[] = [];
    for (let i = c0; i < c1; i++) ring.push(at(i, r0));
    for (let j = r0; j < r1; j++) ring.push(at(c1, j));
    for (let i = c1; i > c0; i--) ring.push(at(i, r1));
    for (let j = r1; j > r0; j--) ring.push(at(c0, j));
    ring.push(ring[0]);
    return { type: 'Polygon', coordinates: [ring] };
  };
  const grids: GridFeature[] = [];
  const add = (code: string, parent: string | null, level: number, geometry: Polygon) =>
    grids.push({ type: 'Feature', properties: { code, parent, level }, geometry });
  add('root', null, 1, block(0, cols, 0, rows));
  splits(random, cols, 3).forEach(([c0, c1], b) => {
    const band = String.fromCharCode(65 + b);
    add(band, 'root', 2, block(c0, c1, 0, rows));
    splits(random, rows, 3).forEach(([r0, r1], g) => {
      const code = `${band}${g + 1}`;
      add(code, band, 3, block(c0, c1, r0, r1));
      if (c1 - c0 < 2 || random.next() < 0.5) return;
      splits(random, c1 - c0, 2).forEach(([m0, m1], m) => {
        add(`${code}-${m + 1}`, code, 4, block(c0 + m0, c0 + m1, r0, r1));
      });
    });
  });
  let dropped: string | null = null;
  if (dropLeaf) {
    const parents = new Set(grids.map((g) => g.properties.parent));
    const leaves = grids.filter((g) => !parents.has(g.properties.code) && g.properties.level > 1);
    const victim = leaves[random.int(leaves.length)];
    // A leaf whose parent has no other child would leave the parent a leaf: no gap then, which is fine too.
    dropped = victim.properties.code;
    grids.splice(grids.indexOf(victim), 1);
  }
  const boundaryPoints: Position[] = [];
  for (let i = 0; i <= cols; i++) {
    for (let j = 0; j <= rows; j++) {
      boundaryPoints.push(at(i, j));
      for (const [a, b] of [
        [i + 1, j],
        [i, j + 1],
      ]) {
        if (a > cols || b > rows) continue;
        const [x1, y1] = at(i, j);
        const [x2, y2] = at(a, b);
        boundaryPoints.push([(x1 + x2) / 2, (y1 + y2) / 2], [(3 * x1 + x2) / 4, (3 * y1 + y2) / 4]);
      }
    }
  }
  const xs = vx.flat();
  const ys = vy.flat();
  return {
    grids,
    dropped,
    boundaryPoints,
    bounds: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
  };
}

/** `n` cut into 1 to `most` consecutive ranges `[from, to)` at random. */
function splits(random: Random, n: number, most: number): Array<[number, number]> {
  const parts = 1 + random.int(Math.min(n, most));
  const cuts = new Set<number>();
  while (cuts.size < parts - 1) cuts.add(1 + random.int(n - 1));
  const edges = [0, ...[...cuts].sort((a, b) => a - b), n];
  return edges.slice(1).map((to, k) => [edges[k], to]);
}

/** A random point on the 2^-10 lattice within the bounds grown by `margin` degrees. */
export function randomPoint(random: Random, [minX, minY, maxX, maxY]: number[], margin: number): Position {
  const steps = (lo: number, hi: number) => Math.round((hi - lo) / UNIT);
  const x = minX - margin + random.int(steps(minX - margin, maxX + margin) + 1) * UNIT;
  const y = minY - margin + random.int(steps(minY - margin, maxY + margin) + 1) * UNIT;
  return [x, y];
}

/** What the brute-force reference expects for one point. */
export interface Expected {
  /** Plan grid ids of the leaves whose closed polygon holds the point (more than one on shared edges). */
  leaves: number[];
  /** When `leaves` is empty: why. */
  reason: 'outside-root' | 'in-gap' | 'invalid-coordinate' | null;
}

/** The reference: every leaf and root tested with turf, boundary included. */
export function bruteForce(plan: GridPlan, [lon, lat]: Position): Expected {
  if (!(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90)) {
    return { leaves: [], reason: 'invalid-coordinate' };
  }
  const point: Position = [lon, lat];
  const parentIds = plan.parentIds();
  const hasChild = new Set(parentIds);
  const leaves: number[] = [];
  let inRoot = false;
  plan.grids.forEach((grid, g) => {
    const inside = booleanPointInPolygon(point, grid.geometry);
    if (inside && !hasChild.has(g)) leaves.push(g);
    if (inside && parentIds[g] < 0) inRoot = true;
  });
  return { leaves, reason: leaves.length > 0 ? null : inRoot ? 'in-gap' : 'outside-root' };
}
