import { checkOptions, cleanGeometry, featuresOf, type GridGeometry, geodesicArea } from '@wangge/core';
import { featureLocation, polygonsOf } from '@wangge/core/internal';
import { difference, intersection, makeValid, union } from '@wangge/geometry';
import Flatbush from 'flatbush';
import type { Feature, Geometry, Position } from 'geojson';
import { cutSmallLoops } from './internal/folds';
import { checkGrid } from './internal/gridCheck';
import { isRounding, metresToDegrees, pointSegmentMetres, polygonsBox } from './internal/measure';
import type { CoverageOptions, CoverageReport } from './types';
import { validateCoverage } from './validator';

/** Options of {@link repairCoverage}. */
export interface RepairOptions extends Omit<CoverageOptions, 'households'> {
  /**
   * Which grid keeps an overlap: the one with the higher priority; the other loses it. Ties go to the grid
   * earlier in the input. @default the grid's area (the larger grid keeps it)
   */
  priority?: (grid: Feature, index: number) => number;
}

/** One change made by {@link repairCoverage}. */
export interface RepairChange {
  /**
   * `snap`: vertices moved onto a neighbour's vertex or edge within tolerance; `fix-geometry`: a
   * self-intersecting grid rebuilt; `overlap`: an overlap taken from `grid` (kept by `other`); `gap`:
   * a gap, sliver or uncovered part of the parent given to `grid`; `inlet`: an inlet (a gap open to the
   * parent's boundary) given to `grid`; `spill`: a part outside the parent cut from `grid`.
   */
  kind: 'snap' | 'fix-geometry' | 'overlap' | 'gap' | 'inlet' | 'spill';
  /** Code of the grid changed. */
  grid: string;
  /** The other grid involved (the overlap's keeper). */
  other?: string;
  /** Area moved, m² (0 for snapping). */
  area: number;
  /** Where. */
  location: Geometry;
}

/** What {@link repairCoverage} returns. */
export interface RepairResult {
  /** The repaired grids, same order, codes and properties; a grid left with no area is an empty MultiPolygon. */
  grids: Array<Feature<GridGeometry>>;
  /** Every change, in the order made. */
  changes: RepairChange[];
  /** The validation of the repaired grids. */
  report: CoverageReport;
}

type Polys = Position[][][];

/**
 * Repairs a coverage: snaps near-coincident vertices (within `tolerance`), rebuilds self-intersecting
 * grids, cuts spill outside the parent, removes each overlap from the lower-priority grid, and gives each
 * gap to the neighbour with the longest shared border (以大吸收小). Codes and properties are kept; every
 * change is listed with the area moved, and the result is validated again.
 */
export function repairCoverage(
  grids: readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
  options: RepairOptions = {},
): RepairResult {
  const input = featuresOf(grids);
  const { priority, ...validation } = checkOptions(options, 'repairCoverage');
  const tolerance = options.tolerance ?? 0.5;
  const codes = input.map((f, i) => String(featureLocation(f, i).featureId ?? `#${i}`));
  const changes: RepairChange[] = [];
  const polys: Array<Polys | null> = input.map(
    (f, i) => checkGrid(f?.geometry, featureLocation(f, i)).polygons,
  );
  fixInvalid(polys, codes, tolerance, changes);
  const rank = input.map((f, i) =>
    priority ? priority(f, i) : polys[i] ? geodesicArea(toGeometry(polys[i]!)) : 0,
  );
  snapVertices(polys, codes, tolerance, changes);
  const parent = options.parent;
  const parentPolys =
    parent === undefined
      ? null
      : polygonsOf(
          ((parent as Feature).type === 'Feature' ? (parent as Feature).geometry : parent) as GridGeometry,
        );
  const current = () => output(input, polys);
  const validate = () => validateCoverage(current(), { ...validation, tolerance: Math.min(tolerance, 1e-3) });
  const byCode = new Map(codes.map((c, i) => [c, i]));

  // Each step can leave a little for the next (snapping can fold a ring, an overlay can leave a sliver):
  // repeat the steps until nothing is wrong, a few rounds at most.
  for (let round = 0; round < REPAIR_ROUNDS; round++) {
    if (round > 0) fixInvalid(polys, codes, tolerance, changes);
    if (parentPolys !== null) clipSpill(polys, parentPolys, codes, changes);
    for (const d of validate().defects) {
      if (d.kind !== 'overlap') continue;
      const [a, b] = d.grids.map((c) => byCode.get(c)!);
      if (polys[a] === null || polys[b] === null) continue;
      const keepA = rank[a] > rank[b] || (rank[a] === rank[b] && a < b);
      const [keeper, loser] = keepA ? [a, b] : [b, a];
      polys[loser] = tidy(fromKernel(difference(toGeometry(polys[loser]!), toGeometry(polys[keeper]!))));
      changes.push({
        kind: 'overlap',
        grid: codes[loser],
        other: codes[keeper],
        area: d.area,
        location: d.location!,
      });
    }
    for (const d of validate().defects) {
      if (!GAP_KINDS.has(d.kind) || d.location?.type !== 'Polygon') continue;
      const piece = d.location.coordinates;
      const taker =
        longestBorder(
          piece,
          d.grids.map((c) => byCode.get(c)).filter((g) => g !== undefined),
          polys,
        ) ?? nearest(piece, polys);
      if (taker < 0) continue;
      polys[taker] = tidy(fromKernel(union([toGeometry(polys[taker]!), d.location])));
      changes.push({
        kind: d.kind === 'inlet' ? 'inlet' : 'gap',
        grid: codes[taker],
        area: d.area,
        location: d.location,
      });
    }
    // Overlay leaves vertices on a neighbour's edge that the neighbour lacks: add them there.
    for (let pass = 0; pass < 3; pass++) {
      const misaligned = validate().defects.filter((d) => d.kind === 'misaligned');
      if (misaligned.length === 0) break;
      for (const d of misaligned)
        alignVertex((d.location as { coordinates: Position }).coordinates, d.grids, byCode, polys);
    }
    if (!validate().defects.some((d) => d.severity === 'error')) break;
  }
  const repaired = current();
  return { grids: repaired, changes, report: validateCoverage(repaired, validation) };
}

/** Rounds of repair at most; one is enough unless a step leaves something for the next. */
const REPAIR_ROUNDS = 4;

const GAP_KINDS = new Set(['gap', 'inlet', 'sliver', 'uncovered-parent']);

/**
 * Rebuilds every grid whose geometry is invalid (a self-crossing or folded ring) as the union of itself.
 * A fold about the size of the tolerance (snapping can hook a ring across itself by centimetres) is below
 * what the overlay resolves: such small loops are cut off instead.
 */
function fixInvalid(
  polys: Array<Polys | null>,
  codes: string[],
  tolerance: number,
  changes: RepairChange[],
): void {
  const invalid = (p: Polys) => checkGrid(toGeometry(p), {}).problems.some((q) => q.severity === 'error');
  polys.forEach((p, g) => {
    if (p === null || !invalid(p)) return;
    let fixed = tidy(fromKernel(makeValid(toGeometry(p)).geometry));
    if (fixed !== null && invalid(fixed)) fixed = tidy(cutSmallLoops(fixed, tolerance));
    polys[g] = fixed;
    const location: Geometry =
      polys[g] === null ? { type: 'MultiPolygon', coordinates: [] } : toGeometry(polys[g]!);
    changes.push({ kind: 'fix-geometry', grid: codes[g], area: 0, location });
  });
}

/** Cuts from every grid what lies outside the parent. */
function clipSpill(
  polys: Array<Polys | null>,
  parent: Polys,
  codes: string[],
  changes: RepairChange[],
): void {
  polys.forEach((p, g) => {
    if (p === null) return;
    // Only what truly lies outside: clipping moves the grid onto the kernel's 1e-9° grid, which alone
    // would change its area by a rounding amount.
    const outside = difference(toGeometry(p), toGeometry(parent));
    const spilled = outside === null ? [] : polygonsOf(outside).filter((q) => !isRounding(q));
    const area = spilled.reduce((s, q) => s + geodesicArea({ type: 'Polygon', coordinates: q }), 0);
    if (area <= 1e-6) return;
    changes.push({ kind: 'spill', grid: codes[g], area, location: toGeometry(p) });
    polys[g] = tidy(fromKernel(intersection(toGeometry(p), toGeometry(parent))));
  });
}

function output(input: readonly Feature[], polys: Array<Polys | null>): Array<Feature<GridGeometry>> {
  return input.map((f, i) => ({
    ...f,
    // A grid that lost all its area (e.g. a duplicate) stays in the list, empty, and validates as `empty`.
    geometry: polys[i] === null ? { type: 'MultiPolygon', coordinates: [] } : toGeometry(polys[i]!),
  })) as Array<Feature<GridGeometry>>;
}

/** A kernel result as polygons (none for `null`). */
function fromKernel(g: GridGeometry | null): Polys {
  return g === null ? [] : polygonsOf(g);
}

/**
 * An overlay result cleaned the way {@link cleanGeometry} cleans input (the kernel's results are valid; this
 * keeps every grid in the one normal form the validator reads). `null` when nothing is left.
 */
function tidy(result: Polys): Polys | null {
  if (result.length === 0) return null;
  const { geometry } = cleanGeometry(toGeometry(result));
  return geometry === null ? null : polygonsOf(geometry);
}

function toGeometry(polygons: Polys): GridGeometry {
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** Moves every vertex within `tolerance` metres of an earlier grid's vertex onto it. */
function snapVertices(
  polys: Array<Polys | null>,
  codes: string[],
  tolerance: number,
  changes: RepairChange[],
): void {
  if (tolerance === 0) return;
  const points: Position[] = [];
  const owners: number[] = [];
  polys.forEach((p, g) => {
    for (const rings of p ?? [])
      for (const ring of rings)
        for (const q of ring) {
          points.push(q);
          owners.push(g);
        }
  });
  if (points.length === 0) return;
  const index = new Flatbush(points.length);
  for (const [x, y] of points) index.add(x, y);
  index.finish();
  const target = new Map<Position, Position>();
  points.forEach((p, k) => {
    if (target.has(p)) return;
    const [dx, dy] = metresToDegrees(tolerance, p[1]);
    for (const m of index.search(p[0] - dx, p[1] - dy, p[0] + dx, p[1] + dy)) {
      const q = points[m];
      if (m === k || owners[m] === owners[k] || target.has(q)) continue;
      if (q[0] === p[0] && q[1] === p[1]) continue;
      if (pointSegmentMetres(q[0], q[1], p[0], p[1], p[0], p[1]) <= tolerance) target.set(q, p);
    }
  });
  if (target.size === 0) return;
  const moved = new Set<number>();
  polys.forEach((p, g) => {
    if (p === null) return;
    const next = p
      .map((rings) =>
        rings
          .map((ring) => {
            const out: Position[] = [];
            for (const q of ring) {
              const t = target.get(q);
              if (t !== undefined) moved.add(g);
              const r = t ?? q;
              const last = out[out.length - 1];
              if (last === undefined || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
            }
            return out;
          })
          .filter((ring) => ring.length >= 4),
      )
      .filter((rings) => rings.length > 0);
    polys[g] = next.length > 0 ? next : null;
  });
  for (const g of [...moved].sort((a, b) => a - b)) {
    changes.push({ kind: 'snap', grid: codes[g], area: 0, location: toGeometry(polys[g] ?? []) });
  }
}

/** Inserts a vertex lying (almost) on an edge of the grids named into that edge. */
function alignVertex(
  p: Position,
  grids: string[],
  byCode: Map<string, number>,
  polys: Array<Polys | null>,
): void {
  for (const code of grids) {
    const g = byCode.get(code);
    if (g === undefined || polys[g] === null) continue;
    let best = Number.POSITIVE_INFINITY;
    let at: [Position[], number] | null = null;
    for (const rings of polys[g]!) {
      for (const ring of rings) {
        if (ring.some((q) => q[0] === p[0] && q[1] === p[1])) {
          at = null;
          best = -1;
          break;
        }
        for (let k = 0; k + 1 < ring.length; k++) {
          const d = pointSegmentMetres(p[0], p[1], ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]);
          if (d < best) {
            best = d;
            at = [ring, k + 1];
          }
        }
      }
      if (best < 0) break;
    }
    if (at !== null) at[0].splice(at[1], 0, [p[0], p[1]]);
  }
}

/** The grid among `candidates` sharing the longest border with `piece`, or `null`. */
function longestBorder(piece: Position[][], candidates: number[], polys: Array<Polys | null>): number | null {
  let best: number | null = null;
  let bestLength = 0;
  for (const g of candidates.sort((a, b) => a - b)) {
    if (polys[g] === null) continue;
    let length = 0;
    for (const ring of piece) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const mx = (ring[k][0] + ring[k + 1][0]) / 2;
        const my = (ring[k][1] + ring[k + 1][1]) / 2;
        if (onBoundary(polys[g]!, mx, my))
          length += pointSegmentMetres(
            ring[k][0],
            ring[k][1],
            ring[k + 1][0],
            ring[k + 1][1],
            ring[k + 1][0],
            ring[k + 1][1],
          );
      }
    }
    if (length > bestLength) {
      bestLength = length;
      best = g;
    }
  }
  return best;
}

function onBoundary(polygons: Polys, x: number, y: number): boolean {
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        if (pointSegmentMetres(x, y, ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]) < 1e-4)
          return true;
      }
    }
  }
  return false;
}

/** The grid whose box centre is nearest the piece's box centre, or -1. */
function nearest(piece: Position[][], polys: Array<Polys | null>): number {
  const [a, b, c, d] = polygonsBox([piece]);
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  polys.forEach((p, g) => {
    if (p === null) return;
    const [e, f, h, i] = polygonsBox(p);
    const distance = Math.hypot((a + c - e - h) / 2, (b + d - f - i) / 2);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = g;
    }
  });
  return best;
}
