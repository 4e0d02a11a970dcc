/**
 * `pnpm bench index`: PolygonIndex against the libraries a user would pick instead, in one process on the
 * same points. Case 1: the ~3,200 US counties of us-atlas (simplified, ~19 vertices per part) with seeded
 * random points in the contiguous-US box; case 2: the communities of a generated city at full detail
 * (hundreds to thousands of vertices each) with its households as points. Then a boundary-stress set:
 * points exactly on shared vertices and exactly on shared edges, and how many owners each library gives
 * them. `WANGGE_BENCH_POINTS` sets the number of random points (default 1,000,000).
 *
 * Length: one file on purpose: the libraries, the points and the boundary stress are compared in one process
 * and written to one table (bench/results/index.md); a benchmark, not library code.
 */
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { booleanPointInPolygon } from '@turf/turf';
import { cleanGeometry, type GridGeometry } from '@wangge/core';
import { polygonsOf } from '@wangge/core/internal';
import { createRandom, generateCity, loadUsCounties } from '@wangge/example-city';
import { DynamicPolygonIndex, neighbours, PolygonIndex } from '@wangge/index';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, Position } from 'geojson';
import inside from 'point-in-polygon-hao';
import RBush from 'rbush';
import { orient2d } from 'robust-predicates';
import { heapMiB, markdownTable, perSecond, sink, writeResults } from './harness';

/** The machine's load, for the results file. */
function uptime(): string {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'uptime unavailable';
  }
}
const loadAtStart = uptime();

/** Timed repetitions after one warm-up. */
const REPETITIONS = 3;

/**
 * CPU milliseconds this process spends in `run`. The machine is shared, so wall-clock time measures the
 * neighbours' load as much as the code; CPU time of this process does not.
 */
function cpuMs(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Like the harness's `time`, in CPU time: warm-up, repetitions, min and median. */
function cpuTime(run: () => unknown, warmup = 1, repetitions = 5): { min: number; median: number } {
  for (let i = 0; i < warmup; i++) run();
  const list: number[] = [];
  for (let i = 0; i < repetitions; i++) list.push(cpuMs(run));
  list.sort((a, b) => a - b);
  return { min: list[0], median: list[Math.floor(list.length / 2)] };
}

/** JS heap plus ArrayBuffer memory (typed arrays live outside the heap), after a full GC, in MiB. */
function memoryMiB(): number {
  // Two full collections: ArrayBuffer backing stores of the first one's garbage are freed by the second.
  heapMiB();
  const heap = heapMiB();
  return heap + process.memoryUsage().arrayBuffers / 2 ** 20;
}

type WhichPolygon = ((p: Position, multi?: boolean) => unknown) & { tree: unknown };
const whichPolygon = createRequire(import.meta.url)('which-polygon') as (
  data: FeatureCollection<GridGeometry | null>,
) => WhichPolygon;

const POINTS = Number(process.env.WANGGE_BENCH_POINTS ?? 1_000_000);
/** Points of the densified case: the peers' per-point cost grows with the vertex count. */
const DENSE_POINTS = Math.min(POINTS, 200_000);

/** A contender: builds from the cleaned features, answers one point (first owner by id, or -1), counts owners. */
interface Contender {
  name: string;
  build(features: Feature<GridGeometry | null>[]): void;
  /** Fills `out` with one id per point. */
  locateAll(xy: Float64Array, out: Int32Array): void;
  /** How many features the library says contain the point. */
  owners(x: number, y: number): number;
}

function wangge(cells?: number): Contender {
  let index: PolygonIndex;
  return {
    name: cells === 0 ? 'wangge PolygonIndex, no cell grid (`cells: 0`)' : '**wangge PolygonIndex**',
    // The build a user pays before the first answer: from() and one query inside the data (the grid's
    // rows are built where points land, during the first locateAll).
    build: (features) => {
      index = PolygonIndex.from(features, { cells });
      const first = features.find((f) => f.geometry !== null)?.geometry;
      if (first) index.locate(polygonsOf(first)[0][0][0][0], polygonsOf(first)[0][0][0][1]);
    },
    locateAll: (xy, out) => {
      index.locateMany(xy, out);
    },
    owners: (x, y) => (index.locate(x, y) >= 0 ? 1 : 0),
  };
}

function whichPolygonContender(): Contender {
  let query: WhichPolygon;
  return {
    name: 'which-polygon',
    build: (features) => {
      query = whichPolygon({
        type: 'FeatureCollection',
        features: features.map((f, id) => ({ ...f, properties: { id } })),
      });
    },
    locateAll: (xy, out) => {
      const p = [0, 0];
      for (let i = 0; i < out.length; i++) {
        p[0] = xy[2 * i];
        p[1] = xy[2 * i + 1];
        const found = query(p) as { id: number } | null;
        out[i] = found === null ? -1 : found.id;
      }
    },
    owners: (x, y) => ((query([x, y], true) as unknown[] | null) ?? []).length,
  };
}

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  id: number;
}

function bboxOf(g: GridGeometry | null): [number, number, number, number] {
  if (g === null) return [Infinity, Infinity, -Infinity, -Infinity];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const part of polygonsOf(g))
    for (const [x, y] of part[0]) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  return [minX, minY, maxX, maxY];
}

function turfRbush(): Contender {
  let tree: RBush<Box>;
  let list: Feature<GridGeometry | null>[];
  const candidates = (x: number, y: number) =>
    tree
      .search({ minX: x, minY: y, maxX: x, maxY: y })
      .map((b) => b.id)
      .sort((a, b) => a - b);
  return {
    name: '@turf/boolean-point-in-polygon + rbush',
    build: (features) => {
      list = features;
      tree = new RBush<Box>();
      tree.load(
        features.map((f, id) => {
          const [minX, minY, maxX, maxY] = bboxOf(f.geometry);
          return { minX, minY, maxX, maxY, id };
        }),
      );
    },
    locateAll: (xy, out) => {
      for (let i = 0; i < out.length; i++) {
        const p = [xy[2 * i], xy[2 * i + 1]];
        out[i] = candidates(p[0], p[1]).find((id) => booleanPointInPolygon(p, list[id].geometry!)) ?? -1;
      }
    },
    owners: (x, y) =>
      candidates(x, y).filter((id) => booleanPointInPolygon([x, y], list[id].geometry!)).length,
  };
}

function flatbushHao(): Contender {
  let tree: Flatbush;
  let parts: Position[][][][];
  const hit = (id: number, p: number[]) => parts[id].some((rings) => inside(p, rings) !== false);
  return {
    name: 'flatbush + point-in-polygon-hao (on-edge 0 counted as inside)',
    build: (features) => {
      parts = features.map((f) => (f.geometry === null ? [] : polygonsOf(f.geometry)));
      tree = new Flatbush(features.length);
      for (const f of features) {
        const [minX, minY, maxX, maxY] = bboxOf(f.geometry);
        tree.add(minX, minY, maxX, maxY);
      }
      tree.finish();
    },
    locateAll: (xy, out) => {
      const p = [0, 0];
      for (let i = 0; i < out.length; i++) {
        p[0] = xy[2 * i];
        p[1] = xy[2 * i + 1];
        const found = tree.search(p[0], p[1], p[0], p[1]).sort((a, b) => a - b);
        let owner = -1;
        for (const id of found) {
          if (hit(id, p)) {
            owner = id;
            break;
          }
        }
        out[i] = owner;
      }
    },
    owners: (x, y) => tree.search(x, y, x, y).filter((id) => hit(id, [x, y])).length,
  };
}

/** Cleaned features (dirty parts dropped by @wangge/core), so every library gets input it can read. */
function cleaned(collection: FeatureCollection): Feature<GridGeometry | null>[] {
  return collection.features.map((f, i) => {
    const { geometry } = cleanGeometry(f.geometry, { featureIndex: i });
    return { type: 'Feature', properties: {}, geometry };
  });
}

/** Points exactly on shared vertices and exactly on shared edges (verified with robust orient2d). */
function boundaryStress(
  features: Feature<GridGeometry | null>[],
  limit: number,
): { vertices: Float64Array; edges: Float64Array } {
  const vertexOwner = new Map<string, number>();
  const shared: number[] = [];
  const edgeOwner = new Map<string, number>();
  const onEdges: number[] = [];
  features.forEach((f, id) => {
    for (const part of f.geometry === null ? [] : polygonsOf(f.geometry))
      for (const ring of part) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const [ax, ay] = ring[k];
          const [bx, by] = ring[k + 1];
          const vk = `${ax},${ay}`;
          const v = vertexOwner.get(vk);
          if (v === undefined) vertexOwner.set(vk, id);
          else if (v !== id && v >= 0) {
            vertexOwner.set(vk, -1);
            if (shared.length < 2 * limit) shared.push(ax, ay);
          }
          const ek =
            ax < bx || (ax === bx && ay < by) ? `${ax},${ay},${bx},${by}` : `${bx},${by},${ax},${ay}`;
          const e = edgeOwner.get(ek);
          if (e === undefined) edgeOwner.set(ek, id);
          else if (e !== id && e >= 0) {
            edgeOwner.set(ek, -1);
            if (onEdges.length >= 2 * limit) continue;
            for (const t of [0.5, 0.25, 0.75, 0.375, 0.625]) {
              const x = ax + t * (bx - ax);
              const y = ay + t * (by - ay);
              const between =
                x >= Math.min(ax, bx) &&
                x <= Math.max(ax, bx) &&
                y >= Math.min(ay, by) &&
                y <= Math.max(ay, by);
              const notVertex = (x !== ax || y !== ay) && (x !== bx || y !== by);
              if (between && notVertex && orient2d(ax, ay, bx, by, x, y) === 0) {
                onEdges.push(x, y);
                break;
              }
            }
          }
        }
      }
  });
  return { vertices: Float64Array.from(shared), edges: Float64Array.from(onEdges) };
}

function runCase(
  title: string,
  features: Feature<GridGeometry | null>[],
  xy: Float64Array,
  contenders: Contender[],
): string {
  const n = xy.length / 2;
  const results = contenders.map(() => new Int32Array(n));
  const builds: number[] = [];
  const memory: number[] = [];
  const warm = xy.subarray(0, Math.min(xy.length, 2000));
  contenders.forEach((c, k) => {
    // A throwaway run first, so the memory figure holds the index, not the code compiled for it.
    c.build(features);
    c.locateAll(warm, results[k].subarray(0, warm.length / 2));
    const before = memoryMiB();
    c.build(features);
    // After locating every point once: what the index holds once rows are built where points land.
    c.locateAll(xy, results[k]);
    memory.push(memoryMiB() - before);
    builds.push(cpuMs(() => c.build(features))); // a second, warm build replaces the first
  });
  // Repetitions interleaved across contenders, so a change in machine load hits all of them alike.
  const samples: number[][] = contenders.map(() => []);
  for (let r = 0; r <= REPETITIONS; r++) {
    contenders.forEach((c, k) => {
      const ms = cpuMs(() => c.locateAll(xy, results[k]));
      if (r > 0) samples[k].push(ms);
      sink(results[k][n - 1]);
    });
  }
  console.log(`${title}: done`);
  const timings = samples.map((list) => {
    const sorted = [...list].sort((a, b) => a - b);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  });
  const rates = timings.map((t) => n / t.median);
  const rows: Array<Array<string | number>> = contenders.map((c, k) => [
    c.name,
    perSecond(n, timings[k].median),
    perSecond(n, timings[k].min),
    '',
    builds[k].toFixed(0),
    memory[k].toFixed(1),
    '',
  ]);
  const ours = results[0];
  rows.forEach((row, k) => {
    row[3] = k === 0 ? '1' : (rates[0] / rates[k]).toFixed(1);
    let differ = 0;
    for (let i = 0; i < n; i++) if (results[k][i] !== ours[i]) differ++;
    row[6] = differ;
  });
  const header = [
    'library',
    'points/s (median)',
    'points/s (best)',
    'wangge is ×',
    'build ms',
    'memory MiB',
    'disagreements',
  ];
  return `## ${title}\n\n${markdownTable(header, rows)}`;
}

function stressTable(features: Feature<GridGeometry | null>[], contenders: Contender[]): string {
  const { vertices, edges } = boundaryStress(features, 20_000);
  const rows = contenders.map((c) => {
    c.build(features);
    const count = (xy: Float64Array) => {
      const histogram = [0, 0, 0];
      for (let i = 0; i < xy.length; i += 2) histogram[Math.min(2, c.owners(xy[i], xy[i + 1]))]++;
      return histogram;
    };
    const v = count(vertices);
    const e = count(edges);
    return [
      c.name,
      `${v[1]} / ${vertices.length / 2}`,
      v[0],
      v[2],
      `${e[1]} / ${edges.length / 2}`,
      e[0],
      e[2],
    ];
  });
  const header = [
    'library',
    'shared vertices: exactly one owner',
    'none',
    'two or more',
    'shared edges: exactly one owner',
    'none',
    'two or more',
  ];
  return markdownTable(header, rows);
}

/**
 * Splits every edge into `parts` pieces. The new vertices are computed from the edge's endpoints in a
 * canonical order, so two grids sharing an edge get the same vertices and still tile exactly.
 */
function densify(f: Feature<GridGeometry | null>, parts: number): Feature<GridGeometry | null> {
  const ring = (r: Position[]): Position[] => {
    const out: Position[] = [];
    for (let k = 0; k + 1 < r.length; k++) {
      const [a, b] = [r[k], r[k + 1]];
      const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
      const [lo, hi] = forward ? [a, b] : [b, a];
      const inner: Position[] = [];
      for (let i = 1; i < parts; i++)
        inner.push([lo[0] + ((hi[0] - lo[0]) * i) / parts, lo[1] + ((hi[1] - lo[1]) * i) / parts]);
      out.push(a, ...(forward ? inner : inner.reverse()));
    }
    out.push(r[r.length - 1]);
    return out;
  };
  const polygons = polygonsOf(f.geometry!).map((p) => p.map(ring));
  return { ...f, geometry: { type: 'MultiPolygon', coordinates: polygons } };
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

function seriesTable(
  features: Feature<GridGeometry | null>[],
  box: [number, number, number, number],
): string {
  const index = PolygonIndex.from(features);
  const rows: Array<Array<string | number>> = [];
  for (let n = 1000; n <= POINTS; n *= 10) {
    const xy = randomPoints(n, box, 11);
    const out = new Int32Array(n);
    const t = cpuTime(() => index.locateMany(xy, out), 2, 7);
    rows.push([n.toLocaleString('en'), perSecond(n, t.median), perSecond(n, t.min)]);
  }
  return markdownTable(['points', 'points/s (median)', 'points/s (best)'], rows);
}

function editingTable(features: Feature<GridGeometry | null>[], xy: Float64Array): string {
  const n = xy.length / 2;
  const rows: Array<Array<string | number>> = [];
  let dynamic = new DynamicPolygonIndex();
  const build = cpuMs(() => {
    dynamic = DynamicPolygonIndex.from(features);
  });
  rows.push(['DynamicPolygonIndex.from (rbush)', `${build.toFixed(0)} ms`]);
  const edits = cpuTime(
    () => {
      for (let id = 0; id < 1000; id++) dynamic.replace(id, features[id]);
    },
    1,
    3,
  );
  rows.push(['DynamicPolygonIndex.replace (remove + insert one county)', perSecond(1000, edits.median)]);
  const out = new Int32Array(n);
  const locate = cpuTime(() => dynamic.locateMany(xy, out), 1, 3);
  const reference = PolygonIndex.from(features).locateMany(xy);
  let differ = 0;
  for (let i = 0; i < n; i++) if (reference[i] !== out[i]) differ++;
  rows.push([
    'DynamicPolygonIndex.locateMany',
    `${perSecond(n, locate.median)} (${differ} disagreements with PolygonIndex)`,
  ]);
  let edgesFound = 0;
  const adjacency = cpuMs(() => {
    edgesFound = neighbours(features).targets.length / 2;
  });
  rows.push([`neighbours (${edgesFound.toLocaleString('en')} adjacent pairs)`, `${adjacency.toFixed(0)} ms`]);
  return markdownTable(['operation', 'speed'], rows);
}

const contenders = () => [wangge(), whichPolygonContender(), turfRbush(), flatbushHao(), wangge(0)];
const usBox: [number, number, number, number] = [-125, 24, -66, 50];
const countiesRaw = loadUsCounties();
const counties = cleaned(countiesRaw);
const countyVertices = counties.reduce(
  (s, f) =>
    s +
    (f.geometry === null ? [] : polygonsOf(f.geometry)).reduce(
      (t, p) => t + p.reduce((u, r) => u + r.length, 0),
      0,
    ),
  0,
);
const rawAccepted = (() => {
  const out: string[] = [];
  for (const [name, build] of [
    ['wangge', () => PolygonIndex.from(countiesRaw).problems.length],
    ['which-polygon', () => whichPolygon(countiesRaw)],
  ] as const) {
    try {
      const problems = build();
      out.push(
        `${name}: accepted${typeof problems === 'number' ? ` (${problems} dirty rings/parts dropped and reported)` : ''}`,
      );
    } catch (e) {
      out.push(`${name}: throws ${(e as Error).name}: ${(e as Error).message.slice(0, 80)}`);
    }
  }
  return out.join('; ');
})();

const countyPoints = randomPoints(POINTS, usBox, 7);
const sections: string[] = [];
sections.push(
  `Raw us-atlas county file (rings of one position, repeated vertices): ${rawAccepted}. Every library below gets the cleaned features (\`cleanGeometry\` from @wangge/core). Ids are input positions; a point inside several candidates goes to the lowest id for every library. "wangge is ×" = wangge's median rate over the library's. All times are CPU time of the benchmark process (process.cpuUsage), median of 3 repetitions interleaved across libraries after a warm-up: the machine is shared with other jobs, so wall-clock time would measure their load. Build = a second (warm) build; for wangge, \`PolygonIndex.from\` plus one query inside the data (the grid's rows are built where points land, within the query times). Memory = growth of JS heap + ArrayBuffers after full GCs with the index alive, after the build and one pass over every point (after a throwaway run, so compiled code is not counted) (which-polygon, turf and hao keep references to the input coordinates, wangge copies them into typed arrays).`,
);
sections.push(
  runCase(
    `US counties: ${counties.length} features, ${countyVertices.toLocaleString('en')} vertices, ${POINTS.toLocaleString('en')} random points in [-125, 24, -66, 50]`,
    counties,
    countyPoints,
    contenders(),
  ),
);
sections.push(
  `### Boundary stress on US counties (points exactly on shared vertices / exactly on shared edges)\n\n${stressTable(counties, contenders().slice(0, 4))}`,
);
sections.push(
  `### PolygonIndex.locateMany on US counties by number of points\n\n${seriesTable(counties, usBox)}`,
);

sections.push(
  `### Editing and adjacency on US counties\n\n${editingTable(counties, countyPoints.subarray(0, 200_000))}`,
);

const city = generateCity({ households: Math.min(1_000_000, POINTS) });
const communities = city.communities.map((f) => ({ ...f, properties: {} })) as Feature<GridGeometry | null>[];
const sizes = communities.map((f) =>
  polygonsOf(f.geometry!).reduce((t, p) => t + p.reduce((u, r) => u + r.length, 0), 0),
);
sections.push(
  runCase(
    `Detailed polygons: ${communities.length} communities of a generated city (${Math.min(...sizes)} to ${Math.max(...sizes)} vertices each), its ${(city.households.xy.length / 2).toLocaleString('en')} households as points`,
    communities,
    city.households.xy,
    contenders(),
  ),
);
sections.push(
  `### Boundary stress on the city's communities\n\n${stressTable(communities, contenders().slice(0, 4))}`,
);

const dense = communities.map((f) => densify(f, 8));
const denseSizes = dense.map((f) =>
  polygonsOf(f.geometry!).reduce((t, p) => t + p.reduce((u, r) => u + r.length, 0), 0),
);
sections.push(
  runCase(
    `Thousands of vertices: the same communities with every edge split in 8 (${Math.min(...denseSizes)} to ${Math.max(...denseSizes)} vertices each), the first ${DENSE_POINTS.toLocaleString('en')} households`,
    dense,
    city.households.xy.subarray(0, 2 * DENSE_POINTS),
    contenders(),
  ),
);
sections.unshift(
  `Load at the start: \`${loadAtStart}\`; at the end: \`${uptime()}\` (2 cores shared with other engineers' jobs).`,
);
writeResults('index', '@wangge/index: point location', sections.join('\n\n'));
