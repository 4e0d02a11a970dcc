/**
 * `pnpm bench assign`: the example city through the full `assign` (leaf grid and code per household,
 * counts by key group rolled up the hierarchy), end to end (the Assigner's index built on every run, as
 * users pay it), against which-polygon doing the same job, on two plans of one 1 M-household city: the
 * realistic plan (street → 20 communities → 30,188 compound grids) and the 20 detailed community
 * polygons. A point series 10^3 … 10^7 (households sampled; 10^7 is the city ten times, each copy moved by
 * under a metre), threads on 2 cores at 10^7, building footprints, and households streamed as rows.
 * `ASSIGN_BENCH_SIZES=1000,10000` picks the sizes; `ASSIGN_BENCH_THREADS=0` skips the threads part;
 * `ASSIGN_BENCH_THREADS=only` runs the threads part alone, into results/assign-threads.md (to re-run it
 * when the machine is quiet without the rest).
 */
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { Assigner, type AssignOptions } from '@wangge/assign';
import { GridPlan, type PointTable, pointTable } from '@wangge/core';
import { createRandom, generateCity, KeyGroup } from '@wangge/example-city';
import { compoundGrids, heapMiB, markdownTable, perSecond, sink, writeResults } from './harness';

// which-polygon ships CommonJS without types.
const whichPolygon = createRequire(import.meta.url)('which-polygon') as (
  collection: unknown,
) => (point: [number, number]) => unknown;

const threadsOnly = process.env.ASSIGN_BENCH_THREADS === 'only';
const sizes = threadsOnly
  ? []
  : (process.env.ASSIGN_BENCH_SIZES ?? '1000,10000,100000,1000000,10000000').split(',').map(Number);
const withThreads = process.env.ASSIGN_BENCH_THREADS !== '0';
const loadLine = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const loadAtStart = loadLine();

/** Heap plus typed-array backing stores (which `heapUsed` leaves out) after a full collection, MiB. */
function memoryMiB(): number {
  heapMiB();
  heapMiB();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 2 ** 20;
}

const options: AssignOptions = {
  countAs: 'households',
  counts: {
    residents: 'residents',
    elderlyAlone: { column: 'flags', flag: KeyGroup.ELDERLY_ALONE },
    disabled: { column: 'flags', flag: KeyGroup.DISABLED },
    rental: { column: 'flags', flag: KeyGroup.RENTAL },
    floating: { column: 'flags', flag: KeyGroup.FLOATING },
  },
  weight: 'residents',
};

const city = generateCity({ seed: 1, households: 1_000_000 });
const households = city.households;

/** Street → communities → compounds (each compound a level-3 grid), and street → communities. */
const compounds = compoundGrids(city);
const plans: Array<[string, GridPlan]> = [
  [
    `realistic: street + ${city.communities.length} communities + ${compounds.length} compound grids`,
    GridPlan.from([city.district, ...city.communities, ...compounds]),
  ],
  [
    `dense: street + ${city.communities.length} detailed community polygons`,
    GridPlan.from([city.district, ...city.communities]),
  ],
];

/**
 * `n` households as a point table with residents and flags: a seeded sample without repeats up to the
 * city's million; above it, copies of the city, each moved by under a metre.
 */
function householdsOf(n: number): PointTable {
  const m = households.length;
  const xy = new Float64Array(2 * n);
  const residents = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const random = createRandom(n);
  let pick: (i: number) => number;
  if (n <= m) {
    const order = Int32Array.from({ length: m }, (_, i) => i);
    for (let i = 0; i < n; i++) {
      const j = i + random.int(m - i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    pick = (i) => order[i];
  } else pick = (i) => i % m;
  for (let i = 0; i < n; i++) {
    const h = pick(i);
    const shift = n <= m ? 0 : Math.floor(i / m) * 1e-6;
    xy[2 * i] = households.xy[2 * h] + shift;
    xy[2 * i + 1] = households.xy[2 * h + 1] - shift;
    residents[i] = households.columns.residents[h];
    flags[i] = households.columns.flags[h];
  }
  return pointTable(xy, { residents, flags });
}

/** What a user would write with which-polygon: an index of the leaves, then locate, count, roll up. */
function whichPolygonEndToEnd(plan: GridPlan, table: PointTable): number {
  const parentIds = plan.parentIds();
  const hasChild = new Set(parentIds);
  const leaves = plan.grids
    .map((g, id) => ({ ...g, properties: { id } }))
    .filter((g) => !hasChild.has(g.properties.id));
  const query = whichPolygon({ type: 'FeatureCollection', features: leaves });
  const byDepth = plan.grids
    .map((_, g) => g)
    .sort((a, b) => plan.grids[b].properties.level - plan.grids[a].properties.level);
  const { xy, length } = table;
  const residents = table.columns.residents as Uint8Array;
  const flags = table.columns.flags as Uint8Array;
  const count = new Float64Array(plan.size);
  const people = new Float64Array(plan.size);
  const groups = [KeyGroup.ELDERLY_ALONE, KeyGroup.DISABLED, KeyGroup.RENTAL, KeyGroup.FLOATING];
  const keyGroups = groups.map(() => new Float64Array(plan.size));
  const codes: Array<string | null> = new Array(length);
  for (let i = 0; i < length; i++) {
    const found = query([xy[2 * i], xy[2 * i + 1]]) as { id: number } | null;
    if (found === null) {
      codes[i] = null;
      continue;
    }
    count[found.id] += 1;
    people[found.id] += residents[i];
    for (let k = 0; k < groups.length; k++) if (flags[i] & groups[k]) keyGroups[k][found.id] += 1;
    codes[i] = plan.grids[found.id].properties.code;
  }
  for (const values of [count, people, ...keyGroups]) {
    for (const g of byDepth) if (parentIds[g] >= 0) values[parentIds[g]] += values[g];
  }
  return count[0] + codes.length;
}

/** wangge end to end: the Assigner built, then every household placed, counted and given its code. */
function wanggeEndToEnd(plan: GridPlan, table: PointTable, threads: number | 'auto' = 1): number {
  const assigner = new Assigner(plan, { threads });
  try {
    const result = assigner.assign(table, options);
    const codes = new Array<string | null>(table.length);
    for (let i = 0; i < table.length; i++) codes[i] = result.codeOf(i);
    return result.counts.households[0] + codes.length;
  } finally {
    assigner.close();
  }
}

/**
 * Median (min–max) of `runs` timed runs after one untimed (none when `runs` is 1: a single run of the
 * largest size, warm from the smaller ones), in ms; CPU ms of this process beside.
 */
function timed(run: () => number, runs: number): { median: number; text: string; cpu: number } {
  if (runs > 1) sink(run());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    sink(run());
    wall.push(performance.now() - t);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = wall[Math.floor(runs / 2)];
  return {
    median,
    text: runs === 1 ? `${fmt(median)} (one run)` : `${fmt(median)} (${fmt(wall[0])}–${fmt(wall.at(-1)!)})`,
    cpu: cpu[Math.floor(runs / 2)],
  };
}

function fmt(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 100
      ? `${ms.toFixed(0)} ms`
      : `${ms.toFixed(1)} ms`;
}

const series: Array<Array<string | number>> = [];
for (const [name, plan] of plans) {
  for (const n of sizes) {
    const table = householdsOf(n);
    const runs = n >= 10_000_000 ? 1 : n >= 1_000_000 ? 3 : 5;
    const ours = timed(() => wanggeEndToEnd(plan, table), runs);
    const peer = timed(() => whichPolygonEndToEnd(plan, table), runs);
    series.push([
      name.split(':')[0],
      n.toLocaleString('en'),
      `${ours.text} (${perSecond(n, ours.median)})`,
      `${peer.text} (${perSecond(n, peer.median)})`,
      `**${(peer.median / ours.median).toFixed(2)}×**`,
    ]);
    console.log(series.at(-1)!.join(' | '));
  }
}

// Threads: the same 10^7 households on the realistic plan, one thread against 'auto' (both cores), with
// the full counts and with the household count only (where locating is nearly all the work).
const threadRows: Array<Array<string | number>> = [];
if (withThreads) {
  const [, plan] = plans[0];
  const n = 10_000_000;
  const table = householdsOf(n);
  const single = new Assigner(plan, { threads: 1 });
  const parallel = new Assigner(plan, { threads: 'auto', parallelFrom: 0 });
  for (const [what, settings] of [
    ['full counts', options],
    ['households only', { countAs: 'households' }],
  ] as const) {
    const expected = single.assign(table, settings);
    const got = parallel.assign(table, settings);
    const same =
      Buffer.from(expected.gridIds.buffer).equals(Buffer.from(got.gridIds.buffer)) &&
      Object.keys(expected.counts).every((k) =>
        Buffer.from(expected.counts[k].buffer).equals(Buffer.from(got.counts[k].buffer)),
      ) &&
      Buffer.from(expected.load.buffer).equals(Buffer.from(got.load.buffer));
    const medians: number[] = [];
    for (const [label, assigner] of [
      ['threads: 1', single],
      ['threads: auto (2 cores)', parallel],
    ] as const) {
      const load = loadLine();
      const t = timed(() => assigner.assign(table, settings).assigned, 3);
      medians.push(t.median);
      threadRows.push([what, label, `${t.text} (${perSecond(n, t.median)})`, fmt(t.cpu), load]);
      console.log(threadRows.at(-1)!.join(' | '));
    }
    const ratio = medians[0] / medians[1];
    threadRows.push([
      what,
      '**speed-up**',
      `**${ratio.toFixed(2)}×**`,
      '',
      same ? 'output identical byte for byte' : 'OUTPUT DIFFERS',
    ]);
  }
  parallel.close();
}

// Footprints and streaming, on the realistic plan's Assigner.
const assigner = new Assigner(plans[0][1], { threads: 1 });
const footprints = threadsOnly
  ? { median: Number.NaN }
  : timed(() => assigner.assign(city.buildings, { countAs: 'buildings' }).assigned, 3);
const straddling = threadsOnly
  ? 0
  : assigner.assign(city.buildings, { countAs: 'buildings' }).straddlers.length;
const streamRows: Array<Array<string | number>> = [];
for (const n of threadsOnly ? [] : [100_000, 1_000_000]) {
  const table = householdsOf(n);
  const { xy } = table;
  const residents = table.columns.residents as Uint8Array;
  const flags = table.columns.flags as Uint8Array;
  async function* records() {
    for (let at = 0; at < n; at += 4096) {
      const batch: Array<Record<string, string>> = [];
      for (let i = at; i < Math.min(n, at + 4096); i++) {
        batch.push({
          lon: String(xy[2 * i]),
          lat: String(xy[2 * i + 1]),
          residents: String(residents[i]),
          flags: String(flags[i]),
        });
      }
      yield batch;
    }
  }
  const started = performance.now();
  await assigner.assignStream(records(), options);
  const ms = performance.now() - started;
  const base = memoryMiB();
  let peak = 0;
  await assigner.assignStream(records(), {
    ...options,
    onProgress: () => (peak = Math.max(peak, memoryMiB() - base)),
  });
  streamRows.push([n.toLocaleString('en'), `${fmt(ms)} (${perSecond(n, ms)})`, peak.toFixed(1)]);
}

const threadsSection = [
  '## Threads (`threads` option), 10^7 households, realistic plan',
  '',
  'One Assigner per setting, built and warmed once; `assign(table, options)` timed (median of 3 runs after',
  "an untimed one), with the full counts above and with the household count only. 'auto' locates on a",
  'worker thread too (the leaf index shared in a SharedArrayBuffer, blocks of points claimed from one',
  'atomic counter); the batch goes in parts of 262,144 points, and while the worker locates one part the',
  'calling thread counts the part before and packs the part after, then claims blocks too. CPU = this',
  'process, all threads: it cannot show a parallel speed-up (the same work, spread); only wall time can,',
  'and only when the second core is free, so the load average of each row is beside it',
  '(`ASSIGN_BENCH_THREADS=only pnpm bench assign` re-runs this part alone, into assign-threads.md).',
  '',
  withThreads
    ? markdownTable(['counts', 'setting', 'assign, wall', 'CPU', 'load average when run'], threadRows)
    : '(skipped)',
];
if (threadsOnly) {
  writeResults(
    'assign-threads',
    '@wangge/assign: threads at 10^7 households (the threads part of assign.bench.ts alone)',
    [
      `Load average at the start: ${loadAtStart}; at the end: ${loadLine()} (2 cores shared with other engineers' jobs). Reproduce: \`ASSIGN_BENCH_THREADS=only pnpm bench assign\`.`,
      '',
      ...threadsSection,
    ].join('\n'),
  );
  process.exit(0);
}

writeResults(
  'assign',
  '@wangge/assign: the example city through the full assign, end to end',
  [
    `Load average at the start: ${loadAtStart}; at the end: ${loadLine()} (2 cores shared with other engineers' jobs: wall times are inflated and noisy, ratios less so; the lead re-runs on an idle machine). Reproduce: \`pnpm bench assign\`.`,
    '',
    '## End to end, build included: wangge against which-polygon',
    '',
    '`generateCity({ seed: 1, households: 1_000_000 })`; households sampled from it without repeats (10^7:',
    'the city ten times, each copy moved by under a metre), with residents and key-group flags. *wangge* =',
    '`new Assigner(plan)` (its leaf index built on every run) + `assign(table, options)` (leaf grid,',
    'counts of households, residents and four key groups plus a residents-weighted load rolled up to every',
    'ancestor) + the code of every household (`codeOf`), one thread. *which-polygon* does the same job as a',
    'user would write it: its index of the leaves, locate, count, roll up, a code per household. Median',
    '(min–max) of 5 runs (3 at 10^6) after an untimed one; 10^7 is one run each (no untimed one: warm from',
    'the smaller sizes). Speed-up = which-polygon / wangge.',
    '',
    markdownTable(
      ['plan', 'households', 'wangge, end to end', 'which-polygon, end to end', 'speed-up'],
      series,
    ),
    '',
    `Plans: ${plans.map(([name, plan]) => `${name} (${plan.leaves().length.toLocaleString('en')} leaves)`).join('; ')}.`,
    '',
    ...threadsSection,
    '',
    '## Footprints',
    '',
    `Every building of the city (${city.buildings.length.toLocaleString('en')}) assigned whole to the compound grid holding most of its area (the`,
    'kernel intersection after a box cut, geodesic areas; a building wholly inside one grid skips both):',
    `${fmt(footprints.median)} (${perSecond(city.buildings.length, footprints.median)}), ${straddling} straddlers.`,
    '',
    '## Streaming',
    '',
    'Households as a stream of rows with text cells (`lon,lat,residents,flags`, what a CSV reader yields),',
    'made lazily in arrays of 4,096, through `assigner.assignStream` (the realistic plan) in 65,536-row',
    'chunks; time of one run; peak live memory (heap + array buffers after a full collection) above the',
    'baseline, sampled after every chunk in a second run: it follows the chunk size, not the stream.',
    "Reading files is the CLI's (see cli.md).",
    '',
    markdownTable(['households', 'assignStream', 'peak live MiB'], streamRows),
  ].join('\n'),
);
