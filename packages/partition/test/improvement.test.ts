import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AtomGraph, bisect, refine } from '../src/internal/grouping';
import { repack } from '../src/internal/repack';
import { resplitPairs } from '../src/internal/reshape';
import { improveShapes } from '../src/internal/shape';
import { isStranded } from '../src/internal/stranded';

/** A `cols` × `rows` lattice of unit squares (metres), 4-connected, with the given loads. */
function latticeGraph(cols: number, rows: number, loads: number[]): AtomGraph {
  const n = cols * rows;
  const start = new Int32Array(n + 1);
  const neighbour: number[] = [];
  for (let a = 0; a < n; a++) {
    const [c, r] = [a % cols, Math.floor(a / cols)];
    if (r > 0) neighbour.push(a - cols);
    if (c > 0) neighbour.push(a - 1);
    if (c < cols - 1) neighbour.push(a + 1);
    if (r < rows - 1) neighbour.push(a + cols);
    start[a + 1] = neighbour.length;
  }
  return {
    n,
    load: Float64Array.from(loads),
    area: new Float64Array(n).fill(1),
    cx: Float64Array.from({ length: n }, (_, a) => (a % cols) + 0.5),
    cy: Float64Array.from({ length: n }, (_, a) => Math.floor(a / cols) + 0.5),
    perimeter: new Float64Array(n).fill(4),
    start,
    neighbour: Int32Array.from(neighbour),
    shared: new Float64Array(neighbour.length).fill(1),
    barrier: new Uint8Array(neighbour.length),
  };
}

/** Loads, distances from the range, and connectivity of every part. */
function measure(graph: AtomGraph, part: Int32Array, min: number, max: number) {
  const parts = Math.max(...part) + 1;
  const load = new Array(parts).fill(0);
  const members: number[][] = Array.from({ length: parts }, () => []);
  for (let a = 0; a < graph.n; a++) {
    load[part[a]] += graph.load[a];
    members[part[a]].push(a);
  }
  const dist = load.map((l) => Math.max(0, min - l, l - max));
  const connected = members.every((list) => {
    if (list.length === 0) return false;
    const seen = new Set([list[0]]);
    const queue = [list[0]];
    for (let i = 0; i < queue.length; i++) {
      for (let e = graph.start[queue[i]]; e < graph.start[queue[i] + 1]; e++) {
        const b = graph.neighbour[e];
        if (part[b] === part[list[0]] && !seen.has(b)) {
          seen.add(b);
          queue.push(b);
        }
      }
    }
    return seen.size === list.length;
  });
  return {
    parts,
    out: dist.filter((d) => d > 0).length,
    worst: Math.max(0, ...dist),
    total: dist.reduce((s, d) => s + d, 0),
    connected,
    dist,
  };
}

/** Whether the atoms in `mask` form one connected piece. */
function connectedMask(graph: AtomGraph, mask: number): boolean {
  const first = 31 - Math.clz32(mask & -mask);
  const seen = new Set([first]);
  const queue = [first];
  for (let i = 0; i < queue.length; i++) {
    for (let e = graph.start[queue[i]]; e < graph.start[queue[i] + 1]; e++) {
      const b = graph.neighbour[e];
      if (mask & (1 << b) && !seen.has(b)) {
        seen.add(b);
        queue.push(b);
      }
    }
  }
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return seen.size === count;
}

/** Sum over the parts of a lattice graph of the log Polsby-Popper compactness (unit squares). */
function shapeSum(graph: AtomGraph, part: Int32Array, parts: number): number {
  let s = 0;
  for (let q = 0; q < parts; q++) {
    let area = 0;
    let perimeter = 0;
    for (let a = 0; a < graph.n; a++) {
      if (part[a] !== q) continue;
      area += 1;
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++)
        if (part[graph.neighbour[e]] === q) perimeter -= 1;
      perimeter += 4;
    }
    s += Math.log((4 * Math.PI * area) / perimeter ** 2);
  }
  return s;
}

/** A random lattice with heavy-tailed atom loads (coarse units, a few near the maximum). */
const caseArb = fc.record({
  cols: fc.integer({ min: 3, max: 8 }),
  rows: fc.integer({ min: 3, max: 8 }),
  seedLoads: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
});

function initial(cols: number, rows: number, seedLoads: number[], min: number, max: number) {
  const loads = Array.from({ length: cols * rows }, (_, i) =>
    Math.round(Math.exp(3.6 + 1.2 * (seedLoads[i] - 0.5) * 2)),
  );
  const graph = latticeGraph(cols, rows, loads);
  const total = loads.reduce((s, v) => s + v, 0);
  const k = Math.max(1, Math.round(total / ((min + max) / 2)));
  const part = new Int32Array(graph.n);
  const atoms = Array.from({ length: graph.n }, (_, a) => a);
  const parts = bisect(graph, atoms, Math.min(k, graph.n), part, 0);
  refine(graph, part, parts, 50);
  return { graph, part, parts, atoms };
}

describe('the range phase (repack)', () => {
  it('never leaves more grids out of range, nor one further out, and keeps every grid connected', () => {
    fc.assert(
      fc.property(caseArb, ({ cols, rows, seedLoads }) => {
        const [min, max] = [100, 150];
        const { graph, part, parts } = initial(cols, rows, seedLoads, min, max);
        const before = measure(graph, part, min, max);
        const used = repack(graph, part, parts, min, max);
        // Ids compacted as groupAtoms does: every atom keeps a part below `used`.
        expect(part.every((p) => p >= 0 && p < used)).toBe(true);
        const ids = [...new Set(part)].sort((a, b) => a - b);
        const compact = Int32Array.from(part, (p) => ids.indexOf(p));
        const after = measure(graph, compact, min, max);
        expect(after.connected).toBe(true);
        expect(after.out).toBeLessThanOrEqual(before.out);
        expect(after.worst).toBeLessThanOrEqual(before.worst + 1e-9);
        if (after.out === before.out) expect(after.total).toBeLessThanOrEqual(before.total + 1e-9);
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('repacks two coarse grids a single-atom move cannot fix (known answer)', () => {
    // A 4 × 1 strip 60 | 90 | 60 | 40 cut as [60, 90] | [60, 40]: 150 and 100 are in range, but start from
    // [60] | [90, 60, 40]: 60 and 190, both out. One move of 90 gives 150 | 100.
    const graph = latticeGraph(4, 1, [60, 90, 60, 40]);
    const part = Int32Array.from([0, 1, 1, 1]);
    repack(graph, part, 2, 100, 150);
    expect(Array.from(part)).toEqual([0, 0, 1, 1]);
  });
});

describe('the compactness phase (improveShapes)', () => {
  it('keeps every grid in range (never further out), connected, and raises the sum of log Polsby-Popper', () => {
    fc.assert(
      fc.property(caseArb, ({ cols, rows, seedLoads }) => {
        const [min, max] = [100, 150];
        const { graph, part, parts, atoms } = initial(cols, rows, seedLoads, min, max);
        const before = measure(graph, part, min, max);
        const shapesBefore = shapeSum(graph, part, parts);
        improveShapes(graph, atoms, part, parts, min, max, 50);
        const after = measure(graph, part, min, max);
        expect(after.parts).toBe(before.parts);
        expect(after.connected).toBe(true);
        after.dist.forEach((d, p) => {
          expect(d).toBeLessThanOrEqual(before.dist[p] + 1e-9);
        });
        expect(shapeSum(graph, part, parts)).toBeGreaterThanOrEqual(shapesBefore - 1e-9);
      }),
      { numRuns: 60, seed: 17 },
    );
  });
});

describe('the pair re-split (resplitPairs)', () => {
  it('never leaves more grids out of range nor further out, keeps every grid connected, raises the sum of log Polsby-Popper, and is deterministic', () => {
    fc.assert(
      fc.property(caseArb, ({ cols, rows, seedLoads }) => {
        const [min, max] = [100, 150];
        const { graph, part, parts, atoms } = initial(cols, rows, seedLoads, min, max);
        const before = measure(graph, part, min, max);
        const shapesBefore = shapeSum(graph, part, parts);
        const again = part.slice();
        resplitPairs(graph, atoms, part, parts, min, max, 4);
        const after = measure(graph, part, min, max);
        expect(after.parts).toBe(before.parts);
        expect(after.connected).toBe(true);
        expect(after.out).toBeLessThanOrEqual(before.out);
        expect(after.worst).toBeLessThanOrEqual(before.worst + 1e-9);
        expect(after.total).toBeLessThanOrEqual(before.total + 1e-9);
        expect(shapeSum(graph, part, parts)).toBeGreaterThanOrEqual(shapesBefore - 1e-9);
        resplitPairs(graph, atoms, again, parts, min, max, 4);
        expect(Array.from(again)).toEqual(Array.from(part));
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('straightens an L that no single-atom move can change (known answer)', () => {
    // 4 × 4 unit cells of load 1, range exactly 8: any single move takes a grid out of range. Part 0 is an
    // L (row 0, column 0 and cell 5), part 1 the rest; the best cut is two 2 × 4 halves.
    const graph = latticeGraph(4, 4, new Array(16).fill(1));
    const part = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1]);
    const atoms = Array.from({ length: 16 }, (_, a) => a);
    expect(improveShapes(graph, atoms, part, 2, 8, 8, 50)).toBe(0);
    expect(resplitPairs(graph, atoms, part, 2, 8, 8, 4)).toBe(1);
    expect(Array.from(part)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
  });
});

describe('stranded units', () => {
  it('a unit below min whose every connected group is above max is stranded; brute force agrees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 9, maxLength: 9 }),
        fc.integer({ min: 0, max: 8 }),
        (loads, a) => {
          const graph = latticeGraph(3, 3, loads);
          const part = new Int32Array(9);
          // Brute force: every connected subset holding a.
          let fits = false;
          for (let mask = 1; mask < 512; mask++) {
            if (!(mask & (1 << a))) continue;
            const members = [...Array(9).keys()].filter((i) => mask & (1 << i));
            const load = members.reduce((s, i) => s + loads[i], 0);
            if (load >= 100 && load <= 150 && connectedMask(graph, mask)) fits = true;
          }
          expect(isStranded(graph, part, a, 100, 150)).toBe(!fits);
        },
      ),
      { numRuns: 200, seed: 17 },
    );
  });
});
