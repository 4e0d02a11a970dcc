/**
 * `pnpm bench cli`: the `wangge` command as users run it, whole processes timed from spawn to exit.
 * - `wangge assign plan.geojson households.csv -o assigned.csv` on the example city's households (1 M by
 *   default) and its realistic plan (street → communities → 30 k compound grids), against a small
 *   which-polygon script doing the same job (read the CSV, locate every row, write it with its code);
 * - `wangge check` on the US counties (us-atlas);
 * - `wangge partition` of the example city (communities as they are, balanced grids on compounds).
 * `wangge` is the built command as npm installs it (`dist/bin.js` under plain Node, laid out by
 * `installed.ts`; run `pnpm build` first), not the workspace bin that runs the sources through tsx.
 * Wall time and the CPU time of the child (user + system, from /proc), median (min–max) of the runs after
 * one untimed run. `CLI_BENCH_HOUSEHOLDS=100000` picks the size; `CLI_BENCH_RUNS` the runs (default 3).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, uptime } from 'node:os';
import { join } from 'node:path';
import { GridPlan } from '@wangge/core';
import { generateCity, loadUsCounties } from '@wangge/example-city';
import { compoundGrids, markdownTable, writeResults } from './harness';
import { installCli } from './installed';

const households = Number(process.env.CLI_BENCH_HOUSEHOLDS ?? 1_000_000);
const runs = Number(process.env.CLI_BENCH_RUNS ?? 3);
const dir = join(tmpdir(), `wangge-cli-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const wangge = installCli(join(dir, 'install'));
const at = (name: string) => join(dir, name);
const loadLine = () => readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(', ');
const loadAtStart = loadLine();

/** CPU seconds of waited-for children so far (utime + stime of /proc/self/stat's cutime, cstime). */
function childCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  // Fields after the command: state is field 3, so cutime (16) and cstime (17) sit at 13 and 14.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

interface Run {
  wall: number;
  cpu: number;
  status: number | null;
  stdout: string;
}

function run(args: string[]): Run {
  const cpu = childCpu();
  const started = performance.now();
  const done = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = performance.now() - started;
  if (done.error) throw done.error;
  return { wall, cpu: (childCpu() - cpu) * 1000, status: done.status, stdout: done.stdout + done.stderr };
}

/** One untimed run, then `runs` timed ones: median (min–max) of wall and CPU milliseconds. */
function timed(
  args: string[],
  expectStatus: number[],
): { wall: string; cpu: string; median: number; last: Run } {
  const first = run(args);
  if (!expectStatus.includes(first.status ?? -1)) {
    throw new Error(`${args.join(' ')} exited ${first.status}:\n${first.stdout.slice(0, 2000)}`);
  }
  const samples = Array.from({ length: runs }, () => run(args));
  const stat = (pick: (r: Run) => number) => {
    const values = samples.map(pick).sort((a, b) => a - b);
    const median = values[Math.floor(values.length / 2)];
    return { median, text: `${fmt(median)} (${fmt(values[0])}–${fmt(values.at(-1)!)})` };
  };
  const wall = stat((r) => r.wall);
  return { wall: wall.text, cpu: stat((r) => r.cpu).text, median: wall.median, last: samples.at(-1)! };
}

function fmt(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
}

// --- data ----------------------------------------------------------------------------------------------
const city = generateCity({ seed: 1, households });
const compounds = compoundGrids(city);
const plan = GridPlan.from([city.district, ...city.communities, ...compounds]);
const collection = (features: readonly unknown[]) =>
  `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
writeFileSync(at('plan.geojson'), collection(plan.grids));
{
  const { xy, length } = city.households;
  const { residents, flags } = city.households.columns;
  const lines = ['id,lon,lat,residents,flags'];
  for (let i = 0; i < length; i++)
    lines.push(`${i},${xy[2 * i]},${xy[2 * i + 1]},${residents[i]},${flags[i]}`);
  writeFileSync(at('households.csv'), `${lines.join('\n')}\n`);
}

// What a user would write with which-polygon: read the plan and the CSV, locate each row, write it with
// its code (the leaf grids indexed; rows outside every leaf get an empty code).
const whichPolygonPath = createRequire(import.meta.url).resolve('which-polygon');
writeFileSync(
  at('which-polygon-assign.cjs'),
  `const fs = require('fs');
const whichPolygon = require(${JSON.stringify(whichPolygonPath)});
const [planFile, csvFile, outFile] = process.argv.slice(2);
const grids = JSON.parse(fs.readFileSync(planFile, 'utf8')).features;
const parents = new Set(grids.map((g) => g.properties.parent));
const leaves = grids.filter((g) => !parents.has(g.properties.code));
const query = whichPolygon({ type: 'FeatureCollection', features: leaves });
const lines = fs.readFileSync(csvFile, 'utf8').split('\\n');
const header = lines[0].split(',');
const lonAt = header.indexOf('lon');
const latAt = header.indexOf('lat');
const out = [lines[0] + ',grid'];
let missing = 0;
for (let i = 1; i < lines.length; i++) {
  if (lines[i] === '') continue;
  const cells = lines[i].split(',');
  const found = query([Number(cells[lonAt]), Number(cells[latAt])]);
  if (found === null) missing++;
  out.push(lines[i] + ',' + (found === null ? '' : found.code));
}
fs.writeFileSync(outFile, out.join('\\n') + '\\n');
console.log((out.length - 1) + ' rows, ' + missing + ' in no grid');
`,
);
writeFileSync(at('counties.geojson'), collection(loadUsCounties().features));
const small = generateCity({ seed: 1, households: Math.min(households, 100_000) });
writeFileSync(at('street.geojson'), collection([small.district]));
writeFileSync(at('communities.geojson'), collection(small.communities));
writeFileSync(at('compounds.geojson'), collection(small.compounds));
writeFileSync(at('roads.geojson'), collection(small.roads));

// --- runs ----------------------------------------------------------------------------------------------
const rows: Array<Array<string | number>> = [];
const assignRun = timed(
  [wangge, 'assign', at('plan.geojson'), at('households.csv'), '-o', at('assigned.csv')],
  [0],
);
const peerRun = timed(
  [at('which-polygon-assign.cjs'), at('plan.geojson'), at('households.csv'), at('which-polygon.csv')],
  [0],
);
// The same code for every row: the grid column of ours beside the code column of the script.
const codesOf = (file: string, column: string) => {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const at = lines[0].split(',').indexOf(column);
  return lines.slice(1).map((l) => l.split(',')[at]);
};
const ours = codesOf(at('assigned.csv'), 'grid');
const theirs = codesOf(at('which-polygon.csv'), 'grid');
let differ = 0;
for (let i = 0; i < theirs.length; i++) if (ours[i] !== theirs[i]) differ++;
if (ours.length !== theirs.length)
  throw new Error(`${ours.length} rows written, the script wrote ${theirs.length}`);
rows.push([
  `\`wangge assign plan.geojson households.csv -o assigned.csv\` (${households.toLocaleString('en')} households, ${plan.leaves().length.toLocaleString('en')} leaf grids)`,
  assignRun.wall,
  assignRun.cpu,
]);
rows.push(['which-polygon script: read CSV, locate, write codes', peerRun.wall, peerRun.cpu]);
const speedUp = peerRun.median / assignRun.median;
const checkRun = timed([wangge, 'check', at('counties.geojson')], [0, 1]);
rows.push([
  `\`wangge check counties.geojson\` (US counties, ${loadUsCounties().features.length.toLocaleString('en')} features; exit ${checkRun.last.status})`,
  checkRun.wall,
  checkRun.cpu,
]);
const partitionRun = timed(
  [
    wangge,
    'partition',
    at('street.geojson'),
    '--level',
    `fixed:${at('communities.geojson')}`,
    '--level',
    'balanced:300..500',
    '--units',
    at('compounds.geojson'),
    '--barriers',
    at('roads.geojson'),
    '-o',
    at('partitioned.geojson'),
  ],
  [0],
);
rows.push([
  `\`wangge partition\` of the example city (${small.options.households.toLocaleString('en')} households, ${small.compounds.length.toLocaleString('en')} compounds, grids of 300–500)`,
  partitionRun.wall,
  partitionRun.cpu,
]);
for (const r of rows) console.log(r.join(' | '));
rmSync(dir, { recursive: true, force: true });

writeResults(
  'cli',
  'wangge on the command line: whole processes',
  [
    `Load average at the start: ${loadAtStart}; at the end: ${loadLine()} (2 cores shared with other jobs; up ${(uptime() / 3600).toFixed(1)} h).`,
    '',
    'Each command is one Node process, timed from spawn to exit: `wangge` is the built command as npm',
    'installs it (`node_modules/@wangge/cli/dist/bin.js` and the built `@wangge/*` packages, plain Node,',
    "no TypeScript loader; see bench/installed.ts), so reading, parsing, writing and Node's start are",
    `all in. Median (min–max) of ${runs} runs after one untimed run; CPU = user + system time of the child`,
    '(worker threads included). Wall times need the second core free; with the load above they are inflated.',
    'The which-polygon script (in this file) reads the plan and the CSV whole, splits lines on commas,',
    'locates each row with which-polygon over the leaf grids and writes the row with its code;',
    '`wangge assign -o` writes each row with its `grid` and its whole `path` of codes, and checks every',
    'row (coordinates, column count) and every id. Reproduce: `pnpm bench cli`',
    `(\`CLI_BENCH_HOUSEHOLDS=${households}\`).`,
    '',
    markdownTable(['command', 'wall', 'CPU'], rows),
    '',
    `**wangge assign / which-polygon script, end to end: ${speedUp.toFixed(2)}× ${speedUp >= 1 ? 'faster' : 'SLOWER'}** (wall medians).`,
    `Rows whose code differs between the two outputs: ${differ} of ${theirs.length.toLocaleString('en')}`,
    '(points exactly on a shared edge, which the two libraries may give to either side).',
  ].join('\n'),
);
