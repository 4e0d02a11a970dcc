/**
 * The pair re-split of a balanced partition's compactness phase: two neighbouring grids are joined and cut
 * afresh by a straight line across one of {@link AXES} axes (the atoms sorted by the projection of their
 * centroids on the axis; each prefix is a half-plane), at the prefix that maximises the sum of the log
 * Polsby-Popper compactness (4πA/P²) of the two sides. The new cut replaces the old one when it raises that
 * sum, both sides are connected, the pair has no more grids out of range, no more total or largest distance
 * from the range than before (grids in range stay in range), and the length of the pair's boundary along
 * barrier lines does not shrink. Single-atom moves ({@link improveShapes} in shape.ts) cannot undo a tail
 * or a lobe that takes many atoms to move, nor change two grids held at the bounds of the range; a re-split
 * moves them all at once. Pairs are tried in order of their part ids, again only when a part changed.
 */
import type { AtomGraph } from './grouping';
import { logShape } from './shape';

/** Axes of the cuts, evenly spaced over a half turn (a sweep along an axis cuts half-planes from both its ends). */
const AXES = 4;
/** A re-split must raise the objective by this much, so rounding cannot cycle. */
const EPS = 1e-6;
/** Best prefixes of one sweep whose other side is checked for connectivity. */
const CANDIDATES = 3;

/** Re-splits neighbouring pairs of parts of `atoms` in place, up to `rounds` rounds; returns the re-splits made. */
export function resplitPairs(
  graph: AtomGraph,
  atoms: number[],
  part: Int32Array,
  parts: number,
  min: number,
  max: number,
  rounds: number,
): number {
  const members: number[][] = Array.from({ length: parts }, () => []);
  for (const a of atoms) members[part[a]].push(a);
  const load = new Float64Array(parts);
  const area = new Float64Array(parts);
  const perimeter = new Float64Array(parts);
  const measure = (p: number) => {
    let l = 0;
    let ar = 0;
    let pe = 0;
    for (const a of members[p]) {
      l += graph.load[a];
      ar += graph.area[a];
      pe += graph.perimeter[a];
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        if (part[graph.neighbour[e]] === p) pe -= graph.shared[e];
      }
    }
    load[p] = l;
    area[p] = ar;
    perimeter[p] = pe;
  };
  for (let p = 0; p < parts; p++) measure(p);
  const outside = (l: number) => Math.max(0, min - l, l - max);
  const sweep = new Sweep(graph, min, max);
  let made = 0;
  // A pair is tried again only when one of its parts changed since it was last tried.
  let dirty = new Uint8Array(parts).fill(1);
  for (let round = 0; round < rounds; round++) {
    let madeNow = 0;
    const changed = new Uint8Array(parts);
    for (let p = 0; p < parts; p++) {
      for (const q of neighbourParts(graph, members[p], part, p)) {
        if (q < p || !(dirty[p] || dirty[q] || changed[p] || changed[q])) continue;
        const union = members[p].concat(members[q]);
        const shapeP = logShape(area[p], perimeter[p]);
        const shapeQ = logShape(area[q], perimeter[q]);
        const now = shapeP + shapeQ;
        const best = sweep.best(
          union,
          part,
          {
            count: (outside(load[p]) > 0 ? 1 : 0) + (outside(load[q]) > 0 ? 1 : 0),
            total: outside(load[p]) + outside(load[q]),
            worst: Math.max(outside(load[p]), outside(load[q])),
          },
          now + EPS,
        );
        if (best === null) continue;
        // The side holding more of p's atoms keeps p's id.
        let keep = 0;
        for (const a of best) if (part[a] === p) keep++;
        const [s, r] = keep * 2 >= members[p].length ? [p, q] : [q, p];
        const inS = new Set(best);
        for (const a of union) part[a] = inS.has(a) ? s : r;
        members[s] = union.filter((a) => inS.has(a));
        members[r] = union.filter((a) => !inS.has(a));
        measure(p);
        measure(q);
        changed[p] = 1;
        changed[q] = 1;
        madeNow++;
      }
    }
    made += madeNow;
    dirty = changed;
    if (madeNow === 0) break;
  }
  return made;
}

/** Parts next to the atoms of part `p`, sorted. */
function neighbourParts(graph: AtomGraph, atoms: number[], part: Int32Array, p: number): number[] {
  const set = new Set<number>();
  for (const a of atoms) {
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      const q = part[graph.neighbour[e]];
      if (q >= 0 && q !== p) set.add(q);
    }
  }
  return [...set].sort((x, y) => x - y);
}

/** Slots for the index in a packed sort key: unions up to this many atoms sort natively. */
const SLOTS = 4096;

/**
 * Writes to `order` the indices into `atoms` sorted by the projection of their centroids on (ux, uy), ties
 * by index: keys quantised to millimetres and packed with the index into one float, sorted natively.
 */
function sortAlong(
  atoms: number[],
  cx: Float64Array,
  cy: Float64Array,
  ux: number,
  uy: number,
  order: Int32Array,
  packed: Float64Array,
): void {
  const n = atoms.length;
  let lo = Number.POSITIVE_INFINITY;
  for (const a of atoms) lo = Math.min(lo, cx[a] * ux + cy[a] * uy);
  if (n > SLOTS) {
    const key = atoms.map((a) => cx[a] * ux + cy[a] * uy);
    const sorted = Array.from({ length: n }, (_, i) => i).sort((i, j) => key[i] - key[j] || i - j);
    order.set(sorted);
    return;
  }
  for (let i = 0; i < n; i++) {
    const a = atoms[i];
    packed[i] = Math.round((cx[a] * ux + cy[a] * uy - lo) * 1000) * SLOTS + i;
  }
  const view = packed.subarray(0, n);
  view.sort();
  for (let i = 0; i < n; i++) order[i] = view[i] % SLOTS;
}

/** How far a pair of parts is from the range: parts out, total and largest distance. */
interface PairOut {
  count: number;
  total: number;
  worst: number;
}

/** Sweeps of one pair: stamp arrays reused across pairs. */
class Sweep {
  private readonly inUnion: Int32Array;
  private readonly taken: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  private takeStamp = 0;
  private order = new Int32Array(0);
  private packed = new Float64Array(0);
  private scores = new Float64Array(0);

  constructor(
    private readonly graph: AtomGraph,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.inUnion = new Int32Array(graph.n);
    this.taken = new Int32Array(graph.n);
    this.seen = new Int32Array(graph.n);
  }

  private outside(l: number): number {
    return Math.max(0, this.min - l, l - this.max);
  }

  /**
   * The atoms of one side of the best straight re-split of `union` (two parts now) scoring above `floor`,
   * or null; neither side's count out of range, total distance from the range, nor largest distance rise
   * above the pair's now (`out`).
   */
  best(union: number[], part: Int32Array, out: PairOut, floor: number): number[] | null {
    const g = this.graph;
    const n = union.length;
    const u = ++this.stamp;
    let totalLoad = 0;
    let totalArea = 0;
    let sumPerimeter = 0;
    let internal = 0;
    let barrierNow = 0;
    for (const a of union) this.inUnion[a] = u;
    for (const a of union) {
      totalLoad += g.load[a];
      totalArea += g.area[a];
      sumPerimeter += g.perimeter[a];
      for (let e = g.start[a]; e < g.start[a + 1]; e++) {
        const b = g.neighbour[e];
        if (this.inUnion[b] !== u || b < a) continue;
        internal += g.shared[e];
        if (g.barrier[e] && part[a] !== part[b]) barrierNow += g.shared[e];
      }
    }
    const perimeterU = sumPerimeter - 2 * internal;
    if (this.order.length < n) {
      this.order = new Int32Array(2 * n);
      this.packed = new Float64Array(2 * n);
      this.scores = new Float64Array(2 * n);
    }
    const { order, packed, scores } = this;
    let bestScore = floor;
    let bestSide: number[] | null = null;
    for (let d = 0; d < AXES; d++) {
      // One axis: the prefixes of the atoms sorted along it are the half-planes on both of its ends.
      const theta = (Math.PI * d) / AXES;
      const ux = Math.cos(theta);
      const uy = Math.sin(theta);
      sortAlong(union, g.cx, g.cy, ux, uy, order, packed);
      const t = ++this.takeStamp;
      let l = 0;
      let ar = 0;
      let pe = 0;
      let cut = 0;
      let barrierCut = 0;
      scores.fill(Number.NEGATIVE_INFINITY, 0, n);
      for (let k = 0; k < n - 1; k++) {
        const a = union[order[k]];
        this.taken[a] = t;
        l += g.load[a];
        ar += g.area[a];
        pe += g.perimeter[a];
        for (let e = g.start[a]; e < g.start[a + 1]; e++) {
          const b = g.neighbour[e];
          if (this.inUnion[b] !== u) continue;
          if (this.taken[b] === t) {
            pe -= 2 * g.shared[e];
            cut -= g.shared[e];
            if (g.barrier[e]) barrierCut -= g.shared[e];
          } else {
            cut += g.shared[e];
            if (g.barrier[e]) barrierCut += g.shared[e];
          }
        }
        // The taken side only gets heavier: past the maximum by more than the pair may be out, stop.
        if (l - this.max > out.total + 1e-9) break;
        const dS = this.outside(l);
        const dR = this.outside(totalLoad - l);
        if (dS + dR > out.total + 1e-9 || Math.max(dS, dR) > out.worst + 1e-9) continue;
        if ((dS > 0 ? 1 : 0) + (dR > 0 ? 1 : 0) > out.count) continue;
        if (barrierCut < barrierNow - 1e-6) continue;
        scores[k] = logShape(ar, pe) + logShape(totalArea - ar, perimeterU - pe + 2 * cut);
      }
      // The best prefixes beating the floor, best first, until one leaves both sides connected.
      for (let c = 0; c < CANDIDATES; c++) {
        let k = -1;
        for (let i = 0; i < n - 1; i++) if (scores[i] > bestScore && (k < 0 || scores[i] > scores[k])) k = i;
        if (k < 0) break;
        const side = this.sideIfConnected(union, order, k);
        if (side !== null) {
          bestScore = scores[k];
          bestSide = side;
          break;
        }
        scores[k] = Number.NEGATIVE_INFINITY;
      }
    }
    return bestSide;
  }

  /** The first `k + 1` atoms of `order` (into `union`) when they and the rest are each connected, else null. */
  private sideIfConnected(union: number[], order: Int32Array, k: number): number[] | null {
    const t = ++this.takeStamp;
    const side: number[] = [];
    for (let i = 0; i <= k; i++) {
      const a = union[order[i]];
      this.taken[a] = t;
      side.push(a);
    }
    const rest = union[order[k + 1]];
    if (this.reach(side[0], t, true) !== side.length) return null;
    if (this.reach(rest, t, false) !== union.length - side.length) return null;
    return side;
  }

  /** Atoms reached from `from` within the union on its side (taken or not). */
  private reach(from: number, t: number, taken: boolean): number {
    const g = this.graph;
    const u = this.stamp;
    const s = ++this.takeStamp;
    this.seen[from] = s;
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      const a = queue[i];
      for (let e = g.start[a]; e < g.start[a + 1]; e++) {
        const b = g.neighbour[e];
        if (this.inUnion[b] === u && (this.taken[b] === t) === taken && this.seen[b] !== s) {
          this.seen[b] = s;
          queue.push(b);
        }
      }
    }
    return queue.length;
  }
}
