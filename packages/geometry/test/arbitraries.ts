/**
 * Random valid polygons for the property tests: star-shaped rings on a coarse lattice (so shared edges,
 * collinear overlaps and shared vertices are common), rectangles with extra vertices on their edges
 * (T-junctions against their neighbours), and near-copies shifted by a few grid units (slivers).
 */
import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';

const round = (v: number, step: number) => +(Math.round(v / step) * step).toFixed(9);

/** A star-shaped polygon around a lattice point, vertices on a lattice of `step` degrees. */
export function starPolygon(cx: number, cy: number, radii: number[], step: number): Polygon {
  const n = radii.length;
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (i / n) * 2 * Math.PI;
    const p: Position = [round(cx + radii[i] * Math.cos(a), step), round(cy + radii[i] * Math.sin(a), step)];
    const last = ring[ring.length - 1];
    if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  }
  while (
    ring.length > 1 &&
    ring[0][0] === ring[ring.length - 1][0] &&
    ring[0][1] === ring[ring.length - 1][1]
  )
    ring.pop();
  ring.push([ring[0][0], ring[0][1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** A rectangle on a lattice, with extra vertices at the given fractions of its edges (T-junctions). */
export function rectangle(x0: number, y0: number, x1: number, y1: number, splits: number[]): Polygon {
  const corners: Position[] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  const ring: Position[] = [];
  corners.forEach((p, k) => {
    ring.push(p);
    const q = corners[(k + 1) % 4];
    const t = splits[k];
    if (t !== undefined && t > 0 && t < 1)
      ring.push([+(p[0] + t * (q[0] - p[0])).toFixed(9), +(p[1] + t * (q[1] - p[1])).toFixed(9)]);
  });
  ring.push([x0, y0]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Any of the three kinds, near (116, 39). */
export const arbPolygon: fc.Arbitrary<Polygon> = fc.oneof(
  fc
    .record({
      cx: fc.integer({ min: 0, max: 8 }),
      cy: fc.integer({ min: 0, max: 8 }),
      radii: fc.array(fc.integer({ min: 2, max: 10 }), { minLength: 3, maxLength: 24 }),
    })
    .map(({ cx, cy, radii }) =>
      starPolygon(
        116 + cx * 0.05,
        39 + cy * 0.05,
        radii.map((r) => r * 0.05),
        0.05,
      ),
    ),
  fc
    .record({
      x: fc.integer({ min: 0, max: 6 }),
      y: fc.integer({ min: 0, max: 6 }),
      w: fc.integer({ min: 1, max: 6 }),
      h: fc.integer({ min: 1, max: 6 }),
      splits: fc.array(fc.constantFrom(0, 0.25, 0.5, 0.3, 0.7), { minLength: 4, maxLength: 4 }),
    })
    .map(({ x, y, w, h, splits }) =>
      rectangle(
        +(116 + x * 0.1).toFixed(9),
        +(39 + y * 0.1).toFixed(9),
        +(116 + (x + w) * 0.1).toFixed(9),
        +(39 + (y + h) * 0.1).toFixed(9),
        splits,
      ),
    ),
);

/** A pair: independent, or the second a copy of the first shifted by a few grid units (a sliver). */
export const arbPair: fc.Arbitrary<[Polygon, Polygon]> = fc.oneof(
  fc.tuple(arbPolygon, arbPolygon),
  fc
    .tuple(arbPolygon, fc.constantFrom(1e-9, 2e-9, 1e-8, 1e-7), fc.boolean())
    .map(([a, d, vertical]): [Polygon, Polygon] => [
      a,
      {
        type: 'Polygon',
        coordinates: a.coordinates.map((ring) =>
          ring.map(([x, y]) => [vertical ? x : +(x + d).toFixed(9), vertical ? +(y + d).toFixed(9) : y]),
        ),
      },
    ]),
);
