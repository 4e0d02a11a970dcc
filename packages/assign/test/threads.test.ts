import { GridPlan, pointTable } from '@wangge/core';
import { createRandom } from '@wangge/example-city';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Assigner, type AssignmentSummary } from '../src';
import type { Placer } from '../src/internal/placer';
import { BLOCK, JOB_POINTS } from '../src/internal/threads';
import { errorCode } from './helpers';
import { randomPoint, randomTiling } from './support';

const tilingArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  cols: fc.integer({ min: 1, max: 6 }),
  rows: fc.integer({ min: 1, max: 6 }),
  dropLeaf: fc.boolean(),
});

/** Several blocks of points: every exact boundary point many times, random points in and around, bad ones. */
function manyPoints(tiling: ReturnType<typeof randomTiling>, seed: number, n: number): Float64Array {
  const random = createRandom(seed ^ 0x2545f491);
  const xy = new Float64Array(2 * n);
  const boundary = tiling.boundaryPoints;
  for (let i = 0; i < n; i++) {
    const p =
      i % 997 === 5
        ? [Number.NaN, 30]
        : i % 2 === 0
          ? boundary[random.int(boundary.length)]
          : randomPoint(random, tiling.bounds, 0.01);
    xy[2 * i] = p[0];
    xy[2 * i + 1] = p[1];
  }
  return xy;
}

/** The worker pool of an Assigner (internal), to wait for its worker and see that it took blocks. */
function poolOf(assigner: Assigner) {
  return (assigner as unknown as { placer: Placer }).placer;
}

async function workerReady(assigner: Assigner): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 50) {
    if ((poolOf(assigner).poolStats()?.ready ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the worker did not start in 60 s');
}

/** Every array and list of a summary, byte for byte. */
function expectSameSummary(a: AssignmentSummary, b: AssignmentSummary): void {
  expect(a.total).toBe(b.total);
  expect(a.assigned).toBe(b.assigned);
  expect(a.unassigned).toEqual(b.unassigned);
  expect(Object.keys(a.counts)).toEqual(Object.keys(b.counts));
  for (const name of Object.keys(a.counts)) {
    expect(Buffer.from(a.counts[name].buffer).equals(Buffer.from(b.counts[name].buffer))).toBe(true);
  }
  expect(Buffer.from(a.load.buffer).equals(Buffer.from(b.load.buffer))).toBe(true);
}

describe('threads', () => {
  it('give the same assignment byte for byte as one thread, with the worker taking blocks (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(tilingArb, async ({ seed, cols, rows, dropLeaf }) => {
        const tiling = randomTiling(seed, cols, rows, dropLeaf);
        const plan = GridPlan.from(tiling.grids);
        const n = 6 * BLOCK + 123;
        const options = { countAs: 'households', counts: { residents: 'residents' }, weight: 'residents' };
        // A different table every round, so an answer left over from an earlier round cannot pass.
        const tableOf = (round: number) =>
          pointTable(manyPoints(tiling, seed + round, n), {
            residents: Uint8Array.from({ length: n }, (_, i) => (i + round) % 7),
          });
        const single = new Assigner(plan, { threads: 1 });
        const threaded = new Assigner(plan, { threads: 2, parallelFrom: 0 });
        try {
          threaded.assign(tableOf(0), options);
          await workerReady(threaded);
          // The calling thread may take every block of a job while the worker is not scheduled: repeat
          // until the worker has answered some, comparing every time.
          for (let round = 1; round < 50; round++) {
            const table = tableOf(round);
            const expected = single.assign(table, options);
            const result = threaded.assign(table, options);
            expect(Buffer.from(result.gridIds.buffer).equals(Buffer.from(expected.gridIds.buffer))).toBe(
              true,
            );
            expect(Buffer.from(result.ruleIds.buffer).equals(Buffer.from(expected.ruleIds.buffer))).toBe(
              true,
            );
            expectSameSummary(result, expected);
            if ((poolOf(threaded).poolStats()?.workerBlocks ?? 0) > 2) break;
          }
          expect(poolOf(threaded).poolStats()?.workerBlocks).toBeGreaterThan(2);
        } finally {
          threaded.close();
        }
      }),
      { numRuns: 5 },
    );
  }, 300_000);

  it('give the same result when a batch is placed in several parts, counted while the next is located', async () => {
    const tiling = randomTiling(11, 4, 3, true);
    const plan = GridPlan.from(tiling.grids);
    const n = 2 * JOB_POINTS + 4321;
    const xy = manyPoints(tiling, 11, n);
    // A typed column, a text column (sliced, not viewed), a selector and repeated ids across the parts.
    const table = pointTable(xy, {
      residents: Uint8Array.from({ length: n }, (_, i) => i % 6),
      kind: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'shop' : 'home')),
      flags: Uint8Array.from({ length: n }, (_, i) => i % 4),
      id: Int32Array.from({ length: n }, (_, i) => i % (JOB_POINTS + 17)),
    });
    const options = {
      countAs: 'households',
      counts: { residents: 'residents', flagged: { column: 'flags', flag: 2 } },
      category: 'kind',
      weight: 'residents',
    };
    const single = new Assigner(plan, { threads: 1 });
    const threaded = new Assigner(plan, { threads: 2, parallelFrom: 0 });
    try {
      threaded.assign(table, options);
      await workerReady(threaded);
      const expected = single.assign(table, options);
      const before = poolOf(threaded).poolStats()?.workerBlocks ?? 0;
      for (let round = 0; round < 20; round++) {
        const result = threaded.assign(table, options);
        expect(Buffer.from(result.gridIds.buffer).equals(Buffer.from(expected.gridIds.buffer))).toBe(true);
        expectSameSummary(result, expected);
        expect(result.findings).toEqual(expected.findings);
        if ((poolOf(threaded).poolStats()?.workerBlocks ?? 0) > before + 2) break;
      }
      expect(expected.findings.length).toBeGreaterThan(0);
      expect(poolOf(threaded).poolStats()?.workerBlocks).toBeGreaterThan(before + 2);
    } finally {
      threaded.close();
    }
  }, 120_000);

  it('give the same streamed summary as one thread', async () => {
    const tiling = randomTiling(7, 5, 4, true);
    const plan = GridPlan.from(tiling.grids);
    const xy = manyPoints(tiling, 7, 3 * BLOCK);
    const rows = Array.from({ length: xy.length / 2 }, (_, i) => ({
      lon: String(xy[2 * i]),
      lat: String(xy[2 * i + 1]),
      residents: String(i % 5),
    }));
    const options = { counts: { residents: 'residents' }, chunkSize: 10_000 };
    const single = await new Assigner(plan, { threads: 1 }).assignStream(rows, options);
    const threaded = new Assigner(plan, { threads: 2, parallelFrom: 0 });
    try {
      const chunks: Int32Array[] = [];
      const summary = await threaded.assignStream(rows, {
        ...options,
        onChunk: (c) => chunks.push(c.gridIds),
      });
      expectSameSummary(summary, single);
      expect(chunks.reduce((s, c) => s + c.length, 0)).toBe(rows.length);
    } finally {
      threaded.close();
    }
  });

  it('are checked', () => {
    const plan = GridPlan.from(randomTiling(1, 2, 2, false).grids);
    for (const threads of [0, 1.5, -2, 'many']) {
      expect(errorCode(() => new Assigner(plan, { threads: threads as never }))).toBe('INVALID_OPTION');
    }
    expect(errorCode(() => new Assigner(plan, { parallelFrom: -1 }))).toBe('INVALID_OPTION');
  });
});
