import { MinHeap, principalAngle } from '@wangge/core/internal';

/**
 * The unit adjacency graph a partition groups: atoms (units, or cells owned by units) with a load, an
 * area and a centroid in metres, and CSR adjacency with the shared boundary length and whether the step
 * between the two atoms crosses a barrier line.
 */
export interface AtomGraph {
  n: number;
  load: Float64Array;
  area: Float64Array;
  cx: Float64Array;
  cy: Float64Array;
  /** Length of each atom's whole boundary, metres. */
  perimeter: Float64Array;
  start: Int32Array;
  neighbour: Int32Array;
  shared: Float64Array;
  barrier: Uint8Array;
}

/** Connected components of the graph, each sorted, ordered by their smallest atom. */
export function components(graph: AtomGraph): number[][] {
  const seen = new Uint8Array(graph.n);
  const out: number[][] = [];
  for (let s = 0; s < graph.n; s++) {
    if (seen[s]) continue;
    const list = [s];
    seen[s] = 1;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        const b = graph.neighbour[e];
        if (!seen[b]) {
          seen[b] = 1;
          list.push(b);
        }
      }
    }
    out.push(list.sort((p, q) => p - q));
  }
  return out;
}

/**
 * Splits a connected set of atoms into `k` connected parts of near-equal load, by recursive bisection:
 * each split grows one side from the set's extreme atom along its principal axis, always taking the
 * frontier atom furthest back (so the side stays connected and compact), deferring atoms behind a barrier
 * line, and stops at the prefix closest to the side's share of the load; among near-equal prefixes it takes
 * the one whose cut runs longest along barriers. Pockets the growth cuts off join the grown side. Part
 * numbers are written to `part` starting at `firstPart`; returns the number of parts made.
 */
export function bisect(
  graph: AtomGraph,
  atoms: number[],
  k: number,
  part: Int32Array,
  firstPart: number,
): number {
  const stack: Array<{ atoms: number[]; k: number }> = [{ atoms, k }];
  let next = firstPart;
  const marks: Marks = {
    inSet: new Int32Array(graph.n),
    grown: new Int32Array(graph.n),
    seen: new Int32Array(graph.n),
  };
  let stamp = 0;
  while (stack.length > 0) {
    const job = stack.pop()!;
    if (job.k <= 1 || job.atoms.length <= 1) {
      for (const a of job.atoms) part[a] = next;
      next++;
      continue;
    }
    stamp++;
    for (const a of job.atoms) marks.inSet[a] = stamp;
    const [left, right] = split(graph, job.atoms, job.k, marks, stamp);
    const total = loadOf(graph, job.atoms);
    const share = total > 0 ? loadOf(graph, left) / total : left.length / job.atoms.length;
    const kLeft = Math.min(job.k - 1, Math.max(1, Math.round(job.k * share)));
    // Right first on the stack so the left side is numbered first.
    stack.push({ atoms: right, k: job.k - kLeft });
    stack.push({ atoms: left, k: kLeft });
  }
  return next - firstPart;
}

function loadOf(graph: AtomGraph, atoms: number[]): number {
  let s = 0;
  for (const a of atoms) s += graph.load[a];
  return s;
}

/** Stamp arrays of one bisection: atoms of the current set, of the grown side, seen by a search. */
interface Marks {
  inSet: Int32Array;
  grown: Int32Array;
  seen: Int32Array;
}

function split(
  graph: AtomGraph,
  atoms: number[],
  k: number,
  marks: Marks,
  stamp: number,
): [number[], number[]] {
  const { inSet, grown } = marks;
  // Principal axis of the atoms' centroids, weighted by area.
  const theta = principalAngle(
    atoms.length,
    (i) => graph.cx[atoms[i]],
    (i) => graph.cy[atoms[i]],
    (i) => graph.area[atoms[i]],
  );
  const ux = Math.cos(theta);
  const uy = Math.sin(theta);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let startAtom = atoms[0];
  for (const a of atoms) {
    const p = graph.cx[a] * ux + graph.cy[a] * uy;
    if (p < lo) {
      lo = p;
      startAtom = a;
    }
    if (p > hi) hi = p;
  }
  // Barriers weigh more in the large splits (main roads bound large areas) than in the last ones.
  const large = k >= 4;
  const penalty = (large ? 0.5 : 0.25) * (hi - lo);
  const total = loadOf(graph, atoms);
  const kLeft = Math.floor(k / 2);
  const target = (total * kLeft) / k;
  const heap = new MinHeap();
  const order: number[] = [];
  const cutBarrier: number[] = [];
  const loads: number[] = [];
  heap.push(0, startAtom);
  let acc = 0;
  let barrierCut = 0;
  let maxAtom = 0;
  for (const a of atoms) maxAtom = Math.max(maxAtom, graph.load[a]);
  while (heap.size > 0 && order.length < atoms.length - 1) {
    const a = heap.pop();
    if (grown[a] === stamp) continue;
    grown[a] = stamp;
    order.push(a);
    acc += graph.load[a];
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      const b = graph.neighbour[e];
      if (inSet[b] !== stamp) continue;
      if (graph.barrier[e]) barrierCut += grown[b] === stamp ? -graph.shared[e] : graph.shared[e];
      if (grown[b] !== stamp) {
        const p = graph.cx[b] * ux + graph.cy[b] * uy - lo;
        heap.push(p + (graph.barrier[e] ? penalty : 0), b);
      }
    }
    loads.push(acc);
    cutBarrier.push(barrierCut);
    if (acc >= target + maxAtom) break;
  }
  // The prefix closest to the target; within a tolerance, the one cutting most along barriers.
  let best = 0;
  for (let i = 1; i < loads.length; i++) {
    if (Math.abs(loads[i] - target) < Math.abs(loads[best] - target)) best = i;
  }
  const tolerance = Math.max(Math.abs(loads[best] - target), (large ? 0.05 : 0.02) * target);
  for (let i = 0; i < loads.length; i++) {
    if (Math.abs(loads[i] - target) <= tolerance && cutBarrier[i] > cutBarrier[best] * 1.0001 + 1e-9)
      best = i;
  }
  if (total === 0) best = Math.max(0, Math.floor((order.length * kLeft) / k) - 1);
  // Only the chosen prefix stays grown.
  for (let i = best + 1; i < order.length; i++) grown[order[i]] = 0;
  // The rest may fall apart: its largest-load piece stays, pockets join the grown side.
  const pieces = piecesOf(graph, atoms, marks, stamp);
  pieces.sort((p, q) => loadOf(graph, q) - loadOf(graph, p) || q.length - p.length || p[0] - q[0]);
  for (let i = 1; i < pieces.length; i++) for (const a of pieces[i]) grown[a] = stamp;
  const left = atoms.filter((a) => grown[a] === stamp);
  return [left, (pieces[0] ?? []).sort((p, q) => p - q)];
}

/** Connected pieces of the atoms of the current set (inSet === stamp) not marked grown. */
function piecesOf(graph: AtomGraph, atoms: number[], marks: Marks, stamp: number): number[][] {
  const { inSet, grown, seen } = marks;
  const out: number[][] = [];
  for (const s of atoms) {
    if (grown[s] === stamp || seen[s] === stamp) continue;
    const list = [s];
    seen[s] = stamp;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        const b = graph.neighbour[e];
        if (inSet[b] === stamp && grown[b] !== stamp && seen[b] !== stamp) {
          seen[b] = stamp;
          list.push(b);
        }
      }
    }
    out.push(list);
  }
  return out;
}

/**
 * Improves a partition by moving boundary atoms, one at a time, from a part to a lighter neighbouring part
 * when that lowers the spread of loads (an atom of load w moves from P to Q only if 0 < w < load(P) − load(Q))
 * and leaves P connected. Among candidate moves out of a part it takes the one sharing most boundary with
 * the receiving part (compactness), never across a barrier when another move is as good. Stops when a
 * pass moves nothing (returns true) or after `passes` passes (returns false).
 */
export function refine(graph: AtomGraph, part: Int32Array, parts: number, passes: number): boolean {
  const load = new Float64Array(parts);
  const members: Array<Set<number>> = Array.from({ length: parts }, () => new Set());
  for (let a = 0; a < graph.n; a++) {
    if (part[a] < 0) continue;
    load[part[a]] += graph.load[a];
    members[part[a]].add(a);
  }
  const mark = new Int32Array(graph.n);
  let stamp = 0;
  const staysConnected = (a: number, p: number): boolean => {
    const set = members[p];
    if (set.size <= 1) return false;
    const targets: number[] = [];
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      const b = graph.neighbour[e];
      if (part[b] === p) targets.push(b);
    }
    if (targets.length <= 1) return targets.length === 1;
    stamp++;
    mark[a] = stamp;
    const queue = [targets[0]];
    mark[targets[0]] = stamp;
    let found = 1;
    const want = new Set(targets);
    for (let i = 0; i < queue.length && found < targets.length; i++) {
      const x = queue[i];
      for (let e = graph.start[x]; e < graph.start[x + 1]; e++) {
        const b = graph.neighbour[e];
        if (part[b] !== p || mark[b] === stamp) continue;
        mark[b] = stamp;
        if (want.has(b)) found++;
        queue.push(b);
      }
    }
    return found === targets.length;
  };
  for (let pass = 0; pass < passes; pass++) {
    let moved = 0;
    const order = Array.from({ length: parts }, (_, p) => p).sort((p, q) => load[q] - load[p] || p - q);
    for (const p of order) {
      // Best move out of p: to the lightest neighbour part it improves, most shared boundary first.
      let bestAtom = -1;
      let bestTo = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (const a of members[p]) {
        const w = graph.load[a];
        if (w <= 0) continue;
        for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
          const q = part[graph.neighbour[e]];
          if (q === p || q < 0 || !(w < load[p] - load[q])) continue;
          let sharedTo = 0;
          let sharedFrom = 0;
          let barrierTo = 0;
          for (let f = graph.start[a]; f < graph.start[a + 1]; f++) {
            const r = part[graph.neighbour[f]];
            if (r === q) {
              sharedTo += graph.shared[f];
              if (graph.barrier[f]) barrierTo += graph.shared[f];
            } else if (r === p) sharedFrom += graph.shared[f];
          }
          const gain = Math.min(w, load[p] - load[q] - w);
          const score = gain * 1e6 + (sharedTo - sharedFrom - 2 * barrierTo) / (graph.perimeter[a] || 1);
          if (
            score > bestScore ||
            (score === bestScore && (a < bestAtom || (a === bestAtom && q < bestTo)))
          ) {
            if (!staysConnected(a, p)) continue;
            bestScore = score;
            bestAtom = a;
            bestTo = q;
          }
        }
      }
      if (bestAtom < 0) continue;
      members[p].delete(bestAtom);
      members[bestTo].add(bestAtom);
      part[bestAtom] = bestTo;
      load[p] -= graph.load[bestAtom];
      load[bestTo] += graph.load[bestAtom];
      moved++;
    }
    if (moved === 0) return true;
  }
  return passes === 0;
}

/**
 * Mends grids left outside `[min, max]`: the grid and its neighbouring grids (then two rings of them) are
 * split afresh by {@link bisect} into as many grids and refined; the new split is kept when it lowers the
 * total load outside the range in that neighbourhood. Returns whether anything changed.
 */
export function repairRange(
  graph: AtomGraph,
  part: Int32Array,
  parts: number,
  min: number,
  max: number,
  passes: number,
): boolean {
  const outside = (l: number) => Math.max(0, l - max, min - l);
  let changed = false;
  for (let ring = 1; ring <= 2; ring++) {
    const load = new Float64Array(parts);
    for (let a = 0; a < graph.n; a++) if (part[a] >= 0) load[part[a]] += graph.load[a];
    const neighbours: Array<Set<number>> = Array.from({ length: parts }, () => new Set());
    for (let a = 0; a < graph.n; a++) {
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        const q = part[graph.neighbour[e]];
        if (q !== part[a] && q >= 0 && part[a] >= 0) neighbours[part[a]].add(q);
      }
    }
    for (let p = 0; p < parts; p++) {
      if (outside(load[p]) === 0) continue;
      let region = new Set([p]);
      for (let r = 0; r < ring; r++) {
        const grown = new Set(region);
        for (const q of region) for (const s of neighbours[q]) grown.add(s);
        region = grown;
      }
      const members = [...region].sort((x, y) => x - y);
      const before = members.reduce((s, q) => s + outside(load[q]), 0);
      const atoms: number[] = [];
      for (let a = 0; a < graph.n; a++) if (region.has(part[a])) atoms.push(a);
      const local = new Int32Array(graph.n).fill(-1);
      const made = bisect(graph, atoms, members.length, local, 0);
      if (made !== members.length) continue;
      refine(graph, local, made, passes);
      const newLoad = new Float64Array(made);
      for (const a of atoms) newLoad[local[a]] += graph.load[a];
      const after = Array.from(newLoad).reduce((s, l) => s + outside(l), 0);
      if (after >= before) continue;
      for (const a of atoms) part[a] = members[local[a]];
      for (const q of members) load[q] = 0;
      for (const a of atoms) load[part[a]] += graph.load[a];
      for (const q of members) neighbours[q].clear();
      for (const a of atoms) {
        for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
          const q = part[graph.neighbour[e]];
          if (q !== part[a] && q >= 0) {
            neighbours[part[a]].add(q);
            neighbours[q].add(part[a]);
          }
        }
      }
      changed = true;
    }
  }
  return changed;
}
