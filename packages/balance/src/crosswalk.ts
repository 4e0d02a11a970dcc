import { ErrorCode, GridPlan, WanggeError } from '@wangge/core';
import type { EntityTables } from './entities';
import { leavesOf, locateTable, overlapsOf } from './internal/overlay';

/** Options of {@link crosswalk}. */
export interface CrosswalkOptions {
  /** Point tables by name; households are counted from `householdTable`. @default {} (areas only) */
  entities?: EntityTables;
  /** The entity table whose rows are households. @default 'households' */
  householdTable?: string;
  /** Share of an A grid's area below which a piece in a B grid does not count as a split (slivers). @default 0.01 */
  minShare?: number;
}

/** How much of one grid of system A lies in one grid of system B. */
export interface CrosswalkPair {
  /** Code of the grid of system A. */
  a: string;
  /** Code of the grid of system B. */
  b: string;
  /** Area of the overlap in m². */
  area: number;
  /** `area` / area of `a`. */
  shareOfA: number;
  /** `area` / area of `b`. */
  shareOfB: number;
  /** Households in both. */
  households: number;
  /** `households` / households of `a` (0 when `a` has none). */
  householdShareOfA: number;
}

/** What {@link crosswalk} returns. */
export interface Crosswalk {
  /** Every overlapping pair of leaf grids, sorted by `a`, then `b`. */
  pairs: CrosswalkPair[];
  /** Grids of A spread over more than one grid of B (by `minShare` of their area), sorted. */
  splitA: string[];
  /** Grids of B spread over more than one grid of A, sorted. */
  splitB: string[];
  /** Rows of households in a grid of A but in none of B. */
  onlyInA: number[];
  /** Rows of households in a grid of B but in none of A. */
  onlyInB: number[];
  /** Rows of households in no grid of either system (never silently dropped). */
  inNeither: number[];
}

/**
 * How two grid systems of the same area relate (多网合一), e.g. fire-safety grids against the
 * comprehensive governance grids: area and household share of each leaf grid of A in each of B, the
 * grids of either system split across several of the other, and households one system covers but the
 * other does not.
 */
export function crosswalk(planA: GridPlan, planB: GridPlan, options: CrosswalkOptions = {}): Crosswalk {
  if (!(planA instanceof GridPlan) || !(planB instanceof GridPlan)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'crosswalk needs two GridPlans');
  }
  if (typeof options !== 'object' || options === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'options must be an object');
  }
  const entities = options.entities ?? {};
  if (typeof entities !== 'object' || entities === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'entities must be an object of point tables by name');
  }
  const table = options.householdTable ?? 'households';
  const minShare = options.minShare ?? 0.01;
  if (!(minShare >= 0 && minShare <= 1)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `minShare must be in [0, 1], got ${options.minShare}`);
  }
  const leavesA = leavesOf(planA);
  const leavesB = leavesOf(planB);
  const geomA = leavesA.ids.map((id) => planA.grids[id].geometry);
  const geomB = leavesB.ids.map((id) => planB.grids[id].geometry);
  const { pairs: overlaps, areaA, areaB } = overlapsOf(geomA, geomB);
  const households = new Map<number, number>();
  const perA = new Float64Array(geomA.length);
  const onlyInA: number[] = [];
  const onlyInB: number[] = [];
  const inNeither: number[] = [];
  if (entities[table] !== undefined) {
    const inA = locateTable(geomA, entities, table);
    const inB = locateTable(geomB, entities, table);
    for (let e = 0; e < inA.length; e++) {
      if (inA[e] >= 0) perA[inA[e]]++;
      if (inA[e] >= 0 && inB[e] >= 0) {
        const key = inA[e] * geomB.length + inB[e];
        households.set(key, (households.get(key) ?? 0) + 1);
      } else if (inA[e] >= 0) onlyInA.push(e);
      else if (inB[e] >= 0) onlyInB.push(e);
      else inNeither.push(e);
    }
  }
  const pairs: CrosswalkPair[] = overlaps.map(([i, j, area]) => {
    const h = households.get(i * geomB.length + j) ?? 0;
    return {
      a: leavesA.codes[i],
      b: leavesB.codes[j],
      area,
      shareOfA: area / areaA[i],
      shareOfB: area / areaB[j],
      households: h,
      householdShareOfA: perA[i] === 0 ? 0 : h / perA[i],
    };
  });
  pairs.sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
  const spread = (key: 'a' | 'b', share: 'shareOfA' | 'shareOfB') => {
    const count = new Map<string, number>();
    for (const p of pairs) if (p[share] >= minShare) count.set(p[key], (count.get(p[key]) ?? 0) + 1);
    return [...count]
      .filter(([, n]) => n > 1)
      .map(([code]) => code)
      .sort();
  };
  return {
    pairs,
    splitA: spread('a', 'shareOfA'),
    splitB: spread('b', 'shareOfB'),
    onlyInA,
    onlyInB,
    inNeither,
  };
}
