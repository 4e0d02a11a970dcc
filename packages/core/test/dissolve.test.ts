import fc from 'fast-check';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { dissolveTiles, type GridGeometry, polygonsOf, ringSignedArea } from '../src';

function square(x: number, y: number, size = 1): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + size, y],
        [x + size, y + size],
        [x, y + size],
        [x, y],
      ],
    ],
  };
}

function planarArea(geometry: GridGeometry): number {
  return polygonsOf(geometry).reduce(
    (sum, rings) => sum + rings.reduce((s, r) => s + ringSignedArea(r), 0),
    0,
  );
}

describe('dissolveTiles', () => {
  it('dissolves a 3×3 block of squares into one square with 4 sides of 3 edges', () => {
    const tiles = [0, 1, 2].flatMap((x) => [0, 1, 2].map((y) => square(x, y)));
    const result = dissolveTiles(tiles) as Polygon;
    expect(result.type).toBe('Polygon');
    expect(result.coordinates).toHaveLength(1);
    expect(result.coordinates[0]).toHaveLength(13);
    expect(planarArea(result)).toBe(9);
  });

  it('keeps a hole enclosed by the tiles', () => {
    const ring = [0, 1, 2]
      .flatMap((x) => [0, 1, 2].map((y) => [x, y]))
      .filter(([x, y]) => !(x === 1 && y === 1));
    const result = dissolveTiles(ring.map(([x, y]) => square(x, y))) as Polygon;
    expect(result.coordinates).toHaveLength(2);
    expect(ringSignedArea(result.coordinates[1])).toBe(-1);
    expect(planarArea(result)).toBe(8);
  });

  it('splits tiles that touch at one vertex into separate parts, each a simple ring', () => {
    const result = dissolveTiles([square(0, 0), square(1, 1)]) as MultiPolygon;
    expect(result.type).toBe('MultiPolygon');
    expect(result.coordinates.map((p) => p[0].length)).toEqual([5, 5]);
  });

  it('splits a hole that touches itself at a vertex into two holes', () => {
    // A 4×4 block minus two unit squares meeting at (2, 2): one pinched hole becomes two.
    const tiles = [0, 1, 2, 3]
      .flatMap((x) => [0, 1, 2, 3].map((y) => [x, y]))
      .filter(([x, y]) => !(x === 1 && y === 1) && !(x === 2 && y === 2))
      .map(([x, y]) => square(x, y));
    const result = dissolveTiles(tiles) as Polygon;
    expect(result.coordinates).toHaveLength(3);
    expect(result.coordinates.slice(1).map((r) => r.length)).toEqual([5, 5]);
  });

  it('throws INVALID_GEOJSON when edges do not match (a T-junction)', () => {
    const half: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 0],
          [2, 0],
          [2, 2],
          [1, 2],
          [1, 1],
          [1, 0],
        ],
      ],
    };
    expect(() => dissolveTiles([square(0, 0, 2), half])).toThrow(
      expect.objectContaining({ code: 'INVALID_GEOJSON' }),
    );
  });

  it('on random shared-vertex tilings: area is conserved and every output vertex is an input vertex', () => {
    const tiling = fc.record({
      n: fc.integer({ min: 2, max: 6 }),
      jitter: fc.array(fc.double({ min: -0.3, max: 0.3, noNaN: true }), { minLength: 98, maxLength: 98 }),
      keep: fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }),
    });
    fc.assert(
      fc.property(tiling, ({ n, jitter, keep }) => {
        const at = (i: number, j: number): Position => {
          const k = 2 * (i * (n + 1) + j);
          const inner = i > 0 && i < n && j > 0 && j < n;
          return [i + (inner ? jitter[k] : 0), j + (inner ? jitter[k + 1] : 0)];
        };
        const tiles: Polygon[] = [];
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            if (!keep[i * n + j]) continue;
            tiles.push({
              type: 'Polygon',
              coordinates: [[at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1), at(i, j)]],
            });
          }
        }
        if (tiles.length === 0) return;
        const result = dissolveTiles(tiles);
        const sum = tiles.reduce((s, t) => s + planarArea(t), 0);
        expect(Math.abs(planarArea(result) - sum)).toBeLessThan(1e-9 * sum);
        const inputs = new Set(tiles.flatMap((t) => t.coordinates[0].map((p) => p.join())));
        for (const rings of polygonsOf(result))
          for (const r of rings) for (const p of r) expect(inputs.has(p.join())).toBe(true);
      }),
    );
  });
});
