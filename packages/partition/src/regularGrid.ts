import {
  type CodeStyle,
  codesOfChildren,
  ErrorCode,
  type GridCollection,
  type GridFeature,
  type LocalProjection,
  WanggeError,
} from '@wangge/core';
import type { Repair } from '@wangge/geometry';
import { type ClippedLattice, clipLattice, type MetricRing } from './internal/clip';
import { metricBox, metricRings, type Parent, projectionFor, readParent, styleFor } from './internal/frame';
import { hexLattice, type Lattice, squareLattice } from './internal/lattice';
import { checkCellCount, MAX_REGULAR_GRIDS } from './internal/limits';
import { faceAdjacency, type Mesh } from './internal/mesh';

/** Options of {@link regularGrid}. */
export interface RegularGridOptions {
  /** Cell shape: squares, or pointy-top hexagons. @default 'square' */
  shape?: 'square' | 'hex';
  /** Cell size in metres: the side of a square, the distance across flats of a hexagon. */
  size: number;
  /**
   * Clipped pieces smaller than this many square metres join the neighbour they share the longest edge
   * with (a piece with no neighbour stays on its own). @default a tenth of a whole cell
   */
  minArea?: number;
  /** Code style of the cells. @default numeric under a numeric parent code, letters otherwise */
  codeStyle?: CodeStyle;
  /**
   * The local projection the cells are laid out in: `equal-area` makes every whole cell exactly `size²`
   * (square) in area, `conformal` keeps its angles exact. @default 'equal-area'
   */
  projection?: 'equal-area' | 'conformal';
  /**
   * Most cells the call may make: the count is estimated from the boundary's area and perimeter before any
   * work, and a size that would make more is refused with the estimate. @default {@link MAX_REGULAR_GRIDS}
   */
  maxGrids?: number;
}

/** Lattice origin shared by several calls, so neighbouring parents are cut by the same lines. */
export interface LatticeFrame {
  shape: 'square' | 'hex';
  size: number;
  x0: number;
  y0: number;
}

/** Lattice origin offset, in cells: no boundary is drawn on it, so the origin is never on a round number. */
export const PHASE = 0.381966011250105;

/** The lattice over metric rings, in a frame (or a fresh one placed on the rings' box). */
export function latticeOver(rings: readonly MetricRing[], frame: LatticeFrame): Lattice {
  const [minX, minY, maxX, maxY] = metricBox(rings);
  if (frame.shape === 'square') {
    const c0 = Math.floor((minX - frame.x0) / frame.size) - 1;
    const r0 = Math.floor((minY - frame.y0) / frame.size) - 1;
    const cols = Math.floor((maxX - frame.x0) / frame.size) + 2 - c0;
    const rows = Math.floor((maxY - frame.y0) / frame.size) + 2 - r0;
    checkCells(cols, rows);
    return squareLattice(frame.x0 + c0 * frame.size, frame.y0 + r0 * frame.size, frame.size, cols, rows);
  }
  const radius = frame.size / Math.sqrt(3);
  const rowStep = 1.5 * radius;
  // Even row offsets keep the odd-row shift of the shared frame.
  const r0 = 2 * Math.floor((minY - frame.y0) / rowStep / 2) - 2;
  const c0 = Math.floor((minX - frame.x0) / frame.size) - 2;
  const cols = Math.floor((maxX - frame.x0) / frame.size) + 3 - c0;
  const rows = Math.floor((maxY - frame.y0) / rowStep) + 3 - r0;
  checkCells(cols, rows);
  return hexLattice(frame.x0 + c0 * frame.size, frame.y0 + r0 * rowStep, radius, cols, rows);
}

function checkCells(cols: number, rows: number): void {
  if (cols * rows > 5e7) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `size is too small for this boundary: the lattice would have ${cols * rows} cells (at most 50,000,000)`,
    );
  }
}

/**
 * How close a lattice corner may come to the boundary before it moves onto it: half a metre (the
 * default tolerance of `@wangge/coverage`), at most a hundredth of a cell.
 */
export function snapFor(size: number): number {
  return Math.min(0.5, size / 100);
}

/** A frame placed on the south-west corner of the rings' box. */
export function frameOver(rings: readonly MetricRing[], shape: 'square' | 'hex', size: number): LatticeFrame {
  const [minX, minY] = metricBox(rings);
  return { shape, size, x0: minX - PHASE * size, y0: minY - PHASE * size };
}

/**
 * Covers a boundary with square or hexagonal cells of a true size in metres, clipped exactly to it once made
 * valid (a dirty boundary is repaired first, each repair reported in `findings`)
 * (holes, multipolygons, exclaves): the cells tile the boundary with no gap and no overlap, neighbours share
 * every vertex of their common edges, and the outer edges run through the boundary's own vertices. Cells
 * are laid out in a local projection centred on the boundary; only cells the boundary crosses are cut, each
 * crossing computed once for both cells that share it. Clipped slivers smaller than `minArea` join a
 * neighbour. Cells are coded as children of the boundary in reading order: rows north to south, west to east
 * within a row.
 */
export function regularGrid(boundary: unknown, options: RegularGridOptions): RegularGridResult {
  const { shape = 'square', size, projection: kind = 'equal-area' } = options ?? ({} as RegularGridOptions);
  if (shape !== 'square' && shape !== 'hex') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `shape must be 'square' or 'hex', got ${String(shape)}`);
  }
  if (typeof size !== 'number' || !Number.isFinite(size) || size <= 0) {
    throw new WanggeError(
      ErrorCode.INVALID_OPTION,
      `size must be a positive number of metres, got ${String(size)}`,
    );
  }
  if (kind !== 'equal-area' && kind !== 'conformal') {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `projection must be 'equal-area' or 'conformal'`);
  }
  const cellArea = shape === 'square' ? size * size : (Math.sqrt(3) / 2) * size * size;
  const minArea = options.minArea ?? cellArea / 10;
  if (typeof minArea !== 'number' || !(minArea >= 0)) {
    throw new WanggeError(ErrorCode.INVALID_OPTION, `minArea must be a number ≥ 0, got ${String(minArea)}`);
  }
  const parent = readParent(boundary);
  checkCellCount([parent.geometry], shape, size, options.maxGrids);
  const projection = projectionFor(parent.geometry, kind);
  const grids = regularGridOf(
    parent,
    { shape, size, minArea, codeStyle: options.codeStyle },
    projection,
    null,
  );
  return { ...grids, findings: parent.repairs ?? [] };
}

/**
 * The cells of {@link regularGrid}, a GeoJSON FeatureCollection with one foreign member: `findings`, every
 * repair make-valid made to the boundary before it was cut (`@wangge/geometry` findings: kind, place, m²
 * changed). The cells tile the repaired boundary exactly.
 */
export type RegularGridResult = GridCollection & { findings: Repair[] };

/** Checked options of {@link regularGridOf}. */
export interface RegularChecked {
  shape: 'square' | 'hex';
  size: number;
  minArea: number;
  codeStyle: CodeStyle | undefined;
}

/**
 * The regular grid of one parent in a given projection and, when several parents must be cut by the same
 * lines (siblings in a hierarchy), a shared lattice frame.
 */
export function regularGridOf(
  parent: Parent,
  opts: RegularChecked,
  projection: LocalProjection,
  frame: LatticeFrame | null,
): GridCollection {
  const style = styleFor(parent, opts.codeStyle);
  const rings = metricRings(parent.geometry, projection);
  const lattice = latticeOver(rings, frame ?? frameOver(rings, opts.shape, opts.size));
  const clipped = clipLattice(parent.geometry, rings, lattice, projection, snapFor(opts.size));
  const groups = mergeSlivers(clipped, opts.minArea);
  const order = orderByKeys(
    groups.map((g) => {
      const cell = clipped.cellOf[g[0]];
      return [-Math.floor(cell / lattice.cols), cell % lattice.cols];
    }),
  );
  return gridsFromGroups(
    clipped.mesh,
    order.map((i) => groups[i]),
    parent.code,
    parent.level,
    style,
  );
}

/** Groups of faces: every face on its own, except slivers, which join the neighbour with the longest shared edge. */
export function mergeSlivers({ mesh, cellOf }: ClippedLattice, minArea: number): number[][] {
  const n = mesh.faces.length;
  const area = new Float64Array(n);
  let slivers = 0;
  for (let f = 0; f < n; f++) {
    area[f] = mesh.faceArea(f);
    if (area[f] < minArea) slivers++;
  }
  const root = Int32Array.from({ length: n }, (_, i) => i);
  const find = (f: number): number => {
    while (root[f] !== f) f = root[f] = root[root[f]];
    return f;
  };
  if (slivers > 0) {
    const adjacency = faceAdjacency(mesh);
    const order = Array.from({ length: n }, (_, i) => i)
      .filter((f) => area[f] < minArea)
      .sort((p, q) => area[p] - area[q] || p - q);
    for (const f of order) {
      let best = -1;
      let bestShared = 0;
      for (let i = adjacency.start[f]; i < adjacency.start[f + 1]; i++) {
        const g = adjacency.neighbour[i];
        if (find(g) === find(f)) continue;
        if (adjacency.shared[i] > bestShared || (adjacency.shared[i] === bestShared && g < best)) {
          best = g;
          bestShared = adjacency.shared[i];
        }
      }
      if (best >= 0) root[find(f)] = find(best);
    }
  }
  const members = new Map<number, number[]>();
  for (let f = 0; f < n; f++) {
    const r = find(f);
    const list = members.get(r);
    if (list === undefined) members.set(r, [f]);
    else list.push(f);
  }
  // The group takes the lattice cell of its largest face.
  return [...members.values()].map((list) => list.sort((p, q) => area[q] - area[p] || cellOf[p] - cellOf[q]));
}

/**
 * Grid features from groups of faces, in the given order, coded as children of `parentCode` (1-based rank).
 * A group of one face keeps the face's rings; larger groups get their exact outline (the kernel's `dissolve`).
 */
export function gridsFromGroups(
  mesh: Mesh,
  groups: number[][],
  parentCode: string | null,
  parentLevel: number,
  style: CodeStyle,
  properties?: (group: number[], rank: number) => Record<string, unknown>,
): GridCollection {
  // Letters start at A under a parent named otherwise (a street's name) and continue a letter code (HD →
  // HD1), so no child repeats its parent's code; numeric levels widen when their children need it.
  const codes = codesOfChildren(parentCode, groups.length, style);
  const features = groups.map((faces, rank): GridFeature => {
    return {
      type: 'Feature',
      properties: {
        code: codes[rank],
        parent: parentCode,
        level: parentLevel + 1,
        ...(properties ? properties(faces, rank) : {}),
      },
      geometry: mesh.groupGeometry(faces),
    };
  });
  return { type: 'FeatureCollection', features };
}

/** Sorts items by numeric keys compared element-wise, ties by index; returns the sorted indexes. */
export function orderByKeys(keys: number[][]): number[] {
  return keys
    .map((_, i) => i)
    .sort((p, q) => {
      const a = keys[p];
      const b = keys[q];
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
      return p - q;
    });
}
