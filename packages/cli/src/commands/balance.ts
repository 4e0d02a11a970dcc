import { assign } from '@wangge/assign';
import { measureUnits, rebalance, type UnitFeature } from '@wangge/balance';
import { letterCodes, numericCodes } from '@wangge/core';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import {
  aboutFile,
  badInput,
  type Command,
  inputOptions,
  numberOption,
  outputOptions,
  pointsCrsOption,
  UsageError,
} from '../internal/command';
import { entityOptions, readModel, readTables, round } from '../internal/entities';
import { readInput, readPlan } from '../internal/inputs';
import { writeOutput, writeTable } from '../internal/outputs';
import { locationOf, rowProblem, whereOf } from '../io/read';

/** `wangge balance`: minimal-move rebalancing, over `rebalance` of `@wangge/balance`. */
export const balance: Command = {
  name: 'balance',
  usage: 'wangge balance <plan> <units> --target <level=min..max> [--households <file>] -o <new-plan>',
  description: [
    'Rebalances the leaf grids by moving whole atomic units (compounds, buildings: never cut) between',
    'neighbouring grids of the same parent, fewest households moved first; splits a grid that cannot be',
    'relieved and merges one that cannot be filled (以大吸收小), unless --no-split/--no-merge. Units need',
    'a `grid` property (their leaf code; found by location when missing) and `households`/`load` (counted',
    'from --households under the model when missing). Writes the new plan (-o) and the moves (--moves).',
    'Exit 1 when grids remain out of range.',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'the rebalanced plan',
      output: 'features',
    },
    moves: {
      type: 'string',
      arg: '<file.csv>',
      description: 'one row per unit that changes grid',
      output: 'table',
    },
    'no-split': { type: 'boolean', description: 'never split an overloaded grid' },
    'no-merge': { type: 'boolean', description: 'never merge an underloaded grid' },
    'max-path': {
      type: 'string',
      arg: '<n>',
      description: 'most grids a transfer passes load through',
      default: '3',
    },
    'code-style': {
      type: 'string',
      arg: '<style>',
      description: 'letter or numeric codes for new grids',
      default: 'as the leaves',
    },
    ...entityOptions,
    ...inputOptions,
    ...pointsCrsOption,
    ...outputOptions,
  },
  examples: [
    [
      'bring every grid to 300..500 households, moving compounds',
      'wangge balance plan.geojson compounds.geojson --households households.csv --target 3=300..500 -o plan-balanced.geojson --moves moves.csv',
    ],
  ],
  positionals: [2, 2],
  async run(ctx) {
    const { values, positionals } = ctx;
    const [planFile, unitsFile] = positionals;
    ctx.phase(`reading ${planFile}`);
    const plan = await readPlan(ctx, planFile);
    const model = readModel(values);
    if (Object.keys(model.targets ?? {}).length === 0) {
      throw new UsageError(
        'give a target load to balance to: --target <level>=<min>..<max> or targets in --model',
      );
    }
    const style = values['code-style'] as string | undefined;
    if (style !== undefined && style !== 'letter' && style !== 'numeric') {
      throw new UsageError(`--code-style must be letter or numeric, got ${JSON.stringify(style)}`);
    }
    ctx.phase(`reading ${unitsFile}`);
    let units = (await readInput(ctx, unitsFile, 'points')) as Feature<Polygon | MultiPolygon>[];
    units.forEach((u, i) => {
      if (u.geometry?.type !== 'Polygon' && u.geometry?.type !== 'MultiPolygon') {
        badInput(
          unitsFile,
          `${u.geometry === null ? `no usable geometry (${rowProblem(u) ?? 'null'})` : `a ${(u.geometry as { type: string }).type}`}; units are areas (compounds, buildings): fix or remove it`,
          locationOf(unitsFile, u, i),
        );
      }
    });
    if (units.some((u) => typeof u.properties?.grid !== 'string')) {
      const placed = await aboutFile(unitsFile, () => assign(plan, units));
      units = units.map((u, i) => ({
        ...u,
        properties: { ...u.properties, grid: u.properties?.grid ?? placed.codeOf(i) },
      }));
      const lost = units.findIndex((u) => u.properties?.grid === null);
      if (lost >= 0)
        badInput(
          unitsFile,
          `lies in no leaf grid of ${planFile}; fix the unit or the plan`,
          locationOf(unitsFile, units[lost], lost),
        );
    }
    const unmeasured = units.findIndex(
      (u) => typeof u.properties?.load !== 'number' || typeof u.properties?.households !== 'number',
    );
    if (unmeasured >= 0) {
      const tables = await readTables(ctx);
      if (Object.keys(tables).length === 0) {
        const { load, households } = units[unmeasured].properties ?? {};
        throw new UsageError(
          `${unitsFile}: ${whereOf(units[unmeasured], unmeasured)} has no numeric \`load\` and \`households\` (got ${JSON.stringify(load ?? null)} and ${JSON.stringify(households ?? null)}): give --households <file> to count them, or both properties on every unit`,
        );
      }
      units = await aboutFile(unitsFile, () =>
        measureUnits(units as Feature<Polygon | MultiPolygon, object>[], tables, model),
      );
    }
    ctx.phase(`rebalancing ${plan.leaves().length.toLocaleString('en')} grids`);
    const result = await aboutFile(unitsFile, () =>
      rebalance(plan, units as UnitFeature[], model, {
        split: values['no-split'] !== true,
        merge: values['no-merge'] !== true,
        maxPath: numberOption(values, 'max-path', { min: 1, integer: true }),
        codeStyle: style === undefined ? undefined : style === 'letter' ? letterCodes() : numericCodes(),
      }),
    );
    const out = values.out as string | undefined;
    if (out !== undefined) writeOutput(ctx, out, [...result.plan.grids]);
    const movesFile = values.moves as string | undefined;
    if (movesFile !== undefined)
      writeTable(
        ctx,
        movesFile,
        result.moves.map((m) => ({ ...m })),
      );
    const { before, after } = result;
    const stats = (s: typeof before) =>
      `load ${round(s.min)}..${round(s.max)}, CV ${s.cv.toFixed(3)}, ${s.under} under, ${s.over} over`;
    const human = [
      `balance: ${result.moves.length} units moved (${result.householdsMoved} households change grid), ${result.changes.length} splits/merges, ${result.steps} steps`,
      `  before: ${before.count} grids, ${stats(before)}`,
      `  after:  ${after.count} grids, ${stats(after)}`,
      ...result.changes.map((c) => `  ${c.kind} ${c.code} ${c.kind === 'split' ? '→' : '+'} ${c.other}`),
      ...result.findings.map((f) => `  ${f.kind}: ${f.message}`),
      ...[out, movesFile].filter((f) => f !== undefined && f !== '-').map((f) => `  wrote ${f}`),
    ];
    return {
      status: result.findings.some((f) => f.kind === 'out-of-range') ? 1 : 0,
      human,
      json: {
        moves: result.moves,
        changes: result.changes,
        householdsMoved: result.householdsMoved,
        before,
        after,
        findings: result.findings,
        steps: result.steps,
      },
    };
  },
};
