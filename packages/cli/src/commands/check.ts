import { type GridGeometry, letterCodes, numericCodes, pointTable } from '@wangge/core';
import { checkToText, reportToBaseline } from '@wangge/coverage';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { readBaseline } from '../internal/baseline';
import {
  badInput,
  type Command,
  ExitCode,
  inputOptions,
  numberOption,
  pointsCrsOption,
  UsageError,
} from '../internal/command';
import { inFiles, readInput } from '../internal/inputs';
import { pointsToXy, usablePoints } from '../internal/points';
import { checkSystems, systemOption, systemsOf } from '../internal/systems';
import { locationOf } from '../io/read';

/** `wangge check`: the CI gate over `checkCoverage` of `@wangge/coverage`. */
export const check: Command = {
  name: 'check',
  usage:
    'wangge check <plan>... [--boundary <file>] [--baseline <file>] [--out defects.geojson] [thresholds]',
  description: [
    'Validates the plan level by level: codes and hierarchy, then that the children of every grid tile',
    'it exactly (no gap, no overlap, nothing outside), and the top level against --boundary. Levels are',
    'relative: level 1 is the top of the plan, with up to 6 levels below it. A flat set (no grid has a',
    "level or parent: a city's districts, an echarts map) is checked as one coverage; --plan applies the",
    'hierarchy rules to it too. Echarts map objects (UTF8Encoding) are read as they are. Defects',
    'accepted in --baseline, and gaps/overlaps below the thresholds, are listed but do not fail. Exit 1',
    'when any other defect is found. --out writes the located defects as GeoJSON, for `wangge render',
    '--defects`; --write-baseline accepts every current defect, to start a gate on an old plan.',
    'Several grid systems (properties.system; declare each with --system name:kind:coverage) are checked',
    'each by its rule: tiling, partial (gaps allowed, no overlap) or membership (not spatially); grids of',
    'different systems never overlap each other.',
  ].join('\n'),
  options: {
    boundary: {
      type: 'string',
      arg: '<file>',
      description: 'the area the top-level grids must tile, e.g. the county',
      input: true,
    },
    baseline: {
      type: 'string',
      arg: '<file>',
      description: 'accepted defects, { "accepted": [{ "id": ... }] }',
      input: true,
    },
    'write-baseline': {
      type: 'string',
      arg: '<file>',
      description: 'write a baseline accepting every defect found',
      output: 'json',
    },
    out: {
      type: 'string',
      short: 'o',
      arg: '<file>',
      description: 'write the located defects as GeoJSON (with status)',
      output: 'geojson',
    },
    'gap-area': {
      type: 'string',
      arg: '<m²>',
      description: 'gaps up to this area (and width) pass',
      default: '0',
    },
    'gap-width': {
      type: 'string',
      arg: '<m>',
      description: 'gaps up to this width (and area) pass',
      default: '0',
    },
    'overlap-area': {
      type: 'string',
      arg: '<m²>',
      description: 'overlaps and spill up to this area pass',
      default: '0',
    },
    'sliver-width': {
      type: 'string',
      arg: '<m>',
      description: 'gaps narrower than this are reported as slivers',
      default: '1',
    },
    tolerance: {
      type: 'string',
      arg: '<m>',
      description: 'vertices this close to a neighbour edge are misaligned',
      default: '0.5',
    },
    'fail-on-warnings': { type: 'boolean', description: 'warnings (multi-part grids, ...) fail too' },
    'code-style': {
      type: 'string',
      arg: '<style>',
      description: 'letter or numeric: codes must follow it',
      default: 'free text',
    },
    depth: { type: 'string', arg: '<n>', description: 'deepest level allowed, 1 to 7', default: '7' },
    plan: {
      type: 'boolean',
      description: 'check codes and hierarchy even when no grid has a level or parent (a flat set)',
    },
    households: {
      type: 'string',
      arg: '<file>',
      description: 'household points, to count those in each gap and overlap',
      input: true,
    },
    ...systemOption,
    ...inputOptions,
    ...pointsCrsOption,
  },
  examples: [
    [
      'gate a plan in CI against the county boundary and the accepted defects',
      'wangge check plan.geojson --boundary county.geojson --baseline accepted.json --out defects.geojson',
    ],
    [
      'tolerate digitising slivers up to 5 m² and 0.5 m wide',
      'wangge check plan.geojson --gap-area 5 --gap-width 0.5',
    ],
    [
      'a governance plan with partial enterprise grids and tax grids filled by rules',
      'wangge check plan.geojson --system enterprise:thematic:partial --system tax:thematic:membership',
    ],
  ],
  positionals: [1, Infinity],
  async run(ctx) {
    const { values, positionals } = ctx;
    const style = values['code-style'] as string | undefined;
    if (style !== undefined && style !== 'letter' && style !== 'numeric') {
      throw new UsageError(`--code-style must be letter or numeric, got ${JSON.stringify(style)}`);
    }
    const options = {
      depth: numberOption(values, 'depth', { min: 1, max: 7, integer: true }),
      // A flat set (no level, no parent: a city's districts, an echarts map) is one coverage unless --plan.
      hierarchy: values.plan === true ? true : undefined,
      codeStyle: style === undefined ? undefined : style === 'letter' ? letterCodes() : numericCodes(),
      sliverWidth: numberOption(values, 'sliver-width', { min: 0 }),
      tolerance: numberOption(values, 'tolerance', { min: 0 }),
      thresholds: {
        gapArea: numberOption(values, 'gap-area', { min: 0 }),
        gapWidth: numberOption(values, 'gap-width', { min: 0 }),
        overlapArea: numberOption(values, 'overlap-area', { min: 0 }),
        failOnWarnings: values['fail-on-warnings'] === true,
      },
    };
    const parts: Array<{ file: string; features: Feature[] }> = [];
    for (const file of positionals) {
      ctx.phase(`reading ${file}`);
      parts.push({ file, features: await readInput(ctx, file, 'plan') });
    }
    const boundaryFile = values.boundary as string | undefined;
    const boundary =
      boundaryFile === undefined
        ? undefined
        : boundaryOf(boundaryFile, await readInput(ctx, boundaryFile, 'plan'));
    const baselineFile = values.baseline as string | undefined;
    const baseline = baselineFile === undefined ? undefined : readBaseline(baselineFile);
    const householdsFile = values.households as string | undefined;
    const households =
      householdsFile === undefined
        ? undefined
        : pointTable(
            pointsToXy(usablePoints(ctx, householdsFile, await readInput(ctx, householdsFile, 'points'))),
          );
    const features = parts.flatMap((p) => p.features);
    ctx.phase(`validating ${features.length.toLocaleString('en')} grids`);
    const systems = systemsOf(values);
    const result = await inFiles(parts, () =>
      checkSystems(features, { ...options, boundary, baseline, households, systems }),
    );
    const out = values.out as string | undefined;
    if (out !== undefined) ctx.write(out, checkToText(result, 'geojson'));
    const baselineOut = values['write-baseline'] as string | undefined;
    if (baselineOut !== undefined) {
      ctx.write(baselineOut, `${JSON.stringify(reportToBaseline(result.report), null, 2)}\n`);
    }
    const written = [out, baselineOut].filter((f) => f !== undefined && f !== '-');
    return {
      status: result.pass ? ExitCode.OK : ExitCode.DEFECTS,
      human: [
        ...(result.systems.length > 1
          ? [
              `systems: ${result.systems.map((s) => `${s.name} (${s.kind}, ${s.coverage}, ${s.grids} grids)`).join('; ')}`,
            ]
          : []),
        ...checkToText(result, 'text').trimEnd().split('\n'),
        ...(written.length > 0 ? [`wrote ${written.join(' and ')}`] : []),
      ],
      json: {
        ...JSON.parse(checkToText(result, 'json')),
        ...(result.systems.length > 1 ? { systems: result.systems } : {}),
      },
    };
  },
};

/** The boundary file as one geometry: its polygons together. */
function boundaryOf(file: string, features: Feature[]): GridGeometry {
  const polygons = features.flatMap((f, i) => {
    const g = f.geometry;
    if (g?.type === 'Polygon') return [(g as Polygon).coordinates];
    if (g?.type === 'MultiPolygon') return (g as MultiPolygon).coordinates;
    return badInput(
      file,
      `a ${g?.type ?? 'feature without geometry'}, not a Polygon or MultiPolygon: a boundary is an area`,
      locationOf(file, f, i),
    );
  });
  if (polygons.length === 0) badInput(file, 'no boundary polygon in the file');
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}
