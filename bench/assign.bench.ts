/**
 * `pnpm bench assign`: the example city through the full `assign` (leaf grid per household, code per
 * household, counts by category rolled up the hierarchy), against which-polygon doing the same job, at
 * 10^3 … 10^6 households, on two plans: street → communities, and street → communities → compounds as
 * grids (thousands of leaves). Then building footprints, and every household streamed as rows.
 * `ASSIGN_BENCH_SIZES=1000,10000` picks the sizes.
 */
import { createRequire } from 'node:module';
import { Assigner, type AssignOptions } from '@wangge/assign';
import { type GridFeature, GridPlan } from '@wangge/core';
import { type ExampleCity, generateCity, KeyGroup } from '@wangge/example-city';
import { heapMiB, markdownTable, perSecond, sink, time, writeResults } from './harness';

// which-polygon ships CommonJS without types.
const whichPolygon = createRequire(import.meta.url)('which-polygon') as (
  collection: unknown,
) => (point: [number, number]) => unknown;

/** Heap plus typed-array backing stores (which `heapUsed` leaves out) after a full collection, MiB. */
function memoryMiB(): number {
  heapMiB();
  heapMiB();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 2 ** 20;
}

const sizes = (process.env.ASSIGN_BENCH_SIZES ?? '1000,10000,100000,1000000').split(',').map(Number);

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

/** Street → communities, and street → communities → compounds (each compound a level-3 grid). */
function plansOf(city: ExampleCity): Array<[string, GridPlan]> {
  const communities = GridPlan.from([city.district, ...city.communities]);
  const seen = new Map<string, number>();
  const compounds = city.compounds.map((c): GridFeature => {
    const n = (seen.get(c.properties.community) ?? 0) + 1;
    seen.set(c.properties.community, n);
    return {
      type: 'Feature',
      properties: { code: `${c.properties.community}${n}`, parent: c.properties.community, level: 3 },
      geometry: c.geometry,
    };
  });
  const deep = GridPlan.from([city.district, ...city.communities, ...compounds]);
  return [
    [`street + ${city.communities.length} communities`, communities],
    [`+ ${compounds.length} compound grids`, deep],
  ];
}

/** What a user would write with which-polygon: an index of the leaves, then locate, count, roll up. */
function whichPolygonOf(plan: GridPlan): (city: ExampleCity) => number {
  const parentIds = plan.parentIds();
  const hasChild = new Set(parentIds);
  const leaves = plan.grids
    .map((g, id) => ({ ...g, properties: { id } }))
    .filter((g) => !hasChild.has(g.properties.id));
  const query = whichPolygon({ type: 'FeatureCollection', features: leaves });
  const byDepth = plan.grids
    .map((_, g) => g)
    .sort((a, b) => plan.grids[b].properties.level - plan.grids[a].properties.level);
  return (city) => {
    const { xy, length } = city.households;
    const { residents, flags } = city.households.columns;
    const households = new Float64Array(plan.size);
    const people = new Float64Array(plan.size);
    const elderly = new Float64Array(plan.size);
    const codes: Array<string | null> = new Array(length);
    for (let i = 0; i < length; i++) {
      const found = query([xy[2 * i], xy[2 * i + 1]]) as { id: number } | null;
      if (found === null) {
        codes[i] = null;
        continue;
      }
      households[found.id] += 1;
      people[found.id] += residents[i];
      if (flags[i] & KeyGroup.ELDERLY_ALONE) elderly[found.id] += 1;
      codes[i] = plan.grids[found.id].properties.code;
    }
    for (const values of [households, people, elderly]) {
      for (const g of byDepth) if (parentIds[g] >= 0) values[parentIds[g]] += values[g];
    }
    return households[0] + codes.length;
  };
}

/** Milliseconds of one run of `f`, with its result. */
function once<T>(f: () => T): [number, T] {
  const started = performance.now();
  const result = f();
  return [performance.now() - started, result];
}

/**
 * The city's households as a stream of rows with text cells (what a CSV reader yields), made lazily in
 * arrays of 4,096, through `assigner.assignStream` in 65,536-row chunks; live memory (after a full
 * collection) sampled after every chunk.
 */
async function streamRow(city: ExampleCity, assigner: Assigner): Promise<Array<string | number>> {
  const { xy, length } = city.households;
  const { residents, flags } = city.households.columns;
  async function* records() {
    for (let at = 0; at < length; at += 4096) {
      const batch: Array<Record<string, string>> = [];
      for (let i = at; i < Math.min(length, at + 4096); i++) {
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
  const run = async (onProgress?: () => void) => {
    const started = performance.now();
    const summary = await assigner.assignStream(records(), { ...options, onProgress });
    if (summary.assigned !== length) throw new Error(`stream placed ${summary.assigned} of ${length}`);
    return performance.now() - started;
  };
  const ms = await run();
  const base = memoryMiB();
  let peak = 0;
  await run(() => {
    peak = Math.max(peak, memoryMiB() - base);
  });
  return [length.toLocaleString('en'), `${ms.toFixed(0)} ms (${perSecond(length, ms)})`, peak.toFixed(1)];
}

const rows: Array<Array<string | number>> = [];
const streamRows: Array<Array<string | number>> = [];
const footprintRows: Array<Array<string | number>> = [];
for (const n of sizes) {
  const city = generateCity({ seed: 1, households: n });
  const households = city.households;
  const repetitions = n >= 1_000_000 ? 3 : 5;
  for (const [name, plan] of plansOf(city)) {
    const base = memoryMiB();
    const [build, assigner] = once(() => new Assigner(plan));
    const indexHeap = memoryMiB() - base;
    const kept = assigner.assign(households, options);
    // The result is typed arrays; their sizes are exact where a heap difference this small is noise.
    const resultHeap =
      [kept.gridIds, kept.ruleIds, kept.load, ...Object.values(kept.counts)].reduce(
        (s, a) => s + a.byteLength,
        0,
      ) /
      2 ** 20;
    if (kept.assigned !== n) throw new Error(`only ${kept.assigned} of ${n} households placed`);
    sink(kept.counts.households[0]);
    const counts = time(() => assigner.assign(households, options).assigned, { repetitions });
    const full = time(
      () => {
        const result = assigner.assign(households, options);
        const codes = new Array<string | null>(n);
        for (let i = 0; i < n; i++) codes[i] = result.codeOf(i);
        return result.assigned + codes.length;
      },
      { repetitions },
    );
    const [peerBuild, peer] = once(() => whichPolygonOf(plan));
    const peerRun = time(() => peer(city), { repetitions });
    rows.push([
      n.toLocaleString('en'),
      name,
      `${build.toFixed(0)} ms`,
      `${counts.median.toFixed(1)} ms (${perSecond(n, counts.median)})`,
      `${full.median.toFixed(1)} ms (${perSecond(n, full.median)})`,
      `${peerBuild.toFixed(0)} ms`,
      `${peerRun.median.toFixed(1)} ms (${perSecond(n, peerRun.median)})`,
      `${(peerRun.median / full.median).toFixed(1)}×`,
      `${indexHeap.toFixed(1)} + ${resultHeap.toFixed(1)}`,
    ]);
    console.log(rows.at(-1)!.join(' | '));
    if (name.startsWith('+')) {
      const buildings = time(() => assigner.assign(city.buildings, { countAs: 'buildings' }).assigned, {
        repetitions: 3,
      });
      const straddling = assigner.assign(city.buildings, { countAs: 'buildings' }).straddlers.length;
      footprintRows.push([
        n.toLocaleString('en'),
        city.buildings.length.toLocaleString('en'),
        plan.leaves().length.toLocaleString('en'),
        `${buildings.median.toFixed(1)} ms (${perSecond(city.buildings.length, buildings.median)})`,
        straddling,
      ]);
      streamRows.push(await streamRow(city, assigner));
    }
  }
}

writeResults(
  'assign',
  '@wangge/assign: the example city through the full assign',
  [
    'Households of `generateCity({ seed: 1 })` assigned to the leaf grids of two plans, with counts of',
    'households, residents and the four key groups plus a residents-weighted load, rolled up to every',
    'ancestor. *Assigner build* = `new Assigner(plan)` (the @wangge/index PolygonIndex of the leaves), once;',
    '*counts* = `assigner.assign(households, options)` (typed-array columns in, grid id per household',
    'and rolled-up counts out); *codes + counts* adds the code string of every household (`codeOf`).',
    'which-polygon does the same job as a user would write it (locate, count three columns per leaf, roll',
    'up, code per household); speed-up = which-polygon / codes + counts, builds excluded. Median of 5 runs',
    '(3 at 10^6) after a warm-up; memory = heap + array buffers retained by the Assigner (measured after a',
    'full collection), and the typed arrays of one result (summed).',
    '',
    markdownTable(
      [
        'households',
        'plan',
        'Assigner build',
        'assign: counts',
        'assign: codes + counts',
        'which-polygon build',
        'which-polygon: codes + counts',
        'speed-up',
        'MiB: Assigner + result',
      ],
      rows,
    ),
    '',
    '## Footprints',
    '',
    'Every building of the city assigned whole to the grid holding most of its area (the kernel (@wangge/geometry)',
    'intersection after a box cut, geodesic areas; a building wholly inside one grid skips both).',
    '',
    markdownTable(['households', 'buildings', 'leaf grids', 'assign', 'straddlers'], footprintRows),
    '',
    '## Streaming',
    '',
    'Each city as a stream of rows with text cells (`lon,lat,residents,flags`, what a CSV reader yields),',
    'made lazily in arrays of 4,096, through `assigner.assignStream` (the compound-grid plan, Assigner built',
    'above) in 65,536-row chunks; time of one run; peak live memory (heap + array buffers after a full',
    'collection) above the baseline, sampled after every chunk in a second run. It stays flat as the stream',
    "grows: memory follows the chunk size, not the input. Reading files is the CLI's (see cli.md).",
    '',
    markdownTable(['households', 'assignStream', 'peak live MiB'], streamRows),
  ].join('\n'),
);
