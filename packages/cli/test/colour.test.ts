import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neighboursToColours } from '../src/render/colour';

/** A symmetric adjacency list from an edge list. */
function lists(n: number, edges: Array<[number, number]>): number[][] {
  const sets = Array.from({ length: n }, () => new Set<number>());
  for (const [a, b] of edges)
    if (a !== b) {
      sets[a].add(b);
      sets[b].add(a);
    }
  return sets.map((s) => [...s].sort((x, y) => x - y));
}

const graphs = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 })), {
      maxLength: 120,
    }),
  ),
);

describe('neighboursToColours (DSATUR)', () => {
  it('never gives neighbours one colour, uses at most max degree + 1 colours, and is deterministic', () => {
    fc.assert(
      fc.property(graphs, ([n, edges]) => {
        const adj = lists(n, edges);
        const colour = neighboursToColours(adj);
        adj.forEach((list, v) => {
          for (const w of list) expect(colour[v]).not.toBe(colour[w]);
        });
        const maxDegree = Math.max(0, ...adj.map((l) => l.length));
        expect(Math.max(...colour) + 1).toBeLessThanOrEqual(maxDegree + 1);
        expect(neighboursToColours(adj)).toEqual(colour);
      }),
    );
  });

  it('colours a bipartite graph (a chessboard of grids) in two colours, as DSATUR is exact there', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (w, h) => {
        const edges: Array<[number, number]> = [];
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            if (x + 1 < w) edges.push([y * w + x, y * w + x + 1]);
            if (y + 1 < h) edges.push([y * w + x, (y + 1) * w + x]);
          }
        const colour = neighboursToColours(lists(w * h, edges));
        expect(Math.max(...colour) + 1).toBe(w * h === 1 ? 1 : 2);
      }),
    );
  });

  it('matches the chromatic number found by brute force on small graphs within one colour', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 15 })),
          ),
        ([n, edges]) => {
          const adj = lists(n, edges);
          const used = Math.max(...neighboursToColours(adj)) + 1;
          let chromatic = n;
          for (let k = 1; k <= n && chromatic === n; k++) {
            const c = new Array(n).fill(0);
            const ok = (v: number): boolean => {
              if (v === n) return true;
              for (let col = 0; col < k; col++) {
                if (adj[v].some((w) => w < v && c[w] === col)) continue;
                c[v] = col;
                if (ok(v + 1)) return true;
              }
              return false;
            };
            if (ok(0)) chromatic = k;
          }
          expect(used).toBeGreaterThanOrEqual(chromatic);
          expect(used).toBeLessThanOrEqual(chromatic + 1);
        },
      ),
    );
  });
});
