import { ErrorCode, type ErrorLocation, type GridGeometry, geodesicArea, WanggeError } from '@wangge/core';
import type { Polygon, Position } from 'geojson';
import { type Arrangement, buildArrangement } from './internal/arrangement';
import { extractParts, extractPolygons, facePolygons } from './internal/extract';
import { geodesicFaceAreas } from './internal/faceAreas';
import { addRing, checkedPolygons, fromGrid, snapRing } from './internal/input';
import { SegmentList, snapRound } from './internal/noder';
import { polygonsToGeometry } from './internal/output';
import { ringArea2 } from './internal/rings';

/**
 * The overlay of several polygonal inputs on the fixed precision model (coordinates snapped to 1e-9°):
 * the plane cut into faces, each face labelled with the inputs that cover it. Built once by
 * {@link overlay}; read by face id (`0 .. faceCount − 1`), or turned into geometry with {@link select}.
 *
 * An input covers a face when it winds around it (its exteriors are read counter-clockwise and its holes
 * clockwise, whatever their orientation in the input). Faces are connected open regions bounded by the
 * snapped, noded boundaries of all inputs, so neighbouring faces share their vertices exactly.
 */
export class Overlay {
  /** Number of bounded faces. */
  readonly faceCount: number;
  /** Number of inputs. */
  readonly inputCount: number;
  private readonly arr: Arrangement;
  private areas: Float64Array | undefined;

  /** @internal Use {@link overlay}. */
  constructor(arr: Arrangement, inputCount: number) {
    if (typeof arr !== 'object' || arr === null) {
      throw new WanggeError(ErrorCode.INVALID_STATE, 'an Overlay is made by overlay(geometries)');
    }
    this.arr = arr;
    this.inputCount = inputCount;
    this.faceCount = arr.faceCount - 1;
  }

  /** The inputs covering face `face`, ascending. */
  faceInputs(face: number): number[] {
    const f = face + 1;
    const { labelStart, labelInput } = this.arr;
    return Array.from(labelInput.subarray(labelStart[f], labelStart[f + 1]));
  }

  /** How many inputs cover face `face`. */
  faceDepth(face: number): number {
    const f = face + 1;
    return this.arr.labelStart[f + 1] - this.arr.labelStart[f];
  }

  /** The face as a Polygon (holes included), on the grid, RFC 7946 orientation. */
  facePolygon(face: number): Polygon {
    const g = this.toGeometry(facePolygons(this.arr, face + 1));
    if (g === null || g.type !== 'Polygon') {
      // A face is one connected region; several shells would mean a broken arrangement.
      throw new Error(`internal: face ${face} is not one polygon`);
    }
    return g;
  }

  /**
   * The face's area in m² on the WGS84 ellipsoid: core's `geodesicArea` of {@link facePolygon}, up to
   * rounding. The first call measures every face, each edge once (see `internal/faceAreas`).
   */
  faceArea(face: number): number {
    this.areas ??= geodesicFaceAreas(this.arr);
    if (Number.isNaN(this.areas[face])) this.areas[face] = geodesicArea(this.facePolygon(face));
    return this.areas[face];
  }

  /** The face's planar area in square degrees (exact to rounding; cheap). */
  facePlanarArea(face: number): number {
    const { faceCycleStart, cycleEdge, next, xy, edgeLo, edgeHi } = this.arr;
    const f = face + 1;
    let twice = 0;
    for (let c = faceCycleStart[f]; c < faceCycleStart[f + 1]; c++) {
      const ring: number[] = [];
      const first = cycleEdge[c];
      let h = first;
      do {
        ring.push(h & 1 ? edgeHi[h >> 1] : edgeLo[h >> 1]);
        h = next[h];
      } while (h !== first);
      ring.push(ring[0]);
      twice += ringArea2(ring, xy);
    }
    return twice / 2 / (1e9 * 1e9);
  }

  /**
   * The union of the faces whose covering inputs satisfy `predicate` (called once per face with the
   * ascending input ids), as valid polygons on the grid, or `null` when none is selected.
   */
  select(predicate: (inputs: readonly number[]) => boolean): GridGeometry | null {
    const selected = new Uint8Array(this.arr.faceCount);
    for (let face = 0; face < this.faceCount; face++)
      if (predicate(this.faceInputs(face))) selected[face + 1] = 1;
    return this.toGeometry(extractPolygons(this.arr, selected));
  }

  /**
   * The faces across the boundary of face `face`, ascending, each once; `-1` stands for the unbounded
   * face (outside every input).
   */
  faceNeighbours(face: number): number[] {
    const { faceCycleStart, cycleEdge, next, faceOf } = this.arr;
    const f = face + 1;
    const found = new Set<number>();
    for (let c = faceCycleStart[f]; c < faceCycleStart[f + 1]; c++) {
      const first = cycleEdge[c];
      let h = first;
      do {
        const g = faceOf[h ^ 1];
        if (g !== f) found.add(g - 1);
        h = next[h];
      } while (h !== first);
    }
    return [...found].sort((a, b) => a - b);
  }

  /**
   * The selected faces (`selected[face]` truthy, face ids `0 .. faceCount − 1`) cut into parts: each part
   * is a group of selected faces joined across edges, with its faces and its geometry (one Polygon, or a
   * MultiPolygon when the group only touches itself at vertices). Parts come in a canonical order.
   */
  parts(selected: ArrayLike<number | boolean>): Array<{ faces: number[]; geometry: GridGeometry }> {
    const sel = new Uint8Array(this.arr.faceCount);
    for (let face = 0; face < this.faceCount; face++) if (selected[face]) sel[face + 1] = 1;
    const out: Array<{ faces: number[]; geometry: GridGeometry; key: number[] }> = [];
    for (const part of extractParts(this.arr, sel).parts) {
      const geometry = this.toGeometry(part.polygons);
      if (geometry === null) continue;
      const first = geometry.type === 'Polygon' ? geometry.coordinates[0][0] : geometry.coordinates[0][0][0];
      out.push({ faces: part.faces.map((f) => f - 1).sort((a, b) => a - b), geometry, key: first });
    }
    out.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.faces[0] - b.faces[0]);
    return out.map(({ faces, geometry }) => ({ faces, geometry }));
  }

  private toGeometry(polygons: number[][][]): GridGeometry | null {
    const xy = this.arr.xy;
    const point = (v: number): Position => [fromGrid(xy[2 * v]), fromGrid(xy[2 * v + 1])];
    return polygonsToGeometry(polygons, xy, point);
  }
}

/**
 * Overlays polygonal inputs: snaps them to the grid, nodes them by snap rounding and labels every face
 * with the inputs covering it. Throws a `WanggeError` for input that is not Polygon/MultiPolygon GeoJSON or
 * has a non-finite or out-of-range coordinate (naming the input's index as `featureIndex`). Never throws
 * on valid input; invalid input (self-intersections, overlapping parts) is read by winding.
 */
export function overlay(inputs: readonly GridGeometry[]): Overlay {
  if (!Array.isArray(inputs)) {
    throw new WanggeError(
      ErrorCode.INVALID_GEOJSON,
      'overlay: expected an array of Polygon or MultiPolygon geometries',
    );
  }
  const list = new SegmentList(1024);
  for (let i = 0; i < inputs.length; i++) addGeometry(list, inputs[i], i, { featureIndex: i });
  return new Overlay(buildArrangement(snapRound(list)), inputs.length);
}

/** Adds a geometry's rings as segments of `input`, exteriors counter-clockwise and holes clockwise. */
export function addGeometry(
  list: SegmentList,
  geometry: unknown,
  input: number,
  location: ErrorLocation,
): void {
  for (const rings of checkedPolygons(geometry, location)) {
    for (let r = 0; r < rings.length; r++) addRing(list, snapRing(rings[r]), input, r === 0 ? 1 : -1);
  }
}

/** The part of `a` inside `b`, on the grid; `null` when they do not overlap. */
export function intersection(a: GridGeometry, b: GridGeometry): GridGeometry | null {
  return overlay([a, b]).select((inputs) => inputs.length === 2);
}

/** The part of `a` outside `b`, on the grid; `null` when nothing is left. */
export function difference(a: GridGeometry, b: GridGeometry): GridGeometry | null {
  return overlay([a, b]).select((inputs) => inputs.length === 1 && inputs[0] === 0);
}

/** The union of `geometries`, on the grid; `null` when there is nothing. */
export function union(geometries: readonly GridGeometry[]): GridGeometry | null {
  return overlay(geometries).select((inputs) => inputs.length > 0);
}
