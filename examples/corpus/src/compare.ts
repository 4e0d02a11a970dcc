/**
 * The comparison harness of coverage on dirty data: does a validator find every overlap and gap that GEOS
 * finds after `make_valid` (`@wangge/reference`'s `overlaps`)? Typed structurally, so it compares any
 * report whose defects name their grids and carry a location, without depending on `@wangge/coverage`.
 */

import { polygonsOf } from '@wangge/core/internal';
import {
  area,
  difference,
  geodesicArea,
  intersection,
  makeValid,
  overlaps,
  type Polygonal,
  type ReferenceGap,
  type ReferenceOverlaps,
  unionAll,
} from '@wangge/reference';
import type { Geometry, Polygon } from 'geojson';

/** The part of a validator's defect the comparison reads. */
export interface ComparedDefect {
  kind: string;
  grids: readonly string[];
  location: Geometry | null;
}

/** One overlap, gap or spill GEOS found that the validator did not. */
export interface Missed {
  /** `overlap` between two grids, `gap` (a hole of the union, or a part of the parent no grid covers), or `spill` (a part of a grid outside the parent). */
  kind: 'overlap' | 'gap' | 'spill';
  /** The two grids of an overlap, the grid of a spill; empty for a gap. */
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
  /**
   * Against a parent: parts of grids outside it above `minArea` that GEOS found, and how many the validator
   * reported (an `outside-parent` defect of that grid meeting it); 0 / 0 without a parent.
   */
  spills: { reference: number; found: number };
  /** Found over reference, overlaps, gaps and spills together; 1 when GEOS found nothing. */
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
  reference: ReferenceOverlaps | ParentReference,
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
  const spills = ('spills' in reference ? reference.spills : []).filter((o) => o.areaM2 > minArea);
  let spillsFound = 0;
  for (const spill of spills) {
    const code = codes[spill.index];
    const reported = defects.some(
      (d) =>
        d.kind === 'outside-parent' &&
        d.grids.includes(code) &&
        d.location !== null &&
        (d.location.type === 'Polygon' || d.location.type === 'MultiPolygon') &&
        meets(d.location, spill.geometry),
    );
    if (reported) spillsFound++;
    else missed.push({ kind: 'spill', grids: [code], area: spill.areaM2, geometry: spill.geometry });
  }
  missed.sort((a, b) => b.area - a.area);
  const total = overlaps.length + gaps.length + spills.length;
  const found = overlapsFound + gapsFound + spillsFound;
  return {
    overlaps: { reference: overlaps.length, found: overlapsFound },
    gaps: { reference: gaps.length, found: gapsFound },
    spills: { reference: spills.length, found: spillsFound },
    share: total === 0 ? 1 : found / total,
    missed,
  };
}

/** A part of one grid outside the parent, as GEOS finds it. */
export interface ReferenceSpill {
  /** Index of the grid in the input. */
  index: number;
  geometry: Polygon;
  /** Geodesic area in square metres. */
  areaM2: number;
}

/** What {@link referenceAgainstParent} found: {@link ReferenceOverlaps} with gaps and spills against a parent. */
export interface ParentReference extends ReferenceOverlaps {
  /** The parts of the parent no grid covers (each polygon of parent − ∪ grids), largest first. */
  gaps: ReferenceGap[];
  /** The parts of each grid outside the parent (each polygon of grid − parent), by grid. */
  spills: ReferenceSpill[];
}

/**
 * The overlaps, gaps and spills of a set of polygons against their parent as GEOS sees them, every shape
 * made valid first (structure method): overlaps pairwise (as `overlaps` of `@wangge/reference`), gaps the
 * polygons of parent − the union of the grids, spills the polygons of each grid − parent.
 */
export function referenceAgainstParent(parent: Polygonal, polygons: readonly Polygonal[]): ParentReference {
  const flat = overlaps(polygons);
  const outline = makeValid(parent);
  const shapes = flat.madeValid.filter((m): m is Polygonal => m !== null);
  const covered = shapes.length === 0 ? null : unionAll(shapes);
  const gaps: ReferenceGap[] = [];
  const uncovered = outline === null ? null : covered === null ? outline : difference(outline, covered);
  for (const geometry of partsOf(uncovered)) {
    gaps.push({ geometry, area: area(geometry), areaM2: geodesicArea(geometry) });
  }
  gaps.sort((a, b) => b.areaM2 - a.areaM2);
  const spills: ReferenceSpill[] = [];
  flat.madeValid.forEach((shape, index) => {
    if (shape === null) return;
    const outside = outline === null ? shape : difference(shape, outline);
    for (const geometry of partsOf(outside)) spills.push({ index, geometry, areaM2: geodesicArea(geometry) });
  });
  return { madeValid: flat.madeValid, overlaps: flat.overlaps, gaps, spills };
}

/** Each polygon of a shape on its own (none for `null`). */
function partsOf(shape: Polygonal | null): Polygon[] {
  return shape === null ? [] : polygonsOf(shape).map((coordinates) => ({ type: 'Polygon', coordinates }));
}

function meets(a: Polygonal, b: Polygonal): boolean {
  try {
    return intersection(a, b) !== null;
  } catch {
    return false;
  }
}
