import type { GridGeometry } from '@wangge/core';
import { buildUnitGraph } from './units';

/**
 * Cuts for stranded units (partition's `unit-stranded`): a unit below the minimum alone and above the
 * maximum with any connected neighbours, so that no grid holding it is in range. It is its neighbours that
 * are too heavy, so one of them is cut in two: the part along the stranded unit carries what brings the
 * pair to the middle of the range, and the rest stays with the neighbour's other neighbours.
 */

/** A cut asked of unit `unit` for the stranded unit `stranded`. */
export interface StrandCut {
  unit: number;
  stranded: number;
  /** Load the part along the stranded unit should carry. */
  near: number;
  /** Direction from the unit's centre to the stranded unit's (x in degrees × cos(latitude)). */
  dx: number;
  dy: number;
}

/** A stranded unit no cut was found for, and why. */
export interface StrandLeft {
  stranded: number;
  reason: string;
}

/**
 * For every stranded unit (in ascending order), its neighbour to cut: among the neighbours of its group
 * that `cuttable` allows and no earlier stranded unit took, the lightest one heavier than the part the
 * pair needs (so the rest it keeps is least); null when there is none.
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
  const middle = (range.min + range.max) / 2;
  const cuts = new Map<number, StrandCut>();
  const left: StrandLeft[] = [];
  for (const a of [...new Set(stranded)].sort((x, y) => x - y)) {
    if (loads[a] >= range.min) {
      left.push({ stranded: a, reason: `it carries ${loads[a]}, not below the minimum ${range.min}` });
      continue;
    }
    const near = middle - loads[a];
    let best = -1;
    let reason = 'it has no neighbour in its group';
    for (let e = graph.adjStart[a]; e < graph.adjStart[a + 1]; e++) {
      const b = graph.adjUnit[e];
      if (groupOf(b) !== groupOf(a)) continue;
      if (cuts.has(b) || !cuttable(b)) {
        reason = 'its neighbours are cut already or cannot be cut (holes, several parts, above the maximum)';
        continue;
      }
      if (loads[b] <= near) {
        if (best < 0)
          reason = `with any one neighbour it stays below ${range.min} and with more it goes above ${range.max}, so no part of one neighbour brings it into range`;
        continue;
      }
      if (best < 0 || loads[b] < loads[best] || (loads[b] === loads[best] && b < best)) best = b;
    }
    if (best < 0) {
      left.push({ stranded: a, reason });
      continue;
    }
    cuts.set(best, {
      unit: best,
      stranded: a,
      near,
      dx: graph.cx[a] - graph.cx[best],
      dy: graph.cy[a] - graph.cy[best],
    });
  }
  return { cuts, left };
}
