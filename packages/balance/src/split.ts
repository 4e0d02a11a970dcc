import {
  ErrorCode,
  type Finding,
  GridPlan,
  normalizeGeometry,
  type PointTable,
  WanggeError,
} from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { snapCoordinate } from '@wangge/geometry';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { EntityTables } from './entities';
import { type CutPoint, chooseCut, cutRing, cutToward, VertexInsertions } from './internal/cut';
import { entityLoadsOf, tablesOf } from './internal/measure';
import { type StrandCut, strandCuts } from './internal/strand';
import { resolveModel, type WorkloadModel } from './model';
import { measureUnits, type UnitMeasures, unitsToPlan } from './units';

/** Options of {@link splitHeavyUnits}. */
export interface SplitHeavyUnitsOptions {
  /** Most load a unit may carry. @default the maximum of the deepest level the model targets */
  max?: number;
  /**
   * Least load a grid should carry. With it, a unit whose even parts would all fall below it (a unit
   * between `max` and `2·min`) is cut into one part at the middle of the range and the rest, instead of
   * into halves no grid can hold alone; and `stranded` units get a neighbour cut for them.
   * @default undefined (even parts; required by `stranded`)
   */
  min?: number;
  /**
   * Units (indices into `units`) that strand their grid: `balancedPartition`'s `unit-stranded` findings,
   * below `min` alone and above `max` with any connected neighbours. For each, its lightest neighbour (in
   * its `groupBy` group) heavier than what the pair lacks is cut in two across the line between them: the
   * part along the stranded unit carries what brings the pair to the middle of the range, the rest stays
   * with the neighbour's other neighbours. One cut per neighbour per call (partition again and call
   * again for the next round). @default [] (only units above the maximum are split)
   */
  stranded?: readonly number[];
  /**
   * Property naming each unit's group (the community its grids are partitioned within): a neighbour is
   * cut for a stranded unit only in the same group. @default undefined (any neighbour)
   */
  groupBy?: string;
  /**
   * Column of the household table naming each household's building: cuts then run between buildings,
   * never through one, and a single building above `max` is reported as `unit-above-max`.
   * @default undefined (cuts between households)
   */
  buildingColumn?: string;
  /**
   * The plan the units belong to: returned on the kernel's 1e-9° grid (as the units are) with every new
   * cut vertex inserted into the grids whose boundary it lies on, so grids, parents and units keep
   * sharing every vertex. @default undefined
   */
  plan?: GridPlan;
}

/**
 * A split made (`unit-split`), a unit no split can bring under the maximum (`unit-above-max`), or a
 * stranded unit no neighbour could be cut for (`unit-stranded`).
 */
export interface SplitFinding extends Finding<'unit-split' | 'unit-above-max' | 'unit-stranded'> {
  /** Index of the input unit. */
  unit: number;
  /** Its id (feature id, `properties.id`, or its index). */
  unitId: string | number;
  /** Its load before the split. */
  load: number;
  /** Parts it was split into (1 when it could not be split). */
  parts: number;
  /** For a cut made for a stranded unit: that unit's index. */
  stranded?: number;
}

/** What {@link splitHeavyUnits} returns. */
export interface SplitResult<P> {
  /**
   * The units, split ones replaced by their parts in place (each part with the unit's properties,
   * re-measured, plus `splitOf`: the input index, and `id`: `<unit id>/<part>`).
   */
  units: Feature<Polygon | MultiPolygon, P & UnitMeasures & { splitOf?: number }>[];
  /** Splits made, units left above the maximum and stranded units left uncut, in input order. */
  findings: SplitFinding[];
  /** The plan with the cut vertices inserted, when one was given. */
  plan: GridPlan | undefined;
}

/**
 * Splits every unit heavier than the maximum into parts that each stay under it (拆分超大小区), so that
 * no grid is forced out of range by one unit: the unit's polygon is cut by straight lines across the
 * principal axis of its entities, at the load-weighted median (between buildings when a building column
 * is given), recursively until every part fits; a unit in several parts is split at its parts. With
 * `stranded`, also cuts a neighbour of each unit that strands its grid (see the option). Cut vertices
 * are shared by both parts and inserted into every other unit (and, with `plan`, every grid) that uses
 * the cut edge. Parts are measured with {@link measureUnits}, so every household lies in exactly one
 * part. Every vertex of the units returned (and of the plan) is on the kernel's 1e-9° grid, the
 * precision `balancedPartition`'s grids have. Every split is a finding; a unit that cannot be split under
 * the maximum (a single building above it, a unit with holes) is reported as `unit-above-max`.
 */
export function splitHeavyUnits<P extends object>(
  units: readonly Feature<Polygon | MultiPolygon, P & Partial<UnitMeasures>>[],
  entities: EntityTables,
  model: WorkloadModel,
  options: SplitHeavyUnitsOptions = {},
): SplitResult<P> {
  const resolved = resolveModel(model);
  const max = options.max ?? deepestMax(resolved.targets);
  if (!(typeof max === 'number' && max > 0 && Number.isFinite(max))) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `max must be a load > 0, got ${String(max)}`);
  }
  const { min, stranded = [] } = options;
  if (min !== undefined && !(typeof min === 'number' && min >= 0 && min <= max)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `min must be a load in 0..max (${max}), got ${String(min)}`,
    );
  }
  if (stranded.length > 0 && min === undefined) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'stranded needs min (the range a grid should carry)');
  }
  if (!stranded.every((a) => Number.isInteger(a) && a >= 0 && a < units.length)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `stranded must hold unit indices in 0..${units.length - 1}`,
    );
  }
  if (options.plan !== undefined && !(options.plan instanceof GridPlan)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'plan must be a GridPlan');
  }
  const measured = measureUnits(units, entities, model);
  const points = entityPoints(units, entities, resolved, options.buildingColumn);
  const insertions = new VertexInsertions();
  const findings: SplitFinding[] = [];
  const pieces: Array<{ from: number; rings: Position[][][] }> = [];
  const polygonsOfUnit = measured.map((u) =>
    onKernelGrid(polygonsOf(normalizeGeometry(u.geometry)) as Position[][][]),
  );
  const idOf = (i: number) =>
    (measured[i].id ?? (measured[i].properties as { id?: string | number }).id ?? i) as string | number;
  const simple = (i: number) => polygonsOfUnit[i].length === 1 && polygonsOfUnit[i][0].length === 1;
  const strand =
    stranded.length === 0
      ? { cuts: new Map<number, StrandCut>(), left: [] }
      : strandCuts(
          measured.map((u) => normalizeGeometry(u.geometry)),
          measured.map((u) => u.properties.load),
          stranded,
          (i) =>
            options.groupBy === undefined
              ? 0
              : (measured[i].properties as Record<string, unknown>)[options.groupBy],
          { min: min!, max },
          (i) => simple(i) && measured[i].properties.load <= max && (points.get(i)?.length ?? 0) >= 2,
        );
  const base = (i: number, kind: SplitFinding['kind'], parts: number) => ({
    id: `${kind}:${idOf(i)}`,
    kind,
    grids: gridOf(measured[i].properties),
    unit: i,
    unitId: idOf(i),
    load: measured[i].properties.load,
    parts,
  });
  measured.forEach((u, i) => {
    const id = idOf(i);
    const polygons = polygonsOfUnit[i];
    const load = round(u.properties.load);
    const cut = strand.cuts.get(i);
    if (cut !== undefined) {
      const parts = cutForStranded(polygons[0][0], points.get(i)!, cut, insertions);
      for (const ring of parts) pieces.push({ from: i, rings: [[ring]] });
      const s = cut.stranded;
      findings.push(
        parts.length > 1
          ? {
              ...base(i, 'unit-split', parts.length),
              severity: 'info',
              stranded: s,
              message: `unit ${id} carries ${load}; its neighbour ${idOf(s)} (${round(measured[s].properties.load)}) strands its grid (below ${min} alone, above ${max} with any neighbours): cut into ${parts.length} parts, the one along ${idOf(s)} for about ${round(cut.near)}`,
            }
          : {
              ...base(s, 'unit-stranded', 1),
              severity: 'warning',
              message: `unit ${idOf(s)} (${round(measured[s].properties.load)}) strands its grid and its neighbour ${id} has no clean cut (buildings in the way): widen the range or split ${id} by hand`,
            },
      );
      return;
    }
    if (u.properties.load <= max) {
      pieces.push({ from: i, rings: polygons });
      return;
    }
    // A unit in several parts is split at its parts; a simple one is cut; one with holes stays whole.
    const parts: Position[][][] =
      polygons.length > 1
        ? polygons
        : simple(i)
          ? cutUntilUnder(polygons[0][0], points.get(i) ?? [], { min, max }, insertions).map((r) => [r])
          : polygons;
    for (const poly of parts) pieces.push({ from: i, rings: [poly] });
    findings.push({
      ...base(i, parts.length > 1 ? 'unit-split' : 'unit-above-max', parts.length),
      severity: parts.length > 1 ? 'info' : 'error',
      message:
        parts.length > 1
          ? `unit ${id} carries ${load}, above the maximum ${max}: split into ${parts.length} parts${polygons.length > 1 ? ' (its own parts)' : ''}`
          : `unit ${id} carries ${load}, above the maximum ${max}, and cannot be split (${simple(i) ? 'a single building' : 'it has holes'}): widen the range or give it a grid of its own`,
    });
  });
  for (const { stranded: s, reason } of strand.left) {
    findings.push({
      ...base(s, 'unit-stranded', 1),
      severity: 'warning',
      message: `unit ${idOf(s)} (${round(measured[s].properties.load)}) strands its grid and no neighbour was cut for it: ${reason}`,
    });
  }
  findings.sort((a, b) => a.unit - b.unit || a.kind.localeCompare(b.kind));
  const partCount = new Map<number, number>();
  for (const p of pieces) partCount.set(p.from, (partCount.get(p.from) ?? 0) + 1);
  const seenPart = new Map<number, number>();
  const rebuilt = pieces.map((p) => {
    const u = units[p.from];
    const k = (seenPart.get(p.from) ?? 0) + 1;
    seenPart.set(p.from, k);
    const rings = p.rings.map((poly) => poly.map((ring) => insertions.apply(ring)));
    const geometry: Polygon | MultiPolygon =
      rings.length === 1
        ? { type: 'Polygon', coordinates: rings[0] }
        : { type: 'MultiPolygon', coordinates: rings };
    if (partCount.get(p.from) === 1) return { ...u, geometry };
    const id = (u.id ?? (u.properties as { id?: string | number }).id ?? p.from) as string | number;
    const { id: _id, ...rest } = u;
    return { ...rest, id: `${id}/${k}`, properties: { ...u.properties, splitOf: p.from }, geometry };
  });
  const remeasured = measureUnits(rebuilt, entities, model) as SplitResult<P>['units'];
  for (const f of findings) {
    if (f.kind !== 'unit-split') continue;
    const still = remeasured.filter((u, k) => pieces[k].from === f.unit && u.properties.load > max);
    if (still.length > 0) {
      f.message += `; ${still.length} part(s) still above the maximum (a building or a dense spot too heavy to cut${f.message.endsWith('(its own parts)') ? ', or a part to split again' : ''})`;
    }
  }
  return {
    units: remeasured,
    findings,
    plan: options.plan === undefined ? undefined : withInsertions(options.plan, insertions),
  };
}

/**
 * Polygons with every vertex on the kernel's 1e-9° grid (`@wangge/geometry`'s `snapCoordinate`), the
 * one precision units, plans and partition's grids share (repeats left by the snap are dropped later).
 */
function onKernelGrid(polygons: Position[][][]): Position[][][] {
  return polygons.map((poly) =>
    poly.map((ring) => ring.map((p): Position => [snapCoordinate(p[0]), snapCoordinate(p[1])])),
  );
}

/** The plan on the kernel's grid with recorded vertices inserted into every grid ring. */
function withInsertions(plan: GridPlan, insertions: VertexInsertions): GridPlan {
  return GridPlan.from(
    plan.grids.map((g) => {
      const polygons = onKernelGrid(polygonsOf(g.geometry) as Position[][][]).map((poly) =>
        poly.map((ring) => insertions.apply(ring)),
      );
      return {
        ...g,
        geometry:
          g.geometry.type === 'Polygon'
            ? { type: 'Polygon', coordinates: polygons[0] }
            : { type: 'MultiPolygon', coordinates: polygons },
      };
    }),
    { depth: plan.depth },
  );
}

function deepestMax(targets: Map<number, { max: number }>): number | undefined {
  const levels = [...targets.keys()].sort((a, b) => b - a);
  return levels.length === 0 ? undefined : targets.get(levels[0])!.max;
}

/** The entities of every unit (placed by `@wangge/assign`'s point rule), with their loads. */
function entityPoints(
  units: readonly Feature<Polygon | MultiPolygon>[],
  entities: EntityTables,
  model: ReturnType<typeof resolveModel>,
  buildingColumn: string | undefined,
): Map<number, CutPoint[]> {
  const plan = unitsToPlan(units);
  const out = new Map<number, CutPoint[]>();
  let group = 0;
  for (const name of tablesOf(entities, model)) {
    const table: PointTable = entities[name];
    const { loads, unitOf } = entityLoadsOf(plan, table, model, name);
    const building =
      name === model.householdTable && buildingColumn !== undefined
        ? table.columns[buildingColumn]
        : undefined;
    if (buildingColumn !== undefined && name === model.householdTable && building === undefined) {
      throw new WanggeError(ErrorCode.INVALID_OPTION, `no column ${buildingColumn} in table ${name}`);
    }
    const groupOf = new Map<unknown, number>();
    for (let e = 0; e < table.length; e++) {
      const u = unitOf[e];
      if (u < 0) continue;
      let g: number;
      if (building === undefined) g = group++;
      else {
        const b = building[e];
        g = groupOf.get(b) ?? group++;
        groupOf.set(b, g);
      }
      const list = out.get(u) ?? [];
      list.push({ x: table.xy[2 * e], y: table.xy[2 * e + 1], load: loads[e], group: g });
      out.set(u, list);
    }
  }
  return out;
}

/**
 * Cuts a ring until every part's points carry at most `max`; the parts' rings out. A part heavier than
 * the maximum is cut in two at the share of its even split into `k = ceil(load / max)` parts, unless its
 * even parts would all fall below `min` (a unit between `max` and `2·min`): then the cut leaves one part
 * at the middle of the range and the rest. After every cut the new vertices go into every other part of
 * the unit too, so a later cut of one part never leaves its sibling with a vertex missing on their
 * shared edge.
 */
function cutUntilUnder(
  ring: Position[],
  points: CutPoint[],
  range: { min: number | undefined; max: number },
  insertions: VertexInsertions,
): Position[][] {
  const { min, max } = range;
  const done: Position[][] = [];
  const work: Array<{ ring: Position[]; points: CutPoint[] }> = [{ ring, points }];
  while (work.length > 0) {
    const item = work.shift()!;
    const total = item.points.reduce((s, p) => s + p.load, 0);
    const k = Math.ceil(total / max);
    const low = min !== undefined && total / k < min ? (min + max) / 2 : (total * Math.floor(k / 2)) / k;
    const cut = total <= max || item.points.length < 2 ? null : chooseCut(item.points, low);
    const sides = cut === null ? null : cutRing(item.ring, cut[0], cut[1], cut[2], insertions);
    if (cut === null || sides === null) {
      done.push(item.ring);
      continue;
    }
    for (const [s, rings] of sides.entries()) {
      const mine = item.points.filter((p) => (cut[0] * p.x + cut[1] * p.y - cut[2] < 0 ? 0 : 1) === s);
      // A side in several pieces is kept as it is (its points cannot be told apart by the line alone).
      if (rings.length === 1) work.push({ ring: rings[0], points: mine });
      else done.push(...rings);
    }
    for (const w of work) w.ring = insertions.apply(w.ring);
    for (let d = 0; d < done.length; d++) done[d] = insertions.apply(done[d]);
  }
  return done;
}

/**
 * Cuts a ring once for a stranded neighbour: across the line towards it, the side along it carrying about
 * `cut.near` (its part first); the ring alone when no clean cut exists.
 */
function cutForStranded(
  ring: Position[],
  points: CutPoint[],
  cut: StrandCut,
  insertions: VertexInsertions,
): Position[][] {
  const line = cutToward(points, cut.near, cut.dx, cut.dy);
  const sides = line === null ? null : cutRing(ring, line[0], line[1], line[2], insertions);
  return sides === null ? [ring] : [...sides[0], ...sides[1]];
}

function gridOf(properties: object): string[] {
  const grid = (properties as { grid?: unknown }).grid;
  return typeof grid === 'string' ? [grid] : [];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
