/** The grouping driver of a balanced partition: how many grids per connected piece, then bisection, refinement and improvement. */
import type { FindingDraft } from '../findings';
import { type AtomGraph, bisect, components, refine, repairRange } from './grouping';
import type { Checked } from './options';

export interface PendingProblem extends Omit<FindingDraft, 'code'> {
  part?: number;
}

/** Assigns every atom a part: bisection per connected piece, refinement, light islands to their nearest part. */
export function groupAtoms(
  graph: AtomGraph,
  opts: Checked,
  problems: PendingProblem[],
  converged: { value: boolean },
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
  main.forEach((p, i) => {
    const made = bisect(graph, p.atoms, ks[i], part, parts);
    if (infeasible.has(p)) {
      // Every grid of the piece is reported: no count of grids puts them all in range.
      const lo = Math.ceil(p.load / max);
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
  converged.value = refine(graph, part, parts, opts.passes);
  if (opts.range) repairRange(graph, part, parts, min, max, opts.passes);
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
