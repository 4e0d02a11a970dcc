/**
 * Partition, side by side on the same data in the same run:
 * - `regularGrid` (exactly clipped square cells of a true size in metres) over Texas (us-atlas, 1:10m) at
 *   10^3 … 10^5 cells, against turf `squareGrid` + `intersect` (only boundary cells clipped, interior cells
 *   kept whole: turf's fast path) at the sizes it finishes in reasonable time;
 * - `balancedPartition` of the example city's households into grids of 100–150 households, against a turf
 *   `squareGrid` + `intersect` grid of the same count: time, load spread (max/min, coefficient of
 *   variation), compactness (Polsby-Popper), share of grids within the range.
 * `BENCH_SMALL=1` runs only the small sizes while developing.
 */

import * as turf from '@turf/turf';
import { generateCity, loadUsStates } from '@wangge/example-city';
import { balancedPartition, regularGrid } from '@wangge/partition';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { heapMiB, loadLine, markdownTable, perSecond, sink, time, writeResults } from './harness';

const small = process.env.BENCH_SMALL === '1';
const loadAtStart = loadLine();

// --- regularGrid over Texas ---------------------------------------------------------------------------
const texas = loadUsStates().features.find((f) => f.properties.name === 'Texas')!;
const texasArea = turf.area(texas); // m²
const gridRows: Array<Array<string | number>> = [];
for (const cells of small ? [1_000, 10_000] : [1_000, 10_000, 100_000]) {
  const size = Math.sqrt(texasArea / cells);
  let count = 0;
  let held: unknown = null;
  const before = heapMiB();
  const t = time(
    () => {
      held = null;
      const grid = regularGrid(texas, { size, minArea: 0 });
      held = grid;
      count = grid.features.length;
      return count;
    },
    { warmup: 1, repetitions: cells >= 100_000 ? 3 : 5 },
  );
  // Heap held by the last result (GeoJSON features), after a full collection.
  const heap = heapMiB() - before;
  sink(held === null ? 0 : 1);
  held = null;
  gridRows.push([
    'wangge regularGrid',
    cells.toLocaleString('en'),
    `${(size / 1000).toFixed(2)} km`,
    count.toLocaleString('en'),
    t.median.toFixed(0),
    perSecond(count, t.median),
    heap.toFixed(0),
  ]);
  if (cells <= 1_000) {
    let turfCount = 0;
    const tt = time(
      () => {
        const cellsOut = turfClippedGrid(texas, size / 1000);
        turfCount = cellsOut.length;
        return turfCount;
      },
      { warmup: 0, repetitions: 1 },
    );
    gridRows.push([
      'turf squareGrid + intersect (boundary cells)',
      cells.toLocaleString('en'),
      `${(size / 1000).toFixed(2)} km`,
      turfCount.toLocaleString('en'),
      tt.median.toFixed(0),
      perSecond(turfCount, tt.median),
      '–',
    ]);
  }
}

/** turf's way: a squareGrid over the box (cell side in km, measured in degrees at the box), cells inside kept, boundary cells clipped. */
function turfClippedGrid(boundary: Feature<Polygon | MultiPolygon>, sideKm: number): Feature[] {
  const bbox = turf.bbox(boundary);
  const grid = turf.squareGrid(bbox, sideKm, { units: 'kilometers' });
  const out: Feature[] = [];
  for (const cell of grid.features) {
    if (turf.booleanWithin(cell, boundary)) {
      out.push(cell);
      continue;
    }
    if (!turf.booleanIntersects(cell, boundary)) continue;
    const clipped = turf.intersect(turf.featureCollection([cell, boundary]));
    if (clipped) out.push(clipped);
  }
  return out;
}

// --- balancedPartition on the example city ----------------------------------------------------------------
const balanceRows: Array<Array<string | number>> = [];
for (const households of small ? [10_000] : [10_000, 100_000]) {
  const city = generateCity({ seed: 1, households });
  const xy = city.households.xy;
  let result = balancedPartition(city.district, {
    households: xy,
    range: { min: 100, max: 150 },
    barriers: city.roads,
  });
  const cpuStart = process.cpuUsage();
  const t = time(
    () => {
      result = balancedPartition(city.district, {
        households: xy,
        range: { min: 100, max: 150 },
        barriers: city.roads,
      });
      return result.grids.features.length;
    },
    { warmup: 0, repetitions: 3 },
  );
  const cpu = cpuMs(cpuStart) / 3;
  const loads = result.grids.features.map((g) => g.properties.load as number);
  const shapes = result.grids.features.map((g) => g.properties.compactness as number);
  balanceRows.push(
    spreadRow(
      `wangge balancedPartition (${households.toLocaleString('en')} households)`,
      loads,
      shapes,
      t.median,
      cpu,
    ),
  );
  // Baseline: turf squares of the same count, each household counted in the cell it falls in.
  const bbox = turf.bbox(city.district);
  const districtArea = turf.area(city.district);
  let side = Math.sqrt(districtArea / loads.length) / 1000;
  let cells: Feature[] = [];
  const turfCpuStart = process.cpuUsage();
  const tt = time(
    () => {
      for (let i = 0; i < 12; i++) {
        cells = turfClippedGrid(city.district as Feature<Polygon | MultiPolygon>, side);
        if (Math.abs(cells.length - loads.length) <= loads.length * 0.02) break;
        side *= Math.sqrt(cells.length / loads.length);
      }
      return cells.length;
    },
    { warmup: 0, repetitions: 1 },
  );
  const grid = turf.squareGrid(bbox, side, { units: 'kilometers' });
  const cellBoxes = grid.features.map((f) => turf.bbox(f));
  const counts = new Map<number, number>();
  const x0 = cellBoxes[0][0];
  const y0 = cellBoxes[0][1];
  const dx = cellBoxes[0][2] - cellBoxes[0][0];
  const dy = cellBoxes[0][3] - cellBoxes[0][1];
  for (let i = 0; i < xy.length / 2; i++) {
    const key = Math.floor((xy[2 * i] - x0) / dx) * 100_000 + Math.floor((xy[2 * i + 1] - y0) / dy);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const turfLoads = cells.map((c) => {
    // A clipped cell's box centre lies in its square of the lattice.
    const b = turf.bbox(c);
    const key =
      Math.floor(((b[0] + b[2]) / 2 - x0) / dx) * 100_000 + Math.floor(((b[1] + b[3]) / 2 - y0) / dy);
    return counts.get(key) ?? 0;
  });
  const turfShapes = cells.map((c) => {
    const a = turf.area(c);
    const p = turf.length(turf.polygonToLine(c as Feature<Polygon>) as Feature, { units: 'meters' });
    return (4 * Math.PI * a) / (p * p);
  });
  balanceRows.push(
    spreadRow(
      `turf squareGrid + intersect, same count (${households.toLocaleString('en')})`,
      turfLoads,
      turfShapes,
      tt.median,
      cpuMs(turfCpuStart),
    ),
  );
  sink(turfLoads.length);
}

/** CPU milliseconds of this process since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function spreadRow(
  name: string,
  loads: number[],
  shapes: number[],
  ms: number,
  cpu: number,
): Array<string | number> {
  const mean = loads.reduce((s, v) => s + v, 0) / loads.length;
  const cv = Math.sqrt(loads.reduce((s, v) => s + (v - mean) ** 2, 0) / loads.length) / mean;
  const min = Math.min(...loads);
  const max = Math.max(...loads);
  const inRange = loads.filter((v) => v >= 100 && v <= 150).length / loads.length;
  const meanShape = shapes.reduce((s, v) => s + v, 0) / shapes.length;
  return [
    name,
    loads.length,
    `${min}–${max}`,
    min > 0 ? (max / min).toFixed(2) : '∞',
    cv.toFixed(3),
    `${(100 * inRange).toFixed(1)} %`,
    `${meanShape.toFixed(2)} / ${Math.min(...shapes).toFixed(2)}`,
    ms.toFixed(0),
    cpu.toFixed(0),
  ];
}

writeResults(
  'partition',
  'Partition',
  [
    '## regularGrid: exactly clipped square cells over Texas (us-atlas 1:10m)',
    '',
    'Median of repeated runs (turf: one run). wangge cuts only cells the boundary crosses, each crossing computed',
    'once for both cells; turf cells are sized in degrees-derived km, wangge cells in true metres.',
    '',
    markdownTable(
      ['contender', 'target cells', 'cell side', 'cells out', 'ms', 'cells/s', 'heap MiB'],
      gridRows,
    ),
    '',
    '## balancedPartition: example city, grids of 100–150 households',
    '',
    'Household points; barriers: the city’s main roads. Baseline: turf squares of the same count, clipped to the',
    'district, each household counted in its square. ms: wall-clock median of 3 runs (turf: one run); CPU ms:',
    "this process's CPU time per run (`process.cpuUsage`), which other jobs on a shared machine inflate less.",
    `Load average ${loadAtStart} at the start.`,
    '',
    markdownTable(
      [
        'contender',
        'grids',
        'load min–max',
        'max/min',
        'CV',
        'in range',
        'Polsby-Popper mean / min',
        'ms',
        'CPU ms',
      ],
      balanceRows,
    ),
  ].join('\n'),
);
