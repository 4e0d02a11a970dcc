import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commands } from '../src/commands';
import type { Command } from '../src/internal/command';
import { runInProcess, tempDir, tinyPlan, wangge } from './helpers';

/**
 * Random garbage fed to every subcommand: broken JSON, GeoJSON with anything in its features, CSV of
 * random cells, raw bytes, and option values from the usual mistakes. Whatever comes in, the exit status
 * is 0, 1 or 2 (never 3, an internal error), within a time bound. Runs in process through `CliIo`, a few
 * dozen inputs per subcommand.
 *
 * Geometry that happens to be valid is kept within a few kilometres (regular grids of 100 m and up,
 * balanced levels of a handful of grids), so that a run measures the CLI, not a huge partition.
 */

const RUNS_PER_COMMAND = Number(process.env.GARBAGE_RUNS ?? 30);

/** A coordinate near the tiny plan, or garbage. */
const coordinate = fc.oneof(
  fc.tuple(
    fc.double({ min: 120.09, max: 120.13, noNaN: true }),
    fc.double({ min: 30.19, max: 30.23, noNaN: true }),
  ),
  fc.tuple(fc.constantFrom(Number.NaN, 1e308, -1, 181, 0), fc.constantFrom(95, 30.2, -91, 0)),
);
const ring = fc
  .array(coordinate, { minLength: 0, maxLength: 6 })
  .map((ps) => (ps.length > 0 ? [...ps, ps[0]] : ps));
const geometry = fc.oneof(
  fc.constant(null),
  ring.map((r) => ({ type: 'Polygon', coordinates: [r] })),
  fc.array(ring, { maxLength: 2 }).map((rs) => ({ type: 'MultiPolygon', coordinates: [rs] })),
  coordinate.map((p) => ({ type: 'Point', coordinates: p })),
  fc.array(coordinate, { maxLength: 4 }).map((ps) => ({ type: 'LineString', coordinates: ps })),
  fc.jsonValue({ maxDepth: 3 }),
);
const properties = fc.oneof(
  fc.record({
    code: fc.oneof(fc.constantFrom('S', 'A', 'B', 'A1', '330106001000', ''), fc.string({ maxLength: 4 })),
    parent: fc.oneof(fc.constantFrom(null, 'S', 'A', 'Z'), fc.string({ maxLength: 3 })),
    level: fc.oneof(fc.integer({ min: -1, max: 6 }), fc.constant('x')),
    households: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constant('many')),
    grid: fc.constantFrom('A1', 'B2', 'nope'),
  }),
  fc.jsonValue({ maxDepth: 2 }),
);
const feature = fc.oneof(
  fc.record({ type: fc.constant('Feature'), properties, geometry }),
  fc.jsonValue({ maxDepth: 3 }),
);
const geojsonText = fc.oneof(
  fc
    .array(feature, { maxLength: 6 })
    .map((features) => JSON.stringify({ type: 'FeatureCollection', features })),
  fc.constant(JSON.stringify({ type: 'FeatureCollection', features: tinyPlan() })),
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 60 }),
);
const cell = fc.oneof(
  fc.constantFrom('', 'abc', '120.105', '30.205', '1e999', '"', '"a,b"', 'NaN', '-', ';', '\t'),
  fc.double({ min: 30, max: 121, noNaN: true }).map(String),
);
const csvText = fc
  .tuple(
    fc.constantFrom('id,lon,lat', 'lon;lat;residents', 'x,y', 'name', '经度,纬度', '', 'lng,lat,flags'),
    fc.array(fc.array(cell, { minLength: 0, maxLength: 4 }), { maxLength: 6 }),
  )
  .map(([header, rows]) => `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
const anyText = fc.oneof(
  geojsonText,
  csvText,
  fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('latin1')),
);

/** A file to write: its extension and its text. */
const file = fc.tuple(fc.constantFrom('.geojson', '.csv', '.ndjson', '.topojson', '.json', '.txt'), anyText);

/** The usual inputs: a plan, a boundary, households, units. */
const plan = tinyPlan();
const BASE = {
  plan: { type: 'FeatureCollection', features: plan },
  boundary: { type: 'FeatureCollection', features: [{ ...plan[0], properties: { code: '330106001000' } }] },
  units: {
    type: 'FeatureCollection',
    features: plan
      .filter((g) => g.properties.level === 3)
      .map((g) => ({ ...g, properties: { grid: g.properties.code, households: 3, load: 3 } })),
  },
};
const HOUSEHOLDS_CSV = [
  'id,residents,flags,lon,lat',
  '0,2,0,120.105,30.205',
  '1,3,1,120.115,30.215',
  '2,1,0,120.105,30.215',
  '3,4,0,120.115,30.205',
];

/** A JSON value with one node (never a `type`), found by walking `steps`, replaced by `by`. */
function mutate(value: unknown, steps: number[], by: unknown): unknown {
  if (steps.length === 0 || typeof value !== 'object' || value === null) return by;
  // The `type` members stay (a feature that is no longer a Feature stops every command at once).
  const keys = Object.keys(value).filter((k) => k !== 'type');
  if (keys.length === 0) return by;
  const key = keys[steps[0] % keys.length];
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[key] = mutate((value as Record<string, unknown>)[key], steps.slice(1), by);
  return copy;
}

/** One of the usual inputs with a few nodes replaced by garbage. */
const mutatedJson = (base: unknown) =>
  fc
    .oneof(
      { weight: 1, arbitrary: fc.constant<Array<[number[], unknown]>>([]) },
      {
        weight: 2,
        arbitrary: fc.array(
          fc.tuple(
            fc.array(fc.nat(), { minLength: 3, maxLength: 7 }),
            fc.oneof(fc.jsonValue({ maxDepth: 2 }), geometry, coordinate),
          ),
          { minLength: 1, maxLength: 2 },
        ),
      },
    )
    .map((edits) =>
      JSON.stringify({
        type: 'FeatureCollection',
        features: edits.reduce(
          (v, [steps, by]) => mutate(v, steps, by),
          (base as { features: unknown }).features,
        ),
      }),
    );

/** The households CSV with a few cells replaced. */
const mutatedCsv = fc.array(fc.tuple(fc.nat(), fc.nat(), cell), { maxLength: 3 }).map((edits) => {
  const rows = HOUSEHOLDS_CSV.map((line) => line.split(','));
  for (const [r, c, v] of edits) {
    const row = rows[r % rows.length];
    row[c % (row.length + 1)] = v;
  }
  return `${rows.map((r) => r.join(',')).join('\n')}\n`;
});

/** Inputs of each role: mostly the usual ones slightly broken, sometimes anything at all. */
const inputOf = {
  plan: fc.oneof(
    { weight: 4, arbitrary: mutatedJson(BASE.plan).map((t) => ['.geojson', t] as const) },
    { weight: 1, arbitrary: file },
  ),
  boundary: fc.oneof(
    { weight: 4, arbitrary: mutatedJson(BASE.boundary).map((t) => ['.geojson', t] as const) },
    { weight: 1, arbitrary: file },
  ),
  units: fc.oneof(
    { weight: 4, arbitrary: mutatedJson(BASE.units).map((t) => ['.geojson', t] as const) },
    { weight: 1, arbitrary: file },
  ),
  points: fc.oneof(
    { weight: 4, arbitrary: mutatedCsv.map((t) => ['.csv', t] as const) },
    { weight: 1, arbitrary: file },
  ),
};

/** What each subcommand reads (in0, in1, in2) and the arguments that take it past its usage checks. */
const SETUP: Record<string, { inputs: Array<keyof typeof inputOf>; args: string[] }> = {
  partition: {
    inputs: ['boundary', 'points', 'units'],
    args: ['@in0', '--level', 'regular:400', '-o', '@out.geojson'],
  },
  check: { inputs: ['plan', 'boundary', 'points'], args: ['@in0', '--boundary', '@in1'] },
  assign: { inputs: ['plan', 'points', 'units'], args: ['@in0', '@in1'] },
  report: { inputs: ['plan', 'points', 'units'], args: ['@in0', '--households', '@in1'] },
  register: {
    inputs: ['plan', 'points', 'units'],
    args: ['@in0', '--households', '@in1', '--units', '@in2', '-o', '@out.xlsx'],
  },
  balance: {
    inputs: ['plan', 'units', 'points'],
    args: ['@in0', '@in1', '--target', '3=2..4', '-o', '@out.geojson'],
  },
  diff: { inputs: ['plan', 'plan', 'points'], args: ['@in0', '@in1', '--households', '@in2'] },
  crosswalk: { inputs: ['plan', 'plan', 'points'], args: ['@in0', '@in1', '--households', '@in2'] },
  render: { inputs: ['plan', 'plan', 'points'], args: ['@in0', '-o', '@out.svg'] },
  convert: { inputs: ['plan', 'points', 'units'], args: ['@in0', '-o', '@out.geojson'] },
};

/** Option values people get wrong, and the names of the generated files. */
const optionValue = fc.constantFrom(
  '',
  '-',
  '0',
  '1',
  '-1',
  'NaN',
  '1e999',
  'abc',
  'gcj02',
  'bd09',
  'EPSG:4549',
  'EPSG:99999',
  '3=1..2',
  '2=5..1',
  'regular:500',
  'regular:-1',
  'balanced:2',
  'balanced:1..3',
  'fixed:@in1',
  'letter',
  'numeric',
  'gbk',
  'households=@in2',
  'residents',
  '@in0',
  '@in1',
  '@in2',
  '@out.geojson',
  '@out.csv',
  '@missing/out.geojson',
  '@out.svg',
);

/** The command line of one random run, its files written into a fresh folder. */
function commandLine(
  name: string,
  command: Command,
  files: ReadonlyArray<readonly [string, string]>,
  usual: boolean,
  options: Array<[string, string]>,
  json: boolean,
): string[] {
  const dir = tempDir();
  const paths = files.map(([ext, text], i) => {
    const path = join(dir, `in${i}${ext}`);
    writeFileSync(path, text);
    return path;
  });
  const at = (value: string) =>
    value
      .replace(/@in(\d)/g, (_, i: string) => paths[Number(i)])
      .replace(/@([\w./]+)/g, (_, f: string) => join(dir, f));
  return [
    name,
    ...(usual ? SETUP[name].args.map(at) : paths.slice(0, command.positionals[0])),
    ...options.flatMap(([flag, value]) =>
      command.options[flag].type === 'boolean' ? [`--${flag}`] : [`--${flag}`, at(value)],
    ),
    ...(json ? ['--json'] : []),
  ];
}

/** The arbitrary of one run of `command`: its files, whether the usual arguments come first, options, --json. */
function runOf(command: Command, name: string) {
  return fc.tuple(
    fc.tuple(...SETUP[name].inputs.map((role) => inputOf[role])),
    fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    fc.array(fc.tuple(fc.constantFrom(...Object.keys(command.options)), optionValue), { maxLength: 2 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  );
}

describe('random garbage to every subcommand', () => {
  for (const { name } of commands) {
    it(`${name}: the exit status is always 0, 1 or 2, never an internal error`, async () => {
      const command = await commands.find((c) => c.name === name)!.load();
      await fc.assert(
        fc.asyncProperty(runOf(command, name), async ([files, usual, options, json]) => {
          const args = commandLine(name, command, files, usual, options, json);
          const started = performance.now();
          const run = await runInProcess(args);
          const seconds = (performance.now() - started) / 1000;
          if (![0, 1, 2].includes(run.status)) {
            throw new Error(`exit ${run.status} for wangge ${args.join(' ')}\n${run.stderr.slice(0, 3000)}`);
          }
          expect(seconds).toBeLessThan(20);
        }),
        { numRuns: RUNS_PER_COMMAND },
      );
    });
  }
});

describe('random garbage through the real binary', () => {
  it('exits 0, 1 or 2, never 3 and never by a signal, one run per subcommand', async () => {
    const runs = await Promise.all(
      commands.map(async ({ name, load }) => {
        const command = await load();
        const [[files, usual, options, json]] = fc.sample(runOf(command, name), { numRuns: 1, seed: 1 });
        const args = commandLine(name, command, files, usual, options, json);
        return { args, run: await wangge(args) };
      }),
    );
    for (const { args, run } of runs)
      expect([0, 1, 2], `wangge ${args.join(' ')}\n${run.stderr}`).toContain(run.status);
  });
});
