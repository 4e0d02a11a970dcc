import {
  type CodeStyle,
  ErrorCode,
  type GridGeometry,
  GridPlan,
  normalizeGeometry,
  type Range,
  WanggeError,
} from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import type { ExactSolver } from '../exact';
import { resolveModel, type WorkloadModel } from '../model';
import type { Locks, RebalanceOptions, UnitFeature, UnitProperties } from '../rebalance';
import { onPlanVertices } from './planVertices';
import { Slots } from './slots';
import { buildUnitGraph, type UnitGraph } from './units';

/** A leaf grid of the plan as the rebalancer reads it. */
interface Leaf {
  code: string;
  /** Its id in the plan. */
  id: number;
  /** Its parent's id in the plan. */
  parent: number;
  range: Range | null;
  locked: boolean;
}

/** The checked input of one rebalancing: everything a run starts from, read once. */
export interface RebalanceInput {
  plan: GridPlan;
  /** Unit geometries, on the plan's vertices where they meet its grids' boundaries. */
  geometries: GridGeometry[];
  unitIds: Array<string | number>;
  graph: UnitGraph;
  unitLoad: Float64Array;
  unitHouseholds: Float64Array;
  /** Units that never move (locked, or in several parts). */
  pinned: Uint8Array;
  lockedUnit: Uint8Array;
  /** Plan id of each unit's leaf grid. */
  gridOfUnit: Int32Array;
  leaves: Leaf[];
  maxPath: number;
  allowSplit: boolean;
  allowMerge: boolean;
  maxSteps: number;
  codeStyle: CodeStyle | undefined;
  exact: ExactSolver | undefined;
}

/** Validates the input of `rebalance`; throws a {@link WanggeError} naming the offending unit or option. */
export function readInput(
  plan: GridPlan,
  units: readonly UnitFeature[],
  model: WorkloadModel,
  options: RebalanceOptions,
): RebalanceInput {
  if (!(plan instanceof GridPlan)) throw new WanggeError(ErrorCode.INVALID_OPTION, 'plan must be a GridPlan');
  if (typeof options !== 'object' || options === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'options must be an object');
  }
  const resolved = resolveModel(model);
  const maxPath = options.maxPath ?? 3;
  if (!Number.isInteger(maxPath) || maxPath < 1) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `maxPath must be a whole number ≥ 1, got ${options.maxPath}`,
    );
  }
  const allowSplit = options.split ?? true;
  const allowMerge = options.merge ?? true;
  if (typeof allowSplit !== 'boolean' || typeof allowMerge !== 'boolean') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'split and merge must be booleans');
  }
  if (!Array.isArray(units) || units.length === 0) {
    throw new WanggeError(ErrorCode.EMPTY_INPUT, 'rebalance needs at least one unit');
  }
  const maxSteps = options.maxSteps ?? 20 * units.length;
  if (!Number.isInteger(maxSteps) || maxSteps < 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `maxSteps must be a whole number ≥ 0, got ${options.maxSteps}`,
    );
  }
  if (options.codeStyle !== undefined && !['letter', 'numeric'].includes(options.codeStyle?.kind)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'codeStyle must be letterCodes() or numericCodes()');
  }
  const locks = checkLocks(options.locked, plan);
  if (options.exact !== undefined && typeof options.exact?.solve !== 'function') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'exact must be a solver from loadExactSolver()');
  }
  const leaves: Leaf[] = [];
  plan.grids.forEach((g, id) => {
    if (plan.childrenOf(g.properties.code).length > 0) return;
    leaves.push({
      code: g.properties.code,
      id,
      parent: plan.idOfCode(g.properties.parent ?? ''),
      range: resolved.targets.get(g.properties.level) ?? null,
      locked: locks.grids.has(g.properties.code),
    });
  });
  if (leaves.every((l) => l.range === null)) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `model.targets has no range for the leaf levels ${plan.levels().join(', ')}`,
    );
  }
  const n = units.length;
  const unitLoad = new Float64Array(n);
  const unitHouseholds = new Float64Array(n);
  const pinned = new Uint8Array(n);
  const lockedUnit = new Uint8Array(n);
  const gridOfUnit = new Int32Array(n);
  const geometries: GridGeometry[] = [];
  const unitIds: Array<string | number> = [];
  const toPlan = onPlanVertices(leaves.map((l) => plan.grids[l.id].geometry));
  units.forEach((f, i) => {
    const props = f?.properties as Partial<UnitProperties> | undefined;
    const id = (f?.id ?? (props?.id as string | number | undefined) ?? i) as string | number;
    const at = { featureIndex: i, featureId: id };
    if (typeof props !== 'object' || props === null) {
      throw new WanggeError(
        ErrorCode.INVALID_PROPERTIES,
        'a unit needs properties { grid, households, load }',
        at,
      );
    }
    for (const key of ['households', 'load'] as const) {
      const v = props[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new WanggeError(
          ErrorCode.INVALID_PROPERTIES,
          `properties.${key} must be a number ≥ 0, got ${JSON.stringify(v)}`,
          at,
        );
      }
    }
    const gridId = typeof props.grid === 'string' ? plan.idOfCode(props.grid) : -1;
    if (gridId < 0) {
      throw new WanggeError(
        ErrorCode.INVALID_CODE,
        `properties.grid ${JSON.stringify(props.grid)} is not a grid of the plan`,
        at,
      );
    }
    if (plan.childrenOf(props.grid as string).length > 0) {
      throw new WanggeError(
        ErrorCode.INVALID_LEVEL,
        `unit lies in grid ${props.grid}, which is not a leaf grid`,
        at,
      );
    }
    const geometry = toPlan(normalizeGeometry(f.geometry, at));
    geometries.push(geometry);
    unitLoad[i] = props.load as number;
    unitHouseholds[i] = props.households as number;
    if (locks.units.has(id)) lockedUnit[i] = 1;
    // A unit in several parts never moves: the grid receiving it would gain a part.
    if (polygonsOf(geometry).length > 1 || lockedUnit[i] === 1) pinned[i] = 1;
    unitIds.push(id);
    gridOfUnit[i] = gridId;
  });
  const known = new Set(unitIds);
  const unknown = [...locks.units].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `locked.units names ${JSON.stringify(unknown[0])}, which is no unit's id`,
    );
  }
  return {
    plan,
    geometries,
    unitIds,
    graph: buildUnitGraph(geometries),
    unitLoad,
    unitHouseholds,
    pinned,
    lockedUnit,
    gridOfUnit,
    leaves,
    maxPath,
    allowSplit,
    allowMerge,
    maxSteps,
    codeStyle: options.codeStyle,
    exact: options.exact,
  };
}

/** A fresh state of a run from the input: one slot per leaf grid, every unit in its grid. */
export function slotsOf(input: RebalanceInput): Slots {
  const owner = new Int32Array(input.unitLoad.length);
  const slots = new Slots(
    input.graph,
    input.unitLoad,
    input.unitHouseholds,
    owner,
    input.pinned,
    input.lockedUnit,
  );
  const slotOfGrid = new Map<number, number>();
  for (const leaf of input.leaves) {
    slotOfGrid.set(leaf.id, slots.addSlot(leaf.code, leaf.parent, leaf.range, leaf.id, leaf.locked));
  }
  input.gridOfUnit.forEach((g, u) => {
    slots.place(u, slotOfGrid.get(g)!);
  });
  slots.commit();
  return slots;
}

function checkLocks(
  locked: Locks | undefined,
  plan: GridPlan,
): { grids: Set<string>; units: Set<string | number> } {
  if (locked === undefined) return { grids: new Set(), units: new Set() };
  if (typeof locked !== 'object' || locked === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'locked must be { grids?, units? }');
  }
  const grids = locked.grids ?? [];
  const units = locked.units ?? [];
  if (!Array.isArray(grids) || !Array.isArray(units)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'locked.grids and locked.units must be arrays');
  }
  for (const code of grids) {
    if (typeof code !== 'string' || !plan.has(code) || plan.childrenOf(code).length > 0) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `locked.grids names ${JSON.stringify(code)}, which is not a leaf grid of the plan`,
      );
    }
  }
  return { grids: new Set(grids), units: new Set(units) };
}
