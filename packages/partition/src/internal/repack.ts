/**
 * The improvement phase of a balanced partition with a range: exact re-partition of small clusters of
 * neighbouring grids around a grid out of range (as AZP and max-p regionalisation improve regions by
 * local moves, here with the whole neighbourhood solved exactly, since coarse units leave single-atom
 * moves nowhere to go). A cluster of up to {@link MAX_CLUSTER_GRIDS} contiguous grids holding at most
 * {@link MAX_CLUSTER_ATOMS} atoms is cut afresh into one grid fewer, as many, or one more, every grid
 * connected, by branch and bound over the connected subsets of its atoms; the best cut replaces the old one
 * when it is better lexicographically on (grids out of range, total distance from the range, length of
 * grid boundary not on a barrier). Each accepted change lowers that objective over the whole partition,
 * so the phase ends.
 */
import type { AtomGraph } from './grouping';

/** Most grids a cluster joins. */
const MAX_CLUSTER_GRIDS = 4;
/** Most atoms a cluster holds (bit masks of 31 bits; the search grows fast with the count). */
const MAX_CLUSTER_ATOMS = 16;
/** Search nodes one cluster may spend, so a dense cluster cannot stall the partition. */
const NODE_BUDGET = 40_000;
/** Search nodes one call may spend in all. */
const TOTAL_BUDGET = 5_000_000;
/** A grid boundary along a barrier line counts this share of its length. */
const BARRIER_WEIGHT = 0.25;
/** Rounds over all grids out of range. */
const MAX_ROUNDS = 20;
const EPS = 1e-9;

/** Objective of a set of grids: out of range, total distance from the range, weighted boundary length. */
interface Score {
  out: number;
  dist: number;
  cut: number;
}

function better(a: Score, b: Score): boolean {
  if (a.out !== b.out) return a.out < b.out;
  if (Math.abs(a.dist - b.dist) > EPS * (1 + b.dist)) return a.dist < b.dist;
  return a.cut < b.cut - EPS * (1 + b.cut);
}

/**
 * Improves the parts of `part` (ids `0 … parts−1`; atoms at −1 are left alone) towards `[min, max]`. Ids of emptied parts stay unused and new parts take ids
 * from `parts` up; returns the number of ids now in use (compact them afterwards).
 */
export function repack(graph: AtomGraph, part: Int32Array, parts: number, min: number, max: number): number {
  const members: number[][] = Array.from({ length: parts }, () => []);
  const load: number[] = new Array(parts).fill(0);
  for (let a = 0; a < graph.n; a++) {
    if (part[a] < 0) continue;
    members[part[a]].push(a);
    load[part[a]] += graph.load[a];
  }
  const outside = (l: number) => Math.max(0, min - l, l - max);
  const neighbourParts = (p: number): number[] => {
    const set = new Set<number>();
    for (const a of members[p]) {
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        const q = part[graph.neighbour[e]];
        if (q >= 0 && q !== p) set.add(q);
      }
    }
    return [...set].sort((x, y) => x - y);
  };
  const budget = { nodes: TOTAL_BUDGET };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (let p = 0; p < members.length; p++) {
      if (members[p].length === 0 || outside(load[p]) === 0) continue;
      // One atom above max: no cut helps it.
      if (members[p].length === 1 && load[p] > max) continue;
      for (const cluster of clustersAround(p, neighbourParts, members)) {
        const atoms = cluster.flatMap((q) => members[q]).sort((x, y) => x - y);
        if (budget.nodes <= 0) return members.length;
        const cut = recut(graph, atoms, cluster, part, min, max, budget);
        if (cut === null) continue;
        // Apply: the new parts reuse the cluster's ids in order, then new ids.
        const ids = [...cluster];
        while (ids.length < cut.length) {
          ids.push(members.length);
          members.push([]);
          load.push(0);
        }
        for (const q of cluster) {
          members[q] = [];
          load[q] = 0;
        }
        cut.forEach((group, k) => {
          for (const a of group) {
            part[a] = ids[k];
            members[ids[k]].push(a);
            load[ids[k]] += graph.load[a];
          }
        });
        changed = true;
        break;
      }
    }
    if (!changed) break;
  }
  return members.length;
}

/**
 * The connected sets of parts containing `p`, smallest first, up to {@link MAX_CLUSTER_GRIDS} parts and
 * {@link MAX_CLUSTER_ATOMS} atoms, in a deterministic order.
 */
function clustersAround(p: number, neighbourParts: (p: number) => number[], members: number[][]): number[][] {
  const out: number[][] = [];
  const seen = new Set<string>();
  let layer: number[][] = [[p]];
  for (let size = 1; size <= MAX_CLUSTER_GRIDS && layer.length > 0; size++) {
    const next: number[][] = [];
    for (const cluster of layer) {
      out.push(cluster);
      if (size === MAX_CLUSTER_GRIDS) continue;
      const atoms = cluster.reduce((s, q) => s + members[q].length, 0);
      const around = new Set<number>();
      for (const q of cluster) for (const r of neighbourParts(q)) around.add(r);
      for (const r of [...around].sort((x, y) => x - y)) {
        if (cluster.includes(r) || atoms + members[r].length > MAX_CLUSTER_ATOMS) continue;
        const grown = [...cluster, r].sort((x, y) => x - y);
        const key = grown.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(grown);
      }
    }
    layer = next;
  }
  return out;
}

/**
 * The best cut of a cluster's atoms into one part fewer, as many, one more, or any count that could put
 * the whole cluster in range, each part connected, or null when none beats the current one. Returns the
 * groups of atoms.
 */
function recut(
  graph: AtomGraph,
  atoms: number[],
  cluster: number[],
  part: Int32Array,
  min: number,
  max: number,
  budget: { nodes: number },
): number[][] | null {
  const n = atoms.length;
  if (n > MAX_CLUSTER_ATOMS) return null;
  const search = new ClusterSearch(graph, atoms, part, cluster, min, max);
  // As many parts, one fewer, one more, and every count that could put the whole cluster in range.
  const c = cluster.length;
  const total = search.loadOf(search.full);
  const counts = new Set([c, c - 1, c + 1]);
  for (let k = Math.ceil(total / max); k <= Math.floor(total / min) && k <= n; k++) counts.add(k);
  for (const k of [...counts].sort((x, y) => Math.abs(x - c) - Math.abs(y - c) || x - y)) {
    if (k < 1 || k > n) continue;
    search.nodes = 0;
    search.cut(search.full, k, 0, 0, 0);
    budget.nodes -= search.nodes;
  }
  const groups = search.bestGroups;
  if (groups === null) return null;
  return groups.map((m) => {
    const list: number[] = [];
    for (let r = m; r !== 0; r &= r - 1) list.push(atoms[bitIndex(r & -r)]);
    return list;
  });
}

/** Index of a one-bit mask. */
function bitIndex(bit: number): number {
  return 31 - Math.clz32(bit);
}

/** Branch and bound over the cuts of one cluster (atoms as bits of a mask). */
class ClusterSearch {
  readonly full: number;
  readonly best: Score;
  bestGroups: number[] | null = null;
  nodes = 0;
  private readonly n: number;
  private readonly nb: Int32Array;
  private readonly w: Float64Array;
  private readonly load: Float64Array;
  private readonly totalW: number;
  /** No grid may end further out of range than the worst one now (else lumping grids that are out of
   * range into one would count as progress). */
  private readonly worst: number;
  private readonly groups: number[] = [];

  constructor(
    graph: AtomGraph,
    atoms: number[],
    part: Int32Array,
    cluster: number[],
    private readonly min: number,
    private readonly max: number,
  ) {
    const n = atoms.length;
    this.n = n;
    this.full = n === 31 ? 0x7fffffff : (1 << n) - 1;
    const local = new Map<number, number>();
    atoms.forEach((a, i) => {
      local.set(a, i);
    });
    this.nb = new Int32Array(n);
    this.w = new Float64Array(n * n);
    this.load = new Float64Array(n);
    let totalW = 0;
    for (let i = 0; i < n; i++) {
      const a = atoms[i];
      this.load[i] = graph.load[a];
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        const j = local.get(graph.neighbour[e]);
        if (j === undefined) continue;
        this.nb[i] |= 1 << j;
        const weight = graph.shared[e] * (graph.barrier[e] ? BARRIER_WEIGHT : 1);
        this.w[i * n + j] = weight;
        if (j > i) totalW += weight;
      }
    }
    this.totalW = totalW;
    // The current cut's score.
    const current: Score = { out: 0, dist: 0, cut: 0 };
    let worst = 0;
    for (const q of cluster) {
      let l = 0;
      for (let i = 0; i < n; i++) if (part[atoms[i]] === q) l += this.load[i];
      const d = this.outside(l);
      if (d > 0) current.out++;
      current.dist += d;
      worst = Math.max(worst, d);
    }
    let withinNow = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) if (part[atoms[i]] === part[atoms[j]]) withinNow += this.w[i * n + j];
    }
    current.cut = totalW - withinNow;
    this.worst = worst;
    this.best = current;
  }

  outside(l: number): number {
    return Math.max(0, this.min - l, l - this.max);
  }

  loadOf(m: number): number {
    let s = 0;
    for (let r = m; r !== 0; r &= r - 1) s += this.load[bitIndex(r & -r)];
    return s;
  }

  private withinOf(m: number): number {
    let s = 0;
    for (let r = m; r !== 0; r &= r - 1) {
      const low = r & -r;
      const i = bitIndex(low);
      for (let t = m & ~((low << 1) - 1); t !== 0; t &= t - 1) s += this.w[i * this.n + bitIndex(t & -t)];
    }
    return s;
  }

  private connected(m: number): boolean {
    if (m === 0) return false;
    let reach = m & -m;
    for (;;) {
      let grown = reach;
      for (let r = reach; r !== 0; r &= r - 1) grown |= this.nb[bitIndex(r & -r)] & m;
      if (grown === reach) return reach === m;
      reach = grown;
    }
  }

  /** Cuts `rest` into `k` connected parts, given the score so far. */
  cut(rest: number, k: number, out: number, dist: number, within: number): void {
    if (this.nodes > NODE_BUDGET) return;
    if (k === 1) {
      this.nodes++;
      const d = this.outside(this.loadOf(rest));
      if (d > this.worst + EPS || !this.connected(rest)) return;
      const score: Score = {
        out: out + (d > 0 ? 1 : 0),
        dist: dist + d,
        cut: this.totalW - within - this.withinOf(rest),
      };
      if (better(score, this.best)) {
        Object.assign(this.best, score);
        this.bestGroups = [...this.groups, rest];
      }
      return;
    }
    const s = rest & -rest;
    const i0 = bitIndex(s);
    this.grow(rest, k, out, dist, within, s, this.load[i0], 0, this.nb[i0] & rest, s);
  }

  /** Connected sets S ∋ lowest atom of rest, each once: grown by frontier atoms, those passed over excluded. */
  private grow(
    rest: number,
    k: number,
    out: number,
    dist: number,
    within: number,
    set: number,
    setLoad: number,
    setWithin: number,
    frontier: number,
    excluded: number,
  ): void {
    if (this.nodes++ > NODE_BUDGET) return;
    const remaining = rest & ~set;
    if (remaining !== 0) {
      const d = this.outside(setLoad);
      const o = out + (d > 0 ? 1 : 0);
      const best = this.best;
      const hopeful = o < best.out || (o === best.out && dist + d <= best.dist + EPS * (1 + best.dist));
      if (d <= this.worst + EPS && hopeful) {
        let count = 0;
        for (let r = remaining; r !== 0 && count < k - 1; r &= r - 1) count++;
        if (count >= k - 1) {
          this.groups.push(set);
          this.cut(remaining, k - 1, o, dist + d, within + setWithin);
          this.groups.pop();
        }
      }
    }
    // A part above max only grows heavier: stop.
    if (setLoad > this.max) return;
    let passed = excluded;
    for (let f = frontier; f !== 0; f &= f - 1) {
      const v = f & -f;
      const i = bitIndex(v);
      passed |= v;
      let add = 0;
      for (let r = set; r !== 0; r &= r - 1) add += this.w[i * this.n + bitIndex(r & -r)];
      this.grow(
        rest,
        k,
        out,
        dist,
        within,
        set | v,
        setLoad + this.load[i],
        setWithin + add,
        (frontier | this.nb[i]) & rest & ~set & ~passed,
        passed,
      );
    }
  }
}
