import { type LoadReport, loadReport } from '@wangge/balance';
import type { GridPlan } from '@wangge/core';
import type { Feature } from 'geojson';
import { parseCrs } from '../crs';
import {
  aboutFile,
  aboutFiles,
  type Command,
  type CommandContext,
  inputOptions,
  outputOptions,
  pointsCrsOption,
  UsageError,
} from '../internal/command';
import { datumWarning } from '../internal/datum';
import { entityOptions, readModel, readTables, round } from '../internal/entities';
import { readPlan } from '../internal/inputs';
import { writeOutput } from '../internal/outputs';
import {
  planToRecords,
  type RegisterFinding,
  readStaff,
  readStaffingModel,
  staffOptions,
} from '../internal/register';
import { checkStaffing, type StaffingFinding, type StaffingResult } from '../staffing';

/** `wangge report`: the workload of every grid, over `loadReport` of `@wangge/balance`. */
export const report: Command = {
  name: 'report',
  usage:
    'wangge report <plan> --households <file> [--model model.json] [--target 3=300..500] [-o report.csv]',
  description: [
    'Locates the entities in the leaf grids, rolls them up the hierarchy and weighs them with the workload',
    'model: per grid the counts per category, households, residents, load, deviation and status against',
    "its level's target, and staffing checks when the model lists staff; per level the max/min ratio, CV",
    'and Gini. Exit 1 when there are findings: grids out of range, staffing gaps, entities in no grid.',
    '-o writes one row per grid (.csv) or the plan with the figures in its properties (.geojson).',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'per-grid figures: .csv table or .geojson plan',
      output: 'features',
    },
    ...entityOptions,
    ...staffOptions,
    ...inputOptions,
    ...pointsCrsOption,
    ...outputOptions,
  },
  examples: [
    [
      'grids of 300 to 500 households, key groups weighed by a model',
      'wangge report plan.geojson --households households.csv --model workload.json --target 3=300..500 -o load.csv',
    ],
  ],
  positionals: [1, 1],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [planFile] = positionals;
    if (values.households === undefined && values.table === undefined)
      throw new UsageError('give the entities to weigh: --households <file> or --table <name>=<file>');
    const model = readModel(values);
    ctx.phase(`reading ${planFile}`);
    const plan = await readPlan(ctx, planFile);
    const tables = await readTables(ctx);
    const householdsFile = values.households as string | undefined;
    if (tables.households !== undefined && householdsFile !== undefined) {
      const planCrs = values.crs === undefined ? undefined : parseCrs(values.crs as string);
      const pointsCrs =
        values['points-crs'] === undefined ? undefined : parseCrs(values['points-crs'] as string);
      const warning = datumWarning(plan, tables.households.xy, planCrs, pointsCrs, householdsFile);
      if (warning !== undefined) ctx.warn(warning);
    }
    ctx.phase(`weighing ${plan.size.toLocaleString('en')} grids`);
    const tableFiles = ((values.table as string[] | undefined) ?? []).map((spec): [RegExp, string] => [
      new RegExp(`\\b${spec.slice(0, spec.indexOf('='))}\\b`),
      spec.slice(spec.indexOf('=') + 1),
    ]);
    const result = await aboutFiles(
      [
        [/household|entit/i, householdsFile],
        ...tableFiles,
        [/model|categor|target|staff|weight/i, values.model as string | undefined],
      ],
      planFile,
      () => loadReport(plan, tables, model),
    );
    const staffing = await staffingOf(ctx, plan, result);
    const findings = [...result.findings, ...(staffing?.findings ?? [])];
    const out = values.out as string | undefined;
    if (out !== undefined) {
      const features: Feature[] = plan.grids.map((g, i) => {
        const r = result.grids[i];
        return {
          ...g,
          properties: {
            ...g.properties,
            ...r.counts,
            households: r.households,
            residents: r.residents,
            load: r.load,
            targetMin: r.target?.min ?? null,
            targetMax: r.target?.max ?? null,
            deviation: r.deviation,
            status: r.status,
            ...(staffing === undefined
              ? {}
              : {
                  workers: staffing.grids[i].workers,
                  workersPer10k: staffing.grids[i].workersPer10k,
                }),
          },
        };
      });
      writeOutput(ctx, out, features);
    }
    const human = [
      `report: ${plan.size} grids, ${findings.length} findings`,
      ...result.levels.map(
        (l) =>
          `  level ${l.level}: ${l.count} grids, load ${round(l.min)}..${round(l.max)} (mean ${round(l.mean)}), max/min ${round(l.maxMinRatio)}, CV ${l.cv.toFixed(3)}, Gini ${l.gini.toFixed(3)}; ${l.under} under, ${l.over} over target`,
      ),
      ...(staffing === undefined
        ? []
        : [
            `  staff: ${staffing.persons.length} persons, ${staffing.persons.filter((p) => p.grids.length > 1).length} of them on two or more grids (each counted once)`,
          ]),
      ...findings.slice(0, 15).map((f) => `  ${f.kind.padEnd(20)} ${f.message}`),
      ...(findings.length > 15 ? [`  ... and ${findings.length - 15} more (see --json)`] : []),
      ...(out !== undefined && out !== '-' ? [`  wrote ${out}`] : []),
    ];
    const json = {
      ...result,
      findings,
      ...(staffing === undefined ? {} : { persons: staffing.persons, staffing: staffing.grids }),
    };
    return { status: findings.length > 0 ? 1 : 0, human, json };
  },
};

/**
 * The staffing check of --staff over the report's own counts (households and residents of every grid),
 * with the staff rows naming no grid of the plan as findings too; `undefined` without --staff.
 */
async function staffingOf(
  ctx: CommandContext,
  plan: GridPlan,
  result: LoadReport,
): Promise<
  (Omit<StaffingResult, 'findings'> & { findings: Array<StaffingFinding | RegisterFinding> }) | undefined
> {
  const file = ctx.values.staff as string | undefined;
  if (file === undefined) return undefined;
  const staff = await aboutFile(file, () => readStaff(file));
  const modelFile = ctx.values.staffing as string | undefined;
  const model = readStaffingModel(modelFile);
  const counted = plan.grids.map(
    (g, i): Feature => ({
      ...g,
      properties: {
        ...g.properties,
        households: result.grids[i].households,
        residents: result.grids[i].residents,
      },
    }),
  );
  const { records, findings } = planToRecords(counted, { staff, neighbours: false });
  const staffing = await aboutFile(modelFile ?? file, () => checkStaffing(records, staff, model));
  return { ...staffing, findings: [...findings, ...staffing.findings] };
}
