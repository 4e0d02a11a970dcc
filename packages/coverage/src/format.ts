/**
 * The report's format: defect ids (stable fingerprints), the sort order, the counts, and the number
 * formatting of messages. Shared by the validator, `validatePlan` and the gate.
 */
import { polygonsOf } from '@wangge/core/internal';
import type { Geometry, Position } from 'geojson';
import type { Draft } from './internal/draft';
import { polygonsBox } from './internal/measure';
import { type CoverageDefect, type CoverageReport, DEFECT_KINDS } from './types';

/** Sorts drafts, gives them ids and counts them. */
export function finishReport(drafts: Draft[], grids: number): CoverageReport {
  const counts = Object.fromEntries(DEFECT_KINDS.map((k) => [k, 0])) as CoverageReport['counts'];
  const rank = new Map(DEFECT_KINDS.map((k, i) => [k, i]));
  const keyed = drafts.map((d) => {
    const defect: CoverageDefect = { id: defectId(d), ...d };
    return { defect, rank: rank.get(d.kind)!, parent: d.parent ?? '', grids: d.grids.join('+') };
  });
  keyed.sort(
    (a, b) =>
      a.rank - b.rank ||
      ordinal(a.parent, b.parent) ||
      ordinal(a.grids, b.grids) ||
      ordinal(a.defect.id, b.defect.id),
  );
  const defects = keyed.map((k) => k.defect);
  let errors = 0;
  let gapArea = 0;
  let overlapArea = 0;
  for (const d of defects) {
    counts[d.kind]++;
    if (d.severity === 'error') errors++;
    if (d.kind === 'gap' || d.kind === 'inlet' || d.kind === 'sliver' || d.kind === 'uncovered-parent')
      gapArea += d.area;
    if (d.kind === 'overlap') overlapArea += d.area;
  }
  return { defects, grids, counts, errors, warnings: defects.length - errors, gapArea, overlapArea };
}

/** Code-unit order: the same on every machine and locale, and fast. */
function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function defectId(d: Draft): string {
  const at = representativePoint(d.location);
  const where = at === null ? '' : `@${at[0].toFixed(5)},${at[1].toFixed(5)}`;
  const reason = d.reason === undefined ? '' : `/${d.reason}`;
  const parent = d.parent === undefined ? '' : `${d.parent}>`;
  return `${d.kind}${reason}:${parent}${d.grids.join('+')}${where}`;
}

function representativePoint(g: Geometry | null | undefined): Position | null {
  if (g === null || g === undefined) return null;
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const box = polygonsBox(polygonsOf(g));
    return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  }
  return null;
}

/** `1,234 m²` or `12.3 km²`. */
export function formatArea(m2: number): string {
  if (m2 === 0) return '0 m²';
  return m2 >= 1e6
    ? `${(m2 / 1e6).toFixed(2)} km²`
    : `${m2 < 10 ? m2.toPrecision(3) : thousands(Math.round(m2))} m²`;
}

/** `166640` → `166,640` (what `toLocaleString('en-US')` gives, without its cost). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `0.42 m` or `1.3 km`. */
export function formatLength(m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${m < 10 ? m.toPrecision(3) : Math.round(m)} m`;
}
