import type { GridGeometry } from '@wangge/core';
import { dissolve } from '@wangge/geometry';
import { EdgeTable } from '@wangge/geometry/internal';
import type { Polygon, Position } from 'geojson';

/**
 * A conforming planar mesh: vertices with metric and lon/lat coordinates, and faces whose rings are lists
 * of vertex ids (open, exterior counter-clockwise first, holes clockwise). Neighbouring faces share their
 * edges vertex for vertex, so any grouping of faces has an exact outline (see {@link Mesh.groupGeometry}).
 */
export class Mesh {
  /** Metric x of each vertex. */
  readonly x: number[] = [];
  /** Metric y of each vertex. */
  readonly y: number[] = [];
  /** Longitude of each vertex (input and grid vertices keep their value bit for bit). */
  readonly lon: number[] = [];
  /** Latitude of each vertex. */
  readonly lat: number[] = [];
  /** Rings of each face. */
  readonly faces: number[][][] = [];

  /** Adds a vertex at metric `(x, y)` and lon/lat `lonLat`; returns its id. */
  addVertex(x: number, y: number, lonLat: Position): number {
    this.x.push(x);
    this.y.push(y);
    this.lon.push(lonLat[0]);
    this.lat.push(lonLat[1]);
    return this.x.length - 1;
  }

  /** The lon/lat position of a vertex. */
  lonLatOf(v: number): Position {
    return [this.lon[v], this.lat[v]];
  }

  /** Twice the signed metric area of a ring of vertex ids. */
  ringArea2(ring: readonly number[]): number {
    const n = ring.length;
    const x0 = this.x[ring[0]];
    const y0 = this.y[ring[0]];
    let twice = 0;
    for (let i = 1; i + 1 < n; i++) {
      const a = ring[i];
      const b = ring[i + 1];
      twice += (this.x[a] - x0) * (this.y[b] - y0) - (this.x[b] - x0) * (this.y[a] - y0);
    }
    return twice;
  }

  /** Metric area of a face (holes subtracted). */
  faceArea(face: number): number {
    let twice = 0;
    for (const ring of this.faces[face]) twice += this.ringArea2(ring);
    return twice / 2;
  }

  /** Area-weighted metric centroid of a face, written to `out`. */
  faceCentroid(face: number, out: Float64Array, at = 0): void {
    let sx = 0;
    let sy = 0;
    let sa = 0;
    for (const ring of this.faces[face]) {
      const n = ring.length;
      const x0 = this.x[ring[0]];
      const y0 = this.y[ring[0]];
      for (let i = 1; i + 1 < n; i++) {
        const ax = this.x[ring[i]] - x0;
        const ay = this.y[ring[i]] - y0;
        const bx = this.x[ring[i + 1]] - x0;
        const by = this.y[ring[i + 1]] - y0;
        const cross = ax * by - bx * ay;
        sa += cross;
        sx += (x0 * 3 + ax + bx) * cross;
        sy += (y0 * 3 + ay + by) * cross;
      }
    }
    out[at] = sa === 0 ? this.x[this.faces[face][0][0]] : sx / (3 * sa);
    out[at + 1] = sa === 0 ? this.y[this.faces[face][0][0]] : sy / (3 * sa);
  }

  /** A face as a GeoJSON Polygon in lon/lat (rings closed). */
  facePolygon(face: number): Polygon {
    return {
      type: 'Polygon',
      coordinates: this.faces[face].map((ring) => {
        const out: Position[] = ring.map((v) => [this.lon[v], this.lat[v]]);
        out.push([this.lon[ring[0]], this.lat[ring[0]]]);
        return out;
      }),
    };
  }

  /**
   * The exact outline of a group of faces, through the kernel's `dissolve` (shared edges cancel, rings
   * traced by exact angular order, split where they touch): valid, and the faces' own edges bit for bit.
   */
  groupGeometry(faces: readonly number[]): GridGeometry {
    return faces.length === 1 ? this.facePolygon(faces[0]) : dissolve(faces.map((f) => this.facePolygon(f)));
  }
}

/**
 * Face adjacency: for each face, its neighbours and the metric length of the shared boundary, in CSR form
 * (`start[f]..start[f+1]` index `neighbour` and `shared`). Built from directed edges: face A's edge a→b
 * meets face B's edge b→a.
 */
export interface Adjacency {
  start: Int32Array;
  neighbour: Int32Array;
  shared: Float64Array;
}

/** Builds the {@link Adjacency} of every face of a mesh. */
export function faceAdjacency(mesh: Mesh): Adjacency {
  const faces = mesh.faces;
  let edgeCount = 0;
  for (const rings of faces) for (const ring of rings) edgeCount += ring.length;
  const owners = new EdgeTable(edgeCount);
  for (let f = 0; f < faces.length; f++) {
    for (const ring of faces[f]) {
      for (let i = 0; i < ring.length; i++) owners.add(ring[i], ring[(i + 1) % ring.length], f);
    }
  }
  const start = new Int32Array(faces.length + 1);
  const neighbour: number[] = [];
  const shared: number[] = [];
  const found: number[] = [];
  const lengths: number[] = [];
  for (let f = 0; f < faces.length; f++) {
    found.length = 0;
    lengths.length = 0;
    for (const ring of faces[f]) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i];
        const b = ring[(i + 1) % ring.length];
        const g = owners.ownerOf(b, a);
        if (g < 0 || g === f) continue;
        const length = Math.hypot(mesh.x[b] - mesh.x[a], mesh.y[b] - mesh.y[a]);
        const at = found.indexOf(g);
        if (at < 0) {
          found.push(g);
          lengths.push(length);
        } else lengths[at] += length;
      }
    }
    const order = found.map((_, i) => i).sort((p, q) => found[p] - found[q]);
    for (const i of order) {
      neighbour.push(found[i]);
      shared.push(lengths[i]);
    }
    start[f + 1] = neighbour.length;
  }
  return { start, neighbour: Int32Array.from(neighbour), shared: Float64Array.from(shared) };
}
