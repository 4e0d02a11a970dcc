import type { GridGeometry, LocalProjection } from '@wangge/core';
import { overlay, snapCoordinate } from '@wangge/geometry';
import { VertexTable } from '@wangge/geometry/internal';
import type { Polygon } from 'geojson';
import { ExactCrossings } from './crossings';
import type { Lattice } from './lattice';
import { Mesh } from './mesh';

/** A boundary ring in metres, with the input lon/lat of each vertex (open: first vertex not repeated). */
export interface MetricRing {
  x: Float64Array;
  y: Float64Array;
  lonLat: number[][];
}

/** The clipped lattice: the mesh, the lattice cell of each face (`row * cols + col`), faces in cell order. */
export interface ClippedLattice {
  mesh: Mesh;
  cellOf: Int32Array;
}

/**
 * Cuts the lattice by a valid boundary into a conforming mesh, on the kernel's 1e-9° precision model.
 * Every lattice corner is inverse-projected once and snapped to the grid, so neighbouring cells share
 * their corners bit for bit. Cells within half a cell of the boundary (in metres) are cut by one
 * `overlay` of the boundary with all of them: each face covered by the boundary and one cell is a piece of
 * that cell, valid, with vertices shared exactly with the pieces around it (snap rounding). Every other
 * cell lies well inside or well outside; the inside ones are kept whole, decided by one scanline per row
 * of cells (far from the boundary, where a floating-point crossing test cannot be wrong). A lattice corner
 * closer than `snap` metres to the boundary first moves onto the closest boundary point, so no cut passes
 * a hair's breadth from a corner (the cells around it still share it). Where a cut meets the boundary (a
 * crossing, a moved corner) the piece's vertex is the exact point on the boundary's edge, not the overlay's
 * rounding of it (see {@link ExactCrossings}): the pieces' union is the boundary, not the boundary bent
 * through every rounded crossing.
 */
export function clipLattice(
  boundary: GridGeometry,
  rings: readonly MetricRing[],
  lattice: Lattice,
  projection: LocalProjection,
  snap = 0,
): ClippedLattice {
  const cols = lattice.cols;
  const K = lattice.corners;
  const mesh = new Mesh();
  const table = new VertexTable(1024);
  const crossings = new ExactCrossings(boundary);
  // One mesh vertex per grid position, at the exact point on the boundary that rounds to it when there is
  // one; lattice nodes keep their exact metric position.
  const vertexAt = (lon: number, lat: number, x?: number, y?: number): number => {
    const before = table.size;
    const v = table.idOf(lon, lat);
    if (table.size > before) {
      const exact = crossings.at([lon, lat]);
      if (exact !== undefined) mesh.addVertex(...projection.forward(exact), exact);
      else {
        if (x === undefined || y === undefined) [x, y] = projection.forward([lon, lat]);
        mesh.addVertex(x, y!, [lon, lat]);
      }
    }
    return v;
  };
  const nodeVertex = new Int32Array(lattice.nodeCount).fill(-1);
  const moved = snapNodes(rings, lattice, snap);
  const cornerVertex = (col: number, row: number, k: number): number => {
    const a = lattice.cornerA(col, row, k);
    const b = lattice.cornerB(col, row, k);
    const i = lattice.nodeIndex(a, b);
    if (nodeVertex[i] < 0) {
      const m = moved.get(i);
      const x = m === undefined ? lattice.nodeX(a) : m[1];
      const y = m === undefined ? lattice.nodeY(b) : m[2];
      const [lon, lat] = m === undefined ? projection.inverse([x, y]) : [m[3], m[4]];
      if (m !== undefined) crossings.addPoint([lon, lat]);
      nodeVertex[i] = vertexAt(snapCoordinate(lon), snapCoordinate(lat), x, y);
    }
    return nodeVertex[i];
  };
  const cellRing = (col: number, row: number): number[] => {
    const ring: number[] = [];
    for (let k = 0; k < K; k++) ring.push(cornerVertex(col, row, k));
    return ring;
  };

  const near = nearCells(rings, lattice);
  const cut: number[] = [];
  for (let cell = 0; cell < near.length; cell++) if (near[cell] === 1) cut.push(cell);
  const cellPolygons = cut.map((cell): Polygon => {
    const ring = cellRing(cell % cols, Math.floor(cell / cols));
    // The corners as the overlay reads them: on the grid (a moved corner's vertex is its exact point).
    const positions = ring.map((v) => mesh.lonLatOf(v).map(snapCoordinate));
    positions.push(positions[0]);
    for (let k = 0; k + 1 < positions.length; k++) crossings.addCut(positions[k], positions[k + 1]);
    return { type: 'Polygon', coordinates: [positions] };
  });
  const pieces = new Map<number, number[][][]>();
  if (cut.length > 0) {
    const o = overlay([boundary, ...cellPolygons]);
    for (let f = 0; f < o.faceCount; f++) {
      if (o.faceDepth(f) !== 2) continue;
      const inputs = o.faceInputs(f);
      if (inputs[0] !== 0) continue;
      const cell = cut[inputs[1] - 1];
      const rings = o
        .facePolygon(f)
        .coordinates.map((ring) => ring.slice(0, -1).map((p) => vertexAt(p[0], p[1])));
      const list = pieces.get(cell);
      if (list === undefined) pieces.set(cell, [rings]);
      else list.push(rings);
    }
  }

  const faceCells: number[] = [];
  const inside = scanInside(rings, lattice);
  for (let cell = 0; cell < near.length; cell++) {
    if (near[cell] === 1) {
      // Pieces of one cell in a canonical order: by their lowest vertex id.
      const list = pieces.get(cell) ?? [];
      list.sort((p, q) => Math.min(...p[0]) - Math.min(...q[0]));
      for (const rings of list) {
        mesh.faces.push(rings);
        faceCells.push(cell);
      }
    } else if (inside[cell] === 1) {
      mesh.faces.push([cellRing(cell % cols, Math.floor(cell / cols))]);
      faceCells.push(cell);
    }
  }
  return { mesh, cellOf: Int32Array.from(faceCells) };
}

/**
 * Lattice nodes within `snap` metres of exactly one boundary segment, each with the closest point on it:
 * node index → `[distance, x, y, lon, lat]` (lon/lat at the same fraction of the input edge). A node near
 * a boundary vertex is near two segments and stays, so sibling parents that share the segment move it
 * to the same point.
 */
function snapNodes(rings: readonly MetricRing[], lattice: Lattice, snap: number): Map<number, number[]> {
  const best = new Map<number, number[]>();
  if (!(snap > 0)) return best;
  for (const ring of rings) {
    const n = ring.x.length;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ax = ring.x[i];
      const ay = ring.y[i];
      const dx = ring.x[j] - ax;
      const dy = ring.y[j] - ay;
      const len2 = dx * dx + dy * dy;
      const [c0, r0, c1, r1] = lattice.cellsInBox(
        Math.min(ax, ax + dx) - snap,
        Math.min(ay, ay + dy) - snap,
        Math.max(ax, ax + dx) + snap,
        Math.max(ay, ay + dy) + snap,
      );
      for (let row = Math.max(0, r0); row <= Math.min(lattice.rows - 1, r1); row++) {
        for (let col = Math.max(0, c0); col <= Math.min(lattice.cols - 1, c1); col++) {
          for (let k = 0; k < lattice.corners; k++) {
            const a = lattice.cornerA(col, row, k);
            const b = lattice.cornerB(col, row, k);
            const px = lattice.nodeX(a);
            const py = lattice.nodeY(b);
            const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2));
            const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
            if (d >= snap) continue;
            const node = lattice.nodeIndex(a, b);
            if (best.has(node)) {
              // Near two segments (a vertex, a junction of parents): it stays, so siblings agree.
              best.get(node)![0] = -1;
              continue;
            }
            const p = ring.lonLat[i];
            const q = ring.lonLat[j];
            best.set(node, [d, ax + t * dx, ay + t * dy, p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
          }
        }
      }
    }
  }
  for (const [node, m] of best) if (m[0] < 0) best.delete(node);
  return best;
}

/**
 * 1 for every cell whose box meets a box of half a cell around some boundary point: each boundary
 * segment is sampled every eighth of a cell and the cells around each sample marked, so every cell the
 * boundary passes through or comes within about 3/8 of a cell of is marked (lattice-agnostic).
 */
function nearCells(rings: readonly MetricRing[], lattice: Lattice): Uint8Array {
  const out = new Uint8Array(lattice.cols * lattice.rows);
  const step = lattice.centreX(1, 0) - lattice.centreX(0, 0);
  const pad = step / 2;
  const mark = (x: number, y: number) => {
    const [c0, r0, c1, r1] = lattice.cellsInBox(x - pad, y - pad, x + pad, y + pad);
    for (let row = Math.max(0, r0); row <= Math.min(lattice.rows - 1, r1); row++) {
      for (let col = Math.max(0, c0); col <= Math.min(lattice.cols - 1, c1); col++) {
        out[row * lattice.cols + col] = 1;
      }
    }
  };
  for (const ring of rings) {
    const n = ring.x.length;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const dx = ring.x[j] - ring.x[i];
      const dy = ring.y[j] - ring.y[i];
      const samples = Math.ceil(Math.hypot(dx, dy) / (step / 8));
      for (let s = 0; s < samples; s++) mark(ring.x[i] + (dx * s) / samples, ring.y[i] + (dy * s) / samples);
    }
  }
  return out;
}

/** 1 where corner 0 of the cell lies inside the boundary (even-odd), by one scanline per row. */
function scanInside(rings: readonly MetricRing[], lattice: Lattice): Uint8Array {
  const out = new Uint8Array(lattice.cols * lattice.rows);
  const rowY = new Float64Array(lattice.rows);
  for (let row = 0; row < lattice.rows; row++) rowY[row] = lattice.nodeY(lattice.cornerB(0, row, 0));
  const y0 = rowY[0];
  const step = lattice.rows > 1 ? rowY[1] - rowY[0] : 1;
  const hits: number[][] = Array.from({ length: lattice.rows }, () => []);
  for (const ring of rings) {
    const n = ring.x.length;
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ay = ring.y[i];
      const by = ring.y[j];
      const lo = Math.max(0, Math.floor((Math.min(ay, by) - y0) / step) - 1);
      const hi = Math.min(lattice.rows - 1, Math.ceil((Math.max(ay, by) - y0) / step) + 1);
      for (let row = lo; row <= hi; row++) {
        const y = rowY[row];
        if (ay > y !== by > y) hits[row].push(ring.x[i] + ((y - ay) * (ring.x[j] - ring.x[i])) / (by - ay));
      }
    }
  }
  for (let row = 0; row < lattice.rows; row++) {
    const xs = hits[row].sort((p, q) => p - q);
    let h = 0;
    for (let col = 0; col < lattice.cols; col++) {
      const x = lattice.nodeX(lattice.cornerA(col, row, 0));
      while (h < xs.length && xs[h] < x) h++;
      out[row * lattice.cols + col] = h & 1;
    }
  }
  return out;
}
