import {
  type AssignedChunk,
  type AssignmentSummary,
  type AssignOptions,
  assign,
  assignStream,
  type EntityValue,
} from '@wangge/assign';
import { type GridPlan, positionProblem } from '@wangge/core';
import type { Feature } from 'geojson';
import { parseCrs } from '../crs';
import { AssignedCsv } from '../internal/assignedCsv';
import {
  aboutFile,
  badInput,
  type Command,
  inputOptions,
  outputOptions,
  pointsCrsOption,
  UsageError,
  type Values,
} from '../internal/command';
import { datumWarning } from '../internal/datum';
import { fileRecords } from '../internal/entityStream';
import { readInput, readOptionsOf } from '../internal/inputs';
import { writeOutput } from '../internal/outputs';
import {
  assignBySystems,
  assignRoads,
  readRules,
  readSystemPlan,
  rulesOption,
  systemOption,
} from '../internal/systems';
import { formatOfFile } from '../io/formats';
import { streamHeadOf } from '../io/head';
import { rowProblem, whereOf } from '../io/read';

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
    'without -o are streamed in bounded memory. A plan of several grid systems (properties.system,',
    '--system) gives each entity one leaf per system (`grid:<system>` columns), --rules first; entities no',
    'thematic grid claims are listed and pass.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'entities with `grid` and `path` columns added',
      output: 'features',
    },
    'plan-out': {
      type: 'string',
      arg: '<file>',
      description: 'the plan with per-grid counts in its properties',
      output: 'features',
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
    ...rulesOption,
    ...systemOption,
    ...inputOptions,
    ...pointsCrsOption,
    ...outputOptions,
  },
  examples: [
    [
      'count households per grid, write the plan with counts for render and report',
      'wangge assign plan.geojson households.csv --sum residents --plan-out plan-counted.geojson',
    ],
    [
      'AMap shop points, each with its grid code',
      'wangge assign plan.geojson shops.csv --points-crs gcj02 --category kind -o shops-assigned.csv',
    ],
    [
      'shops to their territorial grid and to the tax grids of their industry',
      'wangge assign plan.geojson shops.csv --system tax:thematic:membership --rules tax-rules.json -o out.csv',
    ],
  ],
  positionals: [2, 2],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [planFile, entitiesFile] = positionals;
    ctx.phase(`reading ${planFile}`);
    const plan = await readSystemPlan(ctx, planFile);
    const options = assignOptionsOf(values);
    const out = values.out as string | undefined;
    const rulesFile = values.rules as string | undefined;
    if (values.roads === true) {
      ctx.phase(`reading ${entitiesFile}`);
      const roads = await readInput(ctx, entitiesFile, 'points');
      const done = await aboutFile(entitiesFile, () => assignRoads(plan, roads));
      if (out !== undefined) writeOutput(ctx, out, done.entities);
      const planOut = values['plan-out'] as string | undefined;
      if (planOut !== undefined) writeOutput(ctx, planOut, done.counted);
      return { status: 0, human: done.human, json: done.json };
    }
    if (plan.systems.length > 1 || rulesFile !== undefined) {
      const rules = rulesFile === undefined ? [] : readRules(rulesFile);
      ctx.phase(`reading ${entitiesFile}`);
      const entities = await readInput(ctx, entitiesFile, 'points');
      const placeable = entities.map((f) =>
        rowProblem(f) === undefined
          ? f
          : { ...f, geometry: { type: 'Point' as const, coordinates: [NaN, NaN] } },
      );
      const done = await aboutFile(entitiesFile, () => assignBySystems(plan, placeable, options, rules));
      if (out !== undefined)
        writeOutput(
          ctx,
          out,
          done.entities.map((f, i) => ({ ...f, geometry: entities[i].geometry })),
        );
      const planOut = values['plan-out'] as string | undefined;
      if (planOut !== undefined) writeOutput(ctx, planOut, done.counted);
      const written = [out, planOut].filter((f) => f !== undefined && f !== '-').map((f) => `  wrote ${f}`);
      return { status: done.status, human: [...done.human, ...written], json: done.json };
    }
    const read = readOptionsOf(ctx, entitiesFile, 'points');
    const format = read.format ?? (entitiesFile === '-' ? undefined : formatOfFile(entitiesFile));
    const planCrs = values.crs === undefined ? undefined : parseCrs(values.crs as string);
    // A CSV written with each row's grid is streamed too (each row as read, then its grid and path);
    // other outputs need the features whole.
    const outFormat =
      out === undefined
        ? undefined
        : ((values.to as string | undefined) ?? (out === '-' ? 'geojson' : formatOfFile(out)));
    const writesCsv =
      format === 'csv' &&
      outFormat === 'csv' &&
      values['out-crs'] === undefined &&
      values['no-coordinates'] !== true;
    const streamFormat = format === 'csv' || format === 'ndjson' ? format : undefined;
    const head =
      streamFormat !== undefined &&
      read.crs === undefined &&
      (out === undefined || writesCsv) &&
      entitiesFile !== '-'
        ? streamHeadOf(entitiesFile, streamFormat, read)
        : undefined;
    // With -o, a file whose first positions are mostly not lon/lat (metres, swapped columns) is read
    // whole: that path names each bad row's reason, and refuses a file in metres naming --points-crs.
    const streamed = head !== undefined && (out === undefined || mostlyLonLat(head.sample));
    let summary: AssignmentSummary;
    let describeLeftOut = (index: number) => `data row ${index + 1}`;
    if (streamed && head !== undefined && streamFormat !== undefined) {
      const { lon, lat, encoding } = head;
      const columns = streamFormat === 'csv' ? head.columns : undefined;
      checkColumns(entitiesFile, options, head.columns.length > 0 ? head.columns : undefined);
      const wanted = columnsOf(options);
      const file = fileRecords(entitiesFile, streamFormat, {
        encoding,
        lon,
        lat,
        columns: [...wanted, ID_COLUMN],
        idColumn: wanted.includes(ID_COLUMN) ? undefined : ID_COLUMN,
      });
      let written: AssignedCsv | undefined;
      const onChunk =
        out === undefined
          ? undefined
          : ({ gridIds }: AssignedChunk) => {
              const batch = file.lastRows();
              written ??= assignedCsvOf(plan, batch.header, batch.delimiter);
              written.add(batch, gridIds);
            };
      const bar = ctx.progress('assigning', 100);
      summary = await aboutFile(entitiesFile, () =>
        assignStream(plan, file.records, {
          ...options,
          columns,
          lon,
          lat,
          onChunk,
          onProgress: () =>
            bar.tick(file.totalBytes > 0 ? Math.round((100 * file.bytesRead()) / file.totalBytes) : 100),
        }),
      );
      bar.end();
      // The datum check (which indexes the plan again, for a sample) only when most points missed.
      if (2 * summary.assigned < summary.total) {
        const warning = datumWarning(plan, head.sample, planCrs, undefined, entitiesFile);
        if (warning !== undefined) ctx.warn(warning);
      }
      if (out !== undefined && written !== undefined) ctx.write(out, written.bytes());
      describeLeftOut = (index) => `line ${file.lineOf(index)}`;
    } else {
      ctx.phase(`reading ${entitiesFile}`);
      const entities = await readInput(ctx, entitiesFile, 'points');
      checkColumns(
        entitiesFile,
        options,
        entities.length === 0
          ? undefined
          : [...new Set(entities.flatMap((f) => Object.keys(f.properties ?? {})))],
      );
      ctx.phase(`placing ${entities.length.toLocaleString('en')} entities`);
      // A row without a valid position is handed over as one, so it is left out as `invalid-coordinate`
      // (as in a stream) and keeps its place in the output.
      const placeable = entities.map((f) =>
        rowProblem(f) === undefined
          ? f
          : { ...f, geometry: { type: 'Point' as const, coordinates: [NaN, NaN] } },
      );
      const assignment = await aboutFile(entitiesFile, () => assign(plan, placeable, options));
      summary = assignment;
      describeLeftOut = (index) => {
        const problem = rowProblem(entities[index]);
        return `${whereOf(entities[index], index)}${problem === undefined ? '' : `: ${problem}`}`;
      };
      const xy = entities.flatMap((f) =>
        f.geometry?.type === 'Point' ? f.geometry.coordinates.slice(0, 2) : [],
      );
      const warning = datumWarning(plan, xy, planCrs, read.crs, entitiesFile);
      if (warning !== undefined) ctx.warn(warning);
      if (out !== undefined) {
        const assigned = entities.map(
          (f, i): Feature => ({
            ...f,
            properties: { ...f.properties, grid: assignment.codeOf(i), path: assignment.pathOf(i).join('/') },
          }),
        );
        writeOutput(ctx, out, assigned);
      }
    }
    const planOut = values['plan-out'] as string | undefined;
    if (planOut !== undefined) writeOutput(ctx, planOut, countedPlan(plan, summary));
    return resultOf(plan, summary, options.countAs!, [out, planOut], describeLeftOut);
  },
};

/** True when at least half of the sampled positions (`lon, lat` interleaved) are longitudes/latitudes. */
function mostlyLonLat(sample: readonly number[]): boolean {
  let good = 0;
  for (let i = 0; i + 1 < sample.length; i += 2)
    if (positionProblem(sample[i], sample[i + 1]) === null) good++;
  return 4 * good >= sample.length;
}

/** The writer of a streamed CSV with each row's grid code and path. */
function assignedCsvOf(plan: GridPlan, header: readonly string[], delimiter: string): AssignedCsv {
  return new AssignedCsv(
    header,
    delimiter,
    (g) => plan.grids[g].properties.code,
    (g) => plan.pathOf(plan.grids[g].properties.code).join('/'),
  );
}

/** The column `assign` reads ids from (its `idColumn` default; the CLI has no flag for it). */
const ID_COLUMN = 'id';

/** The columns the options read values from (`--sum`, `--weight`, `--category`). */
function columnsOf(options: AssignOptions): string[] {
  return [
    ...Object.values(options.counts ?? {}).filter((c): c is string => typeof c === 'string'),
    ...(typeof options.weight === 'string' ? [options.weight] : []),
    ...(options.category !== undefined ? [options.category] : []),
  ];
}

/**
 * Refuses (exit 2) a `--weight`, `--sum` or `--category` column the file does not have, naming the
 * columns it has; `columns` is `undefined` when the file has no rows to tell.
 */
function checkColumns(file: string, options: AssignOptions, columns: readonly string[] | undefined): void {
  if (columns === undefined) return;
  const wanted: Array<[flag: string, column: string]> = [
    ...Object.values(options.counts ?? {})
      .filter((c): c is string => typeof c === 'string')
      .map((c): [string, string] => ['--sum', c]),
    ...(typeof options.weight === 'string' ? [['--weight', options.weight] as [string, string]] : []),
    ...(options.category !== undefined ? [['--category', options.category] as [string, string]] : []),
  ];
  for (const [flag, column] of wanted) {
    if (!columns.includes(column)) {
      badInput(
        file,
        `no column ${JSON.stringify(column)} for ${flag} among ${JSON.stringify(columns)}: check the name`,
      );
    }
  }
}

/** The assign options the flags ask for. */
function assignOptionsOf(values: Values): AssignOptions {
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
  describeLeftOut: (index: number) => string,
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
    ...summary.unassigned.slice(0, 10).map((u) => `  left out: ${describeLeftOut(u.index)} (${u.reason})`),
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
      unassigned: summary.unassigned.map((u) => ({ ...u, where: describeLeftOut(u.index) })),
      unassignedByReason: byReason,
      straddlers: summary.straddlers.length,
      counts: perGrid,
    },
  };
}
