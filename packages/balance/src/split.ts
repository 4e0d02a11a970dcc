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
import { cutRing, VertexInsertions } from './internal/cut';
import { entityLoadsOf, tablesOf } from './internal/measure';
import { resolveModel, type WorkloadModel } from './model';
import { measureUnits, type UnitMeasures, unitsToPlan } from './units';

/** Options of {@link splitHeavyUnits}. */
export interface SplitHeavyUnitsOptions {
  /** Most load a unit may carry. @default the maximum of the deepest level the model targets */
  max?: number;
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

/** A split made, or a unit no split can bring under the maximum. */
export interface SplitFinding extends Finding<'unit-split' | 'unit-above-max'> {
  /** Index of the input unit. */
  unit: number;
  /** Its id (feature id, `properties.id`, or its index). */
  unitId: string | number;
  /** Its load before the split. */
  load: number;
  /** Parts it was split into (1 when it could not be split). */
  parts: number;
}

/** What {@link splitHeavyUnits} returns. */
export interface SplitResult<P> {
  /**
   * The units, heavy ones replaced by their parts in place (each part with the unit's properties,
   * re-measured, plus `splitOf`: the input index, and `id`: `<unit id>/<part>`).
   */
  units: Feature<Polygon | MultiPolygon, P & UnitMeasures & { splitOf?: number }>[];
  /** Splits made and units left above the maximum, in input order. */
  findings: SplitFinding[];
  /** The plan with the cut vertices inserted, when one was given. */
  plan: GridPlan | undefined;
}

/**
 * Splits every unit heavier than the maximum into parts that each stay under it (拆分超大小区), so that
 * no grid is forced out of range by one unit: the unit's polygon is cut by straight lines across the
 * principal axis of its entities, at the load-weighted median (between buildings when a building column
 * is given), recursively until every part fits. Cut vertices are shared by both parts and inserted
 * into every other unit (and, with `plan`, every grid) that uses the cut edge. Parts are measured with
 * {@link measureUnits}. Every vertex of the units returned (and of the plan) is on the kernel's 1e-9°
 * grid, the precision `balancedPartition`'s grids have. Every split is a finding; a unit that cannot be
 * split under the maximum (a single building above it, a unit with holes or in several parts) is
 * reported as `unit-above-max`.
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
  if (options.plan !== undefined && !(options.plan instanceof GridPlan)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'plan must be a GridPlan');
  }
  const measured = measureUnits(units, entities, model);
  const points = entityPoints(units, entities, resolved, options.buildingColumn);
  const insertions = new VertexInsertions();
  const findings: SplitFinding[] = [];
  const pieces: Array<{ from: number; rings: Position[][][] }> = [];
  measured.forEach((u, i) => {
    const id = (u.id ?? (u.properties as { id?: string | number }).id ?? i) as string | number;
    const polygons = onKernelGrid(polygonsOf(normalizeGeometry(u.geometry)) as Position[][][]);
    if (u.properties.load <= max) {
      pieces.push({ from: i, rings: polygons });
      return;
    }
    const parts =
      polygons.length === 1 && polygons[0].length === 1
        ? cutUntilUnder(polygons[0][0], points.get(i) ?? [], max, insertions)
        : [polygons[0][0]];
    for (const ring of parts) pieces.push({ from: i, rings: [[ring]] });
    findings.push({
      id: `${parts.length > 1 ? 'unit-split' : 'unit-above-max'}:${id}`,
      kind: parts.length > 1 ? 'unit-split' : 'unit-above-max',
      severity: parts.length > 1 ? 'info' : 'error',
      grids: gridOf(u.properties),
      unit: i,
      unitId: id,
      load: u.properties.load,
      parts: parts.length,
      message:
        parts.length > 1
          ? `unit ${id} carries ${round(u.properties.load)}, above the maximum ${max}: split into ${parts.length} parts`
          : `unit ${id} carries ${round(u.properties.load)}, above the maximum ${max}, and cannot be split (${polygons.length > 1 || polygons[0].length > 1 ? 'it has holes or several parts' : 'a single building'}): widen the range or give it a grid of its own`,
    });
  });
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
      f.message += `; ${still.length} part(s) still above the maximum (a building or a dense spot too heavy to cut)`;
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

/** An entity of a unit, for choosing cuts: position, load and building group. */
interface Point {
  x: number;
  y: number;
  load: number;
  group: number;
}

/** The entities of every unit (placed by `@wangge/assign`'s point rule), with their loads. */
function entityPoints(
  units: readonly Feature<Polygon | MultiPolygon>[],
  entities: EntityTables,
  model: ReturnType<typeof resolveModel>,
  buildingColumn: string | undefined,
): Map<number, Point[]> {
  const plan = unitsToPlan(units);
  const out = new Map<number, Point[]>();
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
 * Cuts a ring until every part's points carry at most `max`; the parts' rings out. After every cut the
 * new vertices go into every other part of the unit too, so a later cut of one part never leaves its
 * sibling with a vertex missing on their shared edge.
 */
function cutUntilUnder(
  ring: Position[],
  points: Point[],
  max: number,
  insertions: VertexInsertions,
): Position[][] {
  const done: Position[][] = [];
  const work: Array<{ ring: Position[]; points: Point[] }> = [{ ring, points }];
  while (work.length > 0) {
    const item = work.shift()!;
    const total = item.points.reduce((s, p) => s + p.load, 0);
    const cut =
      total <= max || item.points.length < 2 ? null : chooseCut(item.points, Math.ceil(total / max));
    const sides = cut === null ? null : cutRing(item.ring, cut[0], cut[1], cut[2], insertions);
    if (cut === null || sides === null) {
      done.push(item.ring);
      continue;
    }
    const [nx, ny, c] = cut;
    sides.forEach((rings, s) => {
      const mine = item.points.filter((p) => (nx * p.x + ny * p.y - c < 0 ? 0 : 1) === s);
      // A side in several pieces is kept as it is (its points cannot be told apart by the line alone).
      if (rings.length === 1) work.push({ ring: rings[0], points: mine });
      else done.push(...rings);
    });
    for (const w of work) w.ring = insertions.apply(w.ring);
    for (let d = 0; d < done.length; d++) done[d] = insertions.apply(done[d]);
  }
  return done;
}

/**
 * A line through a gap between groups (buildings) that puts about `floor(k / 2) / k` of the points'
 * load on one side, across their principal axis where it can; null when no such gap exists.
 */
function chooseCut(points: Point[], k: number): [number, number, number] | null {
  const cosLat = Math.cos((points[0].y * Math.PI) / 180);
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x * cosLat;
    my += p.y;
  }
  mx /= points.length;
  my /= points.length;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dx = p.x * cosLat - mx;
    const dy = p.y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const principal = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  // Across the principal axis first; across other directions when buildings block every cut there.
  let best: { diff: number; cut: [number, number, number] } | null = null;
  for (const angle of [
    principal,
    principal + Math.PI / 2,
    principal + Math.PI / 4,
    principal - Math.PI / 4,
  ]) {
    const found = cutAcross(points, k, Math.cos(angle) * cosLat, Math.sin(angle));
    if (found !== null && (best === null || found.diff < best.diff - 1e-9)) best = found;
  }
  return best?.cut ?? null;
}

/** The best clean cut with normal (nx, ny): between groups, nearest the load share; null when none. */
function cutAcross(
  points: Point[],
  k: number,
  nx: number,
  ny: number,
): { diff: number; cut: [number, number, number] } | null {
  const groups = new Map<number, { lo: number; hi: number; load: number }>();
  for (const p of points) {
    const v = nx * p.x + ny * p.y;
    const g = groups.get(p.group);
    if (g === undefined) groups.set(p.group, { lo: v, hi: v, load: p.load });
    else {
      g.lo = Math.min(g.lo, v);
      g.hi = Math.max(g.hi, v);
      g.load += p.load;
    }
  }
  const order = [...groups.values()].sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  if (order.length < 2) return null;
  const total = order.reduce((s, g) => s + g.load, 0);
  const target = (total * Math.floor(k / 2)) / k;
  let best = -1;
  let bestDiff = Number.POSITIVE_INFINITY;
  let bestAt = 0;
  let acc = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < order.length; i++) {
    acc += order[i].load;
    reach = Math.max(reach, order[i].hi);
    // A clean gap: everything before ends before everything after begins.
    if (reach >= order[i + 1].lo) continue;
    const diff = Math.abs(acc - target);
    if (diff < bestDiff) {
      best = i;
      bestDiff = diff;
      bestAt = (reach + order[i + 1].lo) / 2;
    }
  }
  return best < 0 ? null : { diff: bestDiff, cut: [nx, ny, bestAt] };
}

function gridOf(properties: object): string[] {
  const grid = (properties as { grid?: unknown }).grid;
  return typeof grid === 'string' ? [grid] : [];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
