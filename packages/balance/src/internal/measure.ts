import { Assigner } from '@wangge/assign';
import {
  type Column,
  ErrorCode,
  type GridPlan,
  type PointTable,
  pointTable,
  selectRows,
  WanggeError,
} from '@wangge/core';
import { checkTable, type EntityTables } from '../entities';
import type { ResolvedCategory, ResolvedModel } from '../model';

/** The tables a model reads, sorted, each checked: every table a category names, and the household table if given. */
export function tablesOf(entities: EntityTables, model: ResolvedModel): string[] {
  if (typeof entities !== 'object' || entities === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'entities must be an object of point tables by name');
  }
  const tables = new Set(model.categories.map((c) => c.table));
  for (const name of tables) {
    if (entities[name] === undefined) {
      const user = model.categories.find((c) => c.table === name)!.name;
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `no entity table ${name}, which category ${user} counts in`,
      );
    }
  }
  if (entities[model.householdTable] !== undefined) tables.add(model.householdTable);
  const names = [...tables].sort();
  for (const name of names) checkTable(name, entities[name]);
  return names;
}

/** The categories of one table, with their column in the model's category order. */
function rulesOf(model: ResolvedModel, table: string): Array<[number, ResolvedCategory]> {
  return model.categories
    .map((c, i): [number, ResolvedCategory] => [i, c])
    .filter(([, c]) => c.table === table);
}

/** Per rule of a table, which rows it selects (core's `selectRows`), and each row's load under the model. */
function categoryColumns(
  table: PointTable,
  rules: Array<[number, ResolvedCategory]>,
  combine: 'max' | 'sum',
): { masks: Uint8Array[]; loads: Float64Array } {
  const masks = rules.map(([, rule]) =>
    rule.flag === 0
      ? new Uint8Array(table.length).fill(1)
      : selectRows(table, { column: rule.column, flag: rule.flag }),
  );
  const loads = new Float64Array(table.length);
  for (let e = 0; e < table.length; e++) {
    let load = 0;
    rules.forEach(([, rule], k) => {
      if (masks[k][e] === 0) return;
      load = combine === 'max' ? Math.max(load, rule.load) : load + rule.load;
    });
    loads[e] = load;
  }
  return { masks, loads };
}

/** Entities counted into the grids of a plan, by grid id; category columns in model order. */
export interface PlanTally {
  /** `counts[g * categories + c]`: entities of category c in grid g (rolled up to ancestors). */
  counts: Float64Array;
  load: Float64Array;
  households: Float64Array;
  residents: Float64Array;
  /** Entities per table in no leaf grid. */
  unassigned: Record<string, number>;
}

/**
 * Places every entity of the tables the model reads with `@wangge/assign`'s {@link Assigner} (the
 * index's one point rule) and adds up counts, loads, households and residents per grid.
 */
export function tallyPlan(plan: GridPlan, entities: EntityTables, model: ResolvedModel): PlanTally {
  const n = plan.size;
  const nc = model.categories.length;
  const tally: PlanTally = {
    counts: new Float64Array(n * nc),
    load: new Float64Array(n),
    households: new Float64Array(n),
    residents: new Float64Array(n),
    unassigned: {},
  };
  const names = tablesOf(entities, model);
  const assigner = new Assigner(plan);
  for (const name of names) {
    const table = entities[name];
    const rules = rulesOf(model, name);
    const { masks, loads } = categoryColumns(table, rules, model.combine);
    const isHouseholds = name === model.householdTable;
    const residents = table.columns.residents;
    const columns: Record<string, Column> = { load: loads };
    const counts: Record<string, string> = {};
    masks.forEach((mask, k) => {
      columns[`c${k}`] = mask;
      counts[`c${k}`] = `c${k}`;
    });
    if (isHouseholds) {
      columns.residents =
        residents === undefined
          ? new Uint8Array(table.length)
          : Float64Array.from({ length: table.length }, (_, i) => Number(residents[i]) || 0);
      counts.residents = 'residents';
    }
    const placed = assigner.assign(pointTable(table.xy, columns), {
      countAs: 'entities',
      counts,
      weight: 'load',
    });
    for (let g = 0; g < n; g++) {
      rules.forEach(([i], k) => {
        tally.counts[g * nc + i] += placed.counts[`c${k}`][g];
      });
      tally.load[g] += placed.load[g];
      if (isHouseholds) {
        tally.households[g] += placed.counts.entities[g];
        tally.residents[g] += placed.counts.residents[g];
      }
    }
    tally.unassigned[name] = placed.unassigned.length;
  }
  return tally;
}

/**
 * The load of every entity of one table under the model, and the plan grid id it lies in (placed by
 * `@wangge/assign`; -1 outside every leaf grid).
 */
export function entityLoadsOf(
  plan: GridPlan,
  table: PointTable,
  model: ResolvedModel,
  name: string,
): { loads: Float64Array; unitOf: Int32Array } {
  const { loads } = categoryColumns(table, rulesOf(model, name), model.combine);
  const placed = new Assigner(plan).assign(pointTable(table.xy), { countAs: 'entities' });
  return { loads, unitOf: placed.gridIds };
}
