import { ErrorCode, type GridGeometry, WanggeError } from '@wangge/core';
import { PolygonIndex } from '@wangge/index';
import { checkTable, type EntityTables } from '../entities';
import type { ResolvedModel } from '../model';

/** Entities counted into polygons: one row per polygon, category columns in model order. */
export interface Tally {
  /** `counts[p * categories + c]`: entities of category c in polygon p. */
  counts: Float64Array;
  load: Float64Array;
  households: Float64Array;
  residents: Float64Array;
  /** Polygon of every entity per table (-1 outside every polygon). */
  owners: Map<string, Int32Array>;
  /** Entities outside every polygon, per table. */
  outside: Map<string, number>;
}

/** Locates every entity of the tables the model uses in `polygons` and adds up counts and loads. */
export function tallyEntities(
  polygons: readonly GridGeometry[],
  entities: EntityTables,
  model: ResolvedModel,
): Tally {
  if (typeof entities !== 'object' || entities === null) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, 'entities must be an object of entity tables by name');
  }
  const nc = model.categories.length;
  const n = polygons.length;
  const tally: Tally = {
    counts: new Float64Array(n * nc),
    load: new Float64Array(n),
    households: new Float64Array(n),
    residents: new Float64Array(n),
    owners: new Map(),
    outside: new Map(),
  };
  const tables = new Set(model.categories.map((c) => c.table));
  for (const name of tables) {
    if (entities[name] === undefined) {
      const users = model.categories.filter((c) => c.table === name).map((c) => c.name);
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `no entity table ${name}, which category ${users[0]} counts in`,
      );
    }
  }
  if (entities[model.householdTable] !== undefined) tables.add(model.householdTable);
  const index = PolygonIndex.from(
    polygons.map((geometry) => ({ type: 'Feature', properties: {}, geometry })),
  );
  for (const name of [...tables].sort()) {
    const table = entities[name];
    checkTable(name, table);
    const rules = model.categories.map((c, i) => [i, c] as const).filter(([, c]) => c.table === name);
    const isHouseholds = name === model.householdTable;
    const xy =
      table.xy instanceof Float64Array && table.xy.length === 2 * table.length
        ? table.xy
        : Float64Array.from({ length: 2 * table.length }, (_, i) => table.xy[i]);
    const owners = index.locateMany(xy);
    let outside = 0;
    for (let e = 0; e < table.length; e++) {
      const p = owners[e];
      if (p < 0) {
        outside++;
        continue;
      }
      const flags = table.flags === undefined ? 0 : table.flags[e];
      let load = 0;
      for (const [i, rule] of rules) {
        if (rule.flag !== 0 && (flags & rule.flag) === 0) continue;
        tally.counts[p * nc + i]++;
        load = model.combine === 'max' ? Math.max(load, rule.load) : load + rule.load;
      }
      tally.load[p] += load;
      if (isHouseholds) {
        tally.households[p]++;
        tally.residents[p] += table.residents === undefined ? 0 : table.residents[e];
      }
    }
    tally.owners.set(name, owners);
    tally.outside.set(name, outside);
  }
  return tally;
}
