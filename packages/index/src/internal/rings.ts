import {
  cleanGeometry,
  ErrorCode,
  featuresOf,
  type GridGeometry,
  type InputProblem,
  inputProblem,
} from '@wangge/core';
import { featureLocation, polygonsOf } from '@wangge/core/internal';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

/**
 * Polygon parts in flat typed arrays. Vertices of every ring are stored closed (the first vertex repeated
 * at the end), so vertex `v` and `v + 1` of a ring form an edge and an edge is named by its first vertex.
 */
export interface Rings {
  /** Interleaved lon, lat of every vertex. */
  xy: Float64Array;
  /** First vertex of ring `r`; `ringStart[r + 1]` is one past its closing vertex. */
  ringStart: Uint32Array;
  /** First ring of part `p` (its exterior); holes follow. */
  partRingStart: Uint32Array;
  /** Feature id of part `p`; parts are ordered by feature id. */
  partFeature: Int32Array;
  /** `minX, minY, maxX, maxY` of part `p` at `4p`. */
  partBox: Float64Array;
  /** Number of parts. */
  parts: number;
  /** Number of features (input positions). */
  features: number;
}

/** The features of a collection or array, or a WanggeError naming what was passed instead. */
export function featureArray(input: unknown): readonly unknown[] {
  return featuresOf<unknown>(input);
}

/** Cleans one input feature: its geometry, or `null`, with every problem reported. */
export function cleanFeature(
  feature: unknown,
  featureIndex: number,
  problems: InputProblem[],
): GridGeometry | null {
  const location = featureLocation(feature, featureIndex);
  if (typeof feature !== 'object' || feature === null || (feature as Feature).type !== 'Feature') {
    problems.push(inputProblem(ErrorCode.INVALID_GEOJSON, 'not a GeoJSON Feature', location));
    return null;
  }
  const result = cleanGeometry((feature as Feature).geometry, location);
  for (const p of result.problems) problems.push(p);
  return result.geometry;
}

/**
 * Cleans every feature and lays out the surviving parts; `problems` lists everything dropped.
 *
 * Clean features (the usual case) are copied straight from their GeoJSON arrays into the flat arrays by
 * {@link RingWriter.tryFeature}, which makes the checks of `cleanGeometry` on the way; a feature that
 * fails any of them goes through `cleanGeometry` itself, which drops and reports exactly as before. This
 * one pass is what keeps the build near the cost of reading the coordinates once (cleanGeometry copies
 * every position into a new array: 3-5× which-polygon's whole build on US counties).
 */
export function ringsFromFeatures(
  input: FeatureCollection<Geometry | null> | readonly Feature<Geometry | null>[],
): { rings: Rings; problems: InputProblem[] } {
  const features = featureArray(input);
  const problems: InputProblem[] = [];
  const writer = new RingWriter(positionsIn(features));
  for (let i = 0; i < features.length; i++) {
    if (writer.tryFeature(features[i], i)) continue;
    const geometry = cleanFeature(features[i], i, problems);
    if (geometry !== null) writer.addGeometry(geometry, i);
  }
  return { rings: writer.finish(features.length), problems };
}

/** Lays out cleaned geometries (`null` = nothing to index) in flat arrays; ids are array positions. */
export function ringsFromGeometries(geometries: readonly (GridGeometry | null)[]): Rings {
  let positions = 0;
  for (const g of geometries) {
    if (g === null) continue;
    for (const part of polygonsOf(g)) for (const ring of part) positions += ring.length;
  }
  const writer = new RingWriter(positions);
  geometries.forEach((g, id) => {
    if (g !== null) writer.addGeometry(g, id);
  });
  return writer.finish(geometries.length);
}

/** Positions in the rings of a feature array (an upper bound of the vertices kept), reading lengths only. */
function positionsIn(features: readonly unknown[]): number {
  let count = 0;
  for (const f of features) {
    const geometry = (f as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
    const coordinates = geometry?.coordinates;
    if (!Array.isArray(coordinates)) continue;
    const parts = geometry?.type === 'Polygon' ? [coordinates] : coordinates;
    for (const part of parts) {
      if (!Array.isArray(part)) continue;
      for (const ring of part) if (Array.isArray(ring)) count += ring.length + 1;
    }
  }
  return count;
}

/**
 * Writes parts into growable flat arrays. A ring is kept as `cleanGeometry` keeps it, up to orientation
 * (which point location does not use): consecutive repeated positions dropped, closed, at least 3
 * distinct positions, non-zero signed area (the same sum in the same order as `ringSignedArea`).
 */
class RingWriter {
  private xy: Float64Array;
  private ringStart: Uint32Array;
  private partRingStart: Uint32Array;
  private partFeature: Int32Array;
  private partBox: Float64Array;
  private v = 0;
  private r = 0;
  private p = 0;

  constructor(positions: number) {
    this.xy = new Float64Array(2 * Math.max(16, positions));
    this.ringStart = new Uint32Array(64);
    this.partRingStart = new Uint32Array(64);
    this.partFeature = new Int32Array(64);
    this.partBox = new Float64Array(256);
  }

  /**
   * Copies a feature that is clean as it stands (a Feature with a Polygon or MultiPolygon whose every
   * ring passes) and returns true; otherwise writes nothing and returns false.
   */
  tryFeature(feature: unknown, id: number): boolean {
    if (typeof feature !== 'object' || feature === null) return false;
    const { type, geometry } = feature as { type?: unknown; geometry?: unknown };
    if (type !== 'Feature' || typeof geometry !== 'object' || geometry === null) return false;
    const g = geometry as { type?: unknown; coordinates?: unknown };
    const coordinates = g.coordinates;
    if (!Array.isArray(coordinates) || coordinates.length === 0) return false;
    const [v, r, p] = [this.v, this.r, this.p];
    if (g.type === 'Polygon') {
      if (this.tryPart(coordinates, id)) return true;
    } else if (g.type === 'MultiPolygon') {
      let ok = true;
      for (let k = 0; k < coordinates.length && ok; k++) ok = this.tryPart(coordinates[k], id);
      if (ok) return true;
    }
    [this.v, this.r, this.p] = [v, r, p];
    return false;
  }

  /** Writes the parts of a geometry already cleaned by `cleanGeometry`, as they are. */
  addGeometry(geometry: GridGeometry, id: number): void {
    for (const part of polygonsOf(geometry)) this.writePart(part, id, false);
  }

  finish(features: number): Rings {
    const { v, r, p } = this;
    this.growRings(1);
    this.growParts(1);
    this.ringStart[r] = v;
    this.partRingStart[p] = r;
    return {
      xy: fit(this.xy, 2 * v),
      ringStart: this.ringStart.slice(0, r + 1),
      partRingStart: this.partRingStart.slice(0, p + 1),
      partFeature: this.partFeature.slice(0, p),
      partBox: this.partBox.slice(0, 4 * p),
      parts: p,
      features,
    };
  }

  private tryPart(rings: unknown, id: number): boolean {
    if (!Array.isArray(rings) || rings.length === 0) return false;
    return this.writePart(rings, id, true);
  }

  /** Writes one part, its rings checked (`check`) or copied as they are; false when a check fails. */
  private writePart(rings: readonly unknown[], id: number, check: boolean): boolean {
    const p = this.p;
    this.growParts(1);
    this.partRingStart[p] = this.r;
    this.partFeature[p] = id;
    const v0 = this.v;
    for (let k = 0; k < rings.length; k++) {
      if (check) {
        if (!this.tryRing(rings[k])) return false;
      } else this.copyRing(rings[k] as Position[]);
    }
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const xy = this.xy;
    for (let i = 2 * v0; i < 2 * this.v; i += 2) {
      const x = xy[i];
      const y = xy[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const box = this.partBox;
    box[4 * p] = minX;
    box[4 * p + 1] = minY;
    box[4 * p + 2] = maxX;
    box[4 * p + 3] = maxY;
    this.p = p + 1;
    return true;
  }

  private tryRing(raw: unknown): boolean {
    if (!Array.isArray(raw)) return false;
    if (2 * (this.v + raw.length + 1) > this.xy.length) this.growXy(raw.length + 1);
    const xy = this.xy;
    const start = this.v;
    let at = 2 * start;
    for (let i = 0; i < raw.length; i++) {
      const position = raw[i];
      if (!Array.isArray(position) || position.length < 2) return false;
      const x = position[0];
      const y = position[1];
      if (!(typeof x === 'number' && typeof y === 'number')) return false;
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) return false;
      if (at > 2 * start && xy[at - 2] === x && xy[at - 1] === y) continue;
      xy[at] = x;
      xy[at + 1] = y;
      at += 2;
    }
    // Drop closing repeats of the first position, then close once.
    while (at - 2 * start > 2 && xy[at - 2] === xy[2 * start] && xy[at - 1] === xy[2 * start + 1]) at -= 2;
    const distinct = (at - 2 * start) / 2;
    if (distinct < 3) return false;
    xy[at] = xy[2 * start];
    xy[at + 1] = xy[2 * start + 1];
    at += 2;
    // ringSignedArea's sum over the closed ring, term by term: zero means all positions on one line.
    const x0 = xy[2 * start];
    const y0 = xy[2 * start + 1];
    let twice = 0;
    for (let i = 2 * start + 2; i + 2 < at; i += 2) {
      twice += (xy[i] - x0) * (xy[i + 3] - y0) - (xy[i + 2] - x0) * (xy[i + 1] - y0);
    }
    if (twice / 2 === 0) return false;
    this.growRings(1);
    this.ringStart[this.r++] = start;
    this.v = at / 2;
    return true;
  }

  /** Copies a ring that is closed and clean already. */
  private copyRing(ring: readonly Position[]): void {
    if (2 * (this.v + ring.length) > this.xy.length) this.growXy(ring.length);
    this.growRings(1);
    this.ringStart[this.r++] = this.v;
    const xy = this.xy;
    for (const position of ring) {
      xy[2 * this.v] = position[0];
      xy[2 * this.v + 1] = position[1];
      this.v++;
    }
  }

  private growXy(extra: number): void {
    const grown = new Float64Array(Math.max(2 * this.xy.length, 2 * (this.v + extra)));
    grown.set(this.xy.subarray(0, 2 * this.v));
    this.xy = grown;
  }

  private growRings(extra: number): void {
    if (this.r + extra <= this.ringStart.length) return;
    const grown = new Uint32Array(2 * (this.r + extra));
    grown.set(this.ringStart);
    this.ringStart = grown;
  }

  private growParts(extra: number): void {
    if (this.p + extra <= this.partFeature.length) return;
    const size = 2 * (this.p + extra);
    const rings = new Uint32Array(size);
    rings.set(this.partRingStart);
    this.partRingStart = rings;
    const feature = new Int32Array(size);
    feature.set(this.partFeature);
    this.partFeature = feature;
    const box = new Float64Array(4 * size);
    box.set(this.partBox);
    this.partBox = box;
  }
}

/** The first `length` values: the array itself when it is exactly that long, else a trimmed copy. */
function fit(array: Float64Array, length: number): Float64Array {
  return array.length === length ? array : array.slice(0, length);
}
