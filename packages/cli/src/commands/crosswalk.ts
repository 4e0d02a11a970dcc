import { crosswalk as crosswalkPlans } from '@wangge/balance';
import { aboutFile, type Command, inputOptions, numberOption, pointsCrsOption } from '../internal/command';
import { readTables } from '../internal/entities';
import { readPlan } from '../internal/inputs';
import { writeTable } from '../internal/outputs';

/** `wangge crosswalk`: how two grid systems of one area relate, over `crosswalk` of `@wangge/balance`. */
export const crosswalkCommand: Command = {
  name: 'crosswalk',
  usage: 'wangge crosswalk <plan-a> <plan-b> [--households <file>] [-o pairs.csv]',
  description: [
    'For two grid systems of the same area (e.g. fire-safety grids and the comprehensive governance grids):',
    'the area and household share of each leaf grid of A in each grid of B, the grids of either system split',
    'across several of the other, and households one system covers and the other does not. Exit 0 unless',
    'the input is bad.',
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
    ...inputOptions,
    ...pointsCrsOption,
  },
  examples: [
    [
      'governance grids against fire-safety grids',
      'wangge crosswalk governance.geojson fire.geojson --households households.csv -o crosswalk.csv',
    ],
  ],
  positionals: [2, 2],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [aFile, bFile] = positionals;
    const a = await readPlan(ctx, aFile);
    const b = await readPlan(ctx, bFile);
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
      `crosswalk: ${result.pairs.length} overlapping pairs; ${result.splitA.length} grids of ${aFile} split across ${bFile}, ${result.splitB.length} the other way`,
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
