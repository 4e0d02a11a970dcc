import { geodesicArea } from '@wangge/core';
import fc from 'fast-check';
import type { Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  difference,
  intersection,
  isValidPolygon,
  onSegment,
  overlay,
  union,
  validityProblems,
} from '../src/index';
import { arbPair, arbPolygon, rectangle } from './arbitraries';
import { GeosReference, loadGeos } from './geos';

let geos: GeosReference;
beforeAll(async () => {
  await loadGeos();
  geos = new GeosReference();
});

const planar = (g: { type: string } | null) => (g === null ? 0 : geos.area(g as Polygon));

/** Perimeter in degrees. */
const perimeter = (g: Polygon) =>
  g.coordinates.reduce(
    (s, ring) =>
      s + ring.slice(1).reduce((t, p, k) => t + Math.hypot(p[0] - ring[k][0], p[1] - ring[k][1]), 0),
    0,
  );

/** Valid by the kernel's own validator and by GEOS, every ring with 4 positions or more. */
function expectValid(g: ReturnType<typeof union>): void {
  if (g === null) return;
  expect(validityProblems(g)).toEqual([]);
  expect(geos.validity(g)).toEqual({ valid: true, reason: 'Valid Geometry' });
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polygons) for (const ring of rings) expect(ring.length).toBeGreaterThanOrEqual(4);
}

describe('overlay', () => {
  it('cuts two squares into faces labelled with the inputs covering them', () => {
    const o = overlay([rectangle(0, 0, 2, 2, []), rectangle(1, 1, 3, 3, [])]);
    const faces = Array.from({ length: o.faceCount }, (_, f) => [o.faceInputs(f), o.facePlanarArea(f)]);
    expect(faces).toEqual([
      [[0], 3],
      [[0, 1], 1],
      [[1], 3],
    ]);
    expect(o.facePolygon(1)).toEqual(rectangle(1, 1, 2, 2, []));
    expect(o.faceArea(1)).toBeCloseTo(geodesicArea(rectangle(1, 1, 2, 2, [])), 3);
  });

  it('gives a hole its own face, and the face around it the hole', () => {
    const o = overlay([rectangle(0, 0, 3, 3, []), rectangle(1, 1, 2, 2, [])]);
    expect(o.faceCount).toBe(2);
    const ring = o.facePolygon(0);
    expect(ring.coordinates.length).toBe(2);
    expect(o.facePlanarArea(0)).toBe(8);
  });

  it('never throws on valid random pairs, and every result is valid (kernel validator and GEOS)', () => {
    fc.assert(
      fc.property(arbPair, ([a, b]) => {
        fc.pre(geos.validity(a).valid && geos.validity(b).valid);
        for (const r of [intersection(a, b), difference(a, b), difference(b, a), union([a, b])])
          expectValid(r);
      }),
      { numRuns: 150 },
    );
  });

  it('area(A) = area(A ∩ B) + area(A − B), and the union is A + B − A ∩ B (planar, GEOS areas)', () => {
    fc.assert(
      fc.property(arbPair, ([a, b]) => {
        fc.pre(geos.validity(a).valid && geos.validity(b).valid);
        const i = planar(intersection(a, b));
        const d = planar(difference(a, b));
        const u = planar(union([a, b]));
        // Snap rounding moves every boundary point by at most √2/2 grid units (1e-9°), so an area moves by
        // at most perimeter × 0.71e-9; the bound below is that, rounded up.
        const slack = 1e-9 * (perimeter(a) + perimeter(b)) + 1e-15;
        expect(Math.abs(planar(a) - i - d)).toBeLessThan(slack);
        expect(Math.abs(u - (planar(a) + planar(b) - i))).toBeLessThan(2 * slack);
        // GEOS OverlayNG on the same data (floating precision): agreement within the snap.
        expect(Math.abs(i - geos.overlayArea('intersection', a, b))).toBeLessThan(slack);
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with GEOS to 1e-9 when every crossing lies on the grid', () => {
    const cases: Array<[Polygon, Polygon]> = [
      [rectangle(116, 39, 116.2, 39.2, []), rectangle(116.1, 39.1, 116.3, 39.3, [])],
      [rectangle(116, 39, 116.2, 39.2, [0.5, 0, 0, 0]), rectangle(116.2, 39, 116.4, 39.2, [])],
      [rectangle(116, 39, 116.4, 39.4, []), rectangle(116.1, 39.1, 116.2, 39.2, [0, 0.5, 0.5, 0])],
    ];
    for (const [a, b] of cases) {
      for (const op of ['intersection', 'difference', 'union'] as const) {
        const mine = planar(
          op === 'intersection' ? intersection(a, b) : op === 'difference' ? difference(a, b) : union([a, b]),
        );
        const ref = geos.overlayArea(op, a, b);
        expect(Math.abs(mine - ref)).toBeLessThanOrEqual(1e-9 * Math.max(ref, 1e-12));
      }
    }
  });

  it('is deterministic and does not depend on the order of the inputs', () => {
    fc.assert(
      fc.property(fc.array(arbPolygon, { minLength: 2, maxLength: 6 }), (list) => {
        fc.pre(list.every((g) => geos.validity(g).valid));
        const once = JSON.stringify(union(list));
        expect(JSON.stringify(union(list))).toBe(once);
        expect(JSON.stringify(union([...list].reverse()))).toBe(once);
      }),
      { numRuns: 60 },
    );
  });

  it('unions a tiling with T-junctions into its parent, area for area', () => {
    const tiles: Polygon[] = [];
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const x0 = +(116 + i * 0.01).toFixed(9);
        const y0 = +(39 + j * 0.01).toFixed(9);
        tiles.push(
          rectangle(
            x0,
            y0,
            +(x0 + 0.01).toFixed(9),
            +(y0 + 0.01).toFixed(9),
            (i + j) % 2 ? [0.5, 0.25, 0.5, 0.75] : [],
          ),
        );
      }
    }
    const u = union(tiles);
    expectValid(u);
    expect(u?.type).toBe('Polygon');
    const parent = rectangle(116, 39, 116.06, 39.06, []);
    expect(Math.abs(planar(u) - planar(parent))).toBeLessThan(1e-12 * planar(parent));
    expect(Math.abs(geodesicArea(u!) - geodesicArea(parent))).toBeLessThan(1e-6 * geodesicArea(parent));
  });

  it("gives neighbours' results the same vertices where they meet (no T-junctions between them)", () => {
    const disc: number[][] = [];
    for (let k = 0; k < 97; k++) {
      const a = (k / 97) * 2 * Math.PI;
      disc.push([+(116.03 + 0.023 * Math.cos(a)).toFixed(7), +(39.03 + 0.027 * Math.sin(a)).toFixed(7)]);
    }
    disc.push(disc[0]);
    const clip: Polygon = { type: 'Polygon', coordinates: [disc] };
    const n = 6;
    const results = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const x0 = +(116 + i * 0.01).toFixed(9);
        const y0 = +(39 + j * 0.01).toFixed(9);
        results.push(
          intersection(rectangle(x0, y0, +(x0 + 0.01).toFixed(9), +(y0 + 0.01).toFixed(9), []), clip),
        );
      }
    }
    let tJunctions = 0;
    for (const a of results) {
      for (const b of results) {
        if (a === b || a === null || b === null) continue;
        const vertices = new Set(
          (b.type === 'Polygon' ? [b.coordinates] : b.coordinates).flat(2).map((p) => `${p}`),
        );
        for (const p of (a.type === 'Polygon' ? [a.coordinates] : a.coordinates).flat(2)) {
          if (vertices.has(`${p}`)) continue;
          for (const ring of b.type === 'Polygon' ? b.coordinates : b.coordinates.flat(1)) {
            for (let k = 0; k + 1 < ring.length; k++) {
              if (onSegment(ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1], p[0], p[1])) tJunctions++;
            }
          }
        }
      }
    }
    expect(tJunctions).toBe(0);
    const total = results.reduce((s, r) => s + planar(r), 0);
    expect(Math.abs(total - geos.area(clip))).toBeLessThan(1e-8 * geos.area(clip));
  });

  it('nodes shared edges once: inputs listed twice (either way round) give the same faces, labels doubled', () => {
    const reversed = (g: Polygon): Polygon => ({
      type: 'Polygon',
      coordinates: g.coordinates.map((ring) => [...ring].reverse()),
    });
    fc.assert(
      fc.property(fc.array(arbPolygon, { minLength: 1, maxLength: 5 }), fc.boolean(), (list, flip) => {
        fc.pre(list.every((g) => geos.validity(g).valid));
        const once = overlay(list);
        const twice = overlay([...list, ...list.map((g) => (flip ? reversed(g) : g))]);
        expect(twice.faceCount).toBe(once.faceCount);
        for (let f = 0; f < once.faceCount; f++) {
          expect(twice.facePolygon(f)).toEqual(once.facePolygon(f));
          const inputs = once.faceInputs(f);
          expect(twice.faceInputs(f)).toEqual([...inputs, ...inputs.map((i) => i + list.length)]);
        }
      }),
      { numRuns: 80 },
    );
  });

  it("measures every face's geodesic area edge by edge as core's geodesicArea measures its polygon", () => {
    fc.assert(
      fc.property(fc.array(arbPolygon, { minLength: 1, maxLength: 5 }), (list) => {
        const o = overlay(list);
        for (let f = 0; f < o.faceCount; f++) {
          const reference = geodesicArea(o.facePolygon(f));
          expect(Math.abs(o.faceArea(f) - reference)).toBeLessThanOrEqual(1e-9 * reference + 1e-6);
        }
      }),
      { numRuns: 80 },
    );
    // Faces with holes, across the prime meridian and the antimeridian (measured as polygons there).
    const across: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [179.5, 10],
          [-179.5, 10],
          [-179.5, 11],
          [179.5, 11],
          [179.5, 10],
        ],
      ],
    };
    for (const list of [-0.5, 179, -180].map((x) => [
      rectangle(x, 10, x + 1, 11, []),
      rectangle(x + 0.25, 10.25, x + 0.5, 10.5, []),
    ])) {
      list.push(across);
      const o = overlay(list);
      for (let f = 0; f < o.faceCount; f++) {
        const reference = geodesicArea(o.facePolygon(f));
        expect(Math.abs(o.faceArea(f) - reference)).toBeLessThanOrEqual(1e-9 * reference);
      }
    }
  });

  it('refuses bad coordinates with a typed error naming the input', () => {
    const bad = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [Number.NaN, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => union([rectangle(0, 0, 1, 1, []), bad])).toThrowError(
      expect.objectContaining({ code: 'INVALID_COORDINATE', featureIndex: 1 }),
    );
    const far = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [200, 0],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    expect(() => union([far])).toThrowError(expect.objectContaining({ code: 'COORDINATE_OUT_OF_RANGE' }));
    expect(() => union([{ type: 'Point', coordinates: [0, 0] } as never])).toThrowError(
      expect.objectContaining({ code: 'UNSUPPORTED_GEOMETRY' }),
    );
  });

  it('returns null for empty results and keeps isValidPolygon true on every output', () => {
    expect(intersection(rectangle(0, 0, 1, 1, []), rectangle(2, 2, 3, 3, []))).toBeNull();
    expect(difference(rectangle(0, 0, 1, 1, []), rectangle(0, 0, 1, 1, []))).toBeNull();
    expect(union([])).toBeNull();
    expect(isValidPolygon(union([rectangle(0, 0, 1, 1, []), rectangle(1, 1, 2, 2, [])]))).toBe(true);
  });
});
