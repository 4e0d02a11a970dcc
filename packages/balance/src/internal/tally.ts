import { ErrorCode, type GridGeometry, WanggeError } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import { checkTable, type EntityTable, type EntityTables } from '../entities';
import type { ResolvedCategory, ResolvedModel } from '../model';

/** The tables a model reads, sorted, each checked: every table a category names, and the household table if given. */
export function tablesOf(entities: EntityTables, model: ResolvedModel): string[] {
  if (typeof entities !== 'object' || entities === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'entities must be an object of entity tables by name');
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
export function rulesOf(model: ResolvedModel, table: string): Array<[number, ResolvedCategory]> {
  return model.categories
    .map((c, i): [number, ResolvedCategory] => [i, c])
    .filter(([, c]) => c.table === table);
}

/** Load of every entity of a table: its categories' loads, combined as the model says. */
export function entityLoads(
  table: EntityTable,
  rules: Array<[number, ResolvedCategory]>,
  combine: 'max' | 'sum',
): Float64Array {
  const loads = new Float64Array(table.length);
  for (let e = 0; e < table.length; e++) {
    const flags = table.flags === undefined ? 0 : table.flags[e];
    let load = 0;
    for (const [, rule] of rules) {
      if (rule.flag !== 0 && (flags & rule.flag) === 0) continue;
      load = combine === 'max' ? Math.max(load, rule.load) : load + rule.load;
    }
    loads[e] = load;
  }
  return loads;
}

/** Entities counted into polygons (atomic units): one row per polygon, category columns in model order. */
export interface Tally {
  /** `counts[p * categories + c]`: entities of category c in polygon p. */
  counts: Float64Array;
  load: Float64Array;
  households: Float64Array;
}

/** Locates every entity of the tables the model uses in `polygons` and adds up counts and loads. */
export function tallyEntities(
  polygons: readonly GridGeometry[],
  entities: EntityTables,
  model: ResolvedModel,
): Tally {
  const nc = model.categories.length;
  const n = polygons.length;
  const tally: Tally = {
    counts: new Float64Array(n * nc),
    load: new Float64Array(n),
    households: new Float64Array(n),
  };
  const index = PolygonIndex.from(
    polygons.map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
  );
  for (const name of tablesOf(entities, model)) {
    const table = entities[name];
    const rules = rulesOf(model, name);
    const loads = entityLoads(table, rules, model.combine);
    const xy =
      table.xy instanceof Float64Array && table.xy.length === 2 * table.length
        ? table.xy
        : Float64Array.from({ length: 2 * table.length }, (_, i) => table.xy[i]);
    const owners = index.locateMany(xy);
    for (let e = 0; e < table.length; e++) {
      const p = owners[e];
      if (p < 0) continue;
      const flags = table.flags === undefined ? 0 : table.flags[e];
      for (const [i, rule] of rules)
        if (rule.flag === 0 || (flags & rule.flag) !== 0) tally.counts[p * nc + i]++;
      tally.load[p] += loads[e];
      if (name === model.householdTable) tally.households[p]++;
    }
  }
  return tally;
}
