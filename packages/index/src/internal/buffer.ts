import { ErrorCode, type InputProblem, WanggeError } from '@wangge/core';
import type { CellGrid } from './cellGrid';
import type { Rings } from './rings';

/** "WANGGEIX" as a number, and the layout version. */
const MAGIC = 0x5747_4958;
const VERSION = 1;
const HEADER = 20;

/** What a buffer holds: the layout, the acceleration grid (or none) and the build's problems. */
export interface Decoded {
  rings: Rings;
  grid: CellGrid | null;
  problems: InputProblem[];
}

/**
 * One ArrayBuffer: a Float64 header (magic, version, counts, grid frame), then every typed array at an
 * 8-byte-aligned offset, then the problems as UTF-8 JSON.
 */
export function encodeIndex(rings: Rings, grid: CellGrid | null, problems: InputProblem[]): ArrayBuffer {
  const json = new TextEncoder().encode(JSON.stringify(problems));
  const arrays = [
    rings.xy,
    rings.ringStart,
    rings.partRingStart,
    rings.partFeature,
    rings.partBox,
    ...(grid === null ? [] : [grid.cells, grid.subcells, grid.leaves]),
    json,
  ];
  let bytes = HEADER * 8;
  for (const a of arrays) bytes += align(a.byteLength);
  const buffer = new ArrayBuffer(bytes);
  const header = new Float64Array(buffer, 0, HEADER);
  header.set([
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
    grid?.cells.length ?? 0,
    grid?.subcells.length ?? 0,
    grid?.leaves.length ?? 0,
    json.length,
    0,
  ]);
  let offset = HEADER * 8;
  const bytesOut = new Uint8Array(buffer);
  for (const a of arrays) {
    bytesOut.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), offset);
    offset += align(a.byteLength);
  }
  return buffer;
}

/** Reads a buffer written by {@link encodeIndex}; views share its memory (nothing is copied but the problems). */
export function decodeIndex(buffer: ArrayBufferLike): Decoded {
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
  const [, , features, parts, ringBounds, xyLength, hasGrid] = h;
  let offset = HEADER * 8;
  const take = <T>(make: (offset: number) => T, byteLength: number): T => {
    if (offset + byteLength > buffer.byteLength) {
      throw new WanggeError(ErrorCode.UNREADABLE_INPUT, 'PolygonIndex buffer is truncated');
    }
    const view = make(offset);
    offset += align(byteLength);
    return view;
  };
  const xy = take((o) => new Float64Array(buffer, o, xyLength), xyLength * 8);
  const ringStart = take((o) => new Uint32Array(buffer, o, ringBounds), ringBounds * 4);
  const partRingStart = take((o) => new Uint32Array(buffer, o, parts + 1), (parts + 1) * 4);
  const partFeature = take((o) => new Int32Array(buffer, o, parts), parts * 4);
  const partBox = take((o) => new Float64Array(buffer, o, parts * 4), parts * 32);
  const rings: Rings = { xy, ringStart, partRingStart, partFeature, partBox, parts, features };
  let grid: CellGrid | null = null;
  if (hasGrid === 1) {
    const [minX, minY, maxX, maxY, cols, rows, invW, invH, cellCount, subCount, leafCount] = h.subarray(7);
    const cells = take((o) => new Int32Array(buffer, o, cellCount), cellCount * 4);
    const subcells = take((o) => new Int32Array(buffer, o, subCount), subCount * 4);
    const leaves = take((o) => new Float64Array(buffer, o, leafCount), leafCount * 8);
    grid = { minX, minY, maxX, maxY, cols, rows, invW, invH, cells, subcells, leaves };
  }
  const jsonLength = h[18];
  const json = take((o) => new Uint8Array(buffer, o, jsonLength), jsonLength);
  const problems = JSON.parse(new TextDecoder().decode(json)) as InputProblem[];
  return { rings, grid, problems };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

function isShared(buffer: unknown): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
}
