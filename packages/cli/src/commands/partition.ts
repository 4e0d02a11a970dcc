import { letterCodes, normalizeGeometry, numericCodes } from '@wangge/core';
import {
  type LevelSpec,
  PARTITION_FINDING_KINDS,
  type PartitionFinding,
  partitionHierarchy,
} from '@wangge/partition';
import type { Feature } from 'geojson';
import {
  aboutFiles,
  badInput,
  type Command,
  type CommandContext,
  inputOptions,
  numberOption,
  outputOptions,
  pointsCrsOption,
  UsageError,
} from '../internal/command';
import { addHouseholdGroupLevel, groupLevelSize } from '../internal/householdGroupLevel';
import { readInput } from '../internal/inputs';
import { writeOutput } from '../internal/outputs';
import { pointsToXy, usablePoints } from '../internal/points';
import { locationOf, rowProblem, whereOf } from '../io/read';

/** `wangge partition`: cut a boundary into a multi-level plan, over `partitionHierarchy` of `@wangge/partition`. */
export const partition: Command = {
  name: 'partition',
  usage:
    'wangge partition <boundary> --level <spec>... [--households <file> | --units <file>] -o plan.geojson',
  description: [
    'Cuts the boundary (one polygon feature: the street or town, with its code) into one to four levels,',
    'each tiling its parent exactly. Each --level, top down, is one of:',
    '  fixed:<file>              existing grids, e.g. the communities, each naming its parent code',
    '  balanced:<n>              n grids per parent of comparable load (任务相当)',
    '  balanced:<min>..<max>     grids whose load is in range; the number follows from the load',
    '  regular:<metres>[:hex]    square (or hexagonal) cells of that size',
    '  groups:<n>                last: household groups of n (五户联保 5, 十户联防 10) under each leaf grid,',
    '                            each a polygon (Voronoi cells of its households); needs --households',
    'Load comes from --households (points, one each or --load <column>) or --units (areas never cut,',
    'e.g. compounds, weighed by their `households`). Grids follow --barriers (roads, rivers) where they',
    'can. A dirty boundary (self-intersections, spikes, short rings, holes outside their shell) is made',
    'valid first and each repair listed. Exit 1 when there are findings (a grid out of range and why,',
    'inputs outside the boundary).',
  ].join('\n'),
  options: {
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'the plan',
      default: '-',
      output: 'features',
    },
    level: {
      type: 'string',
      arg: '<spec>',
      multiple: true,
      description: 'a level below the boundary, top down (repeatable)',
      input: (value) => (value.startsWith('fixed:') && value.length > 6 ? value.slice(6) : undefined),
    },
    households: {
      type: 'string',
      arg: '<file>',
      description: 'household points loading balanced levels',
      input: true,
    },
    load: {
      type: 'string',
      arg: '<column>',
      description: 'household column holding its load',
      default: '1 each',
    },
    units: {
      type: 'string',
      arg: '<file>',
      description: 'atomic units (compounds, buildings) never cut',
      input: true,
    },
    barriers: {
      type: 'string',
      arg: '<file>',
      description: 'lines grid boundaries should follow',
      input: true,
    },
    'code-style': {
      type: 'string',
      arg: '<style>',
      description: 'letter or numeric',
      default: 'numeric under a numeric code',
    },
    'max-grids': {
      type: 'string',
      arg: '<n>',
      description:
        'most grids a level may make, checked up front from the area (regular) or the load (balanced)',
      default: '1,000,000 regular, 2,000 balanced',
    },
    ...inputOptions,
    ...pointsCrsOption,
    ...outputOptions,
  },
  examples: [
    [
      'communities as they are, then grids of 300 to 500 households in each',
      'wangge partition street.geojson --level fixed:communities.geojson --level balanced:300..500 --households households.csv -o plan.geojson',
    ],
    ['a 250 m hexagonal grid', 'wangge partition street.geojson --level regular:250:hex -o hex.geojson'],
  ],
  positionals: [1, 1],
  defaults(values) {
    values.out ??= '-';
  },
  async run(ctx) {
    const { values, positionals } = ctx;
    const [boundaryFile] = positionals;
    const out = values.out as string;
    const maxGrids = numberOption(values, 'max-grids', { min: 1, integer: true });
    const specs = (values.level as string[] | undefined) ?? [];
    if (specs.length === 0) throw new UsageError('give at least one --level, e.g. --level balanced:300..500');
    const levels: LevelSpec[] = [];
    const groupSize = groupLevelSize(specs.at(-1) ?? '');
    if (groupSize !== undefined && values.households === undefined)
      throw new UsageError('--level groups:<n> groups households: give --households <file>');
    for (const spec of groupSize === undefined ? specs : specs.slice(0, -1))
      levels.push(await levelOf(spec, ctx));
    const style = values['code-style'] as string | undefined;
    if (style !== undefined && style !== 'letter' && style !== 'numeric') {
      throw new UsageError(`--code-style must be letter or numeric, got ${JSON.stringify(style)}`);
    }
    ctx.phase(`reading ${boundaryFile}`);
    const boundaries = (await readInput(ctx, boundaryFile, 'plan')).filter((f) => f.geometry !== null);
    if (boundaries.length !== 1) {
      badInput(
        boundaryFile,
        `a boundary file holds one polygon feature (the street or town), got ${boundaries.length}`,
      );
    }
    const householdsFile = values.households as string | undefined;
    let households: Float64Array | undefined;
    let householdLoads: Float64Array | undefined;
    if (householdsFile !== undefined) {
      ctx.phase(`reading ${householdsFile}`);
      const points = usablePoints(ctx, householdsFile, await readInput(ctx, householdsFile, 'points'));
      households = pointsToXy(points);
      const column = values.load as string | undefined;
      if (column !== undefined) {
        if (points.length > 0 && !points.some((p) => p.properties?.[column] !== undefined)) {
          badInput(householdsFile, `no column ${JSON.stringify(column)} for --load: check the name`);
        }
        const loaded = points.filter((p, i) => {
          const v = Number(p.properties?.[column]);
          if (Number.isFinite(v) && v >= 0 && p.properties?.[column] !== '') return true;
          ctx.skip(
            householdsFile,
            whereOf(p, i),
            `${column} ${JSON.stringify(p.properties?.[column] ?? null)} is not a load ≥ 0; fix the row or remove it`,
          );
          return false;
        });
        if (loaded.length === 0 && points.length > 0) {
          badInput(
            householdsFile,
            `none of the ${points.length} rows has a load ≥ 0 in ${JSON.stringify(column)} (${whereOf(points[0], 0)}: ${JSON.stringify(points[0].properties?.[column] ?? null)})`,
          );
        }
        households = pointsToXy(loaded);
        householdLoads = Float64Array.from(loaded, (p) => Number(p.properties?.[column]));
      }
    }
    const unitsFile = values.units as string | undefined;
    const units = unitsFile === undefined ? undefined : await readUnits(ctx, unitsFile);
    const barriersFile = values.barriers as string | undefined;
    const barriers = barriersFile === undefined ? undefined : await readInput(ctx, barriersFile, 'plan');
    ctx.phase(`partitioning into ${levels.length} level${levels.length === 1 ? '' : 's'}`);
    const fixedFiles = specs.filter((s) => s.startsWith('fixed:')).map((s) => s.slice(6));
    const blame: Array<[RegExp, string | undefined]> = [
      [/household/i, householdsFile],
      [/\bunit/i, unitsFile],
      [/barrier/i, barriersFile],
      [/\bfixed\b/i, fixedFiles.length === 1 ? fixedFiles[0] : undefined],
    ];
    const result = await aboutFiles(blame, boundaryFile, () =>
      partitionHierarchy(boundaries[0], {
        levels,
        households,
        householdLoads,
        units,
        barriers,
        codeStyle: style === undefined ? undefined : style === 'letter' ? letterCodes() : numericCodes(),
        maxGrids,
      }),
    );
    const groupLevel =
      groupSize === undefined
        ? undefined
        : addHouseholdGroupLevel(result.grids.features, households!, groupSize);
    writeOutput(ctx, out, [...(result.grids.features as Feature[]), ...(groupLevel?.groups ?? [])]);
    // Findings about the data fail the run; make-valid repairs of the inputs are listed but do not.
    type Found = (typeof result.findings)[number];
    const isProblem = (f: Found): f is PartitionFinding =>
      (PARTITION_FINDING_KINDS as readonly string[]).includes(f.kind);
    const problems = result.findings.filter(isProblem);
    const repairs = result.findings.filter((f): f is Exclude<Found, PartitionFinding> => !isProblem(f));
    const byLevel = new Map<number, number>();
    for (const g of result.grids.features)
      byLevel.set(g.properties.level, (byLevel.get(g.properties.level) ?? 0) + 1);
    const leafLoads = result.grids.features
      .filter((g) => !result.grids.features.some((c) => c.properties.parent === g.properties.code))
      .map((g) => Number(g.properties.load))
      .filter((n) => Number.isFinite(n))
      .sort((a, b) => a - b);
    const human = [
      `partition: ${result.grids.features.length} grids (${[...byLevel].map(([l, n]) => `level ${l}: ${n}`).join(', ')}), ${problems.length} findings`,
      ...(leafLoads.length > 0
        ? [
            `  leaf load: min ${leafLoads[0]}, median ${leafLoads[Math.floor(leafLoads.length / 2)]}, max ${leafLoads.at(-1)}`,
          ]
        : []),
      ...repairLines(repairs),
      ...(groupLevel === undefined
        ? []
        : [
            `  household groups of ${groupSize}: ${groupLevel.groups.length} (五户联保/十户联防), each a polygon tiling its grid${groupLevel.merged.length > 0 ? `; ${groupLevel.merged.length} sharing a position drawn with another` : ''}`,
          ]),
      ...problems.slice(0, 15).map((p) => `  ${p.kind.padEnd(18)} ${p.message}`),
      ...(problems.length > 15 ? [`  ... and ${problems.length - 15} more (see --json)`] : []),
      ...(out !== '-' ? [`  wrote ${out}`] : []),
    ];
    return {
      status: problems.length > 0 ? 1 : 0,
      human: out === '-' ? [] : human,
      json: {
        output: out,
        grids: result.grids.features.length,
        levels: Object.fromEntries(byLevel),
        problems,
        repairs,
        ...(groupLevel === undefined
          ? {}
          : { householdGroups: groupLevel.groups.length, mergedGroups: groupLevel.merged }),
      },
    };
  },
};

/**
 * One line per kind of repair made to the boundary (and fixed grids) before cutting: how many, and the m²
 * they changed. Repairs do not fail the run: the plan tiles the repaired boundary exactly.
 */
function repairLines(findings: ReadonlyArray<{ kind: string; area: number }>): string[] {
  if (findings.length === 0) return [];
  const byKind = new Map<string, { count: number; area: number }>();
  for (const f of findings) {
    const k = byKind.get(f.kind) ?? { count: 0, area: 0 };
    k.count++;
    k.area += f.area;
    byKind.set(f.kind, k);
  }
  return [
    `  made valid before cutting (${findings.length} repairs; see --json for each place):`,
    ...[...byKind].map(([kind, k]) => `    ${kind.padEnd(22)} ${k.count} ×, ${k.area.toFixed(1)} m² changed`),
  ];
}

/** The units file: areas, each kept whole; a unit without a usable geometry stops the run. */
async function readUnits(ctx: CommandContext, file: string): Promise<Feature[]> {
  const units = await readInput(ctx, file, 'points');
  units.forEach((u, i) => {
    if (u.geometry === null) {
      badInput(
        file,
        `no usable geometry (${rowProblem(u) ?? 'null'}); fix or remove the unit`,
        locationOf(file, u, i),
      );
    }
  });
  return units;
}

async function levelOf(spec: string, ctx: CommandContext): Promise<LevelSpec> {
  const [kind, ...rest] = spec.split(':');
  const arg = rest.join(':');
  if (kind === 'fixed' && arg !== '') {
    const grids = await readInput(ctx, arg, 'plan');
    // Checked here, so that a broken grid is reported against its own file, not the boundary's.
    grids.forEach((g, i) => {
      normalizeGeometry(g.geometry, locationOf(arg, g, i));
    });
    return { kind: 'fixed', grids };
  }
  if (kind === 'balanced') {
    const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)$/.exec(arg);
    if (range !== null && Number(range[1]) <= Number(range[2]))
      return { kind: 'balanced', range: { min: Number(range[1]), max: Number(range[2]) } };
    if (/^[1-9]\d*$/.test(arg)) return { kind: 'balanced', count: Number(arg) };
  }
  if (kind === 'regular') {
    const [size, shape] = rest;
    if (Number(size) > 0 && (shape === undefined || shape === 'hex' || shape === 'square')) {
      return { kind: 'regular', size: Number(size), shape: (shape ?? 'square') as 'square' | 'hex' };
    }
  }
  throw new UsageError(
    `--level ${JSON.stringify(spec)} is not fixed:<file>, balanced:<n>, balanced:<min>..<max>, regular:<metres>[:hex] or (last) groups:<n>`,
  );
}
