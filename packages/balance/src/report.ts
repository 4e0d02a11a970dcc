import {
  checkRange,
  ErrorCode,
  type Finding,
  type GridPlan,
  type LoadStats,
  loadsToStats,
  type Range,
  WanggeError,
} from '@wangge/core';
import type { EntityTables } from './entities';
import { tallyPlan } from './internal/measure';
import { type ResolvedModel, resolveModel, type WorkloadModel } from './model';

/** Where a load stands against its level's target range. `untargeted` when the level has none. */
export type LoadStatus = 'under' | 'in' | 'over' | 'untargeted';

/** The team of one grid, and the checks made on it (AB岗: every grid has an A post and a B post). */
export interface StaffingCheck {
  /** 网格长 on this grid. */
  heads: number;
  /** 网格员 on this grid. */
  workers: number;
  /** B岗 (backup) on this grid. */
  backups: number;
  /** A head or a worker answers for the grid. */
  hasResponsible: boolean;
  /** Someone stands in when the responsible person is away. */
  hasBackup: boolean;
  /** Load per worker on this grid; `null` without workers. */
  loadPerWorker: number | null;
  /** Workers on this grid and every grid below it per 10,000 of its residents; `null` without residents. */
  workersPer10k: number | null;
}

/** The load of one grid. */
export interface GridLoad {
  /** The grid's code. */
  code: string;
  /** The grid's level. */
  level: number;
  /** Code of its parent, `null` at the top. */
  parent: string | null;
  /** Entities per category inside the grid. */
  counts: Record<string, number>;
  /** Households inside the grid. */
  households: number;
  /** Residents of those households. */
  residents: number;
  /** Work per month (or in the model's weight unit). */
  load: number;
  /** Target range of the grid's level, or `null`. */
  target: Range | null;
  /** `load / reference − 1`, the reference being the target's midpoint, or the level mean without a target. */
  deviation: number;
  /** Where the load stands against the target. */
  status: LoadStatus;
  /** Staffing, when the model lists staff. */
  staffing: StaffingCheck | null;
}

/** Evenness of one level. */
export interface LevelLoad extends LoadStats {
  /** The level. */
  level: number;
  /** Grids below their target. */
  under: number;
  /** Grids above their target. */
  over: number;
}

/** Kinds of finding in a {@link LoadReport}. */
export type LoadFindingKind =
  | 'over-target'
  | 'under-target'
  | 'no-responsible'
  | 'no-backup'
  | 'few-workers'
  | 'unassigned-entities';

/**
 * Something about the data a planner should act on, in core's {@link Finding} shape: `grids` holds the
 * grid concerned (`[]` for `unassigned-entities`).
 */
export interface LoadFinding extends Finding<LoadFindingKind> {
  /** The grid's load, for `over-target` and `under-target`. @default undefined */
  load?: number;
  /** Entities concerned, for `unassigned-entities`. @default undefined */
  entities?: number;
}

/** What {@link loadReport} returns. */
export interface LoadReport {
  /** Every grid of the plan, in plan order. */
  grids: GridLoad[];
  /** One entry per level, ascending. */
  levels: LevelLoad[];
  /** Grids out of range, staffing gaps, entities outside every grid: in plan order, then by kind. */
  findings: LoadFinding[];
  /** Entities per table that lie in no leaf grid (never silently dropped). */
  unassigned: Record<string, number>;
}

/**
 * The workload of every grid of a plan: entities are located in the leaf grids and rolled up to their
 * ancestors; each grid gets counts per category, load, deviation and status against its level's target,
 * and (with staff in the model) staffing checks; each level gets max/min ratio, CV and Gini.
 */
export function loadReport(plan: GridPlan, entities: EntityTables, model: WorkloadModel): LoadReport {
  const resolved = resolveModel(model);
  const nc = resolved.categories.length;
  // Placement, counting and roll-up are @wangge/assign's; the load of each entity is the model's.
  const { counts, load, households, residents, unassigned } = tallyPlan(plan, entities, resolved);
  const staffing = resolved.staff === undefined ? null : staffGrids(plan, resolved, load, residents);
  const levels = plan.levels();
  const levelMean = new Map<number, number>();
  for (const level of levels) {
    const ids = plan.grids.map((_, i) => i).filter((i) => plan.grids[i].properties.level === level);
    levelMean.set(level, ids.reduce((s, i) => s + load[i], 0) / ids.length);
  }
  const grids = plan.grids.map((g, i): GridLoad => {
    const { code, level, parent } = g.properties;
    const target = resolved.targets.get(level) ?? null;
    const reference = target === null ? levelMean.get(level)! : (target.min + target.max) / 2;
    const counted: Record<string, number> = {};
    resolved.categories.forEach((c, k) => {
      counted[c.name] = counts[i * nc + k];
    });
    return {
      code,
      level,
      parent,
      counts: counted,
      households: households[i],
      residents: residents[i],
      load: load[i],
      target,
      deviation: reference === 0 ? 0 : load[i] / reference - 1,
      status: loadToStatus(load[i], target),
      staffing: staffing === null ? null : staffing[i],
    };
  });
  const levelLoads = levels.map((level): LevelLoad => {
    const of = grids.filter((g) => g.level === level);
    return {
      level,
      ...loadsToStats(of.map((g) => g.load)),
      under: of.filter((g) => g.status === 'under').length,
      over: of.filter((g) => g.status === 'over').length,
    };
  });
  return { grids, levels: levelLoads, findings: findingsOf(plan, grids, unassigned, resolved), unassigned };
}

/** Where `load` stands against `target`. */
export function loadToStatus(load: number, target: Range | null): LoadStatus {
  if (target === null) return 'untargeted';
  checkRange(target, 'target');
  if (typeof load !== 'number') {
    throw new WanggeError(
      ErrorCode.INVALID_ARGUMENT,
      `loadToStatus: load must be a number, got ${typeof load}`,
    );
  }
  return load > target.max ? 'over' : load < target.min ? 'under' : 'in';
}

function staffGrids(
  plan: GridPlan,
  model: ResolvedModel,
  load: Float64Array,
  residents: Float64Array,
): StaffingCheck[] {
  const n = plan.size;
  const heads = new Int32Array(n);
  const workers = new Int32Array(n);
  const backups = new Int32Array(n);
  model.staff!.forEach((m, i) => {
    const g = plan.idOfCode(m.grid);
    if (g < 0) {
      throw new WanggeError(
        ErrorCode.INVALID_CODE,
        `staff member names grid ${JSON.stringify(m.grid)}, not in the plan`,
        {
          featureIndex: i,
          featureId: m.grid,
          path: 'staff',
        },
      );
    }
    (m.role === 'head' ? heads : m.role === 'worker' ? workers : backups)[g]++;
  });
  const below = Float64Array.from(workers);
  const parents = plan.parentIds();
  for (let g = 0; g < n; g++) for (let p = parents[g]; p >= 0; p = parents[p]) below[p] += workers[g];
  return plan.grids.map((_, g) => ({
    heads: heads[g],
    workers: workers[g],
    backups: backups[g],
    hasResponsible: heads[g] + workers[g] > 0,
    hasBackup: backups[g] > 0,
    loadPerWorker: workers[g] === 0 ? null : load[g] / workers[g],
    workersPer10k: residents[g] === 0 ? null : (below[g] / residents[g]) * 10_000,
  }));
}

function findingsOf(
  plan: GridPlan,
  grids: GridLoad[],
  unassigned: Record<string, number>,
  model: ResolvedModel,
): LoadFinding[] {
  const findings: LoadFinding[] = [];
  grids.forEach((g) => {
    const isLeaf = plan.childrenOf(g.code).length === 0;
    if (g.status === 'over' || g.status === 'under') {
      const bound = g.status === 'over' ? `above ${g.target!.max}` : `below ${g.target!.min}`;
      const kind = g.status === 'over' ? 'over-target' : 'under-target';
      findings.push({
        id: `${kind}:${g.code}`,
        kind,
        severity: 'warning',
        grids: [g.code],
        load: g.load,
        message: `grid ${g.code} carries load ${round(g.load)}, ${bound}`,
      });
    }
    const s = g.staffing;
    if (s === null) return;
    if (isLeaf && !s.hasResponsible) {
      findings.push({
        id: `no-responsible:${g.code}`,
        kind: 'no-responsible',
        severity: 'error',
        grids: [g.code],
        message: `grid ${g.code} has no head or worker`,
      });
    }
    if (isLeaf && !s.hasBackup) {
      findings.push({
        id: `no-backup:${g.code}`,
        kind: 'no-backup',
        severity: 'warning',
        grids: [g.code],
        message: `grid ${g.code} has no backup (B岗)`,
      });
    }
    const min = model.minWorkersPer10k;
    if (!isLeaf && min !== undefined && s.workersPer10k !== null && s.workersPer10k < min) {
      findings.push({
        id: `few-workers:${g.code}`,
        kind: 'few-workers',
        severity: 'warning',
        grids: [g.code],
        message: `grid ${g.code} has ${round(s.workersPer10k)} workers per 10,000 residents, fewer than ${min}`,
      });
    }
  });
  for (const [table, count] of Object.entries(unassigned)) {
    if (count > 0) {
      findings.push({
        id: `unassigned-entities:${table}`,
        kind: 'unassigned-entities',
        severity: 'error',
        grids: [],
        entities: count,
        message: `${count} entities of ${table} lie in no leaf grid`,
      });
    }
  }
  return findings;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
