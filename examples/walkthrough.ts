/**
 * The whole job end to end, as a planner runs it with the `wangge` command:
 * generate the example city → partition → check → assign → report → balance → check → diff → render.
 * Run with `pnpm exec tsx examples/walkthrough.ts`; every file it writes is under `.out/walkthrough/`.
 * `WANGGE_HOUSEHOLDS=50000` makes a bigger city.
 *
 * Each stage prints the command line it runs and the first lines of its summary. The commands run in
 * this process through `runCli` (the same code as the `wangge` binary, without starting Node per stage).
 * Exit status 1 (findings, e.g. grids outside the target load) is part of the story; 2 or 3 stops it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { assign } from '@wangge/assign';
import { loadExactSolver, measureUnits, rebalance, splitHeavyUnits, type UnitFeature } from '@wangge/balance';
import { runCli } from '@wangge/cli';
import { GridPlan, pointTable } from '@wangge/core';
import { generateCity } from '@wangge/example-city';

const households = Number(process.env.WANGGE_HOUSEHOLDS ?? 20_000);
const dir = join(process.cwd(), '.out', 'walkthrough');
mkdirSync(dir, { recursive: true });
const at = (name: string) => relative(process.cwd(), join(dir, name));
const started = performance.now();

// 1. The inputs a street office has: its boundary, the communities, compounds, roads and households.
const city = generateCity({ seed: 1, households });
const collection = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
writeFileSync(at('street.geojson'), collection([city.district]));
writeFileSync(at('communities.geojson'), collection(city.communities));
writeFileSync(at('compounds.geojson'), collection(city.compounds));
writeFileSync(at('roads.geojson'), collection(city.roads));
const t = city.households;
const { building, residents, flags } = t.columns;
const rows = ['id,building,residents,flags,lon,lat'];
for (let i = 0; i < t.length; i++) {
  rows.push(`${i},${building[i]},${residents[i]},${flags[i]},${t.xy[2 * i]},${t.xy[2 * i + 1]}`);
}
writeFileSync(at('households.csv'), `${rows.join('\n')}\n`);
console.log(
  `wangge walkthrough: ${city.district.properties.name}, writing to ${relative(process.cwd(), dir)}/`,
);
console.log(
  `\n[1/9] generate: ${households.toLocaleString('en')} households in ${city.compounds.length} compounds, ${city.communities.length} communities, ${city.roads.length} main roads`,
);

let stage = 1;
/** Runs one `wangge` command line, prints it and the first lines of its summary. */
async function wangge(
  title: string,
  args: string[],
  lines = 4,
  from: 'head' | 'tail' = 'head',
): Promise<number> {
  stage++;
  let out = '';
  let err = '';
  const status = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
  });
  console.log(`\n[${stage}/9] ${title}\n$ wangge ${args.join(' ')}`);
  const shown = out.trimEnd().split('\n');
  const more = shown.length > lines ? [`… (${shown.length - lines} more lines)`] : [];
  const picked = from === 'head' ? [...shown.slice(0, lines), ...more] : [...more, ...shown.slice(-lines)];
  for (const line of picked) console.log(`  ${line}`);
  console.log(`  → exit ${status}${status === 1 ? ' (findings, see above)' : ''}`);
  if (status > 1) {
    console.error(err);
    process.exit(status);
  }
  return status;
}

// The street office then tightens its standard to 360–420 households per grid worker (任务相当).
const target = '3=360..420';
await wangge('partition: communities as they are, grids of 300–500 households, compounds never cut', [
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
  at('plan.geojson'),
]);
await wangge(
  'check: the plan tiles the street, no gap, no overlap (the CI gate)',
  ['check', at('plan.geojson'), '--boundary', at('street.geojson'), '--out', at('defects.geojson')],
  2,
  'tail',
);
await wangge(
  'assign: every household in exactly one grid (楼不漏户)',
  [
    'assign',
    at('plan.geojson'),
    at('households.csv'),
    '--sum',
    'residents',
    '--plan-out',
    at('plan-counted.geojson'),
  ],
  2,
);
await wangge(
  'report: workload per grid against the new standard of 360–420 households',
  [
    'report',
    at('plan.geojson'),
    '--households',
    at('households.csv'),
    '--target',
    target,
    '-o',
    at('load.csv'),
  ],
  5,
);
// The balance step runs the library directly (what `wangge balance` does), with the exact reference:
// HiGHS solves each grid still out of range with its siblings (or its neighbours, when the siblings are
// too many), so each grid left out comes with a proof and what would fix it.
{
  stage++;
  const plan = GridPlan.from(JSON.parse(readFileSync(at('plan.geojson'), 'utf8')).features);
  const placed = assign(plan, city.compounds);
  const { flags, residents, building } = city.households.columns;
  const entities = { households: pointTable(city.households.xy, { flags, residents, building }) };
  const model = { categories: { households: { weight: 1 } }, targets: { 3: { min: 360, max: 420 } } };
  const measured = measureUnits(
    city.compounds.map((u, i) => ({ ...u, properties: { ...u.properties, grid: placed.codeOf(i)! } })),
    entities,
    model,
  );
  const split = splitHeavyUnits(measured, entities, model, { plan, buildingColumn: 'building' });
  // Limits are counts (nodes, rounds of cuts), not seconds: the same proof on every machine.
  const exact = await loadExactSolver();
  const result = rebalance(split.plan!, split.units as unknown as UnitFeature[], model, { exact });
  writeFileSync(at('plan-balanced.geojson'), collection([...result.plan.grids]));
  const moves = [
    'unit,id,from,to,households,load',
    ...result.moves.map((m) => `${m.unit},${m.id},${m.from},${m.to},${m.households},${m.load}`),
  ];
  writeFileSync(at('moves.csv'), `${moves.join('\n')}\n`);
  const out = (s: typeof result.after) => s.over + s.under;
  const splits = result.changes.filter((c) => c.kind === 'split').length;
  console.log(
    `\n[${stage}/9] balance: move whole compounds between neighbouring grids into the new range, proven by the exact reference`,
  );
  console.log(
    `$ rebalance(plan, compounds, { targets: { 3: 360..420 } }, { exact: await loadExactSolver() })`,
  );
  console.log(
    `  ${split.findings.length} compounds above 420 split; ${result.moves.length} units moved (${result.householdsMoved} households), ${splits} splits, ${result.changes.length - splits} merges`,
  );
  console.log(
    `  grids out of range: ${out(result.before)} of ${result.before.count} → ${out(result.after)} of ${result.after.count}`,
  );
  for (const f of result.findings) console.log(`  ${f.kind}: ${f.message}`);
  const unproven = result.findings.filter((f) => f.kind === 'out-of-range' && f.proof?.proven !== true);
  console.log(
    `  → ${unproven.length === 0 ? 'every grid in range, or proven unreachable' : `${unproven.length} grids out of range without a proof`}; wrote ${at('plan-balanced.geojson')}, ${at('moves.csv')}`,
  );
}
await wangge(
  'check the balanced plan',
  ['check', at('plan-balanced.geojson'), '--boundary', at('street.geojson')],
  2,
  'tail',
);
await wangge(
  'diff: what the rebalancing changes, for the record (网格调整备案)',
  [
    'diff',
    at('plan.geojson'),
    at('plan-balanced.geojson'),
    '--households',
    at('households.csv'),
    '-o',
    at('flows.csv'),
    '--changes',
    at('household-changes.csv'),
  ],
  2,
);
// Count the households of the balanced plan (for the labels), then draw it.
await runCli(
  [
    'assign',
    at('plan-balanced.geojson'),
    at('households.csv'),
    '--plan-out',
    at('plan-balanced-counted.geojson'),
  ],
  {
    stdout: { write: () => true },
    stderr: { write: (s: string) => process.stderr.write(s) },
  },
);
await wangge('render: the map, neighbours in different colours, defects in red', [
  'render',
  at('plan-balanced-counted.geojson'),
  '--defects',
  at('defects.geojson'),
  '-o',
  at('plan.svg'),
  '--html',
  at('plan.html'),
]);
console.log(
  `\ndone in ${((performance.now() - started) / 1000).toFixed(1)} s; open ${at('plan.html')} in a browser`,
);
