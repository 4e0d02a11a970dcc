import { crosswalk as crosswalkPlans } from '@wangge/balance';
import {
  aboutFile,
  type Command,
  inputOptions,
  numberOption,
  pointsCrsOption,
  UsageError,
} from '../internal/command';
import { readTables } from '../internal/entities';
import { writeTable } from '../internal/outputs';
import { readSystemPlan, systemOption } from '../internal/systems';

/** `wangge crosswalk`: how two grid systems of one area relate, over `crosswalk` of `@wangge/balance`. */
export const crosswalkCommand: Command = {
  name: 'crosswalk',
  usage: 'wangge crosswalk <plan-a> <plan-b> | <plan> --between <a>,<b> [--households <file>] [-o pairs.csv]',
  description: [
    'For two grid systems of the same area (e.g. fire-safety grids and the comprehensive governance grids):',
    'the area and household share of each leaf grid of A in each grid of B, the grids of either system split',
    'across several of the other, and households one system covers and the other does not. The systems',
    'are two plan files, or two grid systems of one plan (--between territorial,fire); with two files,',
    '--between picks a system in each. Exit 0 unless the input is bad.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file.csv>',
      description: 'one row per overlapping pair of grids',
      output: 'table',
    },
    households: {
      type: 'string',
      arg: '<file>',
      description: 'household points, for household shares',
      input: true,
    },
    'min-share': {
      type: 'string',
      arg: '<0..1>',
      description: 'share of area below which a piece is a sliver, not a split',
      default: '0.01',
    },
    between: {
      type: 'string',
      arg: '<a>,<b>',
      description: 'the two grid systems to relate (properties.system)',
    },
    ...systemOption,
    ...inputOptions,
    ...pointsCrsOption,
  },
  examples: [
    [
      'governance grids against fire-safety grids',
      'wangge crosswalk governance.geojson fire.geojson --households households.csv -o crosswalk.csv',
    ],
    [
      'the territorial grids against the fire grids of one plan',
      'wangge crosswalk plan.geojson --between territorial,fire',
    ],
  ],
  positionals: [1, 2],
  async run(ctx) {
    const { values, positionals } = ctx;
    const between = values.between as string | undefined;
    const names = between?.split(',');
    if (names !== undefined && (names.length !== 2 || names.some((n) => n === ''))) {
      throw new UsageError(`--between takes two system names, <a>,<b>, got ${JSON.stringify(between)}`);
    }
    if (positionals.length === 1 && names === undefined) {
      throw new UsageError('crosswalk relates two plans, or two systems of one plan with --between <a>,<b>');
    }
    const [aFile, bFile = aFile] = positionals;
    const planA = await readSystemPlan(ctx, aFile);
    const planB = bFile === aFile ? planA : await readSystemPlan(ctx, bFile);
    const a = names === undefined ? planA : await aboutFile(aFile, () => planA.systemToPlan(names[0]));
    const b = names === undefined ? planB : await aboutFile(bFile, () => planB.systemToPlan(names[1]));
    const tables = await readTables(ctx, 'households');
    ctx.phase('overlaying the two plans');
    const result = await aboutFile(bFile, () =>
      crosswalkPlans(a, b, {
        entities: tables,
        minShare: numberOption(values, 'min-share', { min: 0, max: 1 }),
      }),
    );
    const out = values.out as string | undefined;
    if (out !== undefined)
      writeTable(
        ctx,
        out,
        result.pairs.map((p) => ({ ...p })),
      );
    const human = [
      `crosswalk: ${result.pairs.length} overlapping pairs; ${result.splitA.length} grids of ${names?.[0] ?? aFile} split across ${names?.[1] ?? bFile}, ${result.splitB.length} the other way`,
      ...(result.splitA.length > 0
        ? [`  split in A: ${result.splitA.slice(0, 20).join(' ')}${result.splitA.length > 20 ? ' …' : ''}`]
        : []),
      ...(result.splitB.length > 0
        ? [`  split in B: ${result.splitB.slice(0, 20).join(' ')}${result.splitB.length > 20 ? ' …' : ''}`]
        : []),
      ...(tables.households
        ? [`  households only in A: ${result.onlyInA.length}, only in B: ${result.onlyInB.length}`]
        : []),
      ...(out !== undefined && out !== '-' ? [`  wrote ${out}`] : []),
    ];
    return { status: 0, human, json: { ...result } };
  },
};
