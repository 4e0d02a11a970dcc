import { readFileSync } from 'node:fs';
import type { EntityTables, WorkloadModel } from '@wangge/balance';
import { ErrorCode, type PointTable, pointTable, type Range, WanggeError } from '@wangge/core';
import type { Feature } from 'geojson';
import { badInput, type CommandContext, type OptionSpec, readInput, UsageError } from './command';

/** Options of commands that weigh grids by the entities in them. */
export const entityOptions: Record<string, OptionSpec> = {
  households: {
    type: 'string',
    arg: '<file>',
    description:
      'household points (CSV/GeoJSON/NDJSON); `flags` and `residents` columns are used when present',
  },
  table: {
    type: 'string',
    arg: '<name=file>',
    multiple: true,
    description: 'a further entity table for the model, e.g. keyUnits=key-units.geojson (repeatable)',
  },
  model: {
    type: 'string',
    arg: '<file.json>',
    description: 'workload model: { categories, combine, targets, staff, minWorkersPer10k }',
    default: 'one load per household',
  },
  target: {
    type: 'string',
    arg: '<level=min..max>',
    multiple: true,
    description: 'target load of a level, e.g. 3=300..500 (repeatable; overrides the model)',
  },
};

/** Point features as an entity table: positions, `flags` (bit flags) and `residents` when present. */
export function featuresToTable(file: string, features: readonly Feature[]): PointTable {
  const n = features.length;
  const xy = new Float64Array(2 * n);
  const flags = new Uint32Array(n);
  const residents = new Float64Array(n);
  features.forEach((f, i) => {
    if (f.geometry?.type !== 'Point') {
      badInput(file, `feature #${i} is a ${f.geometry?.type ?? 'null geometry'}; entities must be points`);
    }
    xy[2 * i] = f.geometry.coordinates[0];
    xy[2 * i + 1] = f.geometry.coordinates[1];
    const p = f.properties ?? {};
    flags[i] = Number(p.flags ?? 0) >>> 0;
    residents[i] = Number(p.residents ?? 0) || 0;
  });
  return pointTable(xy, { flags, residents });
}

/** The entity tables the flags name: `households` from --households, others from --table name=file. */
export async function readTables(values: CommandContext['values']): Promise<EntityTables> {
  const tables: Record<string, PointTable> = {};
  const households = values.households as string | undefined;
  if (households !== undefined)
    tables.households = featuresToTable(households, await readInput(households, values));
  for (const spec of (values.table as string[] | undefined) ?? []) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1)
      throw new UsageError(`--table takes <name>=<file>, got ${JSON.stringify(spec)}`);
    const [name, file] = [spec.slice(0, at), spec.slice(at + 1)];
    tables[name] = featuresToTable(file, await readInput(file, values));
  }
  return tables;
}

/** The workload model from --model, with --target ranges laid over it. */
export function readModel(values: CommandContext['values']): WorkloadModel {
  const file = values.model as string | undefined;
  let model: WorkloadModel = { categories: { households: { weight: 1 } } };
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return badInput(file, 'cannot read the model file: check the path');
    }
    try {
      model = JSON.parse(text) as WorkloadModel;
    } catch (error) {
      return badInput(file, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof model !== 'object' || model === null || typeof model.categories !== 'object') {
      throw new WanggeError(
        ErrorCode.UNREADABLE_INPUT,
        `${file}: a model is { "categories": { ... }, "targets": { ... } }`,
      );
    }
  }
  const targets: Record<number, Range> = { ...(model.targets ?? {}) };
  for (const spec of (values.target as string[] | undefined) ?? []) {
    const m = /^([1-5])=(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(spec);
    if (m === null || Number(m[2]) > Number(m[3])) {
      throw new UsageError(
        `--target takes <level>=<min>..<max>, e.g. 3=300..500, got ${JSON.stringify(spec)}`,
      );
    }
    targets[Number(m[1])] = { min: Number(m[2]), max: Number(m[3]) };
  }
  return { ...model, targets };
}

/** A number for people: whole numbers as they are, others to two decimals. */
export function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
