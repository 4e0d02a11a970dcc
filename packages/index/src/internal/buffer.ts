import { ErrorCode, type InputProblem, WanggeError } from '@wangge/core';
import Flatbush from 'flatbush';
import { BLOCK, type GridLayout } from './grid/layout';
import { Rings } from './rings';
import type { Slabs } from './slabs';

/** "WANGGEIX" as a number, and the layout version. */
const MAGIC = 0x5747_4958;
const VERSION = 3;
/** Float64 slots of the header. */
const HEADER = 32;

/** Everything a buffer holds: nothing is rebuilt when it is opened. */
export interface Stored {
  rings: Rings;
  /** The cell grid, or `null` for an index without one (`cells: 0`). */
  grid: GridLayout | null;
  /** The per-part slabs of an index without a grid, else `null`. */
  slabs: Slabs | null;
  /** Flatbush over part boxes, `null` without parts. */
  partTree: Flatbush | null;
  /** Flatbush over feature boxes, and the feature of each of its items. */
  featureTree: Flatbush | null;
  treeFeature: Int32Array;
  problems: InputProblem[];
}

/**
 * One ArrayBuffer (or SharedArrayBuffer): a Float64 header (magic, version, counts, the grid's frame),
 * then every typed array and both Flatbush trees at 8-byte-aligned offsets, then the problems as UTF-8
 * JSON.
 */
export function encodeIndex(s: Stored, shared = false): ArrayBuffer | SharedArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(s.problems));
  const { rings, grid, slabs } = s;
  const partTree = s.partTree === null ? new Uint8Array(0) : new Uint8Array(s.partTree.data);
  const featureTree = s.featureTree === null ? new Uint8Array(0) : new Uint8Array(s.featureTree.data);
  const arrays: ArrayBufferView[] = [
    rings.xy,
    rings.ringStart,
    rings.partRingStart,
    rings.partFeature,
    rings.partBox,
    ...(grid === null
      ? []
      : [grid.centreX, grid.centreY, grid.blocks, grid.cells, grid.subcells, grid.leaves]),
    ...(slabs === null ? [] : [slabs.partSlab, slabs.slabStart, slabs.edges]),
    partTree,
    featureTree,
    s.treeFeature,
    json,
  ];
  let bytes = HEADER * 8;
  for (const a of arrays) bytes += align(a.byteLength);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  new Float64Array(buffer, 0, HEADER).set([
    MAGIC,
    VERSION,
    rings.features,
    rings.parts,
    rings.ringStart.length,
    rings.xy.length,
    grid === null ? 0 : 1,
    grid?.minX ?? 0,
    grid?.minY ?? 0,
    grid?.maxX ?? 0,
    grid?.maxY ?? 0,
    grid?.cols ?? 0,
    grid?.rows ?? 0,
    grid?.invW ?? 0,
    grid?.invH ?? 0,
    grid?.leaves.length ?? 0,
    grid?.subcells.length ?? 0,
    grid?.wide ? 1 : 0,
    slabs === null ? 0 : 1,
    slabs?.partSlab.length ?? 0,
    slabs?.slabStart.length ?? 0,
    slabs?.edges.length ?? 0,
    partTree.length,
    featureTree.length,
    s.treeFeature.length,
    json.length,
    grid?.cells.length ?? 0,
  ]);
  let offset = HEADER * 8;
  const out = new Uint8Array(buffer);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += align(a.byteLength);
  }
  return buffer;
}

/** Reads a buffer written by {@link encodeIndex}: views on its memory, trees opened with `Flatbush.from`. */
export function decodeIndex(buffer: ArrayBufferLike): Stored {
  if (!(buffer instanceof ArrayBuffer || isShared(buffer)) || buffer.byteLength < HEADER * 8) {
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'not a PolygonIndex buffer (too short)');
  }
  const h = new Float64Array(buffer, 0, HEADER);
  if (h[0] !== MAGIC || h[1] !== VERSION) {
    throw new WanggeError(
      ErrorCode.UNREADABLE_INPUT,
      `not a PolygonIndex buffer of version ${VERSION} (magic ${h[0]}, version ${h[1]})`,
    );
  }
  let offset = HEADER * 8;
  const claim = (byteLength: number): number => {
    if (offset + byteLength > buffer.byteLength) {
      throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'PolygonIndex buffer is truncated');
    }
    const at = offset;
    offset += align(byteLength);
    return at;
  };
  const f64 = (n: number) => new Float64Array(buffer, claim(8 * n), n);
  const u32 = (n: number) => new Uint32Array(buffer, claim(4 * n), n);
  const i32 = (n: number) => new Int32Array(buffer, claim(4 * n), n);
  const features = h[2];
  const parts = h[3];
  const xy = f64(h[5]);
  const ringStart = u32(h[4]);
  const partRingStart = u32(parts + 1);
  const partFeature = i32(parts);
  const rings = new Rings(xy, ringStart, partRingStart, partFeature, parts, features, f64(4 * parts));
  let grid: GridLayout | null = null;
  if (h[6] === 1) {
    const [minX, minY, maxX, maxY, cols, rows, invW, invH, leafCount, subCount, wide] = h.subarray(7, 18);
    const centreX = f64(cols);
    const centreY = f64(rows);
    const blockCols = Math.ceil(cols / BLOCK);
    const blocks = i32(blockCols * Math.ceil(rows / BLOCK));
    const cells = i32(h[26]);
    const subcells = i32(subCount);
    const leaves = i32(leafCount);
    grid = {
      minX,
      minY,
      maxX,
      maxY,
      cols,
      rows,
      invW,
      invH,
      centreX,
      centreY,
      blocks,
      blockCols,
      cells,
      subcells,
      leaves,
      wide: wide === 1,
    };
  }
  const slabs = h[18] === 1 ? { partSlab: u32(h[19]), slabStart: u32(h[20]), edges: u32(h[21]) } : null;
  const tree = (bytes: number) => (bytes === 0 ? null : Flatbush.from(buffer, claim(bytes)));
  const partTree = tree(h[22]);
  const featureTree = tree(h[23]);
  const treeFeature = i32(h[24]);
  const json = new Uint8Array(buffer, claim(h[25]), h[25]);
  let problems: InputProblem[];
  try {
    problems = JSON.parse(new TextDecoder().decode(json)) as InputProblem[];
  } catch {
    throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'PolygonIndex buffer is damaged (problems list)');
  }
  return { rings, grid, slabs, partTree, featureTree, treeFeature, problems };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

function isShared(buffer: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
}
