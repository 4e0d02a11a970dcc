import { splitAtRepeats } from '@wangge/geometry/internal';
import type { Lattice } from './lattice';
import { assembleRings, Mesh } from './mesh';

/** A boundary ring in metres, with the input lon/lat of each vertex (open: first vertex not repeated). */
export interface MetricRing {
  x: Float64Array;
  y: Float64Array;
  lonLat: number[][];
}

/** The clipped lattice: the mesh, the lattice cell of each face (`row * cols + col`). */
export interface ClippedLattice {
  mesh: Mesh;
  cellOf: Int32Array;
  /** 1 for each lattice node (by `nodeIndex`) moved onto a boundary crossing next to it. */
  moved: Uint8Array;
}

interface Chain {
  vertices: number[];
  /** Border position of the entry and exit: edge index + fraction along the edge, in the cell's frame. */
  entry: number;
  exit: number;
  /** Set once the chain is part of a face. */
  used: boolean;
}

interface CellWork {
  chains: Chain[];
  loops: number[][];
}

/**
 * Cuts the lattice by boundary rings (exteriors counter-clockwise, holes clockwise, in metres) into a
 * conforming mesh. Each boundary segment is walked once through the cells it crosses; each crossing with
 * a lattice edge becomes one vertex that both cells use. Cells the boundary does not reach are whole
 * cells (no clipping), kept when a corner lies inside the boundary. A lattice node closer than `snap`
 * metres to exactly one crossing, and to no boundary vertex, moves onto that crossing, so no cut passes
 * a hair's breadth from a corner (the cells around it still share every vertex).
 */
export function clipLattice(rings: readonly MetricRing[], lattice: Lattice, snap = 0): ClippedLattice {
  const mesh = new Mesh();
  const cols = lattice.cols;
  const K = lattice.corners;
  const nodeVertex = new Int32Array(lattice.nodeCount).fill(-1);
  // Crossings (and boundary vertices) within `snap` of each node.
  const nearCount = new Int32Array(lattice.nodeCount);
  const nearVertex = new Int32Array(lattice.nodeCount).fill(-1);
  const nodeAt = (col: number, row: number, k: number) =>
    lattice.nodeIndex(lattice.cornerA(col, row, k), lattice.cornerB(col, row, k));
  const noteVertex = (col: number, row: number, x: number, y: number) => {
    if (snap <= 0) return;
    for (let k = 0; k < K; k++) {
      if (Math.hypot(px[k] - x, py[k] - y) < snap) nearCount[nodeAt(col, row, k)] += 2;
    }
  };
  const nodeId = (col: number, row: number, k: number): number => {
    const a = lattice.cornerA(col, row, k);
    const b = lattice.cornerB(col, row, k);
    const i = lattice.nodeIndex(a, b);
    if (nodeVertex[i] < 0) nodeVertex[i] = mesh.addVertex(lattice.nodeX(a), lattice.nodeY(b));
    return nodeVertex[i];
  };
  const work = new Map<number, CellWork>();
  const cellWork = (cell: number): CellWork => {
    let w = work.get(cell);
    if (w === undefined) {
      w = { chains: [], loops: [] };
      work.set(cell, w);
    }
    return w;
  };
  const px = new Float64Array(K);
  const py = new Float64Array(K);
  const loadCorners = (col: number, row: number) => {
    for (let k = 0; k < K; k++) {
      px[k] = lattice.nodeX(lattice.cornerA(col, row, k));
      py[k] = lattice.nodeY(lattice.cornerB(col, row, k));
    }
  };

  // One vertex per input position, across rings: where a valid boundary touches itself (a hole meeting its
  // shell, parts meeting at a point) the rings share the vertex, and faces through it are split there.
  const inputVertex = new Map<string, number>();
  const vertexOf = (ring: MetricRing, i: number): number => {
    const p = ring.lonLat[i];
    const key = `${p[0]},${p[1]}`;
    let v = inputVertex.get(key);
    if (v === undefined) {
      v = mesh.addVertex(ring.x[i], ring.y[i], p);
      inputVertex.set(key, v);
    }
    return v;
  };
  for (const ring of rings) {
    const n = ring.x.length;
    const ids = ring.lonLat.map((_, i) => vertexOf(ring, i));
    let [col, row] = lattice.locate(ring.x[0], ring.y[0]);
    const startCell = row * cols + col;
    let entryEdge = -1;
    let current: number[] = [ids[0]];
    let currentEntry = -1;
    let first: { vertices: number[]; exit: number; cell: number } | null = null;
    const chains: Array<{ cell: number; chain: Chain }> = [];
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const ax = ring.x[i];
      const ay = ring.y[i];
      const dx = ring.x[j] - ax;
      const dy = ring.y[j] - ay;
      for (let guard = 0; ; guard++) {
        if (guard > 1e7) throw new Error('internal: lattice walk does not advance');
        loadCorners(col, row);
        let exitT = Number.POSITIVE_INFINITY;
        let exitEdge = -1;
        for (let k = 0; k < K; k++) {
          if (k === entryEdge) continue;
          const k1 = (k + 1) % K;
          const nx = py[k1] - py[k];
          const ny = px[k] - px[k1];
          const den = dx * nx + dy * ny;
          if (den <= 0) continue;
          const t = ((px[k] - ax) * nx + (py[k] - ay) * ny) / den;
          if (t < exitT) {
            exitT = t;
            exitEdge = k;
          }
        }
        if (exitEdge < 0 || exitT >= 1) {
          current.push(ids[j]);
          noteVertex(col, row, ring.x[j], ring.y[j]);
          entryEdge = -1;
          break;
        }
        // Crossing: computed from the segment in a canonical direction so another boundary sharing this
        // segment (a neighbouring community) gets the same point.
        const k1 = (exitEdge + 1) % K;
        const [cx, cy, lon, lat] = crossing(ring, i, j, px[exitEdge], py[exitEdge], px[k1], py[k1]);
        const v = mesh.addVertex(cx, cy, [lon, lat]);
        const ex = px[k1] - px[exitEdge];
        const ey = py[k1] - py[exitEdge];
        const u = clamp01(((cx - px[exitEdge]) * ex + (cy - py[exitEdge]) * ey) / (ex * ex + ey * ey));
        current.push(v);
        const length = Math.sqrt(ex * ex + ey * ey);
        for (const [corner, d] of [
          [exitEdge, u * length],
          [k1, (1 - u) * length],
        ]) {
          if (d < snap) {
            const node = nodeAt(col, row, corner);
            nearCount[node]++;
            nearVertex[node] = v;
          }
        }
        const exitPos = (exitEdge + u) % K;
        if (currentEntry < 0) first = { vertices: current, exit: exitPos, cell: row * cols + col };
        else
          chains.push({
            cell: row * cols + col,
            chain: { vertices: current, entry: currentEntry, exit: exitPos, used: false },
          });
        const [ncol, nrow, nk] = lattice.across(col, row, exitEdge);
        col = ncol;
        row = nrow;
        entryEdge = nk;
        currentEntry = (nk + (1 - u)) % K;
        current = [v];
      }
    }
    if (first === null) {
      current.pop(); // the walk came back to the first vertex
      cellWork(startCell).loops.push(current);
    } else {
      // The walk ends in the start cell: the last open chain continues into the first.
      chains.push({
        cell: startCell,
        chain: {
          vertices: [...current, ...first.vertices.slice(1)],
          entry: currentEntry,
          exit: first.exit,
          used: false,
        },
      });
      if (row * cols + col !== startCell) throw new Error('internal: ring walk did not return to its cell');
    }
    for (const { cell, chain } of chains) cellWork(cell).chains.push(chain);
  }

  const moved = new Uint8Array(lattice.nodeCount);
  for (let i = 0; i < lattice.nodeCount; i++) {
    if (nearCount[i] === 1) {
      nodeVertex[i] = nearVertex[i];
      moved[i] = 1;
    }
  }
  const faceCells: number[] = [];
  const addFace = (rings: number[][], cell: number) => {
    mesh.faces.push(rings);
    faceCells.push(cell);
  };

  // Whole cells: a corner's inside/outside status from one scanline per row of cells.
  const inside = scanInside(rings, lattice);
  for (let row = 0; row < lattice.rows; row++) {
    for (let col = 0; col < cols; col++) {
      const cell = row * cols + col;
      const w = work.get(cell);
      if (w !== undefined) {
        buildCellFaces(mesh, lattice, col, row, w, inside[cell] === 1, nodeId, addFace);
      } else if (inside[cell] === 1) {
        const ring: number[] = [];
        for (let k = 0; k < K; k++) ring.push(nodeId(col, row, k));
        addFace([ring], cell);
      }
    }
  }
  return { mesh, cellOf: Int32Array.from(faceCells), moved };
}

function clamp01(u: number): number {
  return Math.min(1, Math.max(0, u));
}

/**
 * Where segment a–b crosses the line through p–q, computed with both in canonical order so that another
 * boundary sharing the segment (a neighbouring community) gets the same bits. Returns the metric point and
 * the lon/lat point at the same fraction of the input edge, which is what the output keeps: GeoJSON edges
 * are straight in lon/lat (RFC 7946), so the outer edges run exactly along the input's edges and the output
 * covers exactly the input, no more, no less.
 */
function crossing(
  ring: MetricRing,
  i: number,
  j: number,
  px: number,
  py: number,
  qx: number,
  qy: number,
): number[] {
  let ax = ring.x[i];
  let ay = ring.y[i];
  let bx = ring.x[j];
  let by = ring.y[j];
  let la = ring.lonLat[i];
  let lb = ring.lonLat[j];
  if (bx < ax || (bx === ax && by < ay)) {
    [ax, ay, bx, by] = [bx, by, ax, ay];
    [la, lb] = [lb, la];
  }
  if (qx < px || (qx === px && qy < py)) [px, py, qx, qy] = [qx, qy, px, py];
  const dx = bx - ax;
  const dy = by - ay;
  const ex = qx - px;
  const ey = qy - py;
  const t = ((px - ax) * ey - (py - ay) * ex) / (dx * ey - dy * ex);
  return [ax + t * dx, ay + t * dy, la[0] + t * (lb[0] - la[0]), la[1] + t * (lb[1] - la[1])];
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

/** Faces of one cell the boundary reaches: chains closed along the cell border, loops as islands or holes. */
function buildCellFaces(
  mesh: Mesh,
  lattice: Lattice,
  col: number,
  row: number,
  w: CellWork,
  cornerInside: boolean,
  nodeId: (col: number, row: number, k: number) => number,
  addFace: (rings: number[][], cell: number) => void,
): void {
  const K = lattice.corners;
  const cell = row * lattice.cols + col;
  const faces: number[][] = [];
  if (w.chains.length === 0) {
    if (cornerInside) {
      const ring: number[] = [];
      for (let k = 0; k < K; k++) ring.push(nodeId(col, row, k));
      faces.push(ring);
    }
  } else {
    const entries = w.chains.map((_, i) => i).sort((p, q) => w.chains[p].entry - w.chains[q].entry || p - q);
    const nextEntry = (pos: number): number => {
      for (const i of entries) if (w.chains[i].entry > pos) return i;
      return entries[0];
    };
    for (const start of w.chains) {
      if (start.used) continue;
      const ring: number[] = [];
      let chain = start;
      for (let guard = 0; !chain.used; guard++) {
        if (guard > w.chains.length) throw new Error('internal: cell border walk does not close');
        chain.used = true;
        for (let i = 0; i < chain.vertices.length; i++) ring.push(chain.vertices[i]);
        const next = w.chains[nextEntry(chain.exit)];
        // Corners passed going counter-clockwise from the exit to the next entry.
        const from = chain.exit;
        const span = (next.entry - from + K) % K;
        for (let s = 1; s <= K; s++) {
          const m = (Math.floor(from) + s) % K;
          const d = (m - from + K) % K;
          if (d > 0 && d < span) ring.push(nodeId(col, row, m));
        }
        chain = next;
      }
      const clean = dropRepeats(ring);
      if (clean.length >= 3 && mesh.ringArea2(clean) > 0) faces.push(...simpleRings(clean));
    }
  }
  // A valid boundary may touch itself at a vertex (a hole meeting its shell, two parts meeting at a
  // point): a ring through that vertex twice is split there into simple rings, shells and holes by sign.
  const loops = w.loops.flatMap(simpleRings);
  const polygons = assembleRings(mesh, [...faces, ...loops]);
  for (const polygon of polygons) addFace(polygon, cell);
}

/** An open ring of vertex ids split at every vertex it passes twice (see the kernel's `splitAtRepeats`). */
function simpleRings(ring: number[]): number[][] {
  if (new Set(ring).size === ring.length) return [ring];
  return splitAtRepeats([...ring, ring[0]]).map((loop) => loop.slice(0, -1));
}

function dropRepeats(ring: number[]): number[] {
  const out: number[] = [];
  for (const v of ring) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  while (out.length > 1 && out[0] === out[out.length - 1]) out.pop();
  return out;
}
