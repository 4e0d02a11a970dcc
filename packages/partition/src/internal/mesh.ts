import type { LocalProjection } from '@wangge/core';
import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * A conforming planar mesh: vertices with metric and lon/lat coordinates, and faces whose rings are lists
 * of vertex ids (open, exterior counter-clockwise first, holes clockwise). Neighbouring faces share their
 * edges vertex for vertex, so any grouping of faces has an exact outline (see {@link unionOfFaces}).
 */
export class Mesh {
  /** Metric x of each vertex. */
  readonly x: number[] = [];
  /** Metric y of each vertex. */
  readonly y: number[] = [];
  /** Longitude of each vertex, NaN until {@link projectBack} (input vertices keep their input value). */
  readonly lon: number[] = [];
  /** Latitude of each vertex. */
  readonly lat: number[] = [];
  /** Rings of each face. */
  readonly faces: number[][][] = [];

  /** Adds a vertex; `lonLat` when it is an input vertex whose coordinates must be kept bit for bit. */
  addVertex(x: number, y: number, lonLat?: Position): number {
    this.x.push(x);
    this.y.push(y);
    this.lon.push(lonLat ? lonLat[0] : Number.NaN);
    this.lat.push(lonLat ? lonLat[1] : Number.NaN);
    return this.x.length - 1;
  }

  /** Inverse-projects every vertex that has no lon/lat yet, each exactly once. */
  projectBack(projection: LocalProjection): void {
    for (let v = 0; v < this.x.length; v++) {
      if (Number.isNaN(this.lon[v])) {
        const [lon, lat] = projection.inverse([this.x[v], this.y[v]]);
        this.lon[v] = lon;
        this.lat[v] = lat;
      }
    }
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

  /** The rings of a polygon of vertex ids as a GeoJSON ring list in lon/lat, closed. */
  toPositions(polygons: number[][][]): Position[][][] {
    return polygons.map((rings) =>
      rings.map((ring) => {
        const out: Position[] = ring.map((v) => [this.lon[v], this.lat[v]]);
        out.push([this.lon[ring[0]], this.lat[ring[0]]]);
        return out;
      }),
    );
  }

  /** A Polygon or MultiPolygon from polygons of vertex ids. */
  toGeometry(polygons: number[][][]): Polygon | MultiPolygon {
    const coordinates = this.toPositions(polygons);
    return coordinates.length === 1
      ? { type: 'Polygon', coordinates: coordinates[0] }
      : { type: 'MultiPolygon', coordinates };
  }
}

const KEY = 2 ** 26;

/**
 * The exact outline of a set of faces as polygons of vertex-id rings: directed edges shared by two chosen
 * faces cancel, what is left is chained into rings. Where the outline touches itself at a vertex, the ring
 * turns as far left as it can, so it splits into simple rings. Holes go to the smallest exterior holding them.
 */
export function unionOfFaces(mesh: Mesh, faceIds: Iterable<number>): number[][][] {
  const edges = new Set<number>();
  for (const f of faceIds) {
    for (const ring of mesh.faces[f]) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i];
        const b = ring[(i + 1) % ring.length];
        const reverse = b * KEY + a;
        if (edges.has(reverse)) edges.delete(reverse);
        else edges.add(a * KEY + b);
      }
    }
  }
  const out = new Map<number, number[]>();
  for (const key of edges) {
    const a = Math.floor(key / KEY);
    const b = key - a * KEY;
    const list = out.get(a);
    if (list === undefined) out.set(a, [b]);
    else list.push(b);
  }
  const rings: number[][] = [];
  const starts = [...out.keys()].sort((p, q) => p - q);
  for (const start of starts) {
    while ((out.get(start)?.length ?? 0) > 0) {
      const ring = [start];
      let prev = start;
      let cur = take(mesh, out, -1, start);
      while (cur !== start) {
        ring.push(cur);
        const next = take(mesh, out, prev, cur);
        prev = cur;
        cur = next;
      }
      rings.push(ring);
    }
  }
  return assembleRings(mesh, rings);
}

/** Takes the outgoing edge of `v` that turns most to the left after arriving from `from` (-1: any). */
function take(mesh: Mesh, out: Map<number, number[]>, from: number, v: number): number {
  const list = out.get(v)!;
  let pick = 0;
  if (list.length > 1 && from >= 0) {
    const dx = mesh.x[v] - mesh.x[from];
    const dy = mesh.y[v] - mesh.y[from];
    let best = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < list.length; i++) {
      const ex = mesh.x[list[i]] - mesh.x[v];
      const ey = mesh.y[list[i]] - mesh.y[v];
      const turn = Math.atan2(dx * ey - dy * ex, dx * ex + dy * ey);
      if (turn > best) {
        best = turn;
        pick = i;
      }
    }
  }
  const w = list[pick];
  list.splice(pick, 1);
  return w;
}

/** Sorts rings into polygons: exteriors (positive area) each with the holes whose smallest container they are. */
export function assembleRings(mesh: Mesh, rings: number[][]): number[][][] {
  const exteriors: Array<{ ring: number[]; area: number; polygon: number[][] }> = [];
  const holes: number[][] = [];
  for (const ring of rings) {
    const area = mesh.ringArea2(ring);
    if (area > 0) exteriors.push({ ring, area, polygon: [ring] });
    else if (area < 0) holes.push(ring);
  }
  for (const hole of holes) {
    let owner: (typeof exteriors)[number] | undefined;
    for (const e of exteriors) {
      if ((owner === undefined || e.area < owner.area) && ringHoldsRing(mesh, e.ring, hole)) owner = e;
    }
    (owner ?? exteriors[0])?.polygon.push(hole);
  }
  return exteriors.map((e) => e.polygon);
}

/** Whether `inner` lies inside `outer`: tested at a vertex of `inner` not on `outer`, else at an edge midpoint. */
function ringHoldsRing(mesh: Mesh, outer: number[], inner: number[]): boolean {
  const onOuter = new Set(outer);
  for (const v of inner) if (!onOuter.has(v)) return pointInRing(mesh, outer, mesh.x[v], mesh.y[v]);
  const a = inner[0];
  const b = inner[1];
  return pointInRing(mesh, outer, (mesh.x[a] + mesh.x[b]) / 2, (mesh.y[a] + mesh.y[b]) / 2);
}

/** Even-odd point-in-ring test in metric coordinates. */
export function pointInRing(mesh: Mesh, ring: readonly number[], x: number, y: number): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const ax = mesh.x[ring[i]];
    const ay = mesh.y[ring[i]];
    const bx = mesh.x[ring[j]];
    const by = mesh.y[ring[j]];
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

/** Whether a metric point lies in a face (inside its exterior, outside its holes). */
export function pointInFace(mesh: Mesh, face: number, x: number, y: number): boolean {
  let inside = false;
  for (const ring of mesh.faces[face]) if (pointInRing(mesh, ring, x, y)) inside = !inside;
  return inside;
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
      for (let i = 0; i < ring.length; i++) owners.set(ring[i], ring[(i + 1) % ring.length], f);
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
        const g = owners.get(b, a);
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

/** An open-addressing hash table from directed edges (vertex pairs) to an integer. */
export class EdgeTable {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Float64Array(size).fill(-1);
    this.values = new Int32Array(size);
    this.mask = size - 1;
  }

  private slot(key: number): number {
    let h = Math.imul((key % 2147483647) | 0, 0x9e3779b1) ^ Math.floor(key / 2147483647);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    let i = (h ^ (h >>> 13)) & this.mask;
    while (this.keys[i] !== -1 && this.keys[i] !== key) i = (i + 1) & this.mask;
    return i;
  }

  /** Sets the value of edge a→b. */
  set(a: number, b: number, value: number): void {
    const key = a * KEY + b;
    const i = this.slot(key);
    this.keys[i] = key;
    this.values[i] = value;
  }

  /** The value of edge a→b, or -1. */
  get(a: number, b: number): number {
    const key = a * KEY + b;
    const i = this.slot(key);
    return this.keys[i] === key ? this.values[i] : -1;
  }
}
