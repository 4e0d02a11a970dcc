/**
 * Stranded atoms: an atom that no connected set of atoms holding it can carry a load in `[min, max]` (alone
 * it is below min, and with any connected neighbours above max). Its grid is out of range whatever the
 * partition, so the finding can say which unit to split or how far to widen the range.
 */
import type { AtomGraph } from './grouping';

/** Search nodes one atom may spend; past it the atom counts as not stranded (no false claim). */
const NODE_BUDGET = 20_000;

/**
 * Whether no connected set of atoms holding `a` (atoms with `part` −1 excluded) has a load in
 * `[min, max]`. Returns false when the search runs out of budget.
 */
export function isStranded(graph: AtomGraph, part: Int32Array, a: number, min: number, max: number): boolean {
  const w = graph.load[a];
  if (w >= min) return false;
  let nodes = 0;
  let fits = false;
  const inSet = new Set<number>([a]);
  const excluded = new Set<number>([a]);
  // Connected sets grown by frontier atoms, each set once (atoms passed over stay excluded in its branch).
  const grow = (load: number, frontier: number[]): void => {
    if (fits || nodes++ > NODE_BUDGET) return;
    if (load >= min && load <= max) {
      fits = true;
      return;
    }
    if (load > max) return;
    const passed: number[] = [];
    for (let i = 0; i < frontier.length && !fits; i++) {
      const v = frontier[i];
      excluded.add(v);
      passed.push(v);
      inSet.add(v);
      const next = frontier.slice(i + 1);
      for (let e = graph.start[v]; e < graph.start[v + 1]; e++) {
        const b = graph.neighbour[e];
        if (part[b] >= 0 && !inSet.has(b) && !excluded.has(b) && !next.includes(b)) next.push(b);
      }
      grow(load + graph.load[v], next);
      inSet.delete(v);
    }
    for (const v of passed) excluded.delete(v);
  };
  const first: number[] = [];
  for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
    const b = graph.neighbour[e];
    if (part[b] >= 0 && !first.includes(b)) first.push(b);
  }
  grow(w, first);
  return !fits && nodes <= NODE_BUDGET;
}
