import {
  type CodeStyle,
  checkOptions,
  codesOfChildren,
  ErrorCode,
  letterCodes,
  numericCodes,
  planCodeProblem,
  WanggeError,
} from '@wangge/core';
import type { Position } from 'geojson';
import { flatPositions } from './balancedPartition';

/** Options of {@link householdGroups}. */
export interface HouseholdGroupOptions {
  /** Households per group: 5 for 五户联保, 10 for 十户联防, any whole number ≥ 2. @default 5 */
  size?: number;
  /** The grid of each household (e.g. `gridOf` of a partition); groups never cross grids, -1 stays out. @default one grid */
  gridOf?: ArrayLike<number>;
  /** Codes of the grids, to code each group as a child of its grid (`A1-3` → `A1-3-2`). @default no codes */
  gridCodes?: readonly string[];
  /** Code style of the group codes. @default numeric under numeric grid codes, letters otherwise */
  codeStyle?: CodeStyle;
}

/** One household group. */
export interface HouseholdGroup {
  /** The grid it lies in (index into the grids `gridOf` refers to). */
  grid: number;
  /** Its code under the grid's code, when grid codes were given. */
  code?: string;
  /** The households in it, in walking order. */
  households: number[];
}

/** What {@link householdGroups} returns. */
export interface HouseholdGroupsResult {
  /** Group index of each household, -1 for households outside every grid. */
  groupOf: Int32Array;
  /** The groups, grid by grid, each grid's groups in walking order. */
  groups: HouseholdGroup[];
}

/**
 * The finest level of real plans: groups of `size` neighbouring households (五户联保、十户联防) inside one
 * grid. Each grid's households are put in Hilbert-curve order (a walk that keeps near points near, with the
 * households of one building together) and cut into runs; a grid of n households gets round(n / size)
 * groups whose sizes differ by at most one. Deterministic: equal input, equal groups.
 */
export function householdGroups(
  households: readonly Position[] | Float64Array,
  options?: HouseholdGroupOptions,
): HouseholdGroupsResult {
  options = checkOptions(options, 'householdGroups');
  const size = options.size ?? 5;
  if (!Number.isInteger(size) || size < 2) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `size must be a whole number ≥ 2, got ${String(size)}`);
  }
  const xy = flatPositions(households);
  const n = xy.length / 2;
  const gridOf = options.gridOf;
  if (gridOf !== undefined && gridOf.length !== n) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `gridOf has ${gridOf.length} entries for ${n} households`,
    );
  }
  const grid = (i: number) => (gridOf === undefined ? 0 : gridOf[i]);
  const byGrid = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = grid(i);
    if (!Number.isInteger(g) || g < -1) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `gridOf[${i}] must be a grid index or -1, got ${g}`);
    }
    if (g < 0) continue;
    const list = byGrid.get(g);
    if (list === undefined) byGrid.set(g, [i]);
    else list.push(i);
  }
  const codes = options.gridCodes;
  const groupOf = new Int32Array(n).fill(-1);
  const groups: HouseholdGroup[] = [];
  for (const g of [...byGrid.keys()].sort((a, b) => a - b)) {
    const members = byGrid.get(g)!;
    const order = hilbertOrder(xy, members);
    const count = Math.max(1, Math.round(members.length / size));
    const code = codes?.[g];
    if (codes !== undefined && typeof code !== 'string') {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `gridCodes has no code for grid ${g}`);
    }
    const style =
      options.codeStyle ??
      (code !== undefined && planCodeProblem(code, numericCodes()) === null ? numericCodes() : letterCodes);
    const childCodes = code === undefined ? [] : codesOfChildren(code, count, style);
    let at = 0;
    for (let k = 0; k < count; k++) {
      const take = Math.floor(members.length / count) + (k < members.length % count ? 1 : 0);
      const list = order.slice(at, at + take);
      at += take;
      for (const i of list) groupOf[i] = groups.length;
      groups.push({
        grid: g,
        ...(code !== undefined ? { code: childCodes[k] } : {}),
        households: list,
      });
    }
  }
  return { groupOf, groups };
}

/** Households in Hilbert-curve order over their box (lon scaled by cos(lat)); ties by index. */
function hilbertOrder(xy: Float64Array, members: number[]): number[] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const i of members) {
    minX = Math.min(minX, xy[2 * i]);
    maxX = Math.max(maxX, xy[2 * i]);
    minY = Math.min(minY, xy[2 * i + 1]);
    maxY = Math.max(maxY, xy[2 * i + 1]);
  }
  const scaleX = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const span = Math.max((maxX - minX) * scaleX, maxY - minY) || 1;
  const side = 65535;
  const keys = new Map<number, number>();
  for (const i of members) {
    const x = Math.round((((xy[2 * i] - minX) * scaleX) / span) * side);
    const y = Math.round(((xy[2 * i + 1] - minY) / span) * side);
    keys.set(i, hilbert(x, y));
  }
  return [...members].sort((a, b) => keys.get(a)! - keys.get(b)! || a - b);
}

/** Index of (x, y) on the Hilbert curve over a 65536 × 65536 square. */
function hilbert(x: number, y: number): number {
  let d = 0;
  for (let s = 32768; s > 0; s >>= 1) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    d += s * s * ((3 * rx) ^ ry);
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - x;
        y = s - 1 - y;
      }
      [x, y] = [y, x];
    }
  }
  return d;
}
