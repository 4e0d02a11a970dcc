/**
 * The comparison harness of coverage on dirty data: does a validator find every overlap and gap that GEOS
 * finds after `make_valid` (`@wangge/reference`'s `overlaps`)? Typed structurally, so it compares any
 * report whose defects name their grids and carry a location, without depending on `@wangge/coverage`.
 */

import { intersection, type Polygonal, type ReferenceOverlaps } from '@wangge/reference';
import type { Geometry } from 'geojson';

/** The part of a validator's defect the comparison reads. */
export interface ComparedDefect {
  kind: string;
  grids: readonly string[];
  location: Geometry | null;
}

/** One overlap or gap GEOS found that the validator did not. */
export interface Missed {
  /** `overlap` between two grids, or `gap` (a hole of the union). */
  kind: 'overlap' | 'gap';
  /** The two grids of an overlap; empty for a gap. */
  grids: string[];
  /** Area in m² (GEOS geometry, geodesic area). */
  area: number;
  /** GEOS's geometry of it, to open on a map. */
  geometry: Polygonal;
}

/** What {@link compareWithReference} found. */
export interface CoverageComparison {
  /** Overlapping pairs above `minArea` that GEOS found, and how many of them the validator reported. */
  overlaps: { reference: number; found: number };
  /** Gaps above `minArea` that GEOS found, and how many the validator reported (a gap defect meeting it). */
  gaps: { reference: number; found: number };
  /** Found over reference, overlaps and gaps together; 1 when GEOS found nothing. */
  share: number;
  /** Everything GEOS found that the validator did not, largest first. */
  missed: Missed[];
}

/** Defect kinds that report a piece of uncovered area. */
const GAP_KINDS = new Set(['gap', 'sliver', 'inlet', 'uncovered-parent']);

/**
 * Compares a validator's defects on `codes` (the grid codes, in the order GEOS was given the polygons)
 * with GEOS's overlaps and gaps, counting those above `minArea` m² (1 ha by default): an overlap is found
 * when a defect of kind `overlap` names both grids; a gap when a gap-like defect's location meets it.
 */
export function compareWithReference(
  codes: readonly string[],
  reference: ReferenceOverlaps,
  defects: readonly ComparedDefect[],
  minArea = 1e4,
): CoverageComparison {
  const key = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const pairs = new Set(
    defects
      .filter((d) => d.kind === 'overlap' && d.grids.length >= 2)
      .map((d) => key(d.grids[0], d.grids[1])),
  );
  const missed: Missed[] = [];
  const overlaps = reference.overlaps.filter((o) => o.areaM2 > minArea);
  let overlapsFound = 0;
  for (const o of overlaps) {
    if (pairs.has(key(codes[o.a], codes[o.b]))) overlapsFound++;
    else
      missed.push({ kind: 'overlap', grids: [codes[o.a], codes[o.b]], area: o.areaM2, geometry: o.geometry });
  }
  const gapShapes = defects
    .filter((d) => GAP_KINDS.has(d.kind) && d.location !== null)
    .map((d) => d.location!)
    .filter((g): g is Polygonal => g.type === 'Polygon' || g.type === 'MultiPolygon');
  const gaps = reference.gaps.filter((g) => g.areaM2 > minArea);
  let gapsFound = 0;
  for (const gap of gaps) {
    if (gapShapes.some((shape) => meets(shape, gap.geometry))) gapsFound++;
    else missed.push({ kind: 'gap', grids: [], area: gap.areaM2, geometry: gap.geometry });
  }
  missed.sort((a, b) => b.area - a.area);
  const total = overlaps.length + gaps.length;
  return {
    overlaps: { reference: overlaps.length, found: overlapsFound },
    gaps: { reference: gaps.length, found: gapsFound },
    share: total === 0 ? 1 : (overlapsFound + gapsFound) / total,
    missed,
  };
}

function meets(a: Polygonal, b: Polygonal): boolean {
  try {
    return intersection(a, b) !== null;
  } catch {
    return false;
  }
}
