import { ErrorCode, GridPlan, WanggeError } from '@wangge/core';
import type { EntityTables } from './entities';
import { leavesOf, locatePoints, overlapsOf, tableXY } from './internal/overlay';

/** Area and entities passing from one leaf grid to another between two plans. */
export interface GridFlow {
  /** Code of the leaf grid before, `null` for entities in no grid before. */
  from: string | null;
  /** Code of the leaf grid after, `null` for entities in no grid after. */
  to: string | null;
  /** Area in m² that was in `from` and is now in `to`. */
  area: number;
  /** Entities per table that were in `from` and are now in `to`. */
  entities: Record<string, number>;
}

/** One entity whose leaf grid changed. */
export interface EntityChange {
  /** Row of the entity in its table. */
  entity: number;
  /** Leaf code before, `null` when in no grid. */
  from: string | null;
  /** Leaf code after, `null` when in no grid. */
  to: string | null;
}

/** What {@link diffPlans} returns: the record a plan change is filed with (网格调整备案). */
export interface PlanDiff {
  /** Codes only in the plan after, sorted. */
  added: string[];
  /** Codes only in the plan before, sorted. */
  removed: string[];
  /** Codes in both whose geometry, parent or level differ, sorted. */
  changed: string[];
  /** Number of codes in both with nothing changed. */
  unchanged: number;
  /** Flows between leaf grids of different codes, sorted by `from`, then `to`. */
  flows: GridFlow[];
  /** Area in m² whose leaf code changed. */
  areaMoved: number;
  /** Per table, the entities whose leaf grid changed, by row. */
  entityChanges: Record<string, EntityChange[]>;
  /** Per table, the rows of entities in no leaf grid of either plan (never silently dropped). */
  inNeither: Record<string, number[]>;
}

/**
 * What changed between two plans of the same area: grids added, removed and reshaped; the area and
 * entities that pass from one leaf grid to another (exact polygon overlay, geodesic areas); and every
 * entity (household) whose leaf grid and so its code changes. Entities are optional.
 */
export function diffPlans(before: GridPlan, after: GridPlan, entities: EntityTables = {}): PlanDiff {
  if (!(before instanceof GridPlan) || !(after instanceof GridPlan)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `diffPlans needs two GridPlans, got ${before === null ? 'null' : typeof before} and ${after === null ? 'null' : typeof after}`,
    );
  }
  if (typeof entities !== 'object' || entities === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'entities must be an object of entity tables by name');
  }
  const beforeCodes = new Set(before.grids.map((g) => g.properties.code));
  const afterCodes = new Set(after.grids.map((g) => g.properties.code));
  const added = [...afterCodes].filter((c) => !beforeCodes.has(c)).sort();
  const removed = [...beforeCodes].filter((c) => !afterCodes.has(c)).sort();
  const changed: string[] = [];
  let unchanged = 0;
  for (const code of [...beforeCodes].filter((c) => afterCodes.has(c)).sort()) {
    const a = before.get(code)!;
    const b = after.get(code)!;
    const same =
      a.properties.parent === b.properties.parent &&
      a.properties.level === b.properties.level &&
      (a.geometry === b.geometry ||
        (a.geometry.type === b.geometry.type && sameNested(a.geometry.coordinates, b.geometry.coordinates)));
    if (same) unchanged++;
    else changed.push(code);
  }
  const leavesA = leavesOf(before);
  const leavesB = leavesOf(after);
  const flowOf = new Map<string, GridFlow>();
  const flow = (from: string | null, to: string | null) => {
    const key = `${from}\u0000${to}`;
    let f = flowOf.get(key);
    if (f === undefined) {
      f = { from, to, area: 0, entities: {} };
      flowOf.set(key, f);
    }
    return f;
  };
  // Only leaves whose code or geometry changed can exchange area.
  const touched = new Set([...added, ...removed, ...changed]);
  const movingA = leavesA.ids.filter((_, k) => touched.has(leavesA.codes[k]));
  const movingB = leavesB.ids.filter((_, k) => touched.has(leavesB.codes[k]));
  let areaMoved = 0;
  for (const [i, j, area] of overlapsOf(
    movingA.map((id) => before.grids[id].geometry),
    movingB.map((id) => after.grids[id].geometry),
  ).pairs) {
    const from = before.grids[movingA[i]].properties.code;
    const to = after.grids[movingB[j]].properties.code;
    if (from === to) continue;
    flow(from, to).area += area;
    areaMoved += area;
  }
  const entityChanges: Record<string, EntityChange[]> = {};
  const inNeither: Record<string, number[]> = {};
  // An entity in an unchanged leaf stays in it; only those in a touched leaf, or in none, are located
  // again, among the touched leaves after (the unchanged leaves are the same area in both plans).
  // Codes as integers (`codes[id]`, -1 for no grid) so that the per-entity loop builds no strings.
  const codes = [...new Set([...leavesA.codes, ...movingB.map((id) => after.grids[id].properties.code)])];
  const codeId = new Map(codes.map((code, k) => [code, k]));
  const codeOfA = Int32Array.from(leavesA.codes, (code) => codeId.get(code)!);
  const codeOfB = Int32Array.from(movingB, (id) => codeId.get(after.grids[id].properties.code)!);
  const touchedA = Uint8Array.from(leavesA.codes, (code) => (touched.has(code) ? 1 : 0));
  const geometryA = leavesA.ids.map((id) => before.grids[id].geometry);
  const geometryB = movingB.map((id) => after.grids[id].geometry);
  const codeOrNull = (k: number) => (k < 0 ? null : codes[k]);
  for (const table of Object.keys(entities).sort()) {
    const xy = tableXY(entities, table);
    const inA = locatePoints(geometryA, xy);
    const n = inA.length;
    const fromCode = new Int32Array(n);
    let againCount = 0;
    for (let e = 0; e < n; e++) {
      fromCode[e] = inA[e] < 0 ? -1 : codeOfA[inA[e]];
      if (inA[e] < 0 || touchedA[inA[e]] === 1) againCount++;
    }
    const again = new Int32Array(againCount);
    const againXY = new Float64Array(2 * againCount);
    for (let e = 0, k = 0; e < n; e++) {
      if (inA[e] >= 0 && touchedA[inA[e]] === 0) continue;
      again[k] = e;
      againXY[2 * k] = xy[2 * e];
      againXY[2 * k + 1] = xy[2 * e + 1];
      k++;
    }
    const located = locatePoints(geometryB, againXY);
    const toCode = fromCode.slice();
    for (let k = 0; k < againCount; k++) toCode[again[k]] = located[k] < 0 ? -1 : codeOfB[located[k]];
    const list: EntityChange[] = [];
    const outside: number[] = [];
    const moved = new Map<number, number>();
    const stride = codes.length + 1;
    for (let e = 0; e < n; e++) {
      const from = fromCode[e];
      const to = toCode[e];
      if (from < 0 && to < 0) outside.push(e);
      if (from === to) continue;
      list.push({ entity: e, from: codeOrNull(from), to: codeOrNull(to) });
      const key = (from + 1) * stride + (to + 1);
      moved.set(key, (moved.get(key) ?? 0) + 1);
    }
    for (const [key, count] of moved) {
      const f = flow(codeOrNull(Math.floor(key / stride) - 1), codeOrNull((key % stride) - 1));
      f.entities[table] = (f.entities[table] ?? 0) + count;
    }
    entityChanges[table] = list;
    inNeither[table] = outside;
  }
  const flows = [...flowOf.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  return { added, removed, changed, unchanged, flows, areaMoved, entityChanges, inNeither };
}

/** Whether two nested coordinate arrays hold the same numbers (as their JSON would read). */
function sameNested(a: unknown, b: unknown): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameNested(a[i], b[i])) return false;
  return true;
}

function compare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
