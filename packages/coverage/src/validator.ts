import {
  checkOptions,
  ErrorCode,
  featureLocation,
  featuresOf,
  type GridGeometry,
  geodesicArea,
  normalizeGeometry,
  polygonsOf,
  ringSignedArea,
  WanggeError,
} from '@wangge/core';
import Flatbush from 'flatbush';
import type { Feature, Geometry, Position } from 'geojson';
import { clipPolygon } from 'lineclip';
import * as polyclip from 'polyclip-ts';
import { checkGrid } from './internal/gridCheck';
import { VertexTable } from './internal/hash';
import { countHouseholds } from './internal/households';
import {
  M_PER_DEG_LAT,
  M_PER_DEG_LON,
  meanWidthOf,
  pointSegmentMetres,
  ROUNDING_WIDTH,
  widthOf,
} from './internal/measure';
import { inPolygons, nestRings, polygonsBox, ringsToPolygons } from './internal/rings';
import {
  edgeTableOf,
  type GridRings,
  indexEdges,
  problemEdges,
  type ResidualEdges,
  removeGrids,
  residualEdges,
  traceRings,
} from './internal/topology';
import {
  type CoverageDefect,
  type CoverageOptions,
  type CoverageReport,
  DEFECT_KINDS,
  type DefectKind,
} from './types';

/** Areas below this many m² are rounding noise of the overlay, not defects. */
const MIN_AREA = 1e-6;
/** Coordinates this close (degrees, ~0.1 mm) count as touching when overlay output meets input. */
const TOUCH = 1e-9;

type Polys = Position[][][];

/** A defect before it gets its id and sort position. */
type Draft = Omit<CoverageDefect, 'id'>;

/**
 * Validates that a set of grids tiles its parent (全覆盖、无缝隙、无重叠): configure once, then
 * {@link validate}. `validateCoverage(grids, options)` is the one-line form.
 *
 * The fast path is topological: exact coordinates become vertex ids, every edge used once in each
 * direction cancels, and what is left is checked by exact predicates. Only grids near a problem found that
 * way are overlaid geometrically (polyclip-ts), so a clean coverage costs hashing, not overlay.
 */
export class CoverageValidator {
  private readonly features: readonly Feature[];
  private readonly options: Required<Omit<CoverageOptions, 'parent' | 'households'>> &
    Pick<CoverageOptions, 'households'>;
  private readonly parent: Polys | null;
  private readonly parentCode: string | undefined;

  constructor(
    grids: readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
    options: CoverageOptions = {},
  ) {
    this.features = featuresOf(grids);
    checkOptions(options, 'validateCoverage');
    const gapWidth = options.sliverWidth ?? 1;
    const tolerance = options.tolerance ?? 0.5;
    if (!(gapWidth >= 0) || !Number.isFinite(gapWidth)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `sliverWidth must be a number of metres >= 0, got ${gapWidth}`,
      );
    }
    if (!(tolerance >= 0) || !Number.isFinite(tolerance)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `tolerance must be a number of metres >= 0, got ${tolerance}`,
      );
    }
    if (options.households !== undefined && !(options.households?.xy instanceof Float64Array)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        'households.xy must be a Float64Array of lon, lat pairs',
      );
    }
    const xy = options.households?.xy;
    if (xy !== undefined) {
      if (xy.length % 2 !== 0) {
        throw new WanggeError(
          ErrorCode.INVALID_OPTION,
          `households.xy must hold lon, lat pairs, got ${xy.length} numbers (an odd count)`,
        );
      }
      const bad = xy.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new WanggeError(
          ErrorCode.INVALID_COORDINATE,
          `households.xy: household ${bad >> 1} is at ${xy[bad - (bad % 2)]}, ${xy[bad - (bad % 2) + 1]}, not a lon, lat`,
        );
      }
    }
    this.options = { sliverWidth: gapWidth, tolerance, households: options.households };
    const parent = options.parent;
    if (parent !== undefined && (typeof parent !== 'object' || parent === null)) {
      throw new WanggeError(
        ErrorCode.INVALID_OPTION,
        `parent must be a Polygon or MultiPolygon, or a Feature of one; got ${String(parent)} (leave it out for none)`,
      );
    }
    if (parent === undefined) {
      this.parent = null;
    } else {
      const isFeature = (parent as Feature).type === 'Feature';
      const geometry = isFeature ? (parent as Feature).geometry : parent;
      const code = isFeature ? (parent as Feature).properties?.code : undefined;
      this.parentCode = typeof code === 'string' ? code : undefined;
      this.parent = polygonsOf(normalizeGeometry(geometry, { path: 'options.parent' }));
    }
  }

  /** Runs every check and returns the report. */
  validate(): CoverageReport {
    const drafts: Draft[] = [];
    const n = this.features.length;
    const codes: string[] = [];
    const polys: Array<Polys | null> = [];
    const lobes: number[][] = [];
    for (let i = 0; i < n; i++) {
      const f = this.features[i];
      if (typeof f !== 'object' || f === null || f.type !== 'Feature') {
        throw new WanggeError(ErrorCode.INVALID_GEOJSON, 'not a GeoJSON Feature', { featureIndex: i });
      }
      const location = featureLocation(f, i);
      codes.push(String(location.featureId ?? `#${i}`));
      const check = checkGrid(f.geometry, location);
      polys.push(check.polygons);
      lobes.push(...check.lobes);
      for (const p of check.problems) {
        const kind: DefectKind =
          p.reason === 'empty' ? 'empty' : p.reason === 'multi-part' ? 'multi-part' : 'invalid';
        drafts.push({
          kind,
          severity: p.severity,
          ...(kind === 'invalid' ? { reason: p.reason as CoverageDefect['reason'] } : {}),
          grids: [codes[i]],
          area: 0,
          location:
            p.at === null
              ? check.polygons === null
                ? null
                : toGeometry(check.polygons)
              : { type: 'Point', coordinates: p.at },
          message: `${codes[i]}: ${p.message}`,
        });
      }
    }
    const live = polys.map((_, i) => i).filter((i) => polys[i] !== null);
    if (live.length > 0 || this.parent !== null) this.coverageDefects(codes, polys, live, lobes, drafts);
    return finishReport(drafts, n);
  }

  private coverageDefects(
    codes: string[],
    polys: Array<Polys | null>,
    live: number[],
    lobes: number[][],
    drafts: Draft[],
  ): void {
    const { sliverWidth: gapWidth, tolerance } = this.options;
    let vertexCount = 0;
    let ringCount = 0;
    for (const g of live) {
      for (const part of polys[g]!) {
        ringCount += part.length;
        for (const ring of part) vertexCount += ring.length;
      }
    }
    const vertices = new VertexTable(vertexCount);
    const rings: GridRings = {
      ids: new Int32Array(vertexCount),
      ringStart: new Int32Array(ringCount + 1),
      gridRing: new Int32Array(polys.length + 1),
    };
    let k = 0;
    let r = 0;
    polys.forEach((p, g) => {
      rings.gridRing[g] = r;
      for (const part of p ?? []) {
        for (const ring of part) {
          rings.ringStart[r++] = k;
          for (const q of ring) rings.ids[k++] = vertices.idOf(q[0], q[1]);
        }
      }
    });
    rings.gridRing[polys.length] = r;
    rings.ringStart[r] = k;
    const boxes = polys.map((p) => (p === null ? null : polygonsBox(p)));
    const gridIndex = new Flatbush(Math.max(1, live.length));
    for (const g of live) gridIndex.add(...boxes[g]!);
    if (live.length === 0) gridIndex.add(0, 0, 0, 0);
    gridIndex.finish();
    const gridAt = (k: number) => (live.length === 0 ? -1 : live[k]);
    const searchGrids = (box: number[]) =>
      gridIndex
        .search(box[0], box[1], box[2], box[3])
        .map(gridAt)
        .filter((g) => g >= 0);

    const edgeTable = edgeTableOf(rings, live, vertexCount);
    const residual = residualEdges(edgeTable);
    const xy = vertices.xy;
    const edgeIndex = indexEdges(residual, xy);
    const { problem, pairs } = problemEdges(residual, xy, edgeIndex);

    // Group problem edges that touch into zones; every grid meeting a zone's box is overlaid pairwise.
    const zones = problemZones(residual, xy, problem, pairs);
    const dirty = new Set<number>();
    const pairSeen = new Set<string>();
    const overlay = (box: number[], clip: boolean) => {
      const found = searchGrids(box).sort((a, b) => a - b);
      if (!clip) for (const g of found) dirty.add(g);
      for (let x = 0; x < found.length; x++) {
        for (let y = x + 1; y < found.length; y++) {
          const a = found[x];
          const b = found[y];
          if (!boxesMeet(boxes[a]!, boxes[b]!)) continue;
          const key = `${a},${b}`;
          if (pairSeen.has(key)) continue;
          pairSeen.add(key);
          const pa = clip ? clipToBox(polys[a]!, box) : polys[a]!;
          const pb = clip ? clipToBox(polys[b]!, box) : polys[b]!;
          if (pa.length === 0 || pb.length === 0) continue;
          for (const piece of polyclip.intersection(pa as polyclip.Geom, pb as polyclip.Geom)) {
            if (isRounding(piece)) continue;
            const area = geodesicArea({ type: 'Polygon', coordinates: piece });
            if (area < MIN_AREA) continue;
            const grids = [codes[a], codes[b]].sort();
            drafts.push({
              kind: 'overlap',
              severity: 'error',
              grids,
              area,
              width: widthOf([piece], precisionFor(area, gapWidth)),
              location: { type: 'Polygon', coordinates: piece },
              message: `${grids[0]} and ${grids[1]} overlap by ${formatArea(area)}`,
            });
          }
        }
      }
    };
    for (const box of zones) overlay(box, false);
    // Inside-out loops of self-crossing grids can hide overlaps from the edge topology: overlay them too,
    // cut to the loop's box.
    for (const box of lobes) overlay(box, true);

    // The union of all grids: traced from the clean residual edges, plus an overlay of the dirty grids.
    // Taking the dirty grids' edges back out of the table leaves the clean grids' residual edges.
    if (dirty.size > 0) removeGrids(edgeTable, rings, dirty);
    const clean = dirty.size === 0 ? residual : residualEdges(edgeTable);
    const traced = traceRings(clean, xy, vertices.size).map((ring) =>
      ring.map((v): Position => [xy[2 * v], xy[2 * v + 1]]),
    );
    let unionRings = traced;
    if (dirty.size > 0) {
      const cleanUnion = ringsToPolygons(traced, nestRings(traced), 1);
      const dirtyPolys = [...dirty].sort((a, b) => a - b).map((g) => polys[g] as polyclip.Geom);
      const merged = polyclip.union(
        (cleanUnion.length > 0 ? cleanUnion : dirtyPolys[0]) as polyclip.Geom,
        ...dirtyPolys,
      );
      unionRings = merged.flat();
    }

    const neighboursOf = this.neighbourFinder(residual, xy, edgeIndex, codes);
    const gapDraft = (piece: Position[][], kind: DefectKind, grids: string[]): Draft | null => {
      if (isRounding(piece)) return null;
      const area = geodesicArea({ type: 'Polygon', coordinates: piece });
      if (area < MIN_AREA) return null;
      const width = widthOf([piece], precisionFor(area, gapWidth));
      const narrow = (kind === 'gap' || kind === 'inlet') && width < gapWidth;
      const finalKind = narrow ? 'sliver' : kind;
      const what =
        finalKind === 'sliver'
          ? `sliver (${kind}) ${formatLength(width)} wide`
          : finalKind === 'uncovered-parent'
            ? 'parent area not covered by any grid'
            : finalKind === 'inlet'
              ? 'inlet open to the parent boundary'
              : 'gap enclosed by grids';
      return {
        kind: finalKind,
        severity: 'error',
        grids,
        area,
        width,
        location: { type: 'Polygon', coordinates: piece },
        message: `${what}: ${formatArea(area)}${grids.length > 0 ? ` next to ${grids.join(', ')}` : ''}`,
      };
    };

    if (this.parent === null) {
      // Gaps are the holes of the union: clockwise rings. Without any, there is nothing to nest.
      const holes = unionRings.some((ring) => ringSignedArea(ring) < 0);
      const unionPolys = holes ? ringsToPolygons(unionRings, nestRings(unionRings), -1) : [];
      for (const piece of unionPolys) {
        // Without a parent, a hole bounded by one grid alone is that grid's own hole (a lake), not a gap.
        const grids = neighboursOf(piece);
        if (grids.length < 2) continue;
        const d = gapDraft(piece, 'gap', grids);
        if (d !== null) drafts.push(d);
      }
    } else {
      const parent = this.parent;
      const union = ringsToPolygons(unionRings, nestRings(unionRings), 1);
      const uncovered =
        union.length === 0 ? parent : polyclip.difference(parent as polyclip.Geom, union as polyclip.Geom);
      const parentEdges = edgeListIndex(parent);
      for (const piece of uncovered) {
        const grids = neighboursOf(piece);
        const kind: DefectKind =
          grids.length === 0 ? 'uncovered-parent' : parentEdges.touches(piece) ? 'inlet' : 'gap';
        const d = gapDraft(piece, kind, grids.length === 0 && this.parentCode ? [this.parentCode] : grids);
        if (d !== null) drafts.push(d);
      }
      const outside =
        union.length === 0 ? [] : polyclip.difference(union as polyclip.Geom, parent as polyclip.Geom);
      for (const piece of outside) {
        for (const g of searchGrids(polygonsBox([piece])).sort((a, b) => a - b)) {
          for (const part of polyclip.intersection(polys[g] as polyclip.Geom, piece as polyclip.Geom)) {
            if (isRounding(part)) continue;
            const area = geodesicArea({ type: 'Polygon', coordinates: part });
            if (area < MIN_AREA) continue;
            drafts.push({
              kind: 'outside-parent',
              severity: 'error',
              grids: [codes[g]],
              area,
              width: widthOf([part], precisionFor(area, gapWidth)),
              location: { type: 'Polygon', coordinates: part },
              message: `${codes[g]} spills ${formatArea(area)} outside its parent`,
            });
          }
        }
      }
    }

    this.misaligned(residual, xy, edgeIndex, codes, tolerance, drafts);
    const households = this.options.households;
    if (households !== undefined) {
      for (const d of drafts) {
        if (d.kind === 'misaligned' || d.location === null || d.location.type !== 'Polygon') continue;
        if (d.kind === 'invalid' || d.kind === 'multi-part' || d.kind === 'empty') continue;
        d.households = countHouseholds(households, [d.location.coordinates]);
      }
    }
  }

  /** Codes of the grids whose residual edges run along a piece's boundary. */
  private neighbourFinder(
    residual: ResidualEdges,
    xy: Float64Array,
    edgeIndex: Flatbush,
    codes: string[],
  ): (piece: Position[][]) => string[] {
    return (piece) => {
      const found = new Set<string>();
      for (const ring of piece) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const mx = (ring[k][0] + ring[k + 1][0]) / 2;
          const my = (ring[k][1] + ring[k + 1][1]) / 2;
          for (const e of edgeIndex.search(mx - TOUCH, my - TOUCH, mx + TOUCH, my + TOUCH)) {
            if (e >= residual.length) continue;
            const a = residual.a[e];
            const b = residual.b[e];
            if (distanceDegrees(mx, my, xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]) <= TOUCH) {
              found.add(codes[residual.owner[e]]);
            }
          }
        }
      }
      return [...found].sort();
    };
  }

  private misaligned(
    residual: ResidualEdges,
    xy: Float64Array,
    edgeIndex: Flatbush,
    codes: string[],
    tolerance: number,
    drafts: Draft[],
  ): void {
    // A vertex near a neighbour's edge only matters where the sliver between them is a gap or overlap
    // found above; elsewhere (a sharp bend of the outer boundary) it is just the shape of the area.
    const areal = drafts
      .filter((d) => AREAL.has(d.kind) && d.location?.type === 'Polygon')
      .map((d) => {
        const polygons = [(d.location as { coordinates: Position[][] }).coordinates];
        return { polygons, box: polygonsBox(polygons) };
      });
    const inDefect = (x: number, y: number) =>
      areal.some(
        ({ polygons, box }) =>
          box[0] <= x &&
          x <= box[2] &&
          box[1] <= y &&
          y <= box[3] &&
          (inPolygons(polygons, x, y) || onRings(polygons, x, y)),
      );
    const seen = new Set<number>();
    for (let i = 0; i < residual.length; i++) {
      const v = residual.a[i];
      if (seen.has(v)) continue;
      seen.add(v);
      const px = xy[2 * v];
      const py = xy[2 * v + 1];
      const dy = tolerance / M_PER_DEG_LAT;
      const dx = tolerance / (M_PER_DEG_LON * Math.max(1e-6, Math.cos((py * Math.PI) / 180)));
      const owner = residual.owner[i];
      let best = Number.POSITIVE_INFINITY;
      let bestOwner = -1;
      for (const e of edgeIndex.search(px - dx, py - dy, px + dx, py + dy)) {
        if (e >= residual.length) continue;
        const a = residual.a[e];
        const b = residual.b[e];
        if (a === v || b === v || residual.owner[e] === owner) continue;
        const d = pointSegmentMetres(px, py, xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]);
        const exact =
          d === 0 || distanceDegrees(px, py, xy[2 * a], xy[2 * a + 1], xy[2 * b], xy[2 * b + 1]) === 0;
        if (!exact && !(d <= tolerance && inDefect(...midpointTo(px, py, xy, a, b)))) continue;
        if (d < best) {
          best = exact ? 0 : d;
          bestOwner = residual.owner[e];
        }
      }
      if (bestOwner < 0) continue;
      const grids = [codes[owner], codes[bestOwner]].sort();
      drafts.push({
        kind: 'misaligned',
        severity: best === 0 ? 'warning' : 'error',
        grids,
        area: 0,
        distance: best,
        location: { type: 'Point', coordinates: [px, py] },
        message:
          best === 0
            ? `vertex of ${codes[owner]} lies on an edge of ${codes[bestOwner]} that has no vertex there`
            : `vertex of ${codes[owner]} is ${formatLength(best)} from an edge of ${codes[bestOwner]}`,
      });
    }
  }
}

/**
 * Validates that `grids` tile their parent: overlaps, gaps, inlets, slivers, spill outside the parent,
 * uncovered parent area, misaligned vertices, invalid, multi-part and empty grids, each classified,
 * located and measured. Shorthand for `new CoverageValidator(grids, options).validate()`.
 */
export function validateCoverage(
  grids: readonly Feature[] | { type: 'FeatureCollection'; features: Feature[] },
  options: CoverageOptions = {},
): CoverageReport {
  return new CoverageValidator(grids, options).validate();
}

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

function representativePoint(g: Geometry | null): Position | null {
  if (g === null) return null;
  if (g.type === 'Point') return g.coordinates;
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    const box = polygonsBox(polygonsOf(g));
    return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
  }
  return null;
}

function toGeometry(polygons: Polys): GridGeometry {
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

function boxesMeet(a: number[], b: number[]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Polylabel precision: fine enough to compare with `gapWidth`, coarse enough for a lake. */
/** An overlay piece thinner on average than {@link ROUNDING_WIDTH}: rounding of computed vertices, not a defect. */
function isRounding(piece: Position[][]): boolean {
  return meanWidthOf(piece) < ROUNDING_WIDTH;
}

function precisionFor(area: number, gapWidth: number): number {
  return Math.max(Math.sqrt(area) * 1e-3, Math.min(gapWidth > 0 ? gapWidth / 100 : 0.01, 0.01));
}

/** Boxes of groups of problem edges that touch (share a vertex or meet). */
function problemZones(
  edges: ResidualEdges,
  xy: Float64Array,
  problem: Uint8Array,
  pairs: number[],
): number[][] {
  const parent = new Int32Array(edges.length);
  for (let i = 0; i < edges.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const join = (i: number, j: number) => {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  for (let k = 0; k < pairs.length; k += 2) join(pairs[k], pairs[k + 1]);
  const byVertex = new Map<number, number>();
  for (let i = 0; i < edges.length; i++) {
    if (!problem[i]) continue;
    for (const v of [edges.a[i], edges.b[i]]) {
      const other = byVertex.get(v);
      if (other === undefined) byVertex.set(v, i);
      else join(i, other);
    }
  }
  const boxes = new Map<number, number[]>();
  for (let i = 0; i < edges.length; i++) {
    if (!problem[i]) continue;
    const r = find(i);
    const box = boxes.get(r) ?? [
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    for (const v of [edges.a[i], edges.b[i]]) {
      box[0] = Math.min(box[0], xy[2 * v]);
      box[1] = Math.min(box[1], xy[2 * v + 1]);
      box[2] = Math.max(box[2], xy[2 * v]);
      box[3] = Math.max(box[3], xy[2 * v + 1]);
    }
    boxes.set(r, box);
  }
  return [...boxes.values()];
}

/** Polygons cut to a box (Sutherland–Hodgman per ring); rings that vanish are dropped. */
function clipToBox(polygons: Polys, box: number[]): Polys {
  const out: Polys = [];
  for (const rings of polygons) {
    const kept: Position[][] = [];
    rings.forEach((ring, r) => {
      const clipped = clipPolygon(ring as number[][], box);
      if (clipped.length < 3) {
        if (r === 0) kept.length = 0;
        return;
      }
      const first = clipped[0];
      const last = clipped[clipped.length - 1];
      if (first[0] !== last[0] || first[1] !== last[1]) clipped.push([first[0], first[1]]);
      if (r === 0 || kept.length > 0) kept.push(clipped);
    });
    if (kept.length > 0) out.push(kept);
  }
  return out;
}

/** Areal defects, where a misaligned vertex shows. */
const AREAL = new Set<DefectKind>(['overlap', 'gap', 'inlet', 'sliver']);

/** The point halfway from `(px, py)` to its nearest point on segment `ab` (vertex ids into `xy`). */
function midpointTo(px: number, py: number, xy: Float64Array, a: number, b: number): [number, number] {
  const ax = xy[2 * a];
  const ay = xy[2 * a + 1];
  const dx = xy[2 * b] - ax;
  const dy = xy[2 * b + 1] - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return [(px + ax + t * dx) / 2, (py + ay + t * dy) / 2];
}

/** Whether `(x, y)` lies on a ring of `polygons` (within {@link TOUCH}). */
function onRings(polygons: Polys, x: number, y: number): boolean {
  for (const rings of polygons) {
    for (const ring of rings) {
      for (let k = 0; k + 1 < ring.length; k++) {
        if (distanceDegrees(x, y, ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]) <= TOUCH)
          return true;
      }
    }
  }
  return false;
}

/** Planar distance in degrees from a point to a segment. */
function distanceDegrees(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(ax + t * dx - px, ay + t * dy - py);
}

/** An index of a polygon's edges, answering whether a piece touches them. */
function edgeListIndex(polygons: Polys): { touches: (piece: Position[][]) => boolean } {
  const segs: number[] = [];
  for (const rings of polygons) {
    for (const ring of rings)
      for (let k = 0; k + 1 < ring.length; k++)
        segs.push(ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]);
  }
  const count = segs.length / 4;
  const index = new Flatbush(Math.max(1, count));
  for (let s = 0; s < count; s++) {
    const [ax, ay, bx, by] = segs.slice(4 * s, 4 * s + 4);
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  if (count === 0) index.add(0, 0, 0, 0);
  index.finish();
  return {
    touches: (piece) =>
      piece.some((ring) =>
        ring.some(([x, y]) =>
          index
            .search(x - TOUCH, y - TOUCH, x + TOUCH, y + TOUCH)
            .some(
              (s) =>
                s < count &&
                distanceDegrees(x, y, segs[4 * s], segs[4 * s + 1], segs[4 * s + 2], segs[4 * s + 3]) <=
                  TOUCH,
            ),
        ),
      ),
  };
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
