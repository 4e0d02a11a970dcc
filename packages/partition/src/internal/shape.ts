/**
 * The compactness phase of a balanced partition with a range: border atoms move to a neighbouring grid when
 * that raises the sum of the log Polsby-Popper compactness (4πA/P²) of the two grids, and neither grid ends
 * further from the range than it was (a grid in range stays in range), the giving grid stays connected, and
 * no boundary along a barrier line is given up (an atom never joins a grid across a barrier). The log
 * weighs the least compact grids most. Passes over the atoms in order until none moves.
 */
import type { AtomGraph } from './grouping';

/** A move must raise the objective by this much (relative), so rounding cannot cycle. */
const EPS = 1e-9;

/** Log Polsby-Popper compactness of a region of area `A` and perimeter `P` (-50 for an empty one). */
export const logShape = (A: number, P: number): number =>
  A > 0 && P > 0 ? Math.log((4 * Math.PI * A) / (P * P)) : -50;

/** Improves the shapes of the parts of `atoms` in place; returns the number of atoms moved. */
export function improveShapes(
  graph: AtomGraph,
  atoms: number[],
  part: Int32Array,
  parts: number,
  min: number,
  max: number,
  passes: number,
): number {
  const load = new Float64Array(parts);
  const area = new Float64Array(parts);
  const perimeter = new Float64Array(parts);
  const size = new Int32Array(parts);
  for (const a of atoms) {
    const p = part[a];
    load[p] += graph.load[a];
    area[p] += graph.area[a];
    perimeter[p] += graph.perimeter[a];
    size[p]++;
    for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
      if (part[graph.neighbour[e]] === p) perimeter[p] -= graph.shared[e];
    }
  }
  const outside = (l: number) => Math.max(0, min - l, l - max);
  const mark = new Int32Array(graph.n);
  let stamp = 0;
  const queue: number[] = [];
  const connectedWithout = (a: number, p: number): boolean => {
    stamp++;
    mark[a] = stamp;
    let first = -1;
    for (let e = graph.start[a]; e < graph.start[a + 1] && first < 0; e++) {
      if (part[graph.neighbour[e]] === p) first = graph.neighbour[e];
    }
    if (first < 0) return false;
    queue.length = 0;
    queue.push(first);
    mark[first] = stamp;
    for (let i = 0; i < queue.length; i++) {
      const x = queue[i];
      for (let e = graph.start[x]; e < graph.start[x + 1]; e++) {
        const b = graph.neighbour[e];
        if (part[b] === p && mark[b] !== stamp) {
          mark[b] = stamp;
          queue.push(b);
        }
      }
    }
    return queue.length === size[p] - 1;
  };
  const sharedWith = new Map<number, number>();
  const acrossBarrier = new Set<number>();
  let moved = 0;
  for (let pass = 0; pass < passes; pass++) {
    let movedNow = 0;
    for (const a of atoms) {
      const p = part[a];
      if (size[p] <= 1) continue;
      sharedWith.clear();
      acrossBarrier.clear();
      for (let e = graph.start[a]; e < graph.start[a + 1]; e++) {
        const q = part[graph.neighbour[e]];
        if (q < 0) continue;
        sharedWith.set(q, (sharedWith.get(q) ?? 0) + graph.shared[e]);
        if (graph.barrier[e]) acrossBarrier.add(q);
      }
      if (sharedWith.size <= 1 && sharedWith.has(p)) continue;
      const w = graph.load[a];
      const toP = sharedWith.get(p) ?? 0;
      const lp = outside(load[p] - w);
      if (lp > outside(load[p])) continue;
      const nowP = logShape(area[p], perimeter[p]);
      const areaP = area[p] - graph.area[a];
      const perimeterP = perimeter[p] - graph.perimeter[a] + 2 * toP;
      const afterP = logShape(areaP, perimeterP);
      let bestQ = -1;
      let bestGain = 0;
      for (const [q, toQ] of sharedWith) {
        if (q === p || acrossBarrier.has(q)) continue;
        if (outside(load[q] + w) > outside(load[q])) continue;
        const gain =
          afterP +
          logShape(area[q] + graph.area[a], perimeter[q] + graph.perimeter[a] - 2 * toQ) -
          nowP -
          logShape(area[q], perimeter[q]);
        if (gain > bestGain + EPS || (bestQ >= 0 && Math.abs(gain - bestGain) <= EPS && q < bestQ)) {
          bestGain = gain;
          bestQ = q;
        }
      }
      if (bestQ < 0 || bestGain <= EPS || !connectedWithout(a, p)) continue;
      const q = bestQ;
      const toQ = sharedWith.get(q)!;
      load[p] -= w;
      load[q] += w;
      area[p] = areaP;
      perimeter[p] = perimeterP;
      area[q] += graph.area[a];
      perimeter[q] += graph.perimeter[a] - 2 * toQ;
      size[p]--;
      size[q]++;
      part[a] = q;
      movedNow++;
    }
    moved += movedNow;
    if (movedNow === 0) break;
  }
  return moved;
}
