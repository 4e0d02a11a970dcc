import { diffPlans } from '@wangge/balance';
import { aboutFile, type Command, inputOptions, pointsCrsOption } from '../internal/command';
import { readTables, round } from '../internal/entities';
import { readPlan } from '../internal/inputs';
import { writeTable } from '../internal/outputs';

/** `wangge diff`: what changed between two plans, over `diffPlans` of `@wangge/balance`. */
export const diff: Command = {
  name: 'diff',
  usage: 'wangge diff <before> <after> [--households <file>] [-o flows.csv] [--changes households.csv]',
  description: [
    'The record a plan change is filed with (网格调整备案): codes added, removed and reshaped; the area',
    '(exact overlay, geodesic m²) and households passing from one leaf grid to another; and, with',
    '--households, every household whose grid code changes (--changes). Always exit 0 unless the input',
    'is bad: a difference is not a defect.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file.csv>',
      description: 'one row per flow between leaf grids',
      output: 'table',
    },
    changes: {
      type: 'string',
      arg: '<file.csv>',
      description: 'one row per household whose grid changes',
      output: 'table',
    },
    households: {
      type: 'string',
      arg: '<file>',
      description: 'household points, to count what moves',
      input: true,
    },
    ...inputOptions,
    ...pointsCrsOption,
  },
  examples: [
    [
      'file a plan change',
      'wangge diff plan-2024.geojson plan-2025.geojson --households households.csv -o flows.csv',
    ],
  ],
  positionals: [2, 2],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [beforeFile, afterFile] = positionals;
    const before = await readPlan(ctx, beforeFile);
    const after = await readPlan(ctx, afterFile);
    const tables = await readTables(ctx, 'households');
    ctx.phase('overlaying the two plans');
    const result = await aboutFile(afterFile, () => diffPlans(before, after, tables));
    const out = values.out as string | undefined;
    if (out !== undefined) {
      writeTable(
        ctx,
        out,
        result.flows.map((f) => ({ from: f.from, to: f.to, area: f.area, ...f.entities })),
      );
    }
    const changesFile = values.changes as string | undefined;
    const changes = result.entityChanges.households ?? [];
    if (changesFile !== undefined) {
      writeTable(
        ctx,
        changesFile,
        changes.map((c) => ({ household: c.entity, from: c.from, to: c.to })),
      );
    }
    const list = (codes: string[]) =>
      codes.length === 0
        ? 'none'
        : codes.length <= 12
          ? codes.join(' ')
          : `${codes.slice(0, 12).join(' ')} … (${codes.length})`;
    const human = [
      `diff: ${result.added.length} added, ${result.removed.length} removed, ${result.changed.length} reshaped, ${result.unchanged} unchanged; ${round(result.areaMoved)} m² change grid${tables.households ? `, ${changes.length} households change grid` : ''}`,
      `  added:    ${list(result.added)}`,
      `  removed:  ${list(result.removed)}`,
      `  reshaped: ${list(result.changed)}`,
      ...result.flows
        .slice(0, 15)
        .map(
          (f) =>
            `  ${String(f.from ?? '(none)').padEnd(14)} → ${String(f.to ?? '(none)').padEnd(14)} ${round(f.area).padStart(12)} m²${f.entities.households !== undefined ? `  ${f.entities.households} households` : ''}`,
        ),
      ...(result.flows.length > 15
        ? [`  ... and ${result.flows.length - 15} more flows (see -o or --json)`]
        : []),
      ...[out, changesFile].filter((f) => f !== undefined && f !== '-').map((f) => `  wrote ${f}`),
    ];
    return { status: 0, human, json: { ...result } };
  },
};
