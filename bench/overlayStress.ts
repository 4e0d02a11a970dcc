/**
 * Randomised stress of @wangge/geometry against GEOS (through @wangge/reference), beyond the unit tests'
 * fixed seeds: `pnpm tsx bench/overlayStress.ts [seconds per part, default 60]`.
 * 1. Overlay: random star polygons from 1e-9° to 1e-3° across, coordinates of 6 to 15 decimals (on and
 *    off the grid): intersection, difference and union of each valid pair, and a three-input overlay whose
 *    every face is built. Counts exceptions and results GEOS or the kernel's validator rejects.
 * 2. make-valid: random rings of 3 to 16 full-precision positions (self-intersections everywhere) from
 *    1e-7° to 0.1° across: counts invalid results and areas that differ from GEOS MakeValid (`structure`)
 *    by more than the snap allows (2e-9 × perimeter).
 */
import { difference, intersection, makeValid, overlay, union, validityProblems } from '@wangge/geometry';
import * as reference from '@wangge/reference';
import type { Polygon, Position } from 'geojson';

const seconds = Number(process.argv[2] ?? 60);
await reference.loadReference();
let seed = 12345;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const star = (cx: number, cy: number, r: number, n: number, decimals: number): Polygon => {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (i / n) * 2 * Math.PI + rnd() * 0.01;
    const rr = r * (0.3 + rnd() * 0.7);
    ring.push([+(cx + rr * Math.cos(a)).toFixed(decimals), +(cy + rr * Math.sin(a)).toFixed(decimals)]);
  }
  ring.push(ring[0]);
  return { type: 'Polygon', coordinates: [ring] };
};
const invalid = (g: ReturnType<typeof union>) =>
  g !== null && (!reference.isValid(g).valid || validityProblems(g).length > 0);

const overlayStats = { pairs: 0, invalid: 0, exceptions: 0 };
for (const t0 = Date.now(); Date.now() - t0 < seconds * 1000; ) {
  const decimals = [6, 9, 12, 15][Math.floor(rnd() * 4)];
  const size = [1e-8, 1e-6, 1e-4, 1e-3][Math.floor(rnd() * 4)];
  const a = star(116 + rnd() * size, 39, size * (0.2 + rnd()), 3 + Math.floor(rnd() * 60), decimals);
  const b = star(
    116 + rnd() * size,
    39 + rnd() * size,
    size * (0.2 + rnd()),
    3 + Math.floor(rnd() * 60),
    decimals,
  );
  if (!reference.isValid(a).valid || !reference.isValid(b).valid) continue;
  overlayStats.pairs++;
  try {
    for (const r of [intersection(a, b), difference(a, b), union([a, b])])
      if (invalid(r)) overlayStats.invalid++;
    const o = overlay([a, b, star(116, 39, size, 17, decimals)]);
    for (let f = 0; f < o.faceCount; f++) o.facePolygon(f);
  } catch {
    overlayStats.exceptions++;
  }
}
console.log('overlay', overlayStats);

const validStats = { rings: 0, invalid: 0, exceptions: 0, areaOff: 0 };
for (const t0 = Date.now(); Date.now() - t0 < seconds * 1000; ) {
  const n = 3 + Math.floor(rnd() * 14);
  const scale = [1e-7, 1e-5, 1e-3, 0.1][Math.floor(rnd() * 4)];
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) ring.push([116 + rnd() * scale, 39 + rnd() * scale]);
  ring.push(ring[0]);
  const g: Polygon = { type: 'Polygon', coordinates: [ring] };
  validStats.rings++;
  try {
    const { geometry } = makeValid(g);
    if (invalid(geometry)) validStats.invalid++;
    const reference_ = reference.makeValid(g);
    const a = geometry === null ? 0 : reference.area(geometry);
    const b = reference_ === null ? 0 : reference.area(reference_);
    let perimeter = 0;
    for (let i = 0; i + 1 < ring.length; i++)
      perimeter += Math.hypot(ring[i + 1][0] - ring[i][0], ring[i + 1][1] - ring[i][1]);
    if (Math.abs(a - b) > 2e-9 * perimeter + 1e-18) validStats.areaOff++;
  } catch {
    validStats.exceptions++;
  }
}
console.log('make-valid', validStats);
