import type { EntityTables, WorkloadModel } from '@wangge/balance';
import { ErrorCode, type PointTable, pointTable, type Range, WanggeError } from '@wangge/core';
import type { Feature } from 'geojson';
import { readBytes } from '../io/read';
import { decodeBytes } from '../io/text';
import { badInput, type CommandContext, type OptionSpec, UsageError, type Values } from './command';
import { readInput } from './inputs';
import { pointsToXy, usablePoints } from './points';

/** Options of commands that weigh grids by the entities in them. */
export const entityOptions: Record<string, OptionSpec> = {
  households: {
    type: 'string',
    arg: '<file>',
    description:
      'household points (CSV/GeoJSON/NDJSON); `flags` and `residents` columns are used when present',
    input: true,
  },
  table: {
    type: 'string',
    arg: '<name=file>',
    multiple: true,
    description: 'a further entity table for the model, e.g. keyUnits=key-units.geojson (repeatable)',
    input: (value) => (value.indexOf('=') > 0 ? value.slice(value.indexOf('=') + 1) : undefined),
  },
  model: {
    type: 'string',
    arg: '<file.json>',
    description: 'workload model: { categories, combine, targets, staff, minWorkersPer10k }',
    default: 'one load per household',
    input: true,
  },
  target: {
    type: 'string',
    arg: '<level=min..max>',
    multiple: true,
    description: 'target load of a level, e.g. 3=300..500 (repeatable; overrides the model)',
  },
};

/**
 * The point features of an entity file as an entity table: positions, `flags` (bit flags) and
 * `residents` when present. Rows without a position are listed (`ctx.skip`) and left out.
 */
export function featuresToTable(ctx: CommandContext, file: string, features: readonly Feature[]): PointTable {
  const points = usablePoints(ctx, file, features, 'entities');
  const flags = new Uint32Array(points.length);
  const residents = new Float64Array(points.length);
  points.forEach((f, i) => {
    const p = f.properties ?? {};
    flags[i] = Number(p.flags ?? 0) >>> 0;
    residents[i] = Number(p.residents ?? 0) || 0;
  });
  return pointTable(pointsToXy(points), { flags, residents });
}

/** The entity tables the flags name: `households` from --households, others from --table name=file. */
export async function readTables(ctx: CommandContext, only?: 'households'): Promise<EntityTables> {
  const { values } = ctx;
  const tables: Record<string, PointTable> = {};
  const households = values.households as string | undefined;
  if (households !== undefined) {
    ctx.phase(`reading ${households}`);
    tables.households = featuresToTable(ctx, households, await readInput(ctx, households, 'points'));
  }
  if (only === 'households') return tables;
  for (const spec of (values.table as string[] | undefined) ?? []) {
    const at = spec.indexOf('=');
    if (at <= 0 || at === spec.length - 1)
      throw new UsageError(`--table takes <name>=<file>, got ${JSON.stringify(spec)}`);
    const [name, file] = [spec.slice(0, at), spec.slice(at + 1)];
    ctx.phase(`reading ${file}`);
    tables[name] = featuresToTable(ctx, file, await readInput(ctx, file, 'points'));
  }
  return tables;
}

/** The workload model from --model, with --target ranges laid over it. */
export function readModel(values: Values): WorkloadModel {
  const file = values.model as string | undefined;
  let model: WorkloadModel = { categories: { households: { weight: 1 } } };
  if (file !== undefined) {
    const { text } = decodeBytes(file, readBytes(file));
    try {
      model = JSON.parse(text) as WorkloadModel;
    } catch (error) {
      return badInput(file, `not valid JSON (${(error as Error).message})`);
    }
    const categories = (model as { categories?: unknown } | null)?.categories;
    if (
      typeof model !== 'object' ||
      model === null ||
      Array.isArray(model) ||
      typeof categories !== 'object' ||
      categories === null ||
      Array.isArray(categories)
    ) {
      throw new WanggeError(
        ErrorCode.UNREADABLE_INPUT,
        'a model is { "categories": { ... }, "targets": { ... } }',
        { file },
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
