import {
  ErrorCode,
  type GridGeometry,
  type LocalProjection,
  normalizeGeometry,
  WanggeError,
} from '@wangge/core';
import { featureLocation, polygonsOf } from '@wangge/core/internal';
import { snapCoordinate } from '@wangge/geometry';
import { EdgeTable, residualEdges } from '@wangge/geometry/internal';
import { PolygonIndex } from '@wangge/index';
import type { Feature, Position } from 'geojson';
import { type LatticeFrame, latticeOver, snapFor } from '../regularGrid';
import { clipLattice, type MetricRing } from './clip';
import type { AtomGraph } from './grouping';
import { faceAdjacency, Mesh } from './mesh';

/** The parent cut into atoms: a mesh, the atom of each face, and where each input entity went. */
export interface Atoms {
  mesh: Mesh;
  atomOfFace: Int32Array;
  /** Faces of each atom. */
  faces: number[][];
  /** Load of each atom. */
  load: Float64Array;
  /** Atom of each input unit or household; -1 when it lies outside the boundary. */
  atomOfInput: Int32Array;
  /** True when the units tile the boundary and are the atoms themselves. */
  tiling: boolean;
}

/** Where units failed to tile the boundary, and the share of its area they cover. */
export interface TilingMiss {
  at: Position;
  share: number;
}

/** Input units as polygons with a load each, normalised. */
export interface UnitInput {
  features: readonly Feature[];
  loads: Float64Array;
}

/**
 * Units that tile the boundary (the example city's compounds): each unit is an atom, its polygons the
 * faces, vertices welded where their coordinates are equal. When the units do not tile the boundary edge
 * for edge (then they are placed on a fine lattice instead) returns where the match first failed and the
 * share of the boundary's area the units cover (about 1 for units meant to tile it).
 */
export function tilingAtoms(
  units: UnitInput,
  rings: readonly MetricRing[],
  projection: LocalProjection,
): Atoms | TilingMiss {
  const mesh = new Mesh();
  const ids = new Map<string, number>();
  // Units on the kernel's grid, as the boundary is (see `validBoundary`).
  const vertex = (q: Position): number => {
    const p = [snapCoordinate(q[0]), snapCoordinate(q[1])];
    const key = `${p[0]},${p[1]}`;
    let v = ids.get(key);
    if (v === undefined) {
      const [x, y] = projection.forward(p);
      v = mesh.addVertex(x, y, p);
      ids.set(key, v);
    }
    return v;
  };
  const atomOfFace: number[] = [];
  const faces: number[][] = [];
  units.features.forEach((f, i) => {
    const geometry = normalizeGeometry(f.geometry, featureLocation(f, i));
    faces.push([]);
    for (const polygon of polygonsOf(geometry)) {
      faces[i].push(mesh.faces.length);
      mesh.faces.push(polygon.map((ring) => ring.slice(0, -1).map(vertex)));
      atomOfFace.push(i);
    }
  });
  // Edges left after shared edges cancel must be exactly the boundary's edges.
  const edges = new EdgeTable(1024);
  for (const rings of mesh.faces) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) edges.add(ring[i], ring[(i + 1) % ring.length], 0);
    }
  }
  const residual = residualEdges(edges);
  const miss = (at: Position): TilingMiss => {
    let covered = 0;
    for (let f = 0; f < mesh.faces.length; f++) covered += mesh.faceArea(f);
    let area = 0;
    for (const r of rings) {
      for (let i = 0, j = r.x.length - 1; i < r.x.length; j = i++)
        area += (r.x[j] * r.y[i] - r.x[i] * r.y[j]) / 2;
    }
    return { at, share: Math.abs(area) > 0 ? covered / Math.abs(area) : 0 };
  };
  const onBoundary = new Set<number>();
  for (const ring of rings) {
    for (let i = 0; i < ring.lonLat.length; i++) {
      const a = ids.get(`${ring.lonLat[i][0]},${ring.lonLat[i][1]}`);
      const q = ring.lonLat[(i + 1) % ring.lonLat.length];
      const b = ids.get(`${q[0]},${q[1]}`);
      if (a === undefined || b === undefined) return miss(ring.lonLat[i]);
      const e = edges.find(a, b);
      if (e < 0 || (a < b ? edges.up[e] - edges.down[e] : edges.down[e] - edges.up[e]) !== 1) {
        return miss(ring.lonLat[i]);
      }
      onBoundary.add(e);
    }
  }
  if (onBoundary.size !== residual.length) {
    // An edge of the units inside the boundary that no other unit shares: a gap, an overlap, a T-junction.
    for (let k = 0; k < residual.length; k++) {
      if (!onBoundary.has(edges.find(residual.a[k], residual.b[k])))
        return miss(mesh.lonLatOf(residual.a[k]));
    }
  }
  return {
    mesh,
    atomOfFace: Int32Array.from(atomOfFace),
    faces,
    load: Float64Array.from(units.loads),
    atomOfInput: Int32Array.from(faces.map((_, i) => i)),
    tiling: true,
  };
}

/**
 * A fine square lattice clipped to the boundary, its cells owned by what lies in them: each household
 * point loads the face holding it under the one point rule (a `PolygonIndex` over the faces, so a
 * household on a shared edge goes where `@wangge/assign` puts it); each unit polygon glues every cell its
 * box meets into one atom, so no grid boundary can cut the unit.
 */
export function latticeAtoms(
  boundary: GridGeometry,
  rings: readonly MetricRing[],
  projection: LocalProjection,
  frame: LatticeFrame,
  points: Float64Array | null,
  pointLoads: Float64Array | null,
  units: UnitInput | null,
): Atoms {
  const lattice = latticeOver(rings, frame);
  const { mesh, cellOf } = clipLattice(boundary, rings, lattice, projection, snapFor(frame.size));
  const nf = mesh.faces.length;
  const cellStart = new Int32Array(lattice.cols * lattice.rows + 1);
  for (let f = 0; f < nf; f++) cellStart[cellOf[f] + 1]++;
  for (let c = 0; c < lattice.cols * lattice.rows; c++) cellStart[c + 1] += cellStart[c];
  // Faces come out in cell order, so cellStart indexes them directly.
  const root = Int32Array.from({ length: nf }, (_, i) => i);
  const find = (f: number): number => {
    while (root[f] !== f) f = root[f] = root[root[f]];
    return f;
  };
  const faceLoad = new Float64Array(nf);
  const inputFace: number[] = [];
  if (points !== null) {
    const index = PolygonIndex.from(
      mesh.faces.map((_, f) => ({ type: 'Feature', properties: null, geometry: mesh.facePolygon(f) })),
    );
    const located = index.locateMany(points);
    for (let i = 0; i < located.length; i++) {
      const f = located[i];
      inputFace.push(f);
      if (f >= 0) faceLoad[f] += pointLoads ? pointLoads[i] : 1;
    }
  } else if (units !== null) {
    units.features.forEach((unit, i) => {
      const geometry = normalizeGeometry(unit.geometry, featureLocation(unit, i));
      let minX = Number.POSITIVE_INFINITY;
      let minY = Number.POSITIVE_INFINITY;
      let maxX = Number.NEGATIVE_INFINITY;
      let maxY = Number.NEGATIVE_INFINITY;
      for (const polygon of polygonsOf(geometry)) {
        for (const p of polygon[0]) {
          const [x, y] = projection.forward(p);
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
      const [c0, r0, c1, r1] = lattice.cellsInBox(minX, minY, maxX, maxY);
      let first = -1;
      for (let row = Math.max(0, r0); row <= Math.min(lattice.rows - 1, r1); row++) {
        for (let col = Math.max(0, c0); col <= Math.min(lattice.cols - 1, c1); col++) {
          const cell = row * lattice.cols + col;
          for (let f = cellStart[cell]; f < cellStart[cell + 1]; f++) {
            if (first < 0) first = f;
            else root[find(f)] = find(first);
          }
        }
      }
      inputFace.push(first);
    });
    units.features.forEach((_, i) => {
      if (inputFace[i] >= 0) faceLoad[find(inputFace[i])] += units.loads[i];
    });
  }
  // Atoms: union-find roots, numbered in face order.
  const atomOfRoot = new Int32Array(nf).fill(-1);
  const atomOfFace = new Int32Array(nf);
  const faces: number[][] = [];
  for (let f = 0; f < nf; f++) {
    const r = find(f);
    if (atomOfRoot[r] < 0) {
      atomOfRoot[r] = faces.length;
      faces.push([]);
    }
    atomOfFace[f] = atomOfRoot[r];
    faces[atomOfRoot[r]].push(f);
  }
  const load = new Float64Array(faces.length);
  for (let f = 0; f < nf; f++) load[atomOfFace[f]] += faceLoad[f];
  const atomOfInput = Int32Array.from(inputFace, (f) => (f < 0 ? -1 : atomOfFace[f]));
  return { mesh, atomOfFace, faces, load, atomOfInput, tiling: false };
}

/** The adjacency graph of atoms, with barrier crossings marked (see {@link AtomGraph}). */
export function atomGraph(atoms: Atoms, barriers: Float64Array): AtomGraph {
  const { mesh, atomOfFace } = atoms;
  const n = atoms.faces.length;
  const adjacency = faceAdjacency(mesh);
  const area = new Float64Array(n);
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  const perimeter = new Float64Array(n);
  const c = new Float64Array(2);
  for (let f = 0; f < mesh.faces.length; f++) {
    const a = atomOfFace[f];
    const fa = mesh.faceArea(f);
    mesh.faceCentroid(f, c);
    area[a] += fa;
    cx[a] += fa * c[0];
    cy[a] += fa * c[1];
    for (const ring of mesh.faces[f]) {
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i];
        const q = ring[(i + 1) % ring.length];
        perimeter[a] += Math.hypot(mesh.x[q] - mesh.x[p], mesh.y[q] - mesh.y[p]);
      }
    }
  }
  for (let a = 0; a < n; a++) {
    if (area[a] > 0) {
      cx[a] /= area[a];
      cy[a] /= area[a];
    } else {
      const f = atoms.faces[a][0];
      cx[a] = mesh.x[mesh.faces[f][0][0]];
      cy[a] = mesh.y[mesh.faces[f][0][0]];
    }
  }
  // Atom adjacency: per atom, the shared lengths with each other atom, gathered through a stamp table.
  const start = new Int32Array(n + 1);
  const neighbourList: number[] = [];
  const sharedList: number[] = [];
  const slotOf = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) {
    const first = neighbourList.length;
    for (const f of atoms.faces[a]) {
      for (let i = adjacency.start[f]; i < adjacency.start[f + 1]; i++) {
        const b = atomOfFace[adjacency.neighbour[i]];
        if (a === b) {
          perimeter[a] -= adjacency.shared[i];
          continue;
        }
        if (slotOf[b] < first) {
          slotOf[b] = neighbourList.length;
          neighbourList.push(b);
          sharedList.push(adjacency.shared[i]);
        } else sharedList[slotOf[b]] += adjacency.shared[i];
      }
    }
    // Sorted neighbours keep every later loop deterministic.
    const idx = Array.from({ length: neighbourList.length - first }, (_, i) => first + i).sort(
      (p, q) => neighbourList[p] - neighbourList[q],
    );
    const nb = idx.map((i) => neighbourList[i]);
    const sh = idx.map((i) => sharedList[i]);
    for (let i = 0; i < nb.length; i++) {
      neighbourList[first + i] = nb[i];
      sharedList[first + i] = sh[i];
    }
    start[a + 1] = neighbourList.length;
  }
  const neighbour = Int32Array.from(neighbourList);
  const shared = Float64Array.from(sharedList);
  const barrier = new Uint8Array(neighbour.length);
  const crosses = barrierTest(barriers);
  for (let a = 0; a < n; a++) {
    for (let i = start[a]; i < start[a + 1]; i++) {
      const b = neighbour[i];
      barrier[i] = crosses(cx[a], cy[a], cx[b], cy[b]) ? 1 : 0;
    }
  }
  return { n, load: atoms.load, area, cx, cy, perimeter, start, neighbour, shared, barrier };
}

/** A test whether a metric segment properly crosses any barrier segment (x0, y0, x1, y1 per segment). */
function barrierTest(segments: Float64Array): (ax: number, ay: number, bx: number, by: number) => boolean {
  const count = segments.length / 4;
  if (count === 0) return () => false;
  let total = 0;
  for (let s = 0; s < count; s++) {
    total += Math.hypot(segments[4 * s + 2] - segments[4 * s], segments[4 * s + 3] - segments[4 * s + 1]);
  }
  const bucket = Math.max(1, (2 * total) / count);
  const buckets = new Map<number, number[]>();
  const keyOf = (i: number, j: number) => (i + 2 ** 20) * 2 ** 21 + (j + 2 ** 20);
  for (let s = 0; s < count; s++) {
    const i0 = Math.floor(Math.min(segments[4 * s], segments[4 * s + 2]) / bucket);
    const i1 = Math.floor(Math.max(segments[4 * s], segments[4 * s + 2]) / bucket);
    const j0 = Math.floor(Math.min(segments[4 * s + 1], segments[4 * s + 3]) / bucket);
    const j1 = Math.floor(Math.max(segments[4 * s + 1], segments[4 * s + 3]) / bucket);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const list = buckets.get(keyOf(i, j));
        if (list === undefined) buckets.set(keyOf(i, j), [s]);
        else list.push(s);
      }
    }
  }
  const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) =>
    Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  return (ax, ay, bx, by) => {
    const i0 = Math.floor(Math.min(ax, bx) / bucket);
    const i1 = Math.floor(Math.max(ax, bx) / bucket);
    const j0 = Math.floor(Math.min(ay, by) / bucket);
    const j1 = Math.floor(Math.max(ay, by) / bucket);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        for (const s of buckets.get(keyOf(i, j)) ?? []) {
          const px = segments[4 * s];
          const py = segments[4 * s + 1];
          const qx = segments[4 * s + 2];
          const qy = segments[4 * s + 3];
          if (
            orient(ax, ay, bx, by, px, py) * orient(ax, ay, bx, by, qx, qy) < 0 &&
            orient(px, py, qx, qy, ax, ay) * orient(px, py, qx, qy, bx, by) < 0
          ) {
            return true;
          }
        }
      }
    }
    return false;
  };
}

/** Barrier lines (LineString / MultiLineString features or geometries) as metric segments. */
export function barrierSegments(barriers: readonly unknown[], projection: LocalProjection): Float64Array {
  const out: number[] = [];
  barriers.forEach((b, i) => {
    const geometry =
      (b as Feature)?.type === 'Feature' ? (b as Feature).geometry : (b as Feature['geometry']);
    const lines =
      geometry?.type === 'LineString'
        ? [geometry.coordinates]
        : geometry?.type === 'MultiLineString'
          ? geometry.coordinates
          : null;
    if (lines === null) {
      throw new WanggeError(
        ErrorCode.UNSUPPORTED_GEOMETRY,
        `a barrier must be a LineString or MultiLineString, got ${String(geometry?.type)}`,
        { ...featureLocation(b, i), path: 'barriers' },
      );
    }
    for (const line of lines) {
      for (let k = 0; k + 1 < line.length; k++) {
        const p = projection.forward(line[k]);
        const q = projection.forward(line[k + 1]);
        out.push(p[0], p[1], q[0], q[1]);
      }
    }
  });
  return Float64Array.from(out);
}
