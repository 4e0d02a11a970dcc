import fc from 'fast-check';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { dissolve, edgeCounts, isInPolygon, pointToPolygonLocation, union } from '../src/index';
import {
  EdgeTable,
  nestRings,
  residualEdges,
  ringsToIds,
  ringsToPolygons,
  traceRings,
  VertexTable,
} from '../src/internal';

/** A jittered `n × n` quad tiling with shared vertices (6-decimal coordinates, on the grid). */
function tiling(n: number, seed: number): Polygon[] {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const v: Position[][] = [];
  for (let i = 0; i <= n; i++) {
    v.push([]);
    for (let j = 0; j <= n; j++) {
      const inner = i > 0 && i < n && j > 0 && j < n;
      v[i].push([
        +(116 + i * 0.01 + (inner ? (rnd() - 0.5) * 0.004 : 0)).toFixed(6),
        +(39 + j * 0.01 + (inner ? (rnd() - 0.5) * 0.004 : 0)).toFixed(6),
      ]);
    }
  }
  const tiles: Polygon[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++)
      tiles.push({
        type: 'Polygon',
        coordinates: [[v[i][j], v[i + 1][j], v[i + 1][j + 1], v[i][j + 1], v[i][j]]],
      });
  }
  return tiles;
}

describe('topology', () => {
  it('VertexTable gives equal positions one id and EdgeTable counts directions', () => {
    const vertices = new VertexTable(2);
    expect(vertices.idOf(1, 2)).toBe(0);
    expect(vertices.idOf(-0, 5)).toBe(1);
    expect(vertices.idOf(0, 5)).toBe(1);
    expect(vertices.idOf(1, 2)).toBe(0);
    for (let i = 0; i < 100; i++) vertices.idOf(i, i);
    expect(vertices.find(1, 2)).toBe(0);
    expect(vertices.find(7, 8)).toBe(-1);
    const edges = new EdgeTable(2);
    edges.add(0, 1, 10);
    edges.add(1, 0, 11);
    edges.add(1, 2, 12);
    expect(edges.ownerOf(0, 1)).toBe(10);
    expect(edges.ownerOf(1, 0)).toBe(11);
    expect(edges.ownerOf(2, 1)).toBe(-1);
    const residual = residualEdges(edges);
    expect(residual.length).toBe(1);
    expect([residual.a[0], residual.b[0], residual.owner[0]]).toEqual([1, 2, 12]);
  });

  it('traces rings by exact angle and splits them where they touch (two squares meeting at a corner)', () => {
    const xy = Float64Array.from([0, 0, 1, 0, 1, 1, 0, 1, 2, 1, 2, 2, 1, 2]);
    const a = Int32Array.from([0, 1, 2, 3, 2, 4, 5, 6]);
    const b = Int32Array.from([1, 2, 3, 0, 4, 5, 6, 2]);
    const rings = traceRings({ length: 8, a, b }, xy, 7);
    expect(rings.map((r) => [...r].sort((p, q) => p - q))).toEqual([
      [0, 0, 1, 2, 3],
      [2, 2, 4, 5, 6],
    ]);
  });

  it('dissolve of a shared-vertex tiling equals the overlay union, byte for byte (both ways)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }),
        (n, seed, keep) => {
          const tiles = tiling(n, seed).filter((_, i) => keep[i]);
          fc.pre(tiles.length > 0);
          expect(JSON.stringify(dissolve(tiles))).toBe(JSON.stringify(union(tiles)));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('dissolve keeps the tiles own coordinates and leaves holes as holes', () => {
    const tiles = tiling(3, 5).filter((_, i) => i !== 4);
    const d = dissolve(tiles) as Polygon;
    expect(d.type).toBe('Polygon');
    expect(d.coordinates.length).toBe(2);
    const input = new Set(tiles.flatMap((t) => t.coordinates[0]).map((p) => `${p}`));
    for (const ring of d.coordinates) for (const p of ring) expect(input.has(`${p}`)).toBe(true);
  });

  it('nests rings as direct point tests say (brute force both ways)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 20 }),
            y: fc.integer({ min: 0, max: 20 }),
            r: fc.integer({ min: 1, max: 10 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (circles) => {
          // Squares that may nest, touch or cross; keep a set that do not cross (disjoint or nested).
          const squares = circles.map(({ x, y, r }) => [x - r, y - r, x + r, y + r]);
          const ok = squares.filter((s, i) =>
            squares
              .slice(0, i)
              .every(
                (t) =>
                  s[2] < t[0] ||
                  t[2] < s[0] ||
                  s[3] < t[1] ||
                  t[3] < s[1] ||
                  (s[0] > t[0] && s[1] > t[1] && s[2] < t[2] && s[3] < t[3]) ||
                  (t[0] > s[0] && t[1] > s[1] && t[2] < s[2] && t[3] < s[3]),
              ),
          );
          const chosen = squares.filter((s) => ok.includes(s));
          const xy: number[] = [];
          const rings = chosen.map((s, k) => {
            xy.push(s[0], s[1], s[2], s[1], s[2], s[3], s[0], s[3]);
            return [4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3, 4 * k];
          });
          const parent = nestRings(rings, xy);
          chosen.forEach((s, i) => {
            // Brute force: the smallest chosen square strictly containing this one.
            let best = -1;
            chosen.forEach((t, j) => {
              if (
                j !== i &&
                t[0] < s[0] &&
                t[1] < s[1] &&
                t[2] > s[2] &&
                t[3] > s[3] &&
                (best < 0 || t[2] - t[0] < chosen[best][2] - chosen[best][0])
              )
                best = j;
            });
            expect(parent[i]).toBe(best);
          });
        },
      ),
    );
  });
});

describe('ringsToIds', () => {
  it('lets GeoJSON rings use the id-based nesting: a shell, its hole, an island in the hole', () => {
    const square = (x0: number, y0: number, x1: number, y1: number, cw: boolean): Position[] => {
      const r: Position[] = [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ];
      return cw ? r.reverse() : r;
    };
    const { rings, xy } = ringsToIds([
      square(0, 0, 9, 9, false),
      square(1, 1, 8, 8, true),
      square(3, 3, 5, 5, false),
    ]);
    expect(Array.from(nestRings(rings, xy))).toEqual([-1, 0, 1]);
    const { polygons, orphans } = ringsToPolygons(rings, xy);
    expect(polygons.map((p) => p.length)).toEqual([2, 1]);
    expect(orphans).toEqual([]);
  });
});

describe('the point rule', () => {
  it('puts every point of a tiling, shared edges and vertices included, in exactly one tile', () => {
    const tiles = tiling(4, 11);
    const points: Position[] = [];
    for (const t of tiles) {
      const ring = t.coordinates[0];
      for (let k = 0; k + 1 < ring.length; k++) {
        points.push(ring[k]);
        points.push([(ring[k][0] + ring[k + 1][0]) / 2, (ring[k][1] + ring[k + 1][1]) / 2]);
      }
    }
    const [x0, y0] = [116, 39];
    for (const p of points) {
      if (p[0] === x0 + 0.04 || p[1] === y0 + 0.04) continue; // the east and north rims belong to no tile east/north
      const owners = tiles.filter((t) => isInPolygon(t.coordinates, p[0], p[1])).length;
      const onRim = p[0] === x0 || p[1] === y0;
      expect(owners, `${p}`).toBe(onRim && owners === 0 ? 0 : 1);
    }
  });

  it('edgeCounts ignores edges through the point and counts those east of it', () => {
    expect(edgeCounts(1, 0, 1, 2, 0, 1)).toBe(true);
    expect(edgeCounts(1, 0, 1, 2, 1, 1)).toBe(false);
    expect(edgeCounts(1, 0, 1, 2, 2, 1)).toBe(false);
    // A vertex at the point's height lies below the nudged ray: the edge above it counts, the one below not.
    expect(edgeCounts(1, 1, 1, 2, 0, 1)).toBe(true);
    expect(edgeCounts(1, 0, 1, 1, 0, 1)).toBe(false);
  });

  it('locates points exactly: interior, boundary, exterior', () => {
    const square = [
      [
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ],
    ];
    expect(pointToPolygonLocation(square, 1, 1)).toBe('interior');
    expect(pointToPolygonLocation(square, 2, 1)).toBe('boundary');
    expect(pointToPolygonLocation(square, 0, 0)).toBe('boundary');
    expect(pointToPolygonLocation(square, 3, 1)).toBe('exterior');
  });
});
