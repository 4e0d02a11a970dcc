/** The grouping driver of a balanced partition: how many grids per connected piece, then bisection, refinement and improvement. */
import type { FindingDraft } from '../findings';
import { type AtomGraph, bisect, components, refine, repairRange } from './grouping';
import type { Checked } from './options';
import { repack } from './repack';
import { resplitPairs } from './reshape';
import { improveShapes } from './shape';

export interface PendingProblem extends Omit<FindingDraft, 'code'> {
  part?: number;
}

/** Assigns every atom a part: bisection per connected piece, refinement, light islands to their nearest part. */
export function groupAtoms(
  graph: AtomGraph,
  opts: Checked,
  problems: PendingProblem[],
  convergedOut: { value: boolean },
): Int32Array {
  const part = new Int32Array(graph.n).fill(-1);
  const pieces = components(graph).map((atoms) => ({
    atoms,
    load: atoms.reduce((s, a) => s + graph.load[a], 0),
  }));
  const total = pieces.reduce((s, p) => s + p.load, 0);
  const [min, max] = opts.range ?? [0, Number.POSITIVE_INFINITY];
  const mean = opts.count ? total / opts.count : (min + max) / 2;
  const floor = opts.range ? min : mean / 2;
  // Pieces too light to stand alone become satellites of the nearest grid (unless nothing else stands).
  const standing = pieces.filter((p) => p.load >= floor && p.load > 0);
  const main = standing.length > 0 ? standing : [pieces.reduce((a, b) => (b.load > a.load ? b : a))];
  const satellites = pieces.filter((p) => !main.includes(p));
  const infeasible = new Set<(typeof pieces)[number]>();
  const ks = main.map((p) => {
    if (opts.count) return 1;
    const lo = Math.max(1, Math.ceil(p.load / max));
    const hi = Math.floor(p.load / min);
    const k = Math.max(1, Math.round(p.load / mean));
    if (lo > hi) {
      infeasible.add(p);
      return Math.max(1, k);
    }
    return Math.min(hi, Math.max(lo, k));
  });
  if (opts.count) {
    // Largest remainder, at least one grid per piece.
    const count = Math.max(opts.count, main.length);
    const loadSum = main.reduce((s, p) => s + p.load, 0);
    const exact = main.map((p) => (loadSum > 0 ? (p.load / loadSum) * count : count / main.length));
    let given = 0;
    exact.forEach((e, i) => {
      ks[i] = Math.max(1, Math.floor(e));
      given += ks[i];
    });
    const byRemainder = exact.map((_, i) => i).sort((p, q) => (exact[q] % 1) - (exact[p] % 1) || p - q);
    for (let i = 0; given < count; i = (i + 1) % main.length, given++) ks[byRemainder[i]]++;
    while (given > count) {
      const i = ks.indexOf(Math.max(...ks));
      ks[i]--;
      given--;
    }
  }
  let parts = 0;
  let converged = true;
  main.forEach((p, i) => {
    // In range mode, a feasible piece is cut at a few grid counts around the estimate; the best cut stays.
    const feasible = opts.range !== null && !infeasible.has(p);
    const lo = Math.max(1, Math.ceil(p.load / max));
    const hi = Math.floor(p.load / min);
    const counts = feasible
      ? K_OFFSETS.map((d) => ks[i] + d).filter((k) => k >= lo && k <= hi && k <= p.atoms.length)
      : [ks[i]];
    let best: PieceCut | null = null;
    for (const k of counts.length > 0 ? counts : [ks[i]]) {
      // Every grid in range at the estimate: no other count can beat it (see betterCut).
      if (best !== null && best.out === 0 && best.k === ks[i]) break;
      const cut = cutPiece(graph, p.atoms, k, opts, feasible);
      if (best === null || betterCut(cut, best, ks[i])) best = cut;
    }
    const made = best!.parts;
    if (feasible) improveCompactness(graph, p.atoms, best!.part, made, min, max);
    for (const a of p.atoms) part[a] = parts + best!.part[a];
    converged &&= best!.converged;
    if (infeasible.has(p)) {
      // Every grid of the piece is reported: no count of grids puts them all in range.
      for (let q = parts; q < parts + made; q++) {
        problems.push({
          kind: 'range-infeasible',
          part: q,
          load: p.load,
          message: `its connected piece carries ${p.load} load, which no number of grids of ${min} to ${max} can hold: ${lo - 1} grids would be too heavy, ${lo} too light`,
        });
      }
    }
    parts += made;
  });
  convergedOut.value = converged;
  for (const s of satellites) {
    // The part nearest to the satellite's first atom takes it whole.
    const a0 = s.atoms[0];
    let best = -1;
    let bestD = Number.POSITIVE_INFINITY;
    for (let a = 0; a < graph.n; a++) {
      if (part[a] < 0) continue;
      const d = (graph.cx[a] - graph.cx[a0]) ** 2 + (graph.cy[a] - graph.cy[a0]) ** 2;
      if (d < bestD) {
        bestD = d;
        best = part[a];
      }
    }
    for (const a of s.atoms) part[a] = best;
    problems.push({
      kind: 'island-too-small',
      part: best,
      load: s.load,
      message: `an island or exclave carrying ${s.load} load is too light to be a grid of its own (below ${floor}); it joins the nearest grid as a separate part`,
    });
  }
  return part;
}

/** Renumbers the parts in use as `0 … k−1` in the order of their ids; returns k. */
function compactParts(part: Int32Array, ids: number): number {
  const used = new Uint8Array(ids);
  for (let a = 0; a < part.length; a++) if (part[a] >= 0) used[part[a]] = 1;
  const map = new Int32Array(ids).fill(-1);
  let k = 0;
  for (let p = 0; p < ids; p++) if (used[p]) map[p] = k++;
  for (let a = 0; a < part.length; a++) if (part[a] >= 0) part[a] = map[part[a]];
  return k;
}

/**
 * The compactness phase, on the chosen cut of a piece: single border atoms move where that makes grids more
 * compact, then neighbouring pairs of grids are re-split along straight lines, then single atoms again.
 * Every grid in range stays in range.
 */
function improveCompactness(
  graph: AtomGraph,
  atoms: number[],
  part: Int32Array,
  parts: number,
  min: number,
  max: number,
): void {
  improveShapes(graph, atoms, part, parts, min, max, SHAPE_PASSES);
  if (resplitPairs(graph, atoms, part, parts, min, max, RESPLIT_ROUNDS) > 0)
    improveShapes(graph, atoms, part, parts, min, max, SHAPE_PASSES);
}

/** Most passes of the compactness phase. */
const SHAPE_PASSES = 100;

/** Most rounds of pair re-splits in the compactness phase. */
const RESPLIT_ROUNDS = 4;

/** Offsets from the estimated grid count tried for a piece in range mode. */
const K_OFFSETS = [0, -1, 1];

/** One piece cut into `parts` grids (`part` holds local ids for the piece's atoms), with its score. */
interface PieceCut {
  /** Grid count the bisection started from. */
  k: number;
  part: Int32Array;
  parts: number;
  converged: boolean;
  out: number;
  dist: number;
  cut: number;
}

/** A piece cut into `k` grids: bisection, refinement, then (range mode) range repair and repacking. */
function cutPiece(graph: AtomGraph, atoms: number[], k: number, opts: Checked, improve: boolean): PieceCut {
  const part = new Int32Array(graph.n).fill(-1);
  let parts = bisect(graph, atoms, k, part, 0);
  const converged = refine(graph, part, parts, opts.passes);
  const [min, max] = opts.range ?? [0, Number.POSITIVE_INFINITY];
  if (improve) {
    repairRange(graph, part, parts, min, max, opts.passes);
    parts = compactParts(part, repack(graph, part, parts, min, max));
  }
  const load = new Float64Array(parts);
  for (const a of atoms) load[part[a]] += graph.load[a];
  let out = 0;
  let dist = 0;
  for (const l of load) {
    const d = Math.max(0, min - l, l - max);
    if (d > 0) out++;
    dist += d;
  }
  let cut = 0;
  for (const a of atoms) {
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      if (part[graph.neighbour[e]] !== part[a]) cut += graph.shared[e];
    }
  }
  return { k, part, parts, converged, out, dist, cut };
}

/**
 * Lexicographic: fewer grids out of range, less distance from the range; then the estimated count (another
 * count only when it puts more in range: fewer grids always have less boundary), then shorter boundaries.
 */
function betterCut(a: PieceCut, b: PieceCut, estimate: number): boolean {
  if (a.out !== b.out) return a.out < b.out;
  if (Math.abs(a.dist - b.dist) > 1e-9 * (1 + b.dist)) return a.dist < b.dist;
  const offA = Math.abs(a.k - estimate);
  const offB = Math.abs(b.k - estimate);
  if (offA !== offB) return offA < offB;
  return a.cut < b.cut;
}
