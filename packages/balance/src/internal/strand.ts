import type { GridGeometry } from '@wangge/core';
import { buildUnitGraph, type UnitGraph } from './units';

/**
 * Cuts for stranded units (partition's `unit-stranded`): a unit below the minimum alone and above the
 * maximum with any connected neighbours, so that no grid holding it is in range. It is its neighbours that
 * are too heavy, so one of them is cut in two: the part along the stranded unit carries what brings the
 * pair to the middle of the range, and the rest stays with the neighbour's other neighbours. When every
 * neighbour is too light for that (the unit with any one of them is still below the minimum, with two
 * above the maximum), the unit is taken together with its heaviest neighbour and the same is asked of
 * the pair's neighbours.
 */

/** A cut asked of unit `unit` for the stranded unit `stranded`. */
export interface StrandCut {
  unit: number;
  stranded: number;
  /** Load the part along the stranded unit (or the group it is taken with) should carry. */
  near: number;
  /** Direction from the unit's centre to the centre of the unit of the group it touches (x in degrees × cos(latitude)). */
  dx: number;
  dy: number;
}

/** A stranded unit no cut was found for, and why. */
export interface StrandLeft {
  stranded: number;
  reason: string;
}

/** Neighbours a stranded unit may be taken with before the search gives up. */
const MAX_GROUP = 3;

/**
 * For every stranded unit (in ascending order), the neighbour to cut: among the neighbours in its group
 * (`groupOf`) that `cuttable` allows and no earlier stranded unit took, the lightest one heavier than the
 * part the unit lacks to the middle of the range (so the rest it keeps is least).
 */
export function strandCuts(
  geometries: readonly GridGeometry[],
  loads: ArrayLike<number>,
  stranded: readonly number[],
  groupOf: (unit: number) => unknown,
  range: { min: number; max: number },
  cuttable: (unit: number) => boolean,
): { cuts: Map<number, StrandCut>; left: StrandLeft[] } {
  const graph = buildUnitGraph(geometries);
  const cuts = new Map<number, StrandCut>();
  const left: StrandLeft[] = [];
  for (const a of [...new Set(stranded)].sort((x, y) => x - y)) {
    if (loads[a] >= range.min) {
      left.push({ stranded: a, reason: `it carries ${loads[a]}, not below the minimum ${range.min}` });
      continue;
    }
    const found = cutFor(graph, loads, a, groupOf, range, (b) => !cuts.has(b) && cuttable(b));
    if (typeof found === 'string') left.push({ stranded: a, reason: found });
    else cuts.set(found.unit, found);
  }
  return { cuts, left };
}

/** The cut for stranded unit `a` (see {@link strandCuts}), or why there is none. */
function cutFor(
  graph: UnitGraph,
  loads: ArrayLike<number>,
  a: number,
  groupOf: (unit: number) => unknown,
  range: { min: number; max: number },
  free: (unit: number) => boolean,
): StrandCut | string {
  const middle = (range.min + range.max) / 2;
  const taken = [a];
  let load = loads[a];
  let reason = 'it has no neighbour in its group';
  while (taken.length <= MAX_GROUP) {
    const near = middle - load;
    let best = -1;
    let touching = -1;
    let heaviest = -1;
    for (const m of taken) {
      for (let e = graph.adjStart[m]; e < graph.adjStart[m + 1]; e++) {
        const b = graph.adjUnit[e];
        if (groupOf(b) !== groupOf(a) || taken.includes(b)) continue;
        if (loads[b] <= near) {
          if (heaviest < 0 || loads[b] > loads[heaviest] || (loads[b] === loads[heaviest] && b < heaviest))
            heaviest = b;
        } else if (!free(b)) {
          reason =
            'its neighbours are cut already or cannot be cut (holes, several parts, above the maximum)';
        } else if (best < 0 || loads[b] < loads[best] || (loads[b] === loads[best] && b < best)) {
          best = b;
          touching = m;
        }
      }
    }
    if (best >= 0) {
      const [dx, dy] = [graph.cx[touching] - graph.cx[best], graph.cy[touching] - graph.cy[best]];
      return { unit: best, stranded: a, near, dx, dy };
    }
    if (heaviest < 0) return reason;
    // With every neighbour it stays below the middle: take the heaviest along and look one ring further.
    taken.push(heaviest);
    load += loads[heaviest];
    if (load >= range.min)
      return `with its neighbour ${heaviest} it carries ${load}, in range: it is not stranded`;
    reason = `with its neighbours it stays below the range or goes above it, and none of ${taken.length} units around can be cut for it`;
  }
  return reason;
}
