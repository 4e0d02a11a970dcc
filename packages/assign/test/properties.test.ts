import { Readable } from 'node:stream';
import { GridPlan, pointTable } from '@wangge/core';
import { createRandom } from '@wangge/example-city';
import fc from 'fast-check';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { assign, assignStream } from '../src';
import { bruteForce, randomPoint, randomTiling } from './support';

const tilingArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  cols: fc.integer({ min: 1, max: 6 }),
  rows: fc.integer({ min: 1, max: 6 }),
  dropLeaf: fc.boolean(),
});

/** Points of every kind: exact boundary points, random lattice points in and around, and bad ones. */
function pointsFor(tiling: ReturnType<typeof randomTiling>, seed: number): Position[] {
  const random = createRandom(seed ^ 0x5bd1e995);
  const points: Position[] = [...tiling.boundaryPoints];
  for (let k = 0; k < 150; k++) points.push(randomPoint(random, tiling.bounds, 0.01));
  points.push([Number.NaN, 30], [120, Number.POSITIVE_INFINITY], [200, 30], [120, -91]);
  return points;
}

describe('assign on random tilings (fast-check)', () => {
  it('places every point like the brute-force reference, boundary points included', () => {
    fc.assert(
      fc.property(tilingArb, ({ seed, cols, rows, dropLeaf }) => {
        const tiling = randomTiling(seed, cols, rows, dropLeaf);
        const plan = GridPlan.from(tiling.grids);
        const points = pointsFor(tiling, seed);
        const rows_ = points.map(([lon, lat], i) => ({ lon, lat, residents: i % 5 }));
        const result = assign(plan, rows_, { counts: { residents: 'residents' } });

        expect(result.total).toBe(points.length);
        expect(result.assigned + result.unassigned.length).toBe(points.length);
        const reasonOf = new Map(result.unassigned.map((u) => [u.index, u.reason]));
        points.forEach((p, i) => {
          const expected = bruteForce(plan, p);
          const got = result.gridIds[i];
          if (expected.leaves.length > 0) {
            // Nothing missed, nothing extra: placed, in one of the leaves that hold it.
            expect(expected.leaves).toContain(got);
            expect(reasonOf.has(i)).toBe(false);
          } else {
            expect(got).toBe(-1);
            expect(reasonOf.get(i)).toBe(expected.reason);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('places every point of a gap-free tiling, each in exactly one leaf, the whole root boundary included', () => {
    fc.assert(
      fc.property(tilingArb, ({ seed, cols, rows }) => {
        const tiling = randomTiling(seed, cols, rows, false);
        const plan = GridPlan.from(tiling.grids);
        const xy = Float64Array.from(tiling.boundaryPoints.flat());
        const result = assign(plan, pointTable(xy));
        expect(result.unassigned).toEqual([]);
        const leaves = new Set(plan.leaves().map((g) => plan.idOfCode(g.properties.code)));
        for (const g of result.gridIds) expect(leaves.has(g)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rolls counts up: every grid counts exactly the entities whose path passes through it', () => {
    fc.assert(
      fc.property(tilingArb, ({ seed, cols, rows, dropLeaf }) => {
        const tiling = randomTiling(seed, cols, rows, dropLeaf);
        const plan = GridPlan.from(tiling.grids);
        const points = pointsFor(tiling, seed);
        const random = createRandom(seed);
        const residents = Uint8Array.from(points, () => 1 + random.int(6));
        const flags = Uint8Array.from(points, () => random.int(16));
        const result = assign(plan, pointTable(Float64Array.from(points.flat()), { residents, flags }), {
          countAs: 'households',
          counts: { residents: 'residents', rental: { column: 'flags', flag: 4 } },
          weight: (row) => 1 + (row.residents as number) / 10,
        });
        const expected = {
          households: new Float64Array(plan.size),
          residents: new Float64Array(plan.size),
          rental: new Float64Array(plan.size),
          load: new Float64Array(plan.size),
        };
        points.forEach((_, i) => {
          for (const code of result.pathOf(i)) {
            const g = plan.idOfCode(code);
            expected.households[g] += 1;
            expected.residents[g] += residents[i];
            expected.rental[g] += flags[i] & 4 ? 1 : 0;
            expected.load[g] += 1 + residents[i] / 10;
          }
        });
        expect(Object.keys(result.counts)).toEqual(['households', 'residents', 'rental']);
        expect(Array.from(result.counts.households)).toEqual(Array.from(expected.households));
        expect(Array.from(result.counts.residents)).toEqual(Array.from(expected.residents));
        expect(Array.from(result.counts.rental)).toEqual(Array.from(expected.rental));
        result.load.forEach((v, g) => {
          expect(v).toBeCloseTo(expected.load[g], 9);
        });
        const roots = plan.grids.flatMap((g, id) => (g.properties.parent === null ? [id] : []));
        expect(roots.reduce((s, g) => s + result.counts.households[g], 0)).toBe(result.assigned);
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same answer for every input form and every run', () => {
    fc.assert(
      fc.property(tilingArb, ({ seed, cols, rows, dropLeaf }) => {
        const tiling = randomTiling(seed, cols, rows, dropLeaf);
        const plan = GridPlan.from(tiling.grids);
        const points = pointsFor(tiling, seed);
        const columns = assign(plan, pointTable(Float64Array.from(points.flat())));
        const rowsForm = assign(
          plan,
          points.map(([lon, lat]) => ({ x: String(lon), y: String(lat) })),
          { lon: 'x', lat: 'y' },
        );
        const features = assign(plan, {
          type: 'FeatureCollection',
          features: points.map((coordinates) => ({
            type: 'Feature',
            properties: {},
            geometry: { type: 'Point', coordinates },
          })),
        });
        const again = assign(plan, pointTable(Float64Array.from(points.flat())));
        for (const other of [rowsForm, features, again]) {
          expect(Array.from(other.gridIds)).toEqual(Array.from(columns.gridIds));
          expect(other.unassigned).toEqual(columns.unassigned);
          expect(Array.from(other.counts.entities)).toEqual(Array.from(columns.counts.entities));
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('assignStream on random tilings (fast-check)', () => {
  it('gives the in-memory answer whatever the chunk size and however the records are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        tilingArb,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 200 }),
        async ({ seed, cols, rows, dropLeaf }, chunkSize, cut) => {
          const tiling = randomTiling(seed, cols, rows, dropLeaf);
          const plan = GridPlan.from(tiling.grids);
          const points = pointsFor(tiling, seed).slice(0, 120);
          const records = points.map(([lon, lat], i) => ({ lon, lat, residents: i % 4 }));
          // Arrays of `cut` records, some with their first record delivered on its own, as readers do.
          const pieces: Array<(typeof records)[number] | typeof records> = [];
          for (let at = 0; at < records.length; at += cut) {
            const piece = records.slice(at, at + cut);
            if (piece.length > 1 && at % 5 === 0) pieces.push(piece[0], piece.slice(1));
            else pieces.push(piece);
          }
          const gridIds = new Int32Array(records.length);
          const options = { counts: { residents: 'residents' } };
          const streamed = await assignStream(plan, Readable.from(pieces, { objectMode: true }), {
            ...options,
            chunkSize,
            onChunk: (chunk) => gridIds.set(chunk.gridIds, chunk.offset),
          });
          const inMemory = assign(plan, records, options);
          expect(gridIds).toEqual(inMemory.gridIds);
          expect(streamed.unassigned).toEqual(inMemory.unassigned);
          expect(streamed.counts).toEqual(inMemory.counts);
        },
      ),
      { numRuns: 25 },
    );
  });
});
