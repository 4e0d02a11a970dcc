/**
 * Random plans for the cross-package point-rule test: a lattice on multiples of 2^-9 degree (so every
 * vertex is exact on the kernel's 1e-9° grid), some cells split by a diagonal, cells dealt to random
 * grids and dissolved, and points on every lattice vertex, on every edge and diagonal (midpoints and
 * quarter points, exactly on them), at cell centres, and at random around.
 */
import type { GridFeature, GridGeometry } from '@wangge/core';
import { createRandom, type Random } from '@wangge/example-city';
import { dissolve } from '@wangge/geometry';
import fc from 'fast-check';
import type { Position } from 'geojson';

const X0 = 120;
const Y0 = 30;
export const UNIT = 2 ** -9;

/** What is wrong with a random plan: nothing, one grid left out (a gap), or one grid doubled over another. */
export type Defect = 'none' | 'gap' | 'overlap';

/** A random plan: a root, its children tiling it (but for the defect), and points on every edge and vertex. */
export interface RandomPlan {
  root: GridFeature;
  children: GridFeature[];
  /** Lattice vertices, points on lattice edges and diagonals, cell centres, and random points around. */
  xy: Float64Array;
}

export const planArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  cols: fc.integer({ min: 1, max: 5 }),
  rows: fc.integer({ min: 1, max: 5 }),
  grids: fc.integer({ min: 1, max: 6 }),
  defect: fc.constantFrom<Defect>('none', 'gap', 'overlap'),
});

/** Ascending lattice lines: `n + 1` positions, 1 to 4 units apart. */
function lines(random: Random, n: number, origin: number): number[] {
  const out = [origin];
  for (let i = 0; i < n; i++) out.push(out[i] + (1 + random.int(4)) * UNIT);
  return out;
}

export function randomPlan({
  seed,
  cols,
  rows,
  grids,
  defect,
}: {
  seed: number;
  cols: number;
  rows: number;
  grids: number;
  defect: Defect;
}): RandomPlan {
  const random = createRandom(seed);
  const xs = lines(random, cols, X0);
  const ys = lines(random, rows, Y0);
  const atoms: Position[][] = [];
  const points: Position[] = [];
  const onSegment = (a: Position, b: Position) => {
    for (const t of [0.25, 0.5, 0.75]) points.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
  };
  for (let i = 0; i <= cols; i++) {
    for (let j = 0; j <= rows; j++) {
      points.push([xs[i], ys[j]]);
      if (i < cols) onSegment([xs[i], ys[j]], [xs[i + 1], ys[j]]);
      if (j < rows) onSegment([xs[i], ys[j]], [xs[i], ys[j + 1]]);
      if (i === cols || j === rows) continue;
      const [a, b, c, d]: Position[] = [
        [xs[i], ys[j]],
        [xs[i + 1], ys[j]],
        [xs[i + 1], ys[j + 1]],
        [xs[i], ys[j + 1]],
      ];
      const split = random.int(3);
      if (split === 0) atoms.push([a, b, c, d, a]);
      else if (split === 1) atoms.push([a, b, c, a], [a, c, d, a]);
      else atoms.push([a, b, d, a], [b, c, d, b]);
      if (split === 1) onSegment(a, c);
      if (split === 2) onSegment(b, d);
      points.push([(a[0] + c[0]) / 2, (a[1] + c[1]) / 2]);
    }
  }
  for (let k = 0; k < 60; k++) {
    points.push([random.range(xs[0] - UNIT, xs[cols] + UNIT), random.range(ys[0] - UNIT, ys[rows] + UNIT)]);
  }
  // Every atom to a random grid; grids that got none are dropped (a grid may be in several parts).
  const owner = atoms.map(() => random.int(grids));
  const used = [...new Set(owner)].sort((p, q) => p - q);
  const geometry = (ids: number[]): GridGeometry =>
    dissolve(ids.map((a) => ({ type: 'Polygon', coordinates: [atoms[a]] })));
  const root: GridFeature = {
    type: 'Feature',
    properties: { code: 'R', parent: null, level: 1 },
    geometry: geometry(atoms.map((_, a) => a)),
  };
  const children = used.map(
    (g, k): GridFeature => ({
      type: 'Feature',
      properties: { code: `R${k + 1}`, parent: 'R', level: 2 },
      geometry: geometry(owner.flatMap((o, a) => (o === g ? [a] : []))),
    }),
  );
  if (defect === 'gap' && children.length > 1) children.splice(random.int(children.length), 1);
  if (defect === 'overlap') {
    const a = random.int(atoms.length);
    const extra = [a, ...atoms.map((_, b) => b).filter((b) => b !== a && random.next() < 0.2)];
    children.push({
      type: 'Feature',
      properties: { code: `R${used.length + 1}`, parent: 'R', level: 2 },
      geometry: geometry(extra),
    });
  }
  return { root, children, xy: Float64Array.from(points.flat()) };
}
