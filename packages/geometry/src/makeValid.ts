import { checkOptions, type Finding, type GridGeometry, geodesicArea } from '@wangge/core';
import type { Position } from 'geojson';
import { type Arrangement, buildArrangement } from './internal/arrangement';
import { extractPolygons } from './internal/extract';
import { addRing, checkedPolygons, fromGrid, isOnGrid, snapRing } from './internal/input';
import { SegmentList, snapRound } from './internal/noder';
import { polygonsToGeometry } from './internal/output';
import { analyzeValidity, type ValidityProblem, type ValidityReason } from './validity';

/** What make-valid repaired: a validity problem's reason, or `empty` when nothing of the polygon is left. */
export type RepairKind = Exclude<ValidityReason, 'invalid-coordinate' | 'out-of-range'> | 'empty';

/**
 * One repair, as a core `Finding` with the area it changed and the feature it belongs to. `area` (m², on
 * the WGS84 ellipsoid) is the part of the plane whose coverage the repair decided: the inverted lobes of
 * a self-intersecting ring (kept), the part of a hole outside its shell (ignored, or kept as an island
 * when the hole does not meet its shell), the area where parts
 * overlap (counted once), the area of a dropped ring; 0 for repairs that move no area (closing a ring,
 * repeated points, orientation, spikes, shared edges).
 */
export interface Repair extends Finding<RepairKind> {
  /** Area changed, m² (see above). */
  area: number;
  /** The feature's index in its collection, when given. */
  featureIndex?: number;
  /** The feature's id or code, when given. */
  featureId?: string | number;
}

/** Options of {@link makeValid}. */
export interface MakeValidOptions {
  /** Index of the feature in its collection, copied into every repair and error. @default undefined */
  featureIndex?: number;
  /** Id or code of the feature, copied into every repair (and its `grids`) and error. @default undefined */
  featureId?: string | number;
}

/** What {@link makeValid} returns. */
export interface MakeValidResult {
  /** The valid geometry, or `null` when nothing of it has area. */
  geometry: GridGeometry | null;
  /** Every repair made, in the order of the input's parts and rings. */
  findings: Repair[];
}

/**
 * Turns any Polygon or MultiPolygon into a valid one (OGC simple features, RFC 7946 orientation) and
 * lists every repair. The rule, as GEOS MakeValid's `structure` method: a point is inside a ring when the
 * ring winds around it (non-zero winding, so both lobes of a bow-tie are kept and a ring looping twice
 * covers once); each polygon is its shell's area minus the areas of its holes, where a hole that does not
 * meet its shell (no common area, boundaries apart) is an island instead (as GEOS keeps it); the polygons of a
 * MultiPolygon are unioned (overlaps counted once, parts sharing an edge merged). Zero-area pieces
 * (spikes, cut lines, collapsed rings) vanish. A geometry with only cosmetic problems (unclosed rings,
 * repeated positions, wrong orientation) keeps its coordinates bit for bit when they are on the 1e-9° grid
 * (data with 9 decimals or fewer); any other result is on the grid, as every output of the kernel: a
 * geometry off it is snap rounded (each vertex moves by at most half a grid diagonal, about 0.08 mm), so
 * that shapes cut from it by the kernel tile it exactly. A valid input on the grid is returned as it is
 * (copied). Idempotent.
 *
 * Refuses, with a `WanggeError` naming the feature and the path, what cannot be repaired: non-finite or
 * out-of-range coordinates (`INVALID_COORDINATE`, `COORDINATE_OUT_OF_RANGE`), input that is not polygon
 * GeoJSON (`UNSUPPORTED_GEOMETRY`, `INVALID_GEOJSON`).
 */
export function makeValid(geometry: unknown, options?: MakeValidOptions): MakeValidResult {
  const { featureIndex, featureId } = checkOptions(options, 'makeValid');
  const location = { featureIndex, featureId };
  const polygons = checkedPolygons(geometry, location);
  const type = (geometry as GridGeometry).type;
  const { problems, ringsMeet } = analyzeValidity(geometry);
  const repair = (p: ValidityProblem, area: number): Repair => {
    const finding: Repair = {
      id: `${p.reason}:${featureIndex ?? '-'}:${p.part}.${p.ring}:${p.location[0]},${p.location[1]}`,
      kind: p.reason as RepairKind,
      severity: area > 0 ? 'warning' : 'info',
      grids: featureId === undefined ? [] : [String(featureId)],
      message: p.message,
      location: { type: 'Point', coordinates: p.location },
      area,
    };
    if (featureIndex !== undefined) finding.featureIndex = featureIndex;
    if (featureId !== undefined) finding.featureId = featureId;
    return finding;
  };
  if (problems.every((p) => p.severity === 'warning') && isOnGrid(polygons)) {
    return { geometry: cleaned(type, polygons), findings: problems.map((p) => repair(p, 0)) };
  }
  // Anything else goes through the arrangement, so the result is on the grid as every kernel output is:
  // a valid boundary off it (echarts' 1/1024° coordinates, computed cut points) comes back snap rounded,
  // so that what is cut from it later tiles it exactly (issue 11: 澳门's area error and group slivers).
  const repaired = repairByWinding(polygons, ringsMeet);
  const findings = problems.map((p) => repair(p, repaired.areaOf(p)));
  if (repaired.geometry === null) {
    findings.push({
      ...repair(
        {
          reason: 'collapsed-ring',
          severity: 'error',
          message: 'nothing of the polygon has area: it is left empty',
          location: polygons[0]?.[0]?.[0] ?? [Number.NaN, Number.NaN],
          part: 0,
          ring: 0,
        },
        0,
      ),
      kind: 'empty',
      severity: 'warning',
    });
  }
  return { geometry: repaired.geometry, findings };
}

/** Rings closed, repeats dropped, exteriors counter-clockwise and holes clockwise; coordinates kept. */
function cleaned(type: 'Polygon' | 'MultiPolygon', polygons: Position[][][]): GridGeometry {
  const parts = polygons.map((rings) =>
    rings.map((raw, r) => {
      const ring: Position[] = [];
      for (const p of raw) {
        const q = ring[ring.length - 1];
        if (q === undefined || q[0] !== p[0] || q[1] !== p[1]) ring.push([p[0], p[1]]);
      }
      if (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) {
        ring.push([ring[0][0], ring[0][1]]);
      }
      let twice = 0;
      for (let i = 1; i + 1 < ring.length; i++) {
        twice +=
          (ring[i][0] - ring[0][0]) * (ring[i + 1][1] - ring[0][1]) -
          (ring[i + 1][0] - ring[0][0]) * (ring[i][1] - ring[0][1]);
      }
      return twice > 0 === (r === 0) ? ring : ring.reverse();
    }),
  );
  return type === 'Polygon' ? { type, coordinates: parts[0] } : { type, coordinates: parts };
}

/** The structure rule on the arrangement of every ring (one input per ring), plus the areas repairs changed. */
function repairByWinding(
  polygons: Position[][][],
  ringsMeet: Set<string>,
): {
  geometry: GridGeometry | null;
  areaOf: (p: ValidityProblem) => number;
} {
  const list = new SegmentList(1024);
  const ringPart: number[] = [];
  const ringIsHole: boolean[] = [];
  const ringSign: number[] = [];
  const ringId = new Map<string, number>();
  polygons.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const xy = snapRing(ring);
      const id = ringPart.length;
      ringId.set(`${p}.${r}`, id);
      ringPart.push(p);
      ringIsHole.push(r > 0);
      let twice = 0;
      for (let i = 1; i + 1 < xy.length / 2; i++) {
        twice +=
          (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) - (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
      }
      ringSign.push(Math.sign(twice));
      addRing(list, xy, id, 0);
    });
  });
  const arr = buildArrangement(snapRound(list));
  const { faceCount, labelStart, labelInput, labelValue } = arr;
  const island = islandHoles(arr, ringPart, ringIsHole, ringsMeet);
  // Per face: which parts cover it by the structure rule.
  const covered = new Uint8Array(faceCount);
  const partCount = new Int32Array(faceCount);
  const shellIn = new Set<number>();
  const holeIn = new Set<number>();
  const islandIn = new Set<number>();
  for (let f = 1; f < faceCount; f++) {
    shellIn.clear();
    holeIn.clear();
    islandIn.clear();
    for (let k = labelStart[f]; k < labelStart[f + 1]; k++) {
      const ring = labelInput[k];
      (!ringIsHole[ring] ? shellIn : island[ring] ? islandIn : holeIn).add(ringPart[ring]);
    }
    // A part covers the face inside its shell and none of its holes, or inside one of its islands
    // (islands are unioned after the holes are subtracted, as in GEOS).
    let parts = 0;
    for (const p of shellIn) if (!holeIn.has(p) || islandIn.has(p)) parts++;
    for (const p of islandIn) if (!shellIn.has(p)) parts++;
    partCount[f] = parts;
    covered[f] = parts > 0 ? 1 : 0;
  }
  const geometryOf = (selected: Uint8Array) => {
    const xy = arr.xy;
    return polygonsToGeometry(extractPolygons(arr, selected), xy, (v) => [
      fromGrid(xy[2 * v]),
      fromGrid(xy[2 * v + 1]),
    ]);
  };
  const areaWhere = (test: (f: number) => boolean): number => {
    const selected = new Uint8Array(faceCount);
    let any = false;
    for (let f = 1; f < faceCount; f++) {
      if (test(f)) {
        selected[f] = 1;
        any = true;
      }
    }
    if (!any) return 0;
    const g = geometryOf(selected);
    return g === null ? 0 : geodesicArea(g);
  };
  const winding = (f: number, ring: number) => windingOf(arr, f, ring);
  const areaOf = (p: ValidityProblem): number => {
    const ring = ringId.get(`${p.part}.${p.ring}`) ?? -1;
    switch (p.reason) {
      case 'self-intersection':
        // The lobes a signed-area reading would subtract, and the area the ring covers twice.
        return ring < 0
          ? 0
          : areaWhere((f) => {
              const w = winding(f, ring);
              return w !== 0 && (Math.sign(w) !== (ringSign[ring] || 1) || Math.abs(w) > 1);
            });
      case 'hole-outside-shell':
      case 'ring-crossing': {
        const shell = ringId.get(`${p.part}.0`) ?? -1;
        if (ring < 0 || shell < 0 || ring === shell) return 0;
        return areaWhere((f) => winding(f, ring) !== 0 && winding(f, shell) === 0);
      }
      case 'overlapping-parts':
        return areaWhere((f) => partCount[f] > 1);
      case 'nested-holes':
        return areaWhere((f) => {
          let holes = 0;
          for (let k = labelStart[f]; k < labelStart[f + 1]; k++) {
            if (ringIsHole[labelInput[k]] && ringPart[labelInput[k]] === p.part && labelValue[k] !== 0)
              holes++;
          }
          return holes > 1;
        });
      default:
        return 0;
    }
  };
  return { geometry: geometryOf(covered), areaOf };
}

/**
 * Holes that do not meet their shell: the structure rule keeps them as islands of their own, as GEOS does
 * (JTS GeometryFixer: a hole disjoint from its fixed shell is a shell). A hole meets its shell when their
 * areas overlap on the grid, or when their boundaries meet both exactly as given (the validity check's
 * pairs, on the input's own doubles, as GEOS decides it) and on the grid once spikes and cut lines have
 * cancelled (GEOS tests the fixed rings). Either test alone disagrees with GEOS somewhere: on the grid a
 * decimal vertex can lie exactly on a decimal edge it misses by a hair in binary, and a spike can touch a
 * shell that the fixed hole no longer reaches.
 */
function islandHoles(
  arr: Arrangement,
  ringPart: number[],
  ringIsHole: boolean[],
  ringsMeet: Set<string>,
): Uint8Array {
  const n = ringPart.length;
  const shellOf = new Int32Array(n).fill(-1);
  for (let r = 0; r < n; r++) shellOf[r] = ringIsHole[r] ? shellOf[r - 1] : r;
  const meets = new Uint8Array(n);
  const shellHasArea = new Uint8Array(n);
  const { faceCount, labelStart, labelInput } = arr;
  for (let f = 1; f < faceCount; f++) {
    for (let k = labelStart[f]; k < labelStart[f + 1]; k++) {
      const h = labelInput[k];
      if (!ringIsHole[h]) {
        shellHasArea[h] = 1;
        continue;
      }
      for (let m = labelStart[f]; m < labelStart[f + 1]; m++) if (labelInput[m] === shellOf[h]) meets[h] = 1;
    }
  }
  // Boundaries meet when they do both as given and on the grid once spikes and cut lines have cancelled.
  const { stepStart, stepInput, edgeLo, edgeHi, edgeCount } = arr;
  const at = new Map<number, Set<number>>();
  for (let k = 0; k < edgeCount; k++) {
    for (let s = stepStart[k]; s < stepStart[k + 1]; s++) {
      for (const v of [edgeLo[k], edgeHi[k]]) {
        const set = at.get(v) ?? new Set<number>();
        set.add(stepInput[s]);
        at.set(v, set);
      }
    }
  }
  for (const rings of at.values()) {
    for (const h of rings) {
      if (ringIsHole[h] && rings.has(shellOf[h]) && ringsMeet.has(`${shellOf[h]}:${h}`)) meets[h] = 1;
    }
  }
  const island = new Uint8Array(n);
  // A polygon whose shell has no area is dropped whole, its holes with it (as GEOS does).
  for (let r = 0; r < n; r++) island[r] = ringIsHole[r] && !meets[r] && shellHasArea[shellOf[r]] ? 1 : 0;
  return island;
}

function windingOf(arr: Arrangement, f: number, ring: number): number {
  for (let k = arr.labelStart[f]; k < arr.labelStart[f + 1]; k++)
    if (arr.labelInput[k] === ring) return arr.labelValue[k];
  return 0;
}
