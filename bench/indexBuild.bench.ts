/**
 * `pnpm bench indexBuild`: the targets of issue 13, side by side with which-polygon (and turf + rbush) in
 * one process on the same data: build time, index memory against the input coordinates, query rate, end
 * to end (build + locate) at 10k and at many points, `fromBuffer` without rebuilding, a size series, and
 * boundary stress against the reference owner with a shuffled-input-order check.
 *
 * Data: the US counties of us-atlas, the 30k compounds and the 20 detailed communities of the example city
 * (1M households), China's 367 prefecture-level cities of `@wangge/corpus` (real echarts boundaries), and
 * generated jittered tilings for the size series. Times are CPU time of this process
 * (`process.cpuUsage`), so the load of other jobs on the shared machine counts less; each figure is the
 * median of `WANGGE_BENCH_REPS` (default 3) repetitions after a warm-up, with the range (min–max).
 *
 * Length: one file on purpose: every target of issue 13 is measured on the same data in one process, and
 * the method, the runs and the table of bench/results/indexBuild.md read together (a benchmark, not library code).
 */
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { booleanPointInPolygon } from '@turf/turf';
import { cleanGeometry, type GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { loadChinaCities } from '@wangge/corpus';
import { createRandom, generateCity, loadUsCounties } from '@wangge/example-city';
import { isInPolygon, pointToPolygonLocation } from '@wangge/geometry';
import { PolygonIndex } from '@wangge/index';
import type { Feature, FeatureCollection, Position } from 'geojson';
import RBush from 'rbush';
import { heapMiB, markdownTable, sink, writeResults } from './harness';

const REPS = Number(process.env.WANGGE_BENCH_REPS ?? 3);
const POINTS = Number(process.env.WANGGE_BENCH_POINTS ?? 1_000_000);
/** Largest call of the point series (10^3 … this). */
const SERIES_POINTS = Number(process.env.WANGGE_BENCH_SERIES_POINTS ?? 10 * POINTS);

type WhichPolygon = ((p: Position, multi?: boolean) => unknown) & { tree: unknown };
const whichPolygon = createRequire(import.meta.url)('which-polygon') as (
  data: FeatureCollection<GridGeometry | null>,
) => WhichPolygon;

type Features = Feature<GridGeometry | null>[];

/** CPU milliseconds of `run`. */
function cpuMs(run: () => unknown): number {
  const start = process.cpuUsage();
  sink(Number(run() ?? 0) | 0);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

interface Sample {
  median: number;
  min: number;
  max: number;
}

/** One warm-up, then `REPS` timed runs. */
function sample(run: () => unknown, reps = REPS): Sample {
  run();
  const list: number[] = [];
  for (let i = 0; i < reps; i++) list.push(cpuMs(run));
  list.sort((a, b) => a - b);
  return { median: list[Math.floor(list.length / 2)], min: list[0], max: list[list.length - 1] };
}

const ms = (s: Sample) =>
  s.median < 10
    ? `${s.median.toFixed(2)} (${s.min.toFixed(2)}–${s.max.toFixed(2)})`
    : `${s.median.toFixed(0)} (${s.min.toFixed(0)}–${s.max.toFixed(0)})`;
const ratio = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));

/** JS heap plus ArrayBuffers after two full collections, MiB. */
function memoryMiB(): number {
  heapMiB();
  return heapMiB() + process.memoryUsage().arrayBuffers / 2 ** 20;
}

function cleaned(collection: FeatureCollection): Features {
  return collection.features.map((f, i) => ({
    type: 'Feature',
    properties: {},
    geometry: cleanGeometry(f.geometry, { featureIndex: i }).geometry,
  }));
}

function vertexCount(features: Features): number {
  let n = 0;
  for (const f of features)
    for (const p of f.geometry === null ? [] : polygonsOf(f.geometry)) for (const r of p) n += r.length;
  return n;
}

/**
 * The box of every ring, not only the first of each polygon: in the echarts maps of the corpus a
 * polygon's later rings are sometimes outer boundaries (Weihai's mainland is not its first ring).
 */
function boxOf(features: Features): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features)
    for (const p of f.geometry === null ? [] : polygonsOf(f.geometry))
      for (const [x, y] of p.flat()) {
        b[0] = Math.min(b[0], x);
        b[1] = Math.min(b[1], y);
        b[2] = Math.max(b[2], x);
        b[3] = Math.max(b[3], y);
      }
  return b;
}

function randomPoints(n: number, box: [number, number, number, number], seed: number): Float64Array {
  const random = createRandom(seed);
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    xy[2 * i] = random.range(box[0], box[2]);
    xy[2 * i + 1] = random.range(box[1], box[3]);
  }
  return xy;
}

/**
 * which-polygon over the features that have a geometry, each carrying its input position as `id`. Given
 * a feature whose geometry is null it still runs, but its rbush then misses other features' boxes (see
 * the China case), so a careful user drops those first, as here.
 */
function whichBuild(features: Features, keepNull = false): WhichPolygon {
  return whichPolygon({
    type: 'FeatureCollection',
    features: features
      .map((f, id) => ({ ...f, properties: { id } }))
      .filter((f) => keepNull || f.geometry !== null),
  });
}

function whichLocate(query: WhichPolygon, xy: Float64Array, out: Int32Array): void {
  const p = [0, 0];
  for (let i = 0; i < out.length; i++) {
    p[0] = xy[2 * i];
    p[1] = xy[2 * i + 1];
    const found = query(p) as { id: number } | null;
    out[i] = found === null ? -1 : found.id;
  }
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  id: number;
}

/** turf's point-in-polygon behind an rbush of feature boxes: what a turf user writes. */
function turfBuild(features: Features): { tree: RBush<Box>; features: Features } {
  const tree = new RBush<Box>();
  const boxes: Box[] = [];
  features.forEach((f, id) => {
    if (f.geometry === null) return;
    const [minX, minY, maxX, maxY] = boxOf([f]);
    boxes.push({ minX, minY, maxX, maxY, id });
  });
  tree.load(boxes);
  return { tree, features };
}

function turfLocate(t: { tree: RBush<Box>; features: Features }, xy: Float64Array, out: Int32Array): void {
  for (let i = 0; i < out.length; i++) {
    const p = [xy[2 * i], xy[2 * i + 1]];
    const ids = t.tree
      .search({ minX: p[0], minY: p[1], maxX: p[0], maxY: p[1] })
      .map((b) => b.id)
      .sort((a, b) => a - b);
    out[i] = ids.find((id) => booleanPointInPolygon(p, t.features[id].geometry!)) ?? -1;
  }
}

/**
 * A wangge index and its first answer: what a user pays before the first point is located. The point is
 * the first vertex of the first feature, inside the grid, so the first query builds the grid's frame and
 * one row of its cells (the other rows are built where later points land, and paid in the end-to-end
 * figures).
 */
function wanggeBuild(features: Features): PolygonIndex {
  const index = PolygonIndex.from(features);
  const first = features.find((f) => f.geometry !== null)?.geometry;
  const [x, y] = first ? polygonsOf(first)[0][0][0] : [0, 0];
  index.locate(x, y);
  return index;
}

/** A throwaway index run over the points, let go on return. */
function warmUp(features: Features, xy: Float64Array, out: Int32Array): void {
  wanggeBuild(features).locateMany(xy, out);
}

interface CaseResult {
  name: string;
  rows: Array<Array<string | number>>;
  ratios: Array<string | number>;
}

/** Every figure of one dataset. */
function runCase(name: string, features: Features, xy: Float64Array, withTurf: boolean): CaseResult {
  const n = xy.length / 2;
  const vertices = vertexCount(features);
  const coordMiB = (vertices * 16) / 2 ** 20;
  const out = new Int32Array(n);
  const ref = new Int32Array(n);
  const small = xy.subarray(0, Math.min(2 * 10_000, xy.length));
  const smallOut = new Int32Array(small.length / 2);

  // Build: `PolygonIndex.from` alone (lazy), and from + the first answer.
  const buildFrom = sample(() => PolygonIndex.from(features).size);
  const buildFull = sample(() => wanggeBuild(features).size);
  const buildWhich = sample(() => (whichBuild(features) ? 1 : 0));
  const buildTurf = withTurf ? sample(() => turfBuild(features).tree.all().length) : null;

  // Memory with the index alive after the full query (rows built and cells refined where points fell),
  // after a first index has run the same code (its compiled code is not the index's memory).
  // (In a function of its own: a temporary of this frame would keep the throwaway index alive.)
  warmUp(features, xy, out);
  const before = memoryMiB();
  const index = wanggeBuild(features);
  index.locateMany(xy, out);
  const memWangge = memoryMiB() - before;
  const bufferMiB = index.toBuffer().byteLength / 2 ** 20;

  // Query on a built index (refinements done by the warm-up).
  const queryWangge = sample(() => index.locateMany(xy, out)[0]);
  const which = whichBuild(features);
  const queryWhich = sample(() => whichLocate(which, xy, ref));
  let disagree = 0;
  const differing: number[] = [];
  for (let i = 0; i < n; i++) {
    if (out[i] === ref[i]) continue;
    disagree++;
    if (differing.length < 4000) differing.push(xy[2 * i], xy[2 * i + 1]);
  }
  // Who is right where the two disagree: turf decides (the first polygon holding the point, by id,
  // among those whose box of all rings holds it).
  const judged = Float64Array.from(differing);
  const judge = new Int32Array(judged.length / 2);
  turfLocate(turfBuild(features), judged, judge);
  const oursOn = index.locateMany(judged);
  let oursRight = 0;
  let whichRight = 0;
  for (let k = 0; k < judge.length; k++) {
    if (oursOn[k] === judge[k]) oursRight++;
    const w = which([judged[2 * k], judged[2 * k + 1]]) as { id: number } | null;
    if ((w === null ? -1 : w.id) === judge[k]) whichRight++;
  }
  let nullNote = '';
  if (features.some((f) => f.geometry === null)) {
    whichLocate(whichBuild(features, true), xy, ref);
    let lost = 0;
    for (let i = 0; i < n; i++) if (out[i] !== ref[i]) lost++;
    nullNote = `; which-polygon given the ${features.filter((f) => f.geometry === null).length} null-geometry features too: ${lost} differ`;
  }
  const verdict =
    (disagree === 0
      ? '0'
      : `${disagree} (of ${judge.length} checked: wangge = turf ${oursRight}, which-polygon = turf ${whichRight})`) +
    nullNote;
  let queryTurf: Sample | null = null;
  if (withTurf) {
    const turfPoints = xy.subarray(0, Math.min(xy.length, 2 * 100_000));
    const t = turfBuild(features);
    const turfOut = new Int32Array(turfPoints.length / 2);
    queryTurf = sample(() => turfLocate(t, turfPoints, turfOut), 1);
    queryTurf = {
      median: (queryTurf.median * n) / turfOut.length,
      min: (queryTurf.min * n) / turfOut.length,
      max: (queryTurf.max * n) / turfOut.length,
    };
  }

  // End to end: a fresh build, then every point.
  const e2eWangge = sample(() => PolygonIndex.from(features).locateMany(xy, out)[0]);
  const e2eWhich = sample(() => whichLocate(whichBuild(features), xy, ref));
  const e2eSmallWangge = sample(() => PolygonIndex.from(features).locateMany(small, smallOut)[0]);
  const e2eSmallWhich = sample(() => whichLocate(whichBuild(features), small, smallOut));

  // fromBuffer: open the stored index, no rebuild.
  const buffer = index.toBuffer();
  const open = sample(() => PolygonIndex.fromBuffer(buffer).size, 9);
  const reopened = PolygonIndex.fromBuffer(buffer).locateMany(xy);
  let reopenDiffer = 0;
  for (let i = 0; i < n; i++) if (reopened[i] !== out[i]) reopenDiffer++;

  const rows: Array<Array<string | number>> = [
    [
      `build ms: from() / to the first answer`,
      `${ms(buildFrom)} / ${ms(buildFull)}`,
      ms(buildWhich),
      buildTurf === null ? '' : ms(buildTurf),
    ],
    [
      `memory MiB (input coordinates as Float64: ${coordMiB.toFixed(1)})`,
      `${memWangge.toFixed(1)} (buffer ${bufferMiB.toFixed(1)})`,
      '',
      '',
    ],
    [
      `query ms, ${n.toLocaleString('en')} points`,
      ms(queryWangge),
      ms(queryWhich),
      queryTurf === null ? '' : `${ms(queryTurf)} (from 100k)`,
    ],
    [`end to end ms (build + locate), ${n.toLocaleString('en')} points`, ms(e2eWangge), ms(e2eWhich), ''],
    [
      `end to end ms, ${(small.length / 2).toLocaleString('en')} points`,
      ms(e2eSmallWangge),
      ms(e2eSmallWhich),
      '',
    ],
    [`fromBuffer ms (${reopenDiffer} answers differ after reopening)`, ms(open), '', ''],
  ];
  const ratios: Array<string | number> = [
    name,
    `${features.length.toLocaleString('en')} / ${vertices.toLocaleString('en')}`,
    `${ratio(buildFull.median / buildWhich.median)} (target ≤ 3)`,
    `${ratio(memWangge / coordMiB)} (≤ 2)`,
    `${ratio(queryWhich.median / queryWangge.median)} (≥ 10)`,
    ratio(e2eWhich.median / e2eWangge.median),
    `${ratio(e2eSmallWhich.median / e2eSmallWangge.median)} (≥ 1)`,
    `${open.median.toFixed(2)} (< 5)`,
    verdict,
  ];
  console.log(`${name}: done`);
  return { name, rows, ratios };
}

/**
 * The reference owner: the kernel's rule on every candidate polygon, by brute force over box candidates.
 * `how`: 'one' when exactly one polygon holds the nudged point, 'overlap' when several do (lowest id),
 * 'fallback' when none does and the lowest id whose closed polygon holds the point owns it.
 */
function referenceOwner(
  features: Features,
  index: PolygonIndex,
  x: number,
  y: number,
): [number, 'one' | 'overlap' | 'fallback'] {
  const candidates = index.search(x, y, x, y);
  const holders = candidates.filter((id) => {
    const g = features[id].geometry;
    return g !== null && polygonsOf(g).some((p) => isInPolygon(p, x, y));
  });
  if (holders.length > 0) return [holders[0], holders.length === 1 ? 'one' : 'overlap'];
  for (const id of candidates) {
    const g = features[id].geometry;
    if (g !== null && polygonsOf(g).some((p) => pointToPolygonLocation(p, x, y) !== 'exterior')) {
      return [id, 'fallback'];
    }
  }
  return [-1, 'fallback'];
}

/** Points exactly on vertices shared by two or more features, and midpoints of shared edges that are exact. */
function sharedPoints(features: Features, limit: number): Float64Array {
  const seen = new Map<string, number>();
  const out: number[] = [];
  features.forEach((f, id) => {
    for (const p of f.geometry === null ? [] : polygonsOf(f.geometry))
      for (const r of p)
        for (let k = 0; k + 1 < r.length && out.length < 2 * limit; k++) {
          const key = `${r[k][0]},${r[k][1]}`;
          const v = seen.get(key);
          if (v === undefined) seen.set(key, id);
          else if (v !== id && v >= 0) {
            seen.set(key, -1);
            out.push(r[k][0], r[k][1]);
            const mx = (r[k][0] + r[k + 1][0]) / 2;
            const my = (r[k][1] + r[k + 1][1]) / 2;
            out.push(mx, my);
          }
        }
  });
  return Float64Array.from(out);
}

/** Boundary stress: agreement with the reference owner, and the same owner when the input is shuffled. */
function stressRow(name: string, features: Features): Array<string | number> {
  const xy = sharedPoints(features, 20_000);
  const n = xy.length / 2;
  const index = PolygonIndex.from(features);
  const ours = index.locateMany(xy);
  const which = whichBuild(features);
  const random = createRandom(5);
  const order = features.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const shuffled = PolygonIndex.from(order.map((i) => features[i])).locateMany(xy);
  let agree = 0;
  let whichAgree = 0;
  let lowestId = 0;
  let shuffleDiffer = 0;
  let shuffleDifferLowest = 0;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    const [owner, how] = referenceOwner(features, index, x, y);
    if (how !== 'one') lowestId++;
    if (ours[i] === owner) agree++;
    const w = which([x, y]) as { id: number } | null;
    if ((w === null ? -1 : w.id) === owner) whichAgree++;
    const back = shuffled[i] < 0 ? -1 : order[shuffled[i]];
    if (back !== ours[i]) {
      if (how !== 'one') shuffleDifferLowest++;
      else shuffleDiffer++;
    }
  }
  return [name, n, `${agree} / ${n}`, `${whichAgree} / ${n}`, lowestId, shuffleDiffer, shuffleDifferLowest];
}

/** A jittered square tiling of about `count` cells that share every vertex, in a 1°-wide box. */
function tiling(count: number, seed: number): Features {
  const side = Math.max(1, Math.round(Math.sqrt(count)));
  const random = createRandom(seed);
  const step = 1 / side;
  const grid: Position[] = [];
  for (let j = 0; j <= side; j++)
    for (let i = 0; i <= side; i++) {
      const edge = i === 0 || j === 0 || i === side || j === side;
      const jx = edge ? 0 : (random.next() - 0.5) * 0.4 * step;
      const jy = edge ? 0 : (random.next() - 0.5) * 0.4 * step;
      grid.push([100 + i * step + jx, 30 + j * step + jy]);
    }
  const at = (i: number, j: number) => grid[j * (side + 1) + i];
  const out: Features = [];
  for (let j = 0; j < side; j++)
    for (let i = 0; i < side; i++)
      out.push({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'Polygon',
          coordinates: [[at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1), at(i, j)]],
        },
      });
  return out;
}

function seriesTables(): string {
  const build: Array<Array<string | number>> = [];
  for (const count of [100, 1_000, 10_000, 100_000, 1_000_000]) {
    const features = tiling(count, count);
    const xy = randomPoints(100_000, [100, 30, 101, 31], 3);
    const out = new Int32Array(xy.length / 2);
    const b = sample(() => wanggeBuild(features).size);
    const w = sample(() => (whichBuild(features) ? 1 : 0));
    const e = sample(() => PolygonIndex.from(features).locateMany(xy, out)[0]);
    const ew = sample(() => whichLocate(whichBuild(features), xy, out));
    build.push([
      features.length.toLocaleString('en'),
      ms(b),
      ms(w),
      ratio(b.median / w.median),
      ms(e),
      ms(ew),
      ratio(ew.median / e.median),
    ]);
    console.log(`series ${count}: done`);
  }
  const points: Array<Array<string | number>> = [];
  const features = tiling(10_000, 9);
  for (let n = 1_000; n <= Math.max(SERIES_POINTS, 1_000); n *= 10) {
    const xy = randomPoints(n, [100, 30, 101, 31], 4);
    const out = new Int32Array(n);
    const e = sample(() => PolygonIndex.from(features).locateMany(xy, out)[0]);
    const ew = sample(() => whichLocate(whichBuild(features), xy, out));
    points.push([n.toLocaleString('en'), ms(e), ms(ew), ratio(ew.median / e.median)]);
  }
  return [
    '### Size series: polygons (jittered tiling, 5 vertices each, 100,000 random points)',
    '',
    markdownTable(
      [
        'polygons',
        'wangge build ms (to the first answer)',
        'which-polygon build ms',
        'build ratio',
        'wangge end to end ms',
        'which-polygon end to end ms',
        'end-to-end speed-up',
      ],
      build,
    ),
    '',
    '### Size series: points (10,000-polygon tiling, fresh build each run)',
    '',
    markdownTable(['points', 'wangge end to end ms', 'which-polygon end to end ms', 'speed-up'], points),
  ].join('\n');
}

function uptime(): string {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'uptime unavailable';
  }
}
const load = uptime();

const counties = cleaned(loadUsCounties());
const city = generateCity({ households: Math.min(POINTS, 1_000_000) });
const compounds = city.compounds.map((f) => ({ ...f, properties: {} })) as Features;
const communities = city.communities.map((f) => ({ ...f, properties: {} })) as Features;
const china = cleaned(loadChinaCities());
const chinaPoints = Math.min(POINTS, 200_000);

const cases = [
  runCase('US counties', counties, randomPoints(POINTS, [-125, 24, -66, 50], 7), true),
  runCase('example city: compounds', compounds, city.households.xy, false),
  runCase('example city: communities (detailed)', communities, city.households.xy, false),
  runCase(
    `China's cities (@wangge/corpus), ${chinaPoints.toLocaleString('en')} random points`,
    china,
    randomPoints(chinaPoints, boxOf(china), 8),
    false,
  ),
];

const sections: string[] = [];
sections.push(
  `Load at the start: \`${load}\` (2 cores shared with other engineers' jobs; CPU time of this process). Median (min–max) of ${REPS} runs after a warm-up. "to the first answer" = \`PolygonIndex.from\` plus one query inside the data, which lays out the cell grid and builds one row of it (the other rows are built, and crowded cells refined, where later points land: that cost is in the end-to-end rows). Memory = heap + ArrayBuffer growth with the index alive after querying every point. Turf's query time is measured on the first 100,000 points and scaled.`,
);
sections.push(
  `## Targets of issue 13 (ratios against which-polygon, same process, same data)\n\n${markdownTable(
    [
      'data',
      'features / vertices',
      'build × which-polygon',
      'memory × coordinates',
      'query speed-up',
      'end-to-end speed-up (all points)',
      'end-to-end speed-up (10k points)',
      'fromBuffer ms',
      'answers differing from which-polygon',
    ],
    cases.map((c) => c.ratios),
  )}`,
);
for (const c of cases) {
  sections.push(
    `### ${c.name}\n\n${markdownTable(['measure', 'wangge', 'which-polygon', 'turf + rbush'], c.rows)}`,
  );
}
sections.push(
  `## Boundary stress: reference owner and shuffled input order\n\nPoints exactly on shared vertices, and midpoints of the edges leaving them. The reference owner is the kernel's point rule (\`isInPolygon\` of \`@wangge/geometry\`, the nudged point) tried on every candidate polygon by brute force, with the lowest id deciding where the nudged point is in several polygons (overlapping real neighbours) or in none (the plan's outer edge: the lowest id whose closed polygon holds the point). "shuffled" = the index built from the features in a seeded random order, answers mapped back: the owner must not change where exactly one polygon holds the nudged point; where the lowest id decides, the owner depends on the ids by definition.\n\n${markdownTable(
    [
      'data',
      'points',
      'wangge = reference',
      'which-polygon = reference',
      'decided by the lowest id (overlap or outer edge)',
      'shuffled: owner changed (one nudged owner; must be 0)',
      'shuffled: owner changed (lowest id decides)',
    ],
    [
      stressRow('US counties', counties),
      stressRow('example city: compounds', compounds),
      stressRow("China's cities", china),
    ],
  )}`,
);
sections.push(seriesTables());
sections.push(`Load at the end: \`${uptime()}\`.`);
writeResults('indexBuild', '@wangge/index: build, memory, end to end (issue 13)', sections.join('\n\n'));
