import { assign } from '@wangge/assign';
import type { GridPlan } from '@wangge/core';
import type { Feature } from 'geojson';
import {
  aboutFile,
  type Command,
  type CommandContext,
  inputOptions,
  pointsCrsOption,
  UsageError,
} from '../internal/command';
import { readInput } from '../internal/inputs';
import { writeTable } from '../internal/outputs';
import { planToRecords, readStaff, readStaffingModel, staffOptions } from '../internal/register';
import { type RegisterLanguage, recordsToRows, rowsToXlsx } from '../internal/registerTable';
import { assignBySystems, readRules, readSystemPlan, rulesOption, systemOption } from '../internal/systems';
import { checkStaffing } from '../staffing';

/** `wangge register`: the grid register (网格责任人明细表) with staffing checks. */
export const register: Command = {
  name: 'register',
  usage:
    'wangge register <plan> -o register.xlsx|register.csv [--households <file>] [--units <file>] [--staff <file>] [--lang zh]',
  description: [
    'Writes the register a plan is filed with (网格责任人分布图及明细表): one row per grid with its code,',
    'name, level, grid system, parent chain, geodesic area in m², households, residents, key groups (重点人群:',
    'households with `flags`) and units, the persons of every role with their phones from the staff table,',
    'the neighbour grids (相邻网格) and the upper and lower contacts (上下级网格联系人). Counts come from',
    "--households and --units (placed like `wangge assign`), else from the plan's properties. An .xlsx has",
    'one sheet per level. Never any coordinate. With --staff, checks the staffing model (roles per level, a',
    'person on at most 2 grids, 18 workers per 10,000 residents): exit 1 on findings.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'the register: .xlsx (one sheet per level) or .csv',
      output: 'register',
    },
    households: {
      type: 'string',
      arg: '<file>',
      description: 'household points; `residents` and `flags` (key groups) columns are used when present',
      input: true,
    },
    units: {
      type: 'string',
      arg: '<file>',
      description: 'units (shops, key units) as points or footprints, counted per grid',
      input: true,
    },
    ...staffOptions,
    ...systemOption,
    ...rulesOption,
    lang: { type: 'string', arg: '<en|zh>', description: 'language of the column headers', default: 'en' },
    ...inputOptions,
    ...pointsCrsOption,
  },
  examples: [
    [
      'the register in Chinese, counts from the household file, staff checked',
      'wangge register plan.geojson --households households.csv --staff staff.csv --lang zh -o 明细表.xlsx',
    ],
  ],
  positionals: [1, 1],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [planFile] = positionals;
    const out = values.out as string | undefined;
    if (out === undefined) throw new UsageError('name the register: -o register.xlsx or -o register.csv');
    const lang = (values.lang as string | undefined) ?? 'en';
    if (lang !== 'en' && lang !== 'zh')
      throw new UsageError(`--lang must be en or zh, got ${JSON.stringify(lang)}`);
    ctx.phase(`reading ${planFile}`);
    const plan = await readSystemPlan(ctx, planFile);
    const counted = await countedGrids(ctx, plan);
    const staffFile = values.staff as string | undefined;
    const staff = staffFile === undefined ? [] : await aboutFile(staffFile, () => readStaff(staffFile));
    const model = readStaffingModel(values.staffing as string | undefined);
    const { records, findings: registerFindings } = planToRecords(counted, { staff });
    const staffing =
      staffFile === undefined
        ? undefined
        : await aboutFile((values.staffing as string | undefined) ?? staffFile, () =>
            checkStaffing(records, staff, model),
          );
    const findings = [...registerFindings, ...(staffing?.findings ?? [])];
    if (out.toLowerCase().endsWith('.xlsx'))
      ctx.write(out, await rowsToXlsx(records, lang as RegisterLanguage));
    else writeTable(ctx, out, recordsToRows(records, lang as RegisterLanguage).rows);
    const workers = staffing?.persons.filter((p) => p.grids.length > 0).length ?? 0;
    const human = [
      `register: ${records.length} grids, ${staff.length} persons${staffing === undefined ? '' : ` (${workers} on plan grids)`}, ${findings.length} findings`,
      ...findings.slice(0, 15).map((f) => `  ${f.kind.padEnd(20)} ${f.message}`),
      ...(findings.length > 15 ? [`  ... and ${findings.length - 15} more (see --json)`] : []),
      ...(out !== '-' ? [`  wrote ${out}`] : []),
    ];
    return {
      status: findings.length > 0 ? 1 : 0,
      human,
      json: {
        output: out,
        grids: records.length,
        persons: staffing?.persons ?? [],
        staffing: staffing?.grids ?? [],
        findings,
      },
    };
  },
};

/** What a register counts per household besides the household itself: residents and key groups (flags ≠ 0). */
const HOUSEHOLD_COUNTS = {
  residents: (e: Record<string, unknown>) => Number(e.residents ?? 0) || 0,
  keyGroups: (e: Record<string, unknown>) => (Number(e.flags ?? 0) >>> 0 === 0 ? 0 : 1),
};

/**
 * The plan's grids with the counts of --households (households, residents, keyGroups) and --units
 * (units) in their properties, placed by `@wangge/assign`; without the files the plan's own properties.
 */
async function countedGrids(ctx: CommandContext, plan: GridPlan): Promise<Feature[]> {
  const rulesFile = ctx.values.rules as string | undefined;
  if (plan.systems.length > 1 || rulesFile !== undefined) return countedBySystems(ctx, plan, rulesFile);
  const counts: Record<string, ArrayLike<number>> = {};
  const householdsFile = ctx.values.households as string | undefined;
  if (householdsFile !== undefined) {
    ctx.phase(`placing ${householdsFile}`);
    const households = await readInput(ctx, householdsFile, 'points');
    const summary = await aboutFile(householdsFile, () =>
      assign(plan, households, {
        countAs: 'households',
        counts: HOUSEHOLD_COUNTS,
      }),
    );
    for (const name of ['households', 'residents', 'keyGroups']) counts[name] = summary.counts[name];
    if (summary.unassigned.length > 0) {
      ctx.warn(
        `${summary.unassigned.length} of ${summary.total} households of ${householdsFile} lie in no grid (see wangge assign)`,
      );
    }
  }
  const unitsFile = ctx.values.units as string | undefined;
  if (unitsFile !== undefined) {
    ctx.phase(`placing ${unitsFile}`);
    const units = await readInput(ctx, unitsFile, 'points');
    const summary = await aboutFile(unitsFile, () => assign(plan, units, { countAs: 'units' }));
    counts.units = summary.counts.units;
    if (summary.unassigned.length > 0) {
      ctx.warn(`${summary.unassigned.length} of ${summary.total} units of ${unitsFile} lie in no grid`);
    }
  }
  return plan.grids.map((g, id): Feature => {
    const properties: Record<string, unknown> = { ...g.properties };
    for (const [name, values] of Object.entries(counts)) properties[name] = values[id];
    return { ...g, properties };
  });
}

/**
 * {@link countedGrids} for a plan of several grid systems: each grid gets the counts of its own system
 * (属地 + 行业), placed like `wangge assign --system`, the rules (`--rules`) before location.
 */
async function countedBySystems(
  ctx: CommandContext,
  plan: GridPlan,
  rulesFile: string | undefined,
): Promise<Feature[]> {
  const rules = rulesFile === undefined ? [] : readRules(rulesFile);
  const grids: Feature[] = plan.grids.map((g) => ({ ...g, properties: { ...g.properties } }));
  const place = async (file: string, countAs: string, names: readonly string[], counts = {}) => {
    ctx.phase(`placing ${file}`);
    const entities = await readInput(ctx, file, 'points');
    const done = await aboutFile(file, () => assignBySystems(plan, entities, { countAs, counts }, rules));
    done.counted.forEach((g, id) => {
      for (const name of names) grids[id].properties![name] = g.properties?.[name];
    });
    for (const f of done.result.findings) ctx.warn(`${file}: ${f.message}`);
  };
  const householdsFile = ctx.values.households as string | undefined;
  if (householdsFile !== undefined) {
    await place(householdsFile, 'households', ['households', 'residents', 'keyGroups'], HOUSEHOLD_COUNTS);
  }
  const unitsFile = ctx.values.units as string | undefined;
  if (unitsFile !== undefined) await place(unitsFile, 'units', ['units']);
  return grids;
}
