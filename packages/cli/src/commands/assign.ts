import { existsSync } from 'node:fs';
import {
  type AssignmentSummary,
  type AssignOptions,
  assign,
  assignStream,
  type EntityValue,
} from '@wangge/assign';
import { ErrorCode, type GridPlan, WanggeError } from '@wangge/core';
import type { Feature } from 'geojson';
import {
  aboutFile,
  type Command,
  type CommandContext,
  inputOptions,
  outputOptions,
  readInput,
  readOptionsOf,
  readPlan,
  UsageError,
  writeOutput,
} from '../internal/command';
import { fileRecords } from '../internal/entityStream';
import { csvHeader, formatOfFile, lonLatColumns } from '../io';

/** `wangge assign`: households, shops or incidents to their leaf grid, over `@wangge/assign`. */
export const assignCommand: Command = {
  name: 'assign',
  usage: 'wangge assign <plan> <points> [-o assigned.csv] [--plan-out counted.geojson] [--sum <column>]...',
  description: [
    'Places each point (or footprint) in exactly one leaf grid and counts them per grid, rolled up the',
    'hierarchy (楼不漏户: every household in exactly one grid). -o writes the entities with their grid code',
    "and chain of codes; --plan-out writes the plan with the counts in each grid's properties (what",
    '`wangge render` labels and `wangge report` reads). Exit 1 when any entity gets no grid (outside the',
    'plan, in a gap, or without valid coordinates), listed by input row. Large CSV/NDJSON files in WGS84',
    'without -o are streamed in bounded memory.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'entities with `grid` and `path` columns added',
    },
    'plan-out': {
      type: 'string',
      arg: '<file>',
      description: 'the plan with per-grid counts in its properties',
    },
    'count-as': {
      type: 'string',
      arg: '<name>',
      description: 'name of the per-grid count',
      default: 'households',
    },
    sum: {
      type: 'string',
      arg: '<name[=column]>',
      multiple: true,
      description: 'also sum a numeric column per grid (repeatable)',
    },
    category: {
      type: 'string',
      arg: '<column>',
      description: 'also count per value of this column, as <column>=<value>',
    },
    weight: {
      type: 'string',
      arg: '<column|number>',
      description: 'workload weight per entity, summed into `load`',
      default: '1',
    },
    ...inputOptions,
    ...outputOptions,
  },
  examples: [
    [
      'count households per grid, write the plan with counts for render and report',
      'wangge assign plan.geojson households.csv --sum residents --plan-out plan-counted.geojson',
    ],
    [
      'AMap shop points, each with its grid code',
      'wangge assign plan.geojson shops.csv --crs gcj02 --category kind -o shops-assigned.csv',
    ],
  ],
  positionals: [2, 2],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [planFile, entitiesFile] = positionals;
    const plan = await readPlan(planFile, values);
    const options = assignOptionsOf(values);
    const out = values.out as string | undefined;
    const read = readOptionsOf(values);
    const format = read.format ?? (entitiesFile === '-' ? undefined : formatOfFile(entitiesFile));
    const streamable =
      (format === 'csv' || format === 'ndjson') &&
      read.crs === undefined &&
      out === undefined &&
      entitiesFile !== '-';
    let summary: AssignmentSummary;
    if (streamable) {
      if (!existsSync(entitiesFile))
        throw new WanggeError(ErrorCode.UNREADABLE_INPUT, `${entitiesFile}: no such file`);
      let { lon, lat } = read;
      let columns: string[] | undefined;
      if (format === 'csv') {
        columns = csvHeader(entitiesFile).map((h) => h.trim());
        const { lonAt, latAt } = lonLatColumns(entitiesFile, columns, read);
        [lon, lat] = [columns[lonAt], columns[latAt]];
      }
      const file = fileRecords(
        entitiesFile,
        format,
        entitiesFile.toLowerCase().endsWith('.tsv') ? '\t' : [',', ';', '\t'],
      );
      const bar = ctx.progress('assigning', 100);
      summary = await aboutFile(entitiesFile, () =>
        assignStream(plan, file.records, {
          ...options,
          columns,
          lon,
          lat,
          onProgress: () =>
            bar.tick(file.totalBytes > 0 ? Math.round((100 * file.bytesRead()) / file.totalBytes) : 0),
        }),
      );
      bar.end();
    } else {
      const entities = await readInput(entitiesFile, values);
      const assignment = await aboutFile(entitiesFile, () => assign(plan, entities, options));
      summary = assignment;
      if (out !== undefined) {
        const assigned = entities.map(
          (f, i): Feature => ({
            ...f,
            properties: { ...f.properties, grid: assignment.codeOf(i), path: assignment.pathOf(i).join('/') },
          }),
        );
        await writeOutput(out, assigned, values);
      }
    }
    const planOut = values['plan-out'] as string | undefined;
    if (planOut !== undefined) await writeOutput(planOut, countedPlan(plan, summary), values);
    return resultOf(plan, summary, options.countAs!, [out, planOut]);
  },
};

/** The assign options the flags ask for. */
function assignOptionsOf(values: CommandContext['values']): AssignOptions {
  const counts: Record<string, EntityValue> = {};
  for (const spec of (values.sum as string[] | undefined) ?? []) {
    const [name, column = name] = spec.split('=');
    if (name === '' || column === '')
      throw new UsageError(`--sum takes <name> or <name>=<column>, got ${JSON.stringify(spec)}`);
    counts[name] = column;
  }
  const weight = values.weight as string | undefined;
  return {
    countAs: (values['count-as'] as string | undefined) ?? 'households',
    counts,
    category: values.category as string | undefined,
    weight:
      weight === undefined
        ? undefined
        : Number.isFinite(Number(weight)) && weight.trim() !== ''
          ? Number(weight)
          : weight,
  };
}

/** The plan's grids with every count of the summary (and `load`) in their properties. */
function countedPlan(plan: GridPlan, summary: AssignmentSummary): Feature[] {
  return plan.grids.map((g, id) => {
    const counts: Record<string, number> = {};
    for (const [name, values] of Object.entries(summary.counts)) counts[name] = values[id];
    return { ...g, properties: { ...g.properties, ...counts, load: summary.load[id] } };
  });
}

function resultOf(
  plan: GridPlan,
  summary: AssignmentSummary,
  countAs: string,
  written: Array<string | undefined>,
) {
  const byReason: Record<string, number> = {};
  for (const u of summary.unassigned) byReason[u.reason] = (byReason[u.reason] ?? 0) + 1;
  const counts = summary.counts[countAs];
  const leaves = plan
    .leaves()
    .map((g) => counts[plan.idOfCode(g.properties.code)])
    .sort((a, b) => a - b);
  const median = leaves.length === 0 ? 0 : leaves[Math.floor(leaves.length / 2)];
  const perGrid = Object.fromEntries(plan.grids.map((g, id) => [g.properties.code, counts[id]]));
  const human = [
    `assign: ${summary.assigned} of ${summary.total} placed in ${plan.leaves().length} leaf grids; ${summary.unassigned.length} left out${
      summary.unassigned.length > 0
        ? ` (${Object.entries(byReason)
            .map(([r, n]) => `${n} ${r}`)
            .join(', ')})`
        : ''
    }`,
    `  ${countAs} per leaf grid: min ${leaves[0] ?? 0}, median ${median}, max ${leaves.at(-1) ?? 0}`,
    ...plan
      .roots()
      .flatMap((root) =>
        [root, ...plan.childrenOf(root.properties.code)].map(
          (g) =>
            `  ${g.properties.code.padEnd(14)} ${String(counts[plan.idOfCode(g.properties.code)]).padStart(8)}`,
        ),
      ),
    ...summary.unassigned.slice(0, 10).map((u) => `  left out: data row ${u.index + 1} (${u.reason})`),
    ...(summary.unassigned.length > 10
      ? [`  ... and ${summary.unassigned.length - 10} more (see --json)`]
      : []),
    ...(summary.straddlers.length > 0 ? [`  ${summary.straddlers.length} footprints straddle grids`] : []),
    ...written.filter((f) => f !== undefined && f !== '-').map((f) => `  wrote ${f}`),
  ];
  return {
    status: summary.unassigned.length > 0 ? 1 : 0,
    human,
    json: {
      total: summary.total,
      assigned: summary.assigned,
      unassigned: summary.unassigned,
      unassignedByReason: byReason,
      straddlers: summary.straddlers.length,
      counts: perGrid,
    },
  };
}
