/**
 * Issue 12's size goal: a 1-million-vertex plan checked in under 10 s (it took 410 s and 4.1 GB before
 * the kernel). The plan is 100 × 100 square grids with 25 vertices a side, shared edges densified alike;
 * `checkCoverage` runs on it three times, CPU and wall time reported as median (min–max) with the load.
 * `pnpm bench million` writes bench/results/million.md.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { checkCoverage } from '@wangge/coverage';
import type { Feature, Polygon, Position } from 'geojson';

const N = 100;
const K = 25;
const S = 0.001;

function plan(): Feature<Polygon>[] {
  const side = (x0: number, y0: number, x1: number, y1: number): Position[] =>
    Array.from({ length: K }, (_, k) => [
      +(x0 + ((x1 - x0) * k) / K).toFixed(9),
      +(y0 + ((y1 - y0) * k) / K).toFixed(9),
    ]);
  const features: Feature<Polygon>[] = [];
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const x = 116 + i * S;
      const y = 39 + j * S;
      const ring = [
        ...side(x, y, x + S, y),
        ...side(x + S, y, x + S, y + S),
        ...side(x + S, y + S, x, y + S),
        ...side(x, y + S, x, y),
      ];
      ring.push(ring[0]);
      features.push({
        type: 'Feature',
        properties: { code: `G${i}-${j}` },
        geometry: { type: 'Polygon', coordinates: [ring] },
      });
    }
  }
  return features;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const features = plan();
const vertices = features.reduce((s, f) => s + f.geometry.coordinates[0].length - 1, 0);
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(', ');
const cpu: number[] = [];
const wall: number[] = [];
let verdict = '';
for (let run = 0; run < 3; run++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = checkCoverage(features);
  wall.push(performance.now() - t0);
  const c1 = process.cpuUsage(c0);
  cpu.push((c1.user + c1.system) / 1000);
  verdict = `${result.pass ? 'PASS' : 'FAIL'}, ${result.report.defects.length} defects`;
}
const range = (xs: number[]) =>
  `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
const text = [
  '# A 1-million-vertex plan through checkCoverage',
  '',
  `Node ${process.version}; load average when run: ${load}. Command: \`pnpm bench million\`.`,
  '',
  '| grids | vertices | verdict | CPU ms, median (min–max) | wall ms, median (min–max) |',
  '| --- | --- | --- | --- | --- |',
  `| ${features.length} | ${vertices} | ${verdict} | ${range(cpu)} | ${range(wall)} |`,
  '',
].join('\n');
writeFileSync(new URL('./results/million.md', import.meta.url), text);
console.log(text);
